import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ActionButton } from "@/components/ActionButton";
import { Alert } from "@/components/Alert";
import { usePageTitle } from "@/components/page-title";
import { ProblemAlert } from "@/components/ProblemAlert";
import type { Terminology } from "@/components/terminology";
import { TextField } from "@/components/TextField";
import { ApiError, fieldErrors } from "@/lib/problem";
import { useOrganizationSettings, usePatchSettings, type OrganizationSettings } from "@/features/settings/api/organization-settings";
import { CloseOrganization } from "./CloseOrganization";
import { OrganizationExports } from "./OrganizationExports";
import { RetentionSettings } from "./RetentionSettings";
import "@/features/settings/settings.css";

const FIELDS = [
  "name",
  "timezone",
  "domains",
  "session_inactivity_minutes",
  "attendance_threshold_percent",
  "require_admin_two_factor",
] as const;

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return [];
  }
}

interface OrganizationSettingsPageProps {
  terms: Terminology;
  /** After the organization is closed: this login is over, so sign out here. */
  onClosed: () => void;
}

/**
 * Administrators: the organization's name, timezone, domains, inactivity timeout, threshold,
 * two-factor rule; how long its data is kept; its exports; closing it.
 */
export function OrganizationSettingsPage({ terms, onClosed }: OrganizationSettingsPageProps) {
  const { t } = useTranslation();
  usePageTitle(t("settings.title"));
  const settings = useOrganizationSettings();
  return (
    <section className="page">
      <h1>{t("settings.title")}</h1>
      {settings.isPending ? <p role="status">{t("app.loading")}</p> : null}
      {settings.isError ? <ProblemAlert error={settings.error} fallback={t("account.failed")} /> : null}
      {settings.data ? (
        <>
          <SettingsForm key={settings.data.id} initial={settings.data} />
          <RetentionSettings key={`retention-${settings.data.id}`} organization={settings.data} terms={terms} timeZone={settings.data.timezone} />
          <OrganizationExports timeZone={settings.data.timezone} />
          <CloseOrganization organization={settings.data} timeZone={settings.data.timezone} onClosed={onClosed} />
        </>
      ) : null}
    </section>
  );
}

function SettingsForm({ initial }: { initial: OrganizationSettings }) {
  const { t } = useTranslation();
  const patch = usePatchSettings();
  const id = useId();
  const [name, setName] = useState(initial.name);
  const [timezone, setTimezone] = useState(initial.timezone);
  const [domains, setDomains] = useState(initial.domains.join(", "));
  const [inactivity, setInactivity] = useState(String(initial.session_inactivity_minutes));
  const [threshold, setThreshold] = useState(String(initial.attendance_threshold_percent));
  const [requireTwoFactor, setRequireTwoFactor] = useState(initial.require_admin_two_factor);
  const [zones] = useState(timeZones);
  const nameRef = useRef<HTMLInputElement>(null);
  const timezoneRef = useRef<HTMLInputElement>(null);
  const domainsRef = useRef<HTMLInputElement>(null);
  const inactivityRef = useRef<HTMLInputElement>(null);
  const thresholdRef = useRef<HTMLInputElement>(null);
  const errors = fieldErrors(patch.error instanceof ApiError ? patch.error.problem : null);

  useEffect(() => {
    if (!patch.error) return;
    const fields = fieldErrors(patch.error instanceof ApiError ? patch.error.problem : null);
    const inputs = [
      ["name", nameRef],
      ["timezone", timezoneRef],
      ["domains", domainsRef],
      ["session_inactivity_minutes", inactivityRef],
      ["attendance_threshold_percent", thresholdRef],
    ] as const;
    inputs.find(([field]) => fields[field])?.[1].current?.focus();
  }, [patch.error]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (patch.isPending) return;
    patch.mutate({
      name: name.trim(),
      timezone: timezone.trim(),
      domains: domains
        .split(",")
        .map((domain) => domain.trim())
        .filter(Boolean),
      session_inactivity_minutes: Number(inactivity),
      attendance_threshold_percent: Number(threshold),
      require_admin_two_factor: requireTwoFactor,
    });
  };

  return (
    <form onSubmit={submit} noValidate className="form form--narrow">
      {patch.isSuccess ? <Alert tone="notice">{t("settings.saved")}</Alert> : null}
      <ProblemAlert error={patch.error} fields={FIELDS} fallback={t("account.failed")} />
      <TextField ref={nameRef} label={t("settings.name")} name="name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
      <TextField
        ref={timezoneRef}
        label={t("settings.timezone")}
        hint={t("settings.timezoneHint")}
        name="timezone"
        list={`${id}-zones`}
        spellCheck={false}
        value={timezone}
        onChange={(e) => setTimezone(e.target.value)}
        error={errors.timezone}
      />
      <datalist id={`${id}-zones`}>
        {zones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <TextField
        ref={domainsRef}
        label={t("settings.domains")}
        hint={t("settings.domainsHint")}
        name="domains"
        spellCheck={false}
        value={domains}
        onChange={(e) => setDomains(e.target.value)}
        error={errors.domains}
      />
      <TextField
        ref={inactivityRef}
        label={t("settings.inactivity")}
        hint={t("settings.inactivityHint")}
        name="session_inactivity_minutes"
        type="number"
        inputMode="numeric"
        min={1}
        value={inactivity}
        onChange={(e) => setInactivity(e.target.value)}
        error={errors.session_inactivity_minutes}
      />
      <TextField
        ref={thresholdRef}
        label={t("settings.threshold")}
        hint={t("settings.thresholdHint")}
        name="attendance_threshold_percent"
        type="number"
        inputMode="numeric"
        min={0}
        max={100}
        value={threshold}
        onChange={(e) => setThreshold(e.target.value)}
        error={errors.attendance_threshold_percent}
      />
      <div className="field field--checkbox">
        <input
          id={`${id}-two-factor`}
          type="checkbox"
          checked={requireTwoFactor}
          onChange={(e) => setRequireTwoFactor(e.target.checked)}
          aria-describedby={`${id}-two-factor-hint`}
        />
        <label htmlFor={`${id}-two-factor`}>{t("settings.requireTwoFactor")}</label>
        <p id={`${id}-two-factor-hint`} className="field__hint">
          {t("settings.requireTwoFactorHint")}
        </p>
      </div>
      <div>
        <ActionButton type="submit" className="button button--primary" pending={patch.isPending}>
          {t("settings.save")}
        </ActionButton>
      </div>
    </form>
  );
}
