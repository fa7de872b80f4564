import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ActionButton } from "@/components/ActionButton";
import { ErrorAlert } from "@/components/ErrorAlert";
import { TextField } from "@/components/Field";
import type { NamingTerms } from "@/components/terminology";
import { ApiError, fieldErrors } from "@/lib/problem";
import { useCreateDomain } from "@/features/domains/api/create-domain";
import type { Domain } from "@/features/domains/api/list-domains";
import { useUpdateDomain } from "@/features/domains/api/update-domain";

const TERM_KEYS = {
  participant: "domains.form.participant",
  participants: "domains.form.participants",
  group: "domains.form.group",
  groups: "domains.form.groups",
  session: "domains.form.session",
  sessions: "domains.form.sessions",
} as const satisfies Record<keyof NamingTerms, string>;

const EMPTY: NamingTerms = { participant: "", participants: "", group: "", groups: "", session: "", sessions: "" };

/** The names an administrator writes (the server keeps the domain's verbs for arriving and leaving). */
function namesOf(terms: NamingTerms): NamingTerms {
  const { participant, participants, group, groups, session, sessions } = terms;
  return { participant, participants, group, groups, session, sessions };
}
const FIELDS = ["code", "name", ...Object.keys(TERM_KEYS).map((k) => `terminology.${k}`)];

/** A new custom domain, or a domain's name and words. */
export function DomainForm({ domain, onDone }: { domain?: Domain; onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateDomain();
  const update = useUpdateDomain();
  const mutation = domain ? update : create;
  const [code, setCode] = useState("");
  const [name, setName] = useState(domain?.name ?? "");
  const [terms, setTerms] = useState<NamingTerms>(domain ? namesOf(domain.terminology) : EMPTY);
  const errors = fieldErrors(mutation.error instanceof ApiError ? mutation.error.problem : null);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (mutation.isPending) return;
    const terminology = Object.fromEntries(Object.entries(terms).map(([k, v]) => [k, v.trim()])) as unknown as NamingTerms;
    if (domain) update.mutate({ code: domain.code, patch: { name: name.trim(), terminology } }, { onSuccess: onDone });
    else create.mutate({ code: code.trim(), name: name.trim(), terminology }, { onSuccess: onDone });
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <ErrorAlert error={mutation.error} shownFields={FIELDS} />
      {domain ? null : (
        <TextField
          label={t("domains.form.code")}
          hint={t("domains.form.codeHint")}
          error={errors.code}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          required
        />
      )}
      <TextField label={t("domains.form.name")} error={errors.name} value={name} onChange={(e) => setName(e.target.value)} required />
      <fieldset className="fieldset">
        <legend>{t("domains.form.words")}</legend>
        <div className="form-row">
          {(Object.keys(TERM_KEYS) as (keyof NamingTerms)[]).map((key) => (
            <TextField
              key={key}
              label={t(TERM_KEYS[key])}
              error={errors[`terminology.${key}`]}
              value={terms[key]}
              onChange={(e) => setTerms((current) => ({ ...current, [key]: e.target.value }))}
              required
            />
          ))}
        </div>
      </fieldset>
      <div className="form-actions">
        <ActionButton type="submit" className="button button--primary" pending={mutation.isPending}>
          {domain ? t("ui.save") : t("domains.form.createDomain")}
        </ActionButton>
        <button type="button" className="button button--secondary" onClick={onDone}>
          {t("ui.cancel")}
        </button>
      </div>
    </form>
  );
}
