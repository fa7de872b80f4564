import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ActionButton } from "@/components/ActionButton";
import { ErrorAlert } from "@/components/ErrorAlert";
import { usePageTitle } from "@/components/page-title";
import { QueryStatus } from "@/components/QueryStatus";
import type { Terminology } from "@/components/terminology";
import { formatDateTime } from "@/lib/intl";
import { useSessionChoice } from "@/features/reports/api/choices";
import { useReport, useRequestReport, type ReportFormat } from "@/features/reports/api/reports";
import { ReportProgress } from "./ReportProgress";
import "@/features/reports/reports.css";

/** The paper fallback: a blank roll of one session to print (frontline staff for their own). */
export function SignInSheetPage({ sessionId, timeZone, terms }: { sessionId: string; timeZone: string | undefined; terms: Terminology }) {
  const { t } = useTranslation();
  usePageTitle(t("reports.signIn.title"));
  const session = useSessionChoice(sessionId);
  const ask = useRequestReport();
  const askingId = useId();
  const [current, setCurrent] = useState<string | null>(null);
  const report = useReport(current);
  const print = (format: ReportFormat) =>
    ask.mutate({ type: "sign_in_sheet", format, params: { session_id: sessionId } }, { onSuccess: (created) => setCurrent(created.id) });

  return (
    <section className="page reports">
      <h1>{t("reports.signIn.title")}</h1>
      <QueryStatus isPending={session.isPending} error={session.error} onRetry={() => void session.refetch()} />
      {session.data ? (
        <>
          <p>
            {session.data.title} — {formatDateTime(new Date(session.data.starts_at), timeZone)}
          </p>
          <p>{t("reports.signIn.intro", { ...terms })}</p>
          <div className="report-actions">
            <ActionButton className="button button--primary" onClick={() => print("pdf")} pending={ask.isPending} reasonId={askingId}>
              {t("reports.signIn.printPdf")}
            </ActionButton>
            <ActionButton className="button" onClick={() => print("xlsx")} pending={ask.isPending} reasonId={askingId}>
              {t("reports.signIn.spreadsheet")}
            </ActionButton>
            {ask.isPending ? (
              <span id={askingId} role="status" className="muted">
                {t("reports.asking")}
              </span>
            ) : null}
          </div>
          <ErrorAlert error={ask.error} />
          <div aria-live="polite">{report.data ? <ReportProgress report={report.data} /> : null}</div>
          <p>
            <Link to={`/sessions/${sessionId}`}>{t("reports.signIn.back", { ...terms })}</Link>
          </p>
        </>
      ) : null}
    </section>
  );
}
