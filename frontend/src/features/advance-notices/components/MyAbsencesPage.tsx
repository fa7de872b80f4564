import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "@/components/Alert";
import { LoadMore } from "@/components/LoadMore";
import { usePageTitle } from "@/components/page-title";
import { QueryStatus } from "@/components/QueryStatus";
import { lower, type Terminology } from "@/components/terminology";
import { useNotices } from "@/features/advance-notices/api/list-notices";
import { NoticeForm } from "./NoticeForm";
import { NoticeList } from "./NoticeList";
import type { NoticeState } from "./types";
import "@/features/advance-notices/advance-notices.css";

interface MyAbsencesPageProps {
  /** The participant the login is linked to. */
  participantId: string | null;
  /** Excused states: what a participant may ask for. */
  states: readonly NoticeState[];
  stateLabel: (code: string) => string;
  terms: Terminology;
  timeZone: string | undefined;
  today: string;
}

/** A participant asks for an absence ahead of time, and sees where each request stands. */
export function MyAbsencesPage({ participantId, states, stateLabel, terms, timeZone, today }: MyAbsencesPageProps) {
  const { t } = useTranslation();
  usePageTitle(t("notices.mine.title"));
  const notices = useNotices({});
  const items = notices.data?.pages.flatMap((page) => page.items) ?? [];
  const [sent, setSent] = useState(false);

  return (
    <section className="page notices">
      <h1>{t("notices.mine.title")}</h1>
      <p>{t("notices.mine.intro", { sessions: lower(terms.sessions) })}</p>
      {participantId ? (
        <section className="card" aria-labelledby="ask-heading">
          <h2 id="ask-heading">{t("notices.mine.ask")}</h2>
          {sent ? (
            <Alert tone="notice">
              <p>{t("notices.mine.sent")}</p>
            </Alert>
          ) : null}
          <NoticeForm key={String(sent)} mode="self" participantId={participantId} states={states} today={today} terms={terms} onDone={() => setSent(true)} />
        </section>
      ) : (
        <Alert tone="notice">
          <p>{t("notices.mine.notLinked", { participant: lower(terms.participant) })}</p>
        </Alert>
      )}
      <section aria-labelledby="mine-heading">
        <h2 id="mine-heading">{t("notices.mine.list")}</h2>
        <QueryStatus isPending={notices.isPending} error={notices.error} onRetry={() => void notices.refetch()} />
        {notices.data && items.length === 0 ? <p className="empty">{t("notices.mine.none")}</p> : null}
        <NoticeList notices={items} stateLabel={stateLabel} terms={terms} timeZone={timeZone} today={today} own />
        {notices.data ? (
          <LoadMore shown={items.length} hasMore={Boolean(notices.hasNextPage)} isFetching={notices.isFetchingNextPage} onMore={() => void notices.fetchNextPage()} />
        ) : null}
      </section>
    </section>
  );
}
