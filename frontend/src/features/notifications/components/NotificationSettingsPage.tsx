import { useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ActionButton } from "@/components/ActionButton";
import { Alert } from "@/components/Alert";
import { CheckboxField, TextField } from "@/components/Field";
import { usePageTitle } from "@/components/page-title";
import { ProblemAlert } from "@/components/ProblemAlert";
import { QueryStatus } from "@/components/QueryStatus";
import { lower, type Terminology } from "@/components/terminology";
import type { Role } from "@/lib/auth-session";
import { ApiError, fieldErrors } from "@/lib/problem";
import {
  useNotificationPreferences,
  usePatchPreferences,
  type NotificationPreferences,
} from "@/features/notifications/api/notification-preferences";
import { useNotificationRules, usePatchRules, type NotificationRules } from "@/features/notifications/api/notification-rules";
import "@/features/notifications/notifications.css";

interface NotificationSettingsPageProps {
  role: Role;
  terms: Terminology;
}

/**
 * Everyone: which kinds of notification also come by email. Administrators (and, to read,
 * managers): the organization's rules, who is told about what.
 */
export function NotificationSettingsPage({ role, terms }: NotificationSettingsPageProps) {
  const { t } = useTranslation();
  usePageTitle(t("notifications.settings.title"));
  const readsRules = role === "admin" || role === "manager";
  return (
    <section className="page">
      <h1>{t("notifications.settings.title")}</h1>
      {readsRules ? <RulesSection canEdit={role === "admin"} terms={terms} /> : null}
      <PreferencesSection terms={terms} />
    </section>
  );
}

/** The sentence for a kind of notification, in the domain's words. */
export function useKindLabel(terms: Terminology) {
  const { t } = useTranslation();
  const words = { participants: terms.participants, sessions: lower(terms.sessions) };
  return (kind: string): string => {
    switch (kind) {
      case "below_threshold":
        return t("notifications.kinds.below_threshold", words);
      case "absent_in_a_row":
        return t("notifications.kinds.absent_in_a_row", words);
      case "register_not_taken":
        return t("notifications.kinds.register_not_taken", { sessions: terms.sessions });
      case "sync_conflict":
        return t("notifications.kinds.sync_conflict");
      case "report_ready":
        return t("notifications.kinds.report_ready");
      case "report_failed":
        return t("notifications.kinds.report_failed");
      case "advance_notice_requested":
        return t("notifications.kinds.advance_notice_requested");
      case "advance_notice_decided":
        return t("notifications.kinds.advance_notice_decided");
      default:
        return t("notifications.kinds.other", { kind });
    }
  };
}

function PreferencesSection({ terms }: { terms: Terminology }) {
  const { t } = useTranslation();
  const preferences = useNotificationPreferences();
  const headingId = useId();
  return (
    <section className="page__section" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("notifications.settings.mine")}</h2>
      <p className="page__meta">{t("notifications.settings.mineIntro")}</p>
      <QueryStatus isPending={preferences.isPending} error={preferences.error} onRetry={() => void preferences.refetch()} />
      {preferences.data ? <PreferencesForm initial={preferences.data} terms={terms} /> : null}
    </section>
  );
}

function PreferencesForm({ initial, terms }: { initial: NotificationPreferences; terms: Terminology }) {
  const { t } = useTranslation();
  const patch = usePatchPreferences();
  const label = useKindLabel(terms);
  const [email, setEmail] = useState<Record<string, boolean>>(initial.email);
  const legendId = useId();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!patch.isPending) patch.mutate({ email });
  };

  return (
    <form onSubmit={submit} noValidate className="form form--narrow">
      {patch.isSuccess ? <Alert tone="notice">{t("notifications.settings.saved")}</Alert> : null}
      <ProblemAlert error={patch.error} fallback={t("notifications.failed")} />
      <fieldset className="fieldset" aria-labelledby={legendId}>
        <legend id={legendId}>{t("notifications.settings.mine")}</legend>
        {Object.keys(email).map((kind) => (
          <CheckboxField
            key={kind}
            label={label(kind)}
            name={kind}
            checked={email[kind] ?? true}
            onChange={(e) => setEmail((was) => ({ ...was, [kind]: e.target.checked }))}
          />
        ))}
      </fieldset>
      <div>
        <ActionButton type="submit" className="button button--primary" pending={patch.isPending}>
          {t("notifications.settings.save")}
        </ActionButton>
      </div>
    </form>
  );
}

