import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ActionButton } from "@/components/ActionButton";
import { Alert } from "@/components/Alert";
import { ProblemAlert } from "@/components/ProblemAlert";
import { StackedTable } from "@/components/StackedTable";
import { TextField } from "@/components/TextField";
import { ApiError, fieldErrors } from "@/lib/problem";
import { useCreateCode, useInvitationCodes } from "@/features/users/api/invitation-codes";
import { formatDateTime } from "./format";

/** One-time codes for participants without email: handed over on paper, typed at /join. */
export function InvitationCodes({ timeZone }: { timeZone?: string }) {
  const { t } = useTranslation();
  const codes = useInvitationCodes();
  const create = useCreateCode();
  const [fullName, setFullName] = useState("");
  const [missing, setMissing] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const server = fieldErrors(create.error instanceof ApiError ? create.error.problem : null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (create.isPending) return;
    setMissing(!fullName.trim());
    if (!fullName.trim()) return nameRef.current?.focus();
    create.mutate({ full_name: fullName.trim() }, { onSuccess: () => setFullName("") });
  };

  return (
    <div>
      <p>{t("users.codes.intro")}</p>
      <form onSubmit={submit} noValidate className="form form--narrow">
        {create.data?.code ? (
          <Alert tone="notice">
            <p>{t("users.codes.made", { name: create.data.full_name })}</p>
            <p className="big-code">
              <code>{create.data.code}</code>
            </p>
            <p>{t("users.codes.shownOnce")}</p>
          </Alert>
        ) : null}
        <ProblemAlert error={create.error} fields={["full_name"]} fallback={t("account.failed")} />
        <TextField
          ref={nameRef}
          label={t("users.codes.participantName")}
          name="full_name"
          autoComplete="off"
          value={fullName}
          onChange={(event) => setFullName(event.target.value)}
          error={missing ? t("users.invite.nameRequired") : server.full_name}
        />
        <div>
          <ActionButton type="submit" className="button button--primary" pending={create.isPending}>
            {t("users.codes.create")}
          </ActionButton>
        </div>
      </form>
      {codes.data && codes.data.items.length > 0 ? (
        <StackedTable
          caption={t("users.codes.heading")}
          rows={codes.data.items}
          rowKey={(code) => code.id}
          columns={[
            { id: "name", header: t("users.fullName"), rowHeader: true, cell: (code) => code.full_name },
            { id: "expires", header: t("users.codes.expires"), cell: (code) => formatDateTime(new Date(code.expires_at), { timeZone }) },
            { id: "status", header: t("users.status"), cell: (code) => (code.used_at ? t("users.codes.used") : t("users.codes.open")) },
          ]}
        />
      ) : null}
    </div>
  );
}
