import { useCallback, useDeferredValue, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Alert } from "@/components/Alert";
import { useErrorMessages } from "@/components/ErrorAlert";
import { usePageTitle } from "@/components/page-title";
import { QueryStatus } from "@/components/QueryStatus";
import { phaseText, sessionPhase } from "@/components/session-phase";
import { lower, useGenericTerms, withGenericTerms, type Terminology } from "@/components/terminology";
import type { Role } from "@/lib/auth-session";
import { formatDuration } from "@/lib/duration";
import { formatNumber, formatShortDate, formatTime, formatTimeRange } from "@/lib/intl";
import { ApiError } from "@/lib/problem";
import { useRoster, type SessionStatus } from "@/features/roster/api/get-roster";
import { useRollCall, type BulkOutcome, type Failure } from "@/features/roster/hooks/use-roll-call";
import { useLiveRoster } from "@/features/roster/hooks/live-roster";
import { LiveStatusLine } from "@/components/LiveStatusLine";
import { checkTimes, isIn, minutesLate, type CheckTimes } from "./check-times";
import { BulkMark } from "./BulkMark";
import { ConflictDialog } from "./ConflictDialog";
import { Dialog } from "@/components/Dialog";
import { isPlaceholder } from "@/lib/offline/walk-ins";
import { byName } from "@/features/roster/hooks/roster-records";
import { HistoryDialog } from "./HistoryDialog";
import { RosterCounts } from "./RosterCounts";
import { MoreDialog, type MoreTarget } from "./MoreDialog";
import { RosterRow, type CheckLabels } from "./RosterRow";
import { stateButtons } from "./state-buttons";
import { useWindowedList } from "@/features/roster/hooks/use-windowed-list";
import { SessionStatusControl } from "./SessionStatusControl";
import { WalkInForm } from "./WalkInForm";
import type { RosterDomain, RosterState } from "./types";
import "@/features/roster/roster.css";

export const SESSION_STATUS_KEYS = {
  scheduled: "sessionStatus.scheduled",
  open: "sessionStatus.open",
  closed: "sessionStatus.closed",
  cancelled: "sessionStatus.cancelled",
} as const satisfies Record<SessionStatus, string>;

interface RosterPageProps {
  sessionId: string;
  /** The organization's domains (GET /api/domains): the roster's group names its own. */
  domains: readonly RosterDomain[] | undefined;
  /** Every state, retired ones too, so that an old mark still shows its label. */
  allStates: readonly RosterState[] | undefined;
  timeZone: string | undefined;
  role: Role;
}

/** Folds case and accents, so "lukasz" finds "Łukasz" and "sule" finds "Şule". */
function searchable(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .replace(/ł/g, "l")
    .replace(/Ł/g, "L")
    .toLocaleLowerCase();
}

const EMPTY_STATES: readonly RosterState[] = [];

/** The modes in which people check in and out (SPEC §2): the roster shows times and who is in. */
export function takesCheckIns(mode: string | undefined): boolean {
  return mode === "check_in_out" || mode === "self_check_in";
}

/** A row's times in words: "In since 08:57 · 12 min late", "In 08:57 · out 15:09 · 6 h 12 min". */
function checkLine(times: CheckTimes, late: number | null, timeZone: string | undefined, t: TFunction): string | null {
  if (!times.checkInAt) return null;
  const from = formatTime(new Date(times.checkInAt), timeZone);
  const line = times.checkOutAt
    ? t("roster.check.inAndOut", {
        from,
        to: formatTime(new Date(times.checkOutAt), timeZone),
        duration: times.durationMinutes === null ? "" : formatDuration(times.durationMinutes),
      })
    : t("roster.check.inSince", { time: from });
  return late === null ? line : `${line} · ${t("roster.check.late", { duration: formatDuration(late) })}`;
}

