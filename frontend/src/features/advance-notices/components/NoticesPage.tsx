import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "@/components/Alert";
import { Dialog } from "@/components/Dialog";
import { SelectField } from "@/components/Field";
import { LoadMore } from "@/components/LoadMore";
import { usePageTitle } from "@/components/page-title";
import { QueryStatus } from "@/components/QueryStatus";
import { lower, type Terminology } from "@/components/terminology";
import { useNotices, type NoticeStatus } from "@/features/advance-notices/api/list-notices";
import { NoticeForm } from "./NoticeForm";
import { NoticeList } from "./NoticeList";
import type { NoticeState } from "./types";
import "@/features/advance-notices/advance-notices.css";

interface NoticesPageProps {
  role: "admin" | "manager" | "frontline";
  /** Absent and excused states, for recording one. */
  states: readonly NoticeState[];
  stateLabel: (code: string) => string;
  terms: Terminology;
  timeZone: string | undefined;
  today: string;
}

type Shown = NoticeStatus | "all";

/**
 * Absences known in advance (staff): the requests waiting for an administrator first, then the
 * others; administrators and frontline users record one for a participant (approved at once).
 */
export function NoticesPage({ role, states, stateLabel, terms, timeZone, today }: NoticesPageProps) {
  const { t } = useTranslation();
  usePageTitle(t("notices.title"));
  const [shown, setShown] = useState<Shown>(role === "admin" ? "requested" : "all");
  const notices = useNotices(shown === "all" ? {} : { status: shown });
  const items = notices.data?.pages.flatMap((page) => page.items) ?? [];
  const pending = notices.data?.pages[0]?.pending;
  const [recording, setRecording] = useState(false);
  const [recorded, setRecorded] = useState<string | null>(null);

  return (
    <section className="page notices">
      <div className="page-header">
        <h1>{t("notices.title")}</h1>
        {role !== "manager" ? (
          <button
            type="button"
            className="button button--primary"
            onClick={() => {
              setRecorded(null);
              setRecording(true);
            }}
          >
            {t("notices.record")}
          </button>
        ) : null}
      </div>
      <p>{t("notices.intro", { sessions: lower(terms.sessions), participant: lower(terms.participant) })}</p>
      {recorded ? (
        <Alert tone="notice">
          <p>{recorded}</p>
        </Alert>
      ) : null}
      {pending ? (
        <p role="status">
          <strong>{t("notices.pending", { count: pending })}</strong>
        </p>
      ) : null}
      <SelectField className="field--narrow" label={t("notices.show")} value={shown} onChange={(e) => setShown(e.target.value as Shown)}>
        <option value="requested">{t("notices.showRequested")}</option>
        <option value="approved">{t("notices.showApproved")}</option>
        <option value="rejected">{t("notices.showRejected")}</option>
        <option value="all">{t("notices.showAll")}</option>
      </SelectField>
      <QueryStatus isPending={notices.isPending} error={notices.error} onRetry={() => void notices.refetch()} />
      {notices.data && items.length === 0 ? <p className="empty">{t("notices.none")}</p> : null}
      <NoticeList notices={items} stateLabel={stateLabel} terms={terms} timeZone={timeZone} today={today} canDecide={role === "admin"} />
      {notices.data ? (
        <LoadMore shown={items.length} hasMore={Boolean(notices.hasNextPage)} isFetching={notices.isFetchingNextPage} onMore={() => void notices.fetchNextPage()} />
      ) : null}

      <Dialog open={recording} onClose={() => setRecording(false)} title={t("notices.record")}>
        {recording ? (
          <NoticeForm
            mode="staff"
            states={states}
            today={today}
            terms={terms}
            onCancel={() => setRecording(false)}
            onDone={(notice) => {
              setRecording(false);
              setRecorded(t("notices.recorded", { name: notice.participant_name ?? "", count: notice.prefilled ?? 0, sessions: lower(terms.sessions) }));
            }}
          />
        ) : null}
      </Dialog>
    </section>
  );
}
