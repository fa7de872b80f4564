import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ActionButton } from "@/components/ActionButton";
import { ErrorAlert } from "@/components/ErrorAlert";
import { SelectField, TextField } from "@/components/Field";
import { usePageTitle } from "@/components/page-title";
import { QueryStatus } from "@/components/QueryStatus";
import { StackedTable } from "@/components/StackedTable";
import type { Terminology } from "@/components/terminology";
import { formatDateTime } from "@/lib/intl";
import { ApiError, fieldErrors } from "@/lib/problem";
import { useGroupChoices } from "@/features/reports/api/choices";
import { REPORT_TYPES, SESSION_TYPES, type ReportFormat, type ReportType } from "@/features/reports/api/reports";
import { useCreateSchedule, useDeleteSchedule, useSchedules, useUpdateSchedule, type Schedule, type Weekday } from "@/features/reports/api/schedules";
import { FORMAT_KEYS, TYPE_KEYS } from "./labels";
import "@/features/reports/reports.css";

const WEEKDAY_KEYS = {
  mo: "reports.weekday.mo",
  tu: "reports.weekday.tu",
  we: "reports.weekday.we",
  th: "reports.weekday.th",
  fr: "reports.weekday.fr",
  sa: "reports.weekday.sa",
  su: "reports.weekday.su",
} as const;
const SHOWN = ["name", "type", "format", "params.group_id", "time_of_day", "weekday", "lookback_days"];

/** Reports built on a schedule in the organization's timezone, delivered as notifications. */
export function SchedulesPage({ timeZone, terms }: { timeZone: string | undefined; terms: Terminology }) {
  const { t } = useTranslation();
  usePageTitle(t("reports.schedules.title"));
  const schedules = useSchedules();
  const groups = useGroupChoices();
  const create = useCreateSchedule();
  const update = useUpdateSchedule();
  const remove = useDeleteSchedule();
  const [frequency, setFrequency] = useState<"daily" | "weekly">("weekly");
  const errors = create.error instanceof ApiError ? fieldErrors(create.error.problem) : {};
  // Never the id: blank until the names have come.
  const groupName = (id: string) => groups.data?.find((g) => g.id === id)?.name ?? "";

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? "");
    create.mutate(
      {
        name: value("name"),
        type: value("type") as ReportType,
        format: value("format") as ReportFormat,
        params: { group_id: value("group_id") },
        frequency,
        weekday: frequency === "weekly" ? (value("weekday") as Weekday) : null,
        time_of_day: value("time_of_day"),
        lookback_days: Number(value("lookback_days")),
      },
      { onSuccess: () => (event.target as HTMLFormElement).reset() },
    );
  };

  return (
    <section className="page page--wide reports">
      <h1>{t("reports.schedules.title")}</h1>
      <p>
        {t("reports.schedules.intro", { timeZone: timeZone ?? "UTC" })} <Link to="/reports">{t("reports.backToReports")}</Link>
      </p>
      <form className="report-form" onSubmit={submit} noValidate>
        <TextField label={t("reports.schedules.name")} name="name" required defaultValue={t("reports.schedules.defaultName")} error={errors.name} />
        <SelectField label={t("reports.field.type")} name="type" error={errors.type}>
          {REPORT_TYPES.filter((type) => !SESSION_TYPES.includes(type)).map((value) => (
            <option key={value} value={value}>
              {t(TYPE_KEYS[value], { ...terms })}
            </option>
          ))}
        </SelectField>
        <SelectField label={terms.group} name="group_id" error={errors["params.group_id"]}>
          <option value="">{t("reports.choose")}</option>
          {groups.data?.map((group) => (
            <option key={group.id} value={group.id}>
              {group.name}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("reports.field.format")} name="format" error={errors.format}>
          {(Object.keys(FORMAT_KEYS) as ReportFormat[]).map((value) => (
            <option key={value} value={value}>
              {t(FORMAT_KEYS[value])}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("reports.schedules.frequency")} value={frequency} onChange={(e) => setFrequency(e.target.value as "daily" | "weekly")}>
          <option value="weekly">{t("reports.schedules.weekly")}</option>
          <option value="daily">{t("reports.schedules.daily")}</option>
        </SelectField>
        {frequency === "weekly" ? (
          <SelectField label={t("reports.schedules.weekday")} name="weekday" defaultValue="mo" error={errors.weekday}>
            {(Object.keys(WEEKDAY_KEYS) as Weekday[]).map((day) => (
              <option key={day} value={day}>
                {t(WEEKDAY_KEYS[day])}
              </option>
            ))}
          </SelectField>
        ) : null}
        <TextField className="field--narrow" type="time" label={t("reports.schedules.time")} name="time_of_day" defaultValue="07:00" error={errors.time_of_day} />
        <TextField
          className="field--narrow"
          type="number"
          min={1}
          max={366}
          label={t("reports.schedules.lookback")}
          name="lookback_days"
          defaultValue="7"
          error={errors.lookback_days}
        />
        <div className="report-form__actions">
          <ActionButton type="submit" className="button button--primary" pending={create.isPending} pendingText={t("reports.schedules.creating")}>
            {t("reports.schedules.create")}
          </ActionButton>
        </div>
      </form>
      <ErrorAlert error={create.error} shownFields={SHOWN} />
      <ErrorAlert error={update.error ?? remove.error} />
      <QueryStatus isPending={schedules.isPending} error={schedules.error} onRetry={() => void schedules.refetch()} />
      {schedules.data && schedules.data.length === 0 ? <p className="empty">{t("reports.schedules.none")}</p> : null}
      {schedules.data?.length ? (
        <StackedTable
          caption={t("reports.schedules.title")}
          className="report-table"
          rows={schedules.data}
          rowKey={(schedule) => schedule.id}
          columns={[
            { id: "name", header: t("reports.schedules.name"), onCard: "title", cell: (schedule: Schedule) => schedule.name },
            {
              id: "type",
              header: t("reports.column.type"),
              cell: (schedule: Schedule) => `${t(TYPE_KEYS[schedule.type], { ...terms })} · ${schedule.format.toUpperCase()}`,
            },
            { id: "group", header: terms.group, cell: (schedule: Schedule) => groupName(schedule.params.group_id) },
            {
              id: "when",
              header: t("reports.schedules.when"),
              cell: (schedule: Schedule) => (
                <>
                  {schedule.frequency === "weekly" && schedule.weekday ? t(WEEKDAY_KEYS[schedule.weekday]) : t("reports.schedules.daily")}{" "}
                  {schedule.time_of_day} · {t("reports.schedules.covers", { count: schedule.lookback_days })}
                </>
              ),
            },
            {
              id: "next",
              header: t("reports.schedules.next"),
              cell: (schedule: Schedule) => (schedule.is_active ? formatDateTime(new Date(schedule.next_run_at), timeZone) : t("reports.schedules.paused")),
            },
            {
              id: "actions",
              header: t("reports.schedules.actions"),
              onCard: "actions",
              cell: (schedule: Schedule) => (
                <div className="report-actions">
                  <button type="button" className="button" onClick={() => update.mutate({ id: schedule.id, is_active: !schedule.is_active })}>
                    {schedule.is_active ? t("reports.schedules.pause") : t("reports.schedules.resume")}
                    <span className="visually-hidden"> {schedule.name}</span>
                  </button>
                  <button type="button" className="button button--danger" onClick={() => remove.mutate(schedule.id)}>
                    {t("reports.schedules.delete")}
                    <span className="visually-hidden"> {schedule.name}</span>
                  </button>
                </div>
              ),
            },
          ]}
        />
      ) : null}
    </section>
  );
}
