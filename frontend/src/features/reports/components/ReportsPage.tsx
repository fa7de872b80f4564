import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ActionButton } from "@/components/ActionButton";
import { ErrorAlert } from "@/components/ErrorAlert";
import { SelectField, TextField } from "@/components/Field";
import { LoadMore } from "@/components/LoadMore";
import { usePageTitle } from "@/components/page-title";
import { QueryStatus } from "@/components/QueryStatus";
import { StackedTable } from "@/components/StackedTable";
import type { Terminology } from "@/components/terminology";
import { addDays, formatDateTime, todayIn } from "@/lib/intl";
import { ApiError, fieldErrors } from "@/lib/problem";
import { useGroupChoices, useSessionChoices } from "@/features/reports/api/choices";
import { REPORT_TYPES, SESSION_TYPES, useReport, useReports, useRequestReport, type Report, type ReportFormat, type ReportType } from "@/features/reports/api/reports";
import { FORMAT_KEYS, TYPE_KEYS } from "./labels";
import { ReportProgress } from "./ReportProgress";
import "@/features/reports/reports.css";

const SHOWN = ["type", "format", "params.group_id", "params.session_id", "params.from", "params.to"];

/** Managers and administrators ask for a report, watch it build, and download it (SPEC §5). */
export function ReportsPage({ timeZone, terms }: { timeZone: string | undefined; terms: Terminology }) {
  const { t } = useTranslation();
  usePageTitle(t("reports.title"));
  const today = todayIn(timeZone ?? "UTC");
  const [type, setType] = useState<ReportType>("attendance_register");
  const [format, setFormat] = useState<ReportFormat>("pdf");
  const [groupId, setGroupId] = useState("");
  const [sessionId, setSessionId] = useState("");
  const [from, setFrom] = useState(addDays(today, -27));
  const [to, setTo] = useState(today);
  const [current, setCurrent] = useState<string | null>(null);
  const groups = useGroupChoices();
  const aboutSession = SESSION_TYPES.includes(type);
  const sessions = useSessionChoices(aboutSession ? groupId : "", from, to);
  const ask = useRequestReport();
  const report = useReport(current);
  const list = useReports(true);
  const errors = ask.error instanceof ApiError ? fieldErrors(ask.error.problem) : {};
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const params = aboutSession ? { session_id: sessionId || undefined } : { group_id: groupId || undefined, from, to };
    ask.mutate({ type, format, params }, { onSuccess: (created) => setCurrent(created.id) });
  };

  return (
    <section className="page page--wide reports">
      <h1>{t("reports.title")}</h1>
      <p>
        {t("reports.intro")} <Link to="/reports/schedules">{t("reports.schedulesLink")}</Link>
      </p>
      <form className="report-form" onSubmit={submit} noValidate>
        <SelectField label={t("reports.field.type")} value={type} onChange={(e) => setType(e.target.value as ReportType)} error={errors.type}>
          {REPORT_TYPES.map((value) => (
            <option key={value} value={value}>
              {t(TYPE_KEYS[value], { ...terms })}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={terms.group}
          value={groupId}
          onChange={(e) => {
            setGroupId(e.target.value);
            setSessionId("");
          }}
          error={errors["params.group_id"]}
        >
          <option value="">{t("reports.choose")}</option>
          {groups.data?.map((group) => (
            <option key={group.id} value={group.id}>
              {group.name}
            </option>
          ))}
        </SelectField>
        <TextField className="field--narrow" type="date" label={t("reports.field.from")} value={from} onChange={(e) => setFrom(e.target.value)} error={errors["params.from"]} />
        <TextField className="field--narrow" type="date" label={t("reports.field.to")} value={to} onChange={(e) => setTo(e.target.value)} error={errors["params.to"]} />
        {aboutSession ? (
          <SelectField label={terms.session} value={sessionId} onChange={(e) => setSessionId(e.target.value)} error={errors["params.session_id"]} hint={t("reports.sessionHint")}>
            <option value="">{t("reports.choose")}</option>
            {sessions.data?.map((session) => (
              <option key={session.id} value={session.id}>
                {formatDateTime(new Date(session.starts_at), timeZone)} — {session.title}
              </option>
            ))}
          </SelectField>
        ) : null}
        <SelectField label={t("reports.field.format")} value={format} onChange={(e) => setFormat(e.target.value as ReportFormat)} error={errors.format}>
          {(Object.keys(FORMAT_KEYS) as ReportFormat[]).map((value) => (
            <option key={value} value={value}>
              {t(FORMAT_KEYS[value])}
            </option>
          ))}
        </SelectField>
        <div className="report-form__actions">
          <ActionButton type="submit" className="button button--primary" pending={ask.isPending} pendingText={t("reports.asking")}>
            {t("reports.request")}
          </ActionButton>
        </div>
      </form>
      <ErrorAlert error={ask.error} shownFields={SHOWN} />
      <div aria-live="polite" className="report-current">
        {report.data ? (
          <>
            <h2>{t(TYPE_KEYS[report.data.type], { ...terms })}</h2>
            <ReportProgress report={report.data} />
          </>
        ) : null}
      </div>

      <h2>{t("reports.mine")}</h2>
      <QueryStatus isPending={list.isPending} error={list.error} onRetry={() => void list.refetch()} />
      {list.data && items.length === 0 ? <p className="empty">{t("reports.none")}</p> : null}
      {items.length ? (
        <StackedTable
          caption={t("reports.mine")}
          className="report-table"
          rows={items}
          rowKey={(item) => item.id}
          columns={[
            { id: "asked", header: t("reports.column.asked"), cell: (item: Report) => formatDateTime(new Date(item.created_at), timeZone) },
            {
              id: "type",
              header: t("reports.column.type"),
              onCard: "title",
              cell: (item: Report) => (
                <>
                  {t(TYPE_KEYS[item.type], { ...terms })}
                  {item.schedule_id ? <span className="report-tag">{t("reports.scheduled")}</span> : null}
                </>
              ),
            },
            { id: "period", header: t("reports.column.period"), cell: (item: Report) => (item.params.from ? `${item.params.from} – ${item.params.to}` : "—") },
            { id: "format", header: t("reports.column.format"), cell: (item: Report) => item.format.toUpperCase() },
            { id: "status", header: t("reports.column.status"), cell: (item: Report) => <ReportProgress report={item} compact /> },
          ]}
        />
      ) : null}
      <LoadMore shown={items.length} hasMore={list.hasNextPage} isFetching={list.isFetchingNextPage} onMore={() => void list.fetchNextPage()} />
    </section>
  );
}
