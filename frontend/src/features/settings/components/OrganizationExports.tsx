import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { ActionButton } from "@/components/ActionButton";
import { Alert } from "@/components/Alert";
import { ErrorAlert } from "@/components/ErrorAlert";
import { LoadMore } from "@/components/LoadMore";
import { QueryStatus } from "@/components/QueryStatus";
import { formatDateTime, formatNumber } from "@/lib/intl";
import { downloadExport, isBuilding, useOrganizationExports, useRequestExport, type OrganizationExport } from "@/features/settings/api/organization-exports";

/** "2.4 MB", in the user's locale. */
function fileSize(bytes: number): string {
  const units = ["B", "kB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${formatNumber(Math.round(value * 10) / 10)} ${units[unit]}`;
}

/** Administrators: export all of the organization's data as one ZIP, follow it, download it while it is kept. */
export function OrganizationExports({ timeZone }: { timeZone: string }) {
  const { t } = useTranslation();
  const headingId = useId();
  const exports = useOrganizationExports();
  const request = useRequestExport();
  const items = exports.data?.pages.flatMap((page) => page.items) ?? [];
  const building = items.some(isBuilding);

  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("orgExport.title")}</h2>
      <p>{t("orgExport.intro")}</p>
      <p>{t("orgExport.kept")}</p>
      <ErrorAlert error={request.error} />
      {request.isSuccess && building ? <Alert tone="notice">{t("orgExport.started")}</Alert> : null}
      <div className="form-actions">
        <ActionButton
          className="button button--primary"
          pending={request.isPending || building}
          pendingText={building ? t("orgExport.building") : undefined}
          onClick={() => request.mutate()}
        >
          {t("orgExport.start")}
        </ActionButton>
      </div>

      <h3 id={`${headingId}-past`}>{t("orgExport.pastTitle")}</h3>
      <QueryStatus isPending={exports.isPending} error={exports.error} onRetry={() => void exports.refetch()} />
      {exports.data && items.length === 0 ? <p className="empty">{t("orgExport.none")}</p> : null}
      {items.length ? (
        <ul className="export-list" aria-labelledby={`${headingId}-past`}>
          {items.map((job) => (
            <ExportItem key={job.id} job={job} timeZone={timeZone} />
          ))}
        </ul>
      ) : null}
      {exports.data ? (
        <LoadMore shown={items.length} hasMore={Boolean(exports.hasNextPage)} isFetching={exports.isFetchingNextPage} onMore={() => void exports.fetchNextPage()} />
      ) : null}
    </section>
  );
}

function ExportItem({ job, timeZone }: { job: OrganizationExport; timeZone: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const asked = formatDateTime(new Date(job.created_at), timeZone);
  const download = async () => {
    if (busy) return;
    setError(null);
    setBusy(true);
    try {
      await downloadExport(job.id);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <li>
      <p>
        <strong>{t("orgExport.asked", { when: asked })}</strong>
      </p>
      {isBuilding(job) ? (
        <>
          <p>{job.status === "queued" ? t("orgExport.queued") : t("orgExport.running", { value: job.progress })}</p>
          <progress max={100} value={job.progress} aria-label={t("orgExport.progressLabel", { when: asked })}>
            {job.progress}%
          </progress>
        </>
      ) : null}
      {job.status === "failed" ? <p>{t("orgExport.failed", { error: job.error ?? t("ui.failed") })}</p> : null}
      {job.status === "completed" && job.expired ? (
        <p>{t("orgExport.expired", { when: job.expires_at ? formatDateTime(new Date(job.expires_at), timeZone) : "" })}</p>
      ) : null}
      {job.status === "completed" && !job.expired ? (
        <>
          <p>
            {job.size_bytes != null ? t("orgExport.ready", { size: fileSize(job.size_bytes) }) : t("orgExport.readyNoSize")}{" "}
            {job.expires_at ? t("orgExport.until", { when: formatDateTime(new Date(job.expires_at), timeZone) }) : null}
          </p>
          <ActionButton className="button button--secondary" pending={busy} pendingText={t("orgExport.downloading")} onClick={() => void download()}>
            {t("orgExport.download")}
            <span className="visually-hidden"> {t("orgExport.asked", { when: asked })}</span>
          </ActionButton>
        </>
      ) : null}
      {error ? <ErrorAlert error={error} /> : null}
    </li>
  );
}