/** The roll call of one session: the screen a frontline user lives in, phone first. */
export function RosterPage({ sessionId, domains, allStates, timeZone, role }: RosterPageProps) {
  const { t } = useTranslation();
  const roster = useRoster(sessionId);
  const generic = useGenericTerms();
  const rollCall = useRollCall(sessionId);
  // Colleagues', kiosks' and synced devices' marks, as they are made (SPEC §4.3).
  const live = useLiveRoster(sessionId);
  const data = roster.data;
  const domain = domains?.find((d) => d.code === data?.group.domain);
  const terms = useMemo(() => withGenericTerms(domain?.terminology, generic), [domain, generic]);
  usePageTitle(data ? t("roster.pageTitle", { session: terms.session, title: data.session.title }) : t("roster.loading"));

  const [query, setQuery] = useState("");
  // The clock the session's phase is read against (upcoming, running now, over): when the page opened.
  const [now] = useState(() => new Date());
  const deferredQuery = useDeferredValue(query);
  const [historyOf, setHistoryOf] = useState<string | null>(null);
  const [moreOf, setMoreOf] = useState<string | null>(null);
  const [bulkOpen, setBulkOpen] = useState(false);
  const [addingWalkIn, setAddingWalkIn] = useState(false);
  const [walkInMessage, setWalkInMessage] = useState<string | null>(null);

  const status = data?.session.status;
  const readOnly =
    role === "manager" || role === "external" || ((status === "closed" || status === "cancelled") && role !== "admin");

  // The states this user may record, and every state of the domain for labels.
  const usable = useMemo(
    () => (domain?.states ?? EMPTY_STATES).filter((s) => !s.roles || s.roles.includes(role)),
    [domain, role],
  );
  const buttons = useMemo(() => stateButtons(usable), [usable]);
  const stateByCode = useMemo(() => {
    const map = new Map<string, RosterState>();
    for (const state of allStates ?? []) if (state.domain === data?.group.domain) map.set(state.code, state);
    for (const state of domain?.states ?? []) map.set(state.code, state);
    return map;
  }, [allStates, domain, data?.group.domain]);

  const checkMode = takesCheckIns(data?.session.mode);
  // Lateness is shown from the check-in time where the domain has no late state to mark it with.
  const showLateness = checkMode && !(domain?.states ?? EMPTY_STATES).some((s) => s.category === "late");
  const { pending, queued, notices, checking, queuedChecks, waitingWalkIns, madeWalkIns } = rollCall;
  // Walk-ins still waiting in the outbox are rows too, under their placeholder ids.
  const items = useMemo(
    () => (waitingWalkIns.length ? [...(data?.items ?? []), ...waitingWalkIns].sort(byName) : (data?.items ?? [])),
    [data?.items, waitingWalkIns],
  );
  const rows = useMemo(
    () =>
      items.map((item) => {
        const id = item.participant.id;
        const optimistic = pending.get(id);
        // A mark waiting in the outbox (made offline) shows until sync has sent it.
        const waiting = queued.get(id);
        const mark = optimistic?.mark ?? waiting ?? (item.record ? { state: item.record.state, note: item.record.note } : null);
        const notice = notices.get(id);
        const noticeWhat = !notice
          ? ""
          : notice.action
            ? notice.action === "check_in"
              ? terms.check_in
              : terms.check_out
            : notice.state
              ? (stateByCode.get(notice.state)?.label ?? notice.state)
              : "";
        const checkingNow = checking.get(id);
        const checkWaiting = queuedChecks.get(id);
        const times = checkMode ? checkTimes(item.record, checkWaiting, checkingNow) : null;
        const late = times && showLateness ? minutesLate(times.checkInAt, data!.session.starts_at, data!.group.late_after_minutes) : null;
        return {
          item,
          mark,
          // A bulk mark says "Saving…" once for all; a single one in its row.
          saving: Boolean((optimistic && !optimistic.bulk) || checkingNow),
          waiting: (!optimistic && Boolean(waiting)) || (!checkingNow && Boolean(checkWaiting)),
          // Sync's word on a change that did not go through; the row shows the server's value.
          notice: !notice
            ? null
            : notice.action
              ? notice.outcome === "conflict"
                ? t("roster.check.syncConflict", { action: noticeWhat })
                : t("roster.check.syncRejected", { action: noticeWhat, reason: notice.reason ?? t("roster.syncNoReason") })
              : notice.outcome === "conflict"
                ? t("roster.syncConflict", { state: noticeWhat })
                : t("roster.syncRejected", { state: noticeWhat, reason: notice.reason ?? t("roster.syncNoReason") }),
          walkIn: Boolean(item.participant.walk_in) || madeWalkIns.has(id) || isPlaceholder(id),
          checkedIn: times ? isIn(times) : false,
          cameIn: Boolean(times?.checkInAt),
          wentOut: Boolean(times?.checkOutAt),
          checkLine: times ? checkLine(times, late, timeZone, t) : null,
          key: searchable(`${item.participant.name} ${item.participant.external_ref ?? ""}`),
        };
      }),
    [data, items, pending, queued, notices, checking, queuedChecks, madeWalkIns, checkMode, showLateness, stateByCode, terms, timeZone, t],
  );

  // The callbacks read the latest rows through a ref, so that they (and the memoised rows) stay put.
  const latest = useRef(rows);
  useLayoutEffect(() => {
    latest.current = rows;
  }, [rows]);
  const markOf = useCallback((participantId: string) => latest.current.find((r) => r.item.participant.id === participantId), []);
  const { mark } = rollCall;
  const onMark = useCallback(
    (participantId: string, state: string) => mark(participantId, { state, note: markOf(participantId)?.mark?.note ?? null }),
    [mark, markOf],
  );
  const onSaveNote = useCallback(
    (participantId: string, note: string) => {
      const state = markOf(participantId)?.mark?.state;
      if (state) mark(participantId, { state, note: note || null });
    },
    [mark, markOf],
  );
  const onHistory = useCallback((participantId: string) => {
    setMoreOf(null);
    setHistoryOf(participantId);
  }, []);
  const onMore = useCallback((participantId: string) => setMoreOf(participantId), []);
  const checkLabels = useMemo<CheckLabels>(() => ({ checkIn: terms.check_in, checkOut: terms.check_out }), [terms]);
  const { dismissNotice } = rollCall;

  const needle = searchable(deferredQuery.trim());
  const shown = useMemo(() => (needle ? rows.filter((row) => row.key.includes(needle)) : rows), [needle, rows]);
  const shownKeys = useMemo(() => shown.map((row) => row.item.participant.id), [shown]);
  // One line per person (about 56 px on a phone); only the rows near the window are in the page.
  const windowed = useWindowedList<HTMLUListElement>(shownKeys, 56);
  const { listRef, offsetOf, readBand } = windowed;

  // The keyboard: arrow keys (and Home, End) move between people, keeping to the same button;
  // a state's letter marks the person whose row has focus. Read through refs: rows stay memoised.
  const keyboard = useRef({ buttons, readOnly, count: shown.length });
  useLayoutEffect(() => {
    keyboard.current = { buttons, readOnly, count: shown.length };
  }, [buttons, readOnly, shown.length]);
  const pendingFocus = useRef<{ index: number; column: string } | null>(null);
  const focusRow = useCallback(
    (index: number, column: string) => {
      const list = listRef.current;
      if (!list) return false;
      const row = list.querySelector<HTMLElement>(`li[data-index="${index}"]`);
      if (!row) return false;
      const target = row.querySelector<HTMLElement>(`[data-roster-focus="${column}"]`) ?? row.querySelector<HTMLElement>("[data-roster-focus]");
      target?.focus();
      return true;
    },
    [listRef],
  );
  useLayoutEffect(() => {
    const pending = pendingFocus.current;
    if (pending && focusRow(pending.index, pending.column)) pendingFocus.current = null;
  });
  const onKey = useCallback(
    (event: KeyboardEvent<HTMLElement>, participantId: string, index: number) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const { buttons, readOnly, count } = keyboard.current;
      const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: count - 1 };
      const to = moves[event.key];
      if (to !== undefined) {
        event.preventDefault();
        const index = Math.max(0, Math.min(count - 1, to));
        const column = event.currentTarget.dataset.rosterFocus ?? "0";
        if (!focusRow(index, column)) {
          // Not in the page yet (the list is windowed): scroll to it, and focus it once rendered.
          const list = listRef.current;
          if (list) window.scrollTo({ top: list.getBoundingClientRect().top + window.scrollY + offsetOf(index) - window.innerHeight / 2 });
          pendingFocus.current = { index, column };
          readBand();
        }
        return;
      }
      if (readOnly || event.shiftKey || event.key.length !== 1) return;
      const button = buttons.find((b) => b.key === event.key.toUpperCase());
      if (!button) return;
      event.preventDefault();
      if (markOf(participantId)?.mark?.state !== button.code) onMark(participantId, button.code);
    },
    [focusRow, listRef, offsetOf, readBand, markOf, onMark],
  );

  const counts = useMemo(() => {
    const byState = new Map<string, number>();
    let unmarked = 0;
    const checks = { checkedIn: 0, inNow: 0, checkedOut: 0 };
    for (const row of rows) {
      if (row.mark) byState.set(row.mark.state, (byState.get(row.mark.state) ?? 0) + 1);
      else unmarked += 1;
      if (row.checkedIn) checks.inNow += 1;
      if (row.cameIn) checks.checkedIn += 1;
      if (row.wentOut) checks.checkedOut += 1;
    }
    return { byState, unmarked, checks };
  }, [rows]);

  if (!data) {
    return (
      <section className="page roster">
        <h1>{t("roster.loading")}</h1>
        <QueryStatus isPending={roster.isPending} error={roster.error} onRetry={() => void roster.refetch()} />
      </section>
    );
  }

  const starts = new Date(data.session.starts_at);
  const ends = new Date(data.session.ends_at);
  const historyRow = historyOf ? rows.find((r) => r.item.participant.id === historyOf) : undefined;
  const moreRow = moreOf ? rows.find((r) => r.item.participant.id === moreOf) : undefined;
  const moreTarget: MoreTarget | null = moreRow
    ? {
        participantId: moreRow.item.participant.id,
        name: moreRow.item.participant.name,
        stateCode: moreRow.mark?.state ?? null,
        note: moreRow.mark?.note ?? null,
        hasRecord: Boolean(moreRow.item.record),
      }
    : null;
  const keyHints = buttons.filter((b) => b.key);
  const markedCount = rows.length - counts.unmarked;
  const defaultState = usable.find((s) => s.is_default) ?? usable[0];

  return (
    <section className="page page--wide roster">
      <header className="roster-header">
        <p className="roster-header__kicker">
          {terms.session} · {terms.group}: {data.group.name}
        </p>
        <h1>{data.session.title}</h1>
        <p className="roster-header__when">
          {timeZone ? `${formatShortDate(starts, timeZone)}, ${formatTimeRange(starts, ends, timeZone)}` : null}
          {data.session.location ? ` · ${data.session.location}` : null} ·{" "}
          <span className="badge">{phaseText(sessionPhase(data.session, now, { marked: markedCount, total: rows.length }), t)}</span>
        </p>
        <LiveStatusLine status={live} />
        {role === "admin" || role === "frontline" ? <SessionStatusControl sessionId={sessionId} status={data.session.status} terms={terms} /> : null}
        {data.session.mode === "self_check_in" && (role === "admin" || role === "frontline") ? (
          <p className="roster-header__code">
            <Link to={`/sessions/${sessionId}/check-in-code`}>{t("roster.check.openCode")}</Link>
          </p>
        ) : null}
      </header>

      <RosterCounts
        states={domain?.states ?? EMPTY_STATES}
        stateByCode={stateByCode}
        counts={counts.byState}
        unmarked={counts.unmarked}
        total={rows.length}
        marked={markedCount}
        checks={checkMode ? counts.checks : undefined}
      />

      {readOnly && role !== "manager" ? (
        <Alert tone="notice">
          <p>{t("roster.closedNotice", { session: lower(terms.session), status: lower(t(SESSION_STATUS_KEYS[data.session.status])) })}</p>
        </Alert>
      ) : null}

      <FailureMessage failure={rollCall.failure} terms={terms} onDismiss={rollCall.dismissFailure} />
      <BulkMessage outcome={rollCall.bulkOutcome} stateByCode={stateByCode} onDismiss={rollCall.dismissBulkOutcome} />

      {usable.length === 0 && !readOnly ? <Alert tone="notice">{t("roster.noStates")}</Alert> : null}
      {walkInMessage ? (
        <Alert tone="notice">
          <p>{walkInMessage}</p>
        </Alert>
      ) : null}

      {!readOnly && usable.length && (role === "admin" || role === "frontline") ? (
        <p className="roster-walk-in">
          <button type="button" className="button button--secondary button--small" onClick={() => setAddingWalkIn(true)}>
            {t("roster.walkIn.open")}
          </button>
        </p>
      ) : null}

      {/* Search and "Mark all" stay at hand at the top while the list scrolls under them. */}
      <div className="roster-tools">
        <div className="roster-search">
          <label htmlFor="roster-search" className="visually-hidden">
            {t("roster.search", { participants: lower(terms.participants) })}
          </label>
          <input
            id="roster-search"
            type="search"
            value={query}
            placeholder={t("roster.search", { participants: lower(terms.participants) })}
            onChange={(e) => setQuery(e.target.value)}
            autoComplete="off"
          />
        </div>
        {readOnly || !defaultState ? null : (
          <button type="button" className="button button--secondary roster-tools__bulk" aria-haspopup="dialog" onClick={() => setBulkOpen(true)}>
            {t("roster.markAllOpen")}
          </button>
        )}
        <p className="roster-tools__status" role="status">
          {needle
            ? t("roster.showingMatches", { shown: formatNumber(shown.length), total: formatNumber(rows.length) })
            : t("roster.markedOf", { marked: formatNumber(markedCount), total: formatNumber(rows.length), participants: lower(terms.participants) })}
          {rollCall.bulkPending ? ` ${t("roster.bulkSaving")}` : null}
        </p>
      </div>

      {!readOnly && keyHints.length ? (
        <p className="roster-keys muted">
          {t("roster.keysHint", { participants: lower(terms.participants) })}{" "}
          {keyHints.map((b, i) => (
            <span key={b.code}>
              {i ? ", " : null}
              <kbd>{b.key}</kbd> {b.label}
            </span>
          ))}
          .
        </p>
      ) : null}

      <h2 className="visually-hidden">{terms.participants}</h2>
      {rows.length === 0 ? <p className="empty">{t("roster.nobody", { participants: lower(terms.participants), group: lower(terms.group) })}</p> : null}
      <ul
        ref={listRef}
        className="roster-list"
        aria-label={terms.participants}
        style={{ paddingTop: windowed.padTop, paddingBottom: windowed.padBottom }}
      >
        {shown.slice(windowed.range.start, windowed.range.end).map(({ item, mark: m, saving, waiting, walkIn, notice, checkedIn, checkLine: line }, i) => (
          <RosterRow
            key={item.participant.id}
            participantId={item.participant.id}
            index={windowed.range.start + i}
            setSize={shown.length}
            name={item.participant.name}
            externalRef={item.participant.external_ref}
            stateCode={m?.state ?? null}
            note={m?.note ?? null}
            saving={saving}
            waiting={waiting}
            walkIn={walkIn}
            notice={notice}
            onDismissNotice={dismissNotice}
            hasMore={Boolean(item.record) || (!readOnly && usable.length > 0)}
            states={buttons}
            stateByCode={stateByCode}
            readOnly={readOnly}
            t={t}
            onMark={onMark}
            onMore={onMore}
            onKey={onKey}
            checkLabels={checkMode ? checkLabels : undefined}
            checkedIn={checkedIn}
            checkLine={line}
            onCheck={rollCall.check}
          />
        ))}
      </ul>

      <p className="roster-back">
        <Link to="/today">{t("roster.backToToday", { sessions: lower(terms.sessions) })}</Link> · <Link to={`/sessions/${sessionId}/sign-in-sheet`}>{t("reports.signIn.link")}</Link>
      </p>

      <MoreDialog
        target={moreTarget}
        states={buttons}
        stateByCode={stateByCode}
        readOnly={readOnly}
        checking={checkMode}
        onClose={() => setMoreOf(null)}
        onMark={onMark}
        onSaveNote={onSaveNote}
        onHistory={onHistory}
      />
      {readOnly || !defaultState ? null : (
        <Dialog open={bulkOpen} onClose={() => setBulkOpen(false)} title={t("roster.bulkLegend")}>
          <BulkMark
            states={usable}
            participants={lower(terms.participants)}
            defaultState={defaultState.code}
            marked={markedCount}
            total={rows.length}
            busy={rollCall.bulkPending}
            onMarkAll={(state, options) => {
              setBulkOpen(false);
              rollCall.markAll(state, options);
            }}
          />
        </Dialog>
      )}
      <HistoryDialog
        open={Boolean(historyRow?.item.record)}
        onClose={() => setHistoryOf(null)}
        name={historyRow?.item.participant.name ?? ""}
        recordId={historyRow?.item.record?.id ?? null}
        version={historyRow?.item.record?.version}
        stateByCode={stateByCode}
        timeZone={timeZone}
      />
      <Dialog open={addingWalkIn} onClose={() => setAddingWalkIn(false)} title={t("roster.walkIn.title")}>
        {addingWalkIn ? (
          <WalkInForm
            states={usable}
            terms={terms}
            onAdd={rollCall.addWalkIn}
            onDone={(message) => {
              setAddingWalkIn(false);
              setWalkInMessage(message);
            }}
            onCancel={() => setAddingWalkIn(false)}
          />
        ) : null}
      </Dialog>
      <ConflictDialog conflict={rollCall.conflicts[0]} stateByCode={stateByCode} timeZone={timeZone} onResolve={rollCall.resolveConflict} />
    </section>
  );
}

