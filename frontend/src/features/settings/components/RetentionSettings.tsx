import { useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useQueryClient } from "@tanstack/react-query";
import { ActionButton } from "@/components/ActionButton";
import { Alert } from "@/components/Alert";
import { ErrorAlert } from "@/components/ErrorAlert";
import { TextField } from "@/components/Field";
import { lower, type Terminology } from "@/components/terminology";
import { formatDateTime, formatNumber } from "@/lib/intl";
import { ApiError, fieldErrors } from "@/lib/problem";
import { usePatchSettings, type OrganizationSettings } from "@/features/settings/api/organization-settings";
import { retentionKeys, usePresenceHeld, useReportsHeld } from "@/features/settings/api/retention";

const FIELDS = ["presence_retention_days", "report_retention_days"] as const;
type Field = (typeof FIELDS)[number];
/** The API's bounds (SPEC §8): at least a day, at most a hundred years; null keeps for ever. */
const MAX_DAYS = 36_500;

interface Choice {
  keep: boolean;
  days: string;
}

const choiceOf = (days: number | null | undefined): Choice => ({ keep: days == null, days: days == null ? "" : String(days) });

/** How long attendance records and report files are kept before a worker deletes them. */
export function RetentionSettings({ organization, terms, timeZone }: { organization: OrganizationSettings; terms: Terminology; timeZone: string }) {
  const { t } = useTranslation();
  const headingId = useId();
  const queryClient = useQueryClient();
  const patch = usePatchSettings();
  const [choices, setChoices] = useState<Record<Field, Choice>>({
    presence_retention_days: choiceOf(organization.presence_retention_days),
    report_retention_days: choiceOf(organization.report_retention_days),
  });
  const [invalid, setInvalid] = useState<Partial<Record<Field, string>>>({});
  const inputs = { presence_retention_days: useRef<HTMLInputElement>(null), report_retention_days: useRef<HTMLInputElement>(null) };
  const server = fieldErrors(patch.error instanceof ApiError ? patch.error.problem : null);
  const presence = usePresenceHeld();
  const reports = useReportsHeld();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (patch.isPending) return;
    const problems: Partial<Record<Field, string>> = {};
    const body: Partial<Record<Field, number | null>> = {};
    for (const field of FIELDS) {
      const choice = choices[field];
      if (choice.keep) {
        body[field] = null;
        continue;
      }
      const days = Number(choice.days);
      if (!/^\d+$/.test(choice.days.trim()) || days < 1 || days > MAX_DAYS) problems[field] = t("retention.daysInvalid", { max: formatNumber(MAX_DAYS) });
      else body[field] = days;
    }
    setInvalid(problems);
    const first = FIELDS.find((field) => problems[field]);
    if (first) {
      inputs[first].current?.focus();
      return;
    }
    patch.mutate(body, { onSuccess: () => void queryClient.invalidateQueries({ queryKey: retentionKeys.all }) });
  };

  const choice = (field: Field, legend: string, deleteLabel: string, held: ReactNode) => {
    const value = choices[field];
    const set = (next: Partial<Choice>) => {
      patch.reset();
      setInvalid((current) => ({ ...current, [field]: undefined }));
      setChoices((current) => ({ ...current, [field]: { ...current[field], ...next } }));
    };
    return (
      <fieldset className="retention-choice">
        <legend>{legend}</legend>
        <div className="radio">
          <input type="radio" id={`${headingId}-${field}-keep`} name={field} checked={value.keep} onChange={() => set({ keep: true })} />
          <label htmlFor={`${headingId}-${field}-keep`}>{t("retention.keepForever")}</label>
        </div>
        <div className="radio">
          <input
            type="radio"
            id={`${headingId}-${field}-delete`}
            name={field}
            checked={!value.keep}
            onChange={() => set({ keep: false, days: value.days || "365" })}
          />
          <label htmlFor={`${headingId}-${field}-delete`}>{deleteLabel}</label>
        </div>
        {!value.keep ? (
          <TextField
            ref={inputs[field]}
            label={t("retention.days")}
            name={`${field}-days`}
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_DAYS}
            value={value.days}
            onChange={(event) => set({ days: event.target.value })}
            error={invalid[field] ?? server[field]}
          />
        ) : null}
        <p className="retention-held">{held}</p>
      </fieldset>
    );
  };

  const presenceHeld = presence.data
    ? presence.data.sessions_held === 0
      ? t("retention.presenceNone", { sessions: lower(terms.sessions) })
      : [
          t("retention.presenceHeld", {
            count: presence.data.sessions_held,
            sessions: lower(terms.sessions),
            session: lower(terms.session),
            oldest: presence.data.oldest_held_session_ended_at ? formatDateTime(new Date(presence.data.oldest_held_session_ended_at), timeZone) : "",
          }),
          presence.data.retention_days == null ? "" : t("retention.presenceDue", { count: presence.data.sessions_due, sessions: lower(terms.sessions) }),
        ]
          .filter(Boolean)
          .join(" ")
    : presence.isError
      ? t("retention.heldUnknown")
      : t("ui.loading");
  const reportsHeld = reports.data
    ? reports.data.reports_held === 0
      ? t("retention.reportsNone")
      : [
          t("retention.reportsHeld", {
            count: reports.data.reports_held,
            oldest: reports.data.oldest_held_completed_at ? formatDateTime(new Date(reports.data.oldest_held_completed_at), timeZone) : "",
          }),
          reports.data.retention_days == null ? "" : t("retention.reportsDue", { count: reports.data.reports_due }),
        ]
          .filter(Boolean)
          .join(" ")
    : reports.isError
      ? t("retention.heldUnknown")
      : t("ui.loading");

  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("retention.title")}</h2>
      <p>{t("retention.intro", { sessions: lower(terms.sessions) })}</p>
      <form noValidate onSubmit={submit} className="form">
        {patch.isSuccess ? <Alert tone="notice">{t("retention.saved")}</Alert> : null}
        <ErrorAlert error={patch.error} shownFields={FIELDS} />
        {choice(
          "presence_retention_days",
          t("retention.presenceLegend"),
          t("retention.presenceDelete", { session: lower(terms.session) }),
          presenceHeld,
        )}
        {choice("report_retention_days", t("retention.reportsLegend"), t("retention.reportsDelete"), reportsHeld)}
        <p>{t("retention.statsStay", { groups: lower(terms.groups) })}</p>
        <div>
          <ActionButton type="submit" className="button button--primary" pending={patch.isPending}>
            {t("retention.save")}
          </ActionButton>
        </div>
      </form>
    </section>
  );
}