function RulesSection({ canEdit, terms }: { canEdit: boolean; terms: Terminology }) {
  const { t } = useTranslation();
  const rules = useNotificationRules();
  const headingId = useId();
  return (
    <section className="page__section" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("notifications.rules.title")}</h2>
      <p className="page__meta">{t("notifications.rules.intro")}</p>
      {canEdit ? null : <p>{t("notifications.rules.readOnly")}</p>}
      <QueryStatus isPending={rules.isPending} error={rules.error} onRetry={() => void rules.refetch()} />
      {rules.data ? <RulesForm initial={rules.data} canEdit={canEdit} terms={terms} /> : null}
    </section>
  );
}

const FIELDS = ["below_threshold", "absent_in_a_row", "register_not_taken_after_minutes", "absent_to_contact", "email"] as const;
const LIMITS = { absent_in_a_row: [1, 100], register_not_taken_after_minutes: [1, 24 * 60] } as const;

function RulesForm({ initial, canEdit, terms }: { initial: NotificationRules; canEdit: boolean; terms: Terminology }) {
  const { t } = useTranslation();
  const patch = usePatchRules();
  const id = useId();
  const [belowThreshold, setBelowThreshold] = useState(initial.below_threshold);
  const [inARowOn, setInARowOn] = useState(initial.absent_in_a_row !== null);
  const [inARow, setInARow] = useState(String(initial.absent_in_a_row ?? 3));
  const [notTakenOn, setNotTakenOn] = useState(initial.register_not_taken_after_minutes !== null);
  const [notTaken, setNotTaken] = useState(String(initial.register_not_taken_after_minutes ?? 15));
  const [toContact, setToContact] = useState(initial.absent_to_contact);
  const [email, setEmail] = useState(initial.email);
  const inARowRef = useRef<HTMLInputElement>(null);
  const notTakenRef = useRef<HTMLInputElement>(null);
  const [ownErrors, setOwnErrors] = useState<Record<string, string>>({});
  const serverErrors = fieldErrors(patch.error instanceof ApiError ? patch.error.problem : null);
  const errors = { ...serverErrors, ...ownErrors };
  const words = { participants: lower(terms.participants), sessions: lower(terms.sessions), groups: terms.groups };

  const whole = (field: keyof typeof LIMITS, value: string): number | string => {
    const [min, max] = LIMITS[field];
    const n = Number(value);
    return value.trim() !== "" && Number.isInteger(n) && n >= min && n <= max ? n : t("notifications.rules.numberInvalid", { min, max });
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!canEdit || patch.isPending) return;
    const inARowValue = inARowOn ? whole("absent_in_a_row", inARow) : null;
    const notTakenValue = notTakenOn ? whole("register_not_taken_after_minutes", notTaken) : null;
    const mine: Record<string, string> = {};
    if (typeof inARowValue === "string") mine.absent_in_a_row = inARowValue;
    if (typeof notTakenValue === "string") mine.register_not_taken_after_minutes = notTakenValue;
    setOwnErrors(mine);
    if (mine.absent_in_a_row) inARowRef.current?.focus();
    else if (mine.register_not_taken_after_minutes) notTakenRef.current?.focus();
    if (Object.keys(mine).length > 0) return;
    patch.mutate({
      below_threshold: belowThreshold,
      absent_in_a_row: inARowValue as number | null,
      register_not_taken_after_minutes: notTakenValue as number | null,
      absent_to_contact: toContact,
      email,
    });
  };

  return (
    <form onSubmit={submit} noValidate className="form form--narrow">
      {patch.isSuccess ? <Alert tone="notice">{t("notifications.rules.saved")}</Alert> : null}
      <ProblemAlert error={patch.error} fields={FIELDS} fallback={t("notifications.failed")} />
      <fieldset className="notification-kinds" disabled={!canEdit}>
        <legend className="visually-hidden">{t("notifications.rules.title")}</legend>
        <div className="field field--checkbox">
          <input
            id={`${id}-below`}
            type="checkbox"
            checked={belowThreshold}
            onChange={(e) => setBelowThreshold(e.target.checked)}
            aria-describedby={`${id}-below-hint`}
          />
          <label htmlFor={`${id}-below`}>{t("notifications.rules.belowThreshold", words)}</label>
          <p id={`${id}-below-hint`} className="field__hint">
            {t("notifications.rules.belowThresholdHint")}
          </p>
        </div>
        <div className="field field--checkbox">
          <input id={`${id}-in-a-row-on`} type="checkbox" checked={inARowOn} onChange={(e) => setInARowOn(e.target.checked)} />
          <label htmlFor={`${id}-in-a-row-on`}>{t("notifications.rules.absentInARow", words)}</label>
        </div>
        {inARowOn ? (
          <TextField
            ref={inARowRef}
            className="rule-number"
            label={t("notifications.rules.absentInARowCount")}
            hint={t("notifications.rules.absentInARowHint", { sessions: terms.sessions })}
            name="absent_in_a_row"
            type="number"
            inputMode="numeric"
            min={1}
            max={100}
            value={inARow}
            onChange={(e) => setInARow(e.target.value)}
            error={errors.absent_in_a_row}
          />
        ) : null}
        <div className="field field--checkbox">
          <input id={`${id}-not-taken-on`} type="checkbox" checked={notTakenOn} onChange={(e) => setNotTakenOn(e.target.checked)} />
          <label htmlFor={`${id}-not-taken-on`}>{t("notifications.rules.registerNotTaken", words)}</label>
        </div>
        {notTakenOn ? (
          <TextField
            ref={notTakenRef}
            className="rule-number"
            label={t("notifications.rules.registerNotTakenMinutes")}
            hint={t("notifications.rules.registerNotTakenHint")}
            name="register_not_taken_after_minutes"
            type="number"
            inputMode="numeric"
            min={1}
            max={1440}
            value={notTaken}
            onChange={(e) => setNotTaken(e.target.value)}
            error={errors.register_not_taken_after_minutes}
          />
        ) : null}
        <div className="field field--checkbox">
          <input
            id={`${id}-contact`}
            type="checkbox"
            checked={toContact}
            onChange={(e) => setToContact(e.target.checked)}
            aria-describedby={`${id}-contact-hint`}
          />
          <label htmlFor={`${id}-contact`}>{t("notifications.rules.absentToContact", words)}</label>
          <p id={`${id}-contact-hint`} className="field__hint">
            {t("notifications.rules.absentToContactHint", words)}
          </p>
        </div>
        <div className="field field--checkbox">
          <input id={`${id}-email`} type="checkbox" checked={email} onChange={(e) => setEmail(e.target.checked)} aria-describedby={`${id}-email-hint`} />
          <label htmlFor={`${id}-email`}>{t("notifications.rules.email")}</label>
          <p id={`${id}-email-hint`} className="field__hint">
            {t("notifications.rules.emailHint")}
          </p>
        </div>
      </fieldset>
      {canEdit ? (
        <div>
          <ActionButton type="submit" className="button button--primary" pending={patch.isPending}>
            {t("notifications.rules.save")}
          </ActionButton>
        </div>
      ) : null}
    </form>
  );
}