/** Why the server refused a check-in or check-out, in words, from its field error's `code`. */
function checkRefusal(failure: Failure, terms: Terminology, t: TFunction): string | null {
  if (!(failure.error instanceof ApiError)) return null;
  const name = failure.name ?? "";
  const error = failure.error;
  switch (error.codeOf("participant_id")) {
    case "not_a_member":
      return t("roster.check.notAMember", { name, group: lower(terms.group) });
    case "not_checked_in":
      return t("roster.check.notCheckedIn", { name, checkIn: terms.check_in });
  }
  switch (error.codeOf("at")) {
    case "outside_window":
      return t("roster.check.outsideWindow", { session: lower(terms.session) });
    case "before_check_in":
      return t("roster.check.beforeCheckIn", { name });
    case "in_future":
      return t("roster.check.inFuture");
  }
  if (error.status === 409) return t("roster.check.closed", { session: lower(terms.session) });
  return null;
}

function FailureMessage({ failure, terms, onDismiss }: { failure: Failure | null; terms: Terminology; onDismiss: () => void }) {
  const { t } = useTranslation();
  const refusal = failure?.action ? checkRefusal(failure, terms, t) : null;
  const reasons = useErrorMessages(refusal ? null : failure?.error);
  if (!failure) return null;
  const what = failure.action === "check_in" ? terms.check_in : terms.check_out;
  return (
    <Alert tone="error">
      <p>
        {failure.action
          ? t("roster.check.notSaved", { action: what, name: failure.name ?? "" })
          : failure.name
            ? t("roster.notSavedFor", { name: failure.name })
            : t("roster.notSaved")}
      </p>
      {refusal ? <p>{refusal}</p> : null}
      {reasons.map((reason, i) => (
        <p key={i}>{reason}</p>
      ))}
      <button type="button" className="button button--secondary button--small" onClick={onDismiss}>
        {t("ui.dismiss")}
      </button>
    </Alert>
  );
}

