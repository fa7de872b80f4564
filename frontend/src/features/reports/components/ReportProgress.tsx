import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ActionButton } from "@/components/ActionButton";
import { ErrorAlert } from "@/components/ErrorAlert";
import { downloadReport } from "@/features/reports/api/download-report";
import type { Report } from "@/features/reports/api/reports";
import { STATUS_KEYS } from "./labels";

/** A report's state in words and, while it builds, a progress bar; its download once ready. */
export function ReportProgress({ report, compact = false }: { report: Report; compact?: boolean }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setError(null);
    setBusy(true);
    try {
      await downloadReport(report.id);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const building = report.status === "queued" || report.status === "running";
  return (
    <div className={compact ? "report-progress report-progress--compact" : "report-progress"}>
      <span className={`report-status report-status--${report.status}`}>{t(STATUS_KEYS[report.status])}</span>
      {building ? (
        <>
          <progress max={100} value={report.progress} aria-label={t("reports.progressLabel")}>
            {report.progress}%
          </progress>
          <span className="report-progress__percent">{t("reports.percent", { value: report.progress })}</span>
        </>
      ) : null}
      {report.status === "failed" ? <span className="report-progress__error">{report.error ?? t("ui.failed")}</span> : null}
      {report.status === "completed" && report.expired ? <span>{t("reports.expired")}</span> : null}
      {report.status === "completed" && !report.expired ? (
        <ActionButton className="button button--primary" onClick={() => void download()} pending={busy} pendingText={t("reports.downloading")}>
          {t("reports.download", { name: report.file_name ?? "" })}
        </ActionButton>
      ) : null}
      {error ? <ErrorAlert error={error} /> : null}
    </div>
  );
}