function BulkMessage({
  outcome,
  stateByCode,
  onDismiss,
}: {
  outcome: BulkOutcome | null;
  stateByCode: ReadonlyMap<string, RosterState>;
  onDismiss: () => void;
}) {
  const { t } = useTranslation();
  const reasons = useErrorMessages(outcome?.kind === "failed" ? outcome.error : null);
  if (!outcome) return null;
  if (outcome.kind === "failed") {
    return (
      <Alert tone="error">
        <p>{t("roster.bulkFailed")}</p>
        {reasons.map((reason, i) => (
          <p key={i}>{reason}</p>
        ))}
        <button type="button" className="button button--secondary button--small" onClick={onDismiss}>
          {t("ui.dismiss")}
        </button>
      </Alert>
    );
  }
  if (outcome.kind === "conflict") {
    return (
      <Alert tone="error">
        <p>{t("roster.bulkConflict", { count: outcome.changed })}</p>
        <button type="button" className="button button--secondary button--small" onClick={onDismiss}>
          {t("ui.dismiss")}
        </button>
      </Alert>
    );
  }
  if (outcome.kind === "queued") {
    return (
      <Alert tone="notice">
        <p>{t("roster.bulkQueued", { count: outcome.marked, state: stateByCode.get(outcome.state)?.label ?? outcome.state })}</p>
      </Alert>
    );
  }
  return (
    <Alert tone="notice">
      <p>
        {outcome.kind === "nobody"
          ? t("roster.bulkNobody")
          : outcome.leftAlone
            ? t("roster.bulkDoneLeftAlone", {
                count: outcome.marked,
                state: stateByCode.get(outcome.state)?.label ?? outcome.state,
                leftAlone: outcome.leftAlone,
              })
            : t("roster.bulkDone", { count: outcome.marked, state: stateByCode.get(outcome.state)?.label ?? outcome.state })}
      </p>
    </Alert>
  );
}
