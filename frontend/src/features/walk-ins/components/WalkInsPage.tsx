import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ActionButton } from "@/components/ActionButton";
import { Alert } from "@/components/Alert";
import { ConfirmAction } from "@/components/ConfirmAction";
import { Dialog } from "@/components/Dialog";
import { ErrorAlert } from "@/components/ErrorAlert";
import { LoadMore } from "@/components/LoadMore";
import { usePageTitle } from "@/components/page-title";
import { QueryStatus } from "@/components/QueryStatus";
import { lower, type Terminology } from "@/components/terminology";
import { formatShortDate, formatTime } from "@/lib/intl";
import { useKeepWalkIn } from "@/features/walk-ins/api/keep-walk-in";
import { useWalkIns, type WalkInPerson } from "@/features/walk-ins/api/list-walk-ins";
import { clashingSessions, useMergeWalkIn } from "@/features/walk-ins/api/merge-walk-in";
import { useCandidates, type Candidate } from "@/features/walk-ins/api/search-candidates";
import { useSessionSummaries, useWalkInRecords } from "@/features/walk-ins/api/walk-in-records";
import "@/features/walk-ins/walk-ins.css";

interface WalkInsPageProps {
  terms: Terminology;
  timeZone: string | undefined;
  /** A state's label by its code (the domains' words). */
  stateLabel: (code: string) => string;
}

/** What was done with a walk-in, in a sentence, and the participant they now are. */
interface Outcome {
  text: string;
  participant: { id: string; name: string };
}

/**
 * The people added on the spot to a session (walk-ins), for an administrator to match each to the
 * participant they are (their marks and history move there), or to keep as a new participant.
 */
export function WalkInsPage({ terms, timeZone, stateLabel }: WalkInsPageProps) {
  const { t } = useTranslation();
  usePageTitle(t("walkIns.title"));
  const walkIns = useWalkIns();
  const items = walkIns.data?.pages.flatMap((page) => page.items) ?? [];
  const [open, setOpen] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  // The card and the button pressed on it leave the list: the focus goes to what became of them.
  useEffect(() => {
    if (outcome) outcomeRef.current?.focus();
  }, [outcome]);

  return (
    <section className="page walk-ins">
      <p className="muted">
        <Link to="/participants">{t("walkIns.back", { participants: lower(terms.participants) })}</Link>
      </p>
      <h1>{t("walkIns.title")}</h1>
      <p>{t("walkIns.intro", { session: lower(terms.session), participant: lower(terms.participant) })}</p>
      {outcome ? (
        <Alert tone="notice" ref={outcomeRef}>
          <p>
            {outcome.text}{" "}
            <Link to={`/participants/${encodeURIComponent(outcome.participant.id)}`}>{t("walkIns.seePage", { name: outcome.participant.name })}</Link>
          </p>
        </Alert>
      ) : null}
      <QueryStatus isPending={walkIns.isPending} error={walkIns.error} onRetry={() => void walkIns.refetch()} />
      {walkIns.data && items.length === 0 ? <p className="empty">{t("walkIns.none")}</p> : null}
      <ul className="walk-ins__list">
        {items.map((person) => (
          <WalkInItem
            key={person.id}
            person={person}
            terms={terms}
            timeZone={timeZone}
            stateLabel={stateLabel}
            open={open === person.id}
            onOpen={() => {
              setOpen(person.id);
              setOutcome(null);
            }}
            onClose={() => setOpen(null)}
            onDone={(done) => {
              setOpen(null);
              setOutcome(done);
            }}
          />
        ))}
      </ul>
      {walkIns.data ? (
        <LoadMore shown={items.length} hasMore={Boolean(walkIns.hasNextPage)} isFetching={walkIns.isFetchingNextPage} onMore={() => void walkIns.fetchNextPage()} />
      ) : null}
    </section>
  );
}

interface WalkInItemProps {
  person: WalkInPerson;
  terms: Terminology;
  timeZone: string | undefined;
  stateLabel: (code: string) => string;
  /** Their match panel is open (one at a time). */
  open: boolean;
  onOpen: () => void;
  onClose: () => void;
  /** Merged or kept: they leave the list. */
  onDone: (outcome: Outcome) => void;
}

/** One walk-in: find who they are (the match panel), or keep them as someone new at once. */
function WalkInItem({ person, terms, timeZone, stateLabel, open, onOpen, onClose, onDone }: WalkInItemProps) {
  const { t } = useTranslation();
  const participant = lower(terms.participant);
  const keep = useKeepWalkIn({
    onKept: (kept) => onDone({ text: t("walkIns.kept", { name: kept.name, participant }), participant: kept }),
  });
  return (
    <li className="card walk-ins__item">
      <h2 className="walk-ins__name">{person.name}</h2>
      <p className="muted">{t("walkIns.addedOn", { date: formatShortDate(new Date(person.created_at), timeZone) })}</p>
      <div className="form-actions">
        {open ? null : (
          <button type="button" className="button button--secondary" onClick={onOpen}>
            {t("walkIns.match")}
            <span className="visually-hidden"> {person.name}</span>
          </button>
        )}
        <ActionButton className="button button--secondary" pending={keep.isPending} pendingText={t("walkIns.keeping")} onClick={() => keep.mutate(person.id)}>
          {t("walkIns.keep", { participant })}
          <span className="visually-hidden"> {person.name}</span>
        </ActionButton>
      </div>
      <ErrorAlert error={keep.error} />
      {open ? (
        <MatchPanel
          person={person}
          terms={terms}
          timeZone={timeZone}
          stateLabel={stateLabel}
          onMerged={(into) => onDone({ text: t("walkIns.merged", { walkIn: person.name, name: into.name }), participant: into })}
          onClose={onClose}
        />
      ) : null}
    </li>
  );
}

interface MatchPanelProps {
  person: WalkInPerson;
  terms: Terminology;
  timeZone: string | undefined;
  stateLabel: (code: string) => string;
  onMerged: (into: Candidate) => void;
  onClose: () => void;
}

/** Where the walk-in was marked, a search for who they are, and the merge (asked first). */
function MatchPanel({ person, terms, timeZone, stateLabel, onMerged, onClose }: MatchPanelProps) {
  const { t } = useTranslation();
  const id = useId();
  const records = useWalkInRecords(person.id);
  const [draft, setDraft] = useState("");
  const [query, setQuery] = useState<string | null>(null);
  const candidates = useCandidates(query ?? "", { enabled: query !== null });
  const [chosen, setChosen] = useState<Candidate | null>(null);
  const [confirming, setConfirming] = useState(false);
  const merge = useMergeWalkIn({ onMerged });
  const clashes = clashingSessions(merge.error);
  const sessionIds = [...new Set([...(records.data ?? []).map((r) => r.session_id), ...clashes])];
  const sessions = useSessionSummaries(sessionIds);
  const when = (sessionId: string) => {
    const session = sessions.get(sessionId);
    return session
      ? t("walkIns.sessionWhen", { title: session.title, date: formatShortDate(new Date(session.starts_at), timeZone), time: formatTime(new Date(session.starts_at), timeZone) })
      : t("walkIns.aSession", { session: lower(terms.session) });
  };

  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    setQuery(draft.trim());
    setChosen(null);
    merge.reset();
  };

  return (
    <div className="walk-ins__panel">
      <h3>{t("walkIns.markedIn")}</h3>
      <QueryStatus isPending={records.isPending} error={records.error} />
      {records.data ? (
        <ul className="walk-ins__records">
          {records.data.map((record) => (
            <li key={record.id}>
              <Link to={`/sessions/${encodeURIComponent(record.session_id)}`}>{when(record.session_id)}</Link>: {stateLabel(record.state)}
              {record.note ? <span className="muted"> — {record.note}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}

      <form className="form-row" role="search" onSubmit={onSearch}>
        <div className="field">
          <label htmlFor={`${id}-q`}>{t("walkIns.search", { participant: lower(terms.participant) })}</label>
          <p id={`${id}-hint`} className="field__hint">
            {t("walkIns.searchHint")}
          </p>
          <input id={`${id}-q`} type="search" aria-describedby={`${id}-hint`} value={draft} onChange={(e) => setDraft(e.target.value)} />
        </div>
        <button type="submit" className="button button--secondary">
          {t("walkIns.find")}
        </button>
      </form>
      <ErrorAlert error={candidates.error} focus={false} />
      {query !== null && candidates.data ? (
        candidates.data.length === 0 ? (
          <p role="status" className="muted">
            {t("walkIns.noMatches", { participant: lower(terms.participant) })}
          </p>
        ) : (
          <fieldset className="fieldset">
            <legend>{t("walkIns.whoIsIt", { name: person.name })}</legend>
            {candidates.data.map((candidate) => (
              <label key={candidate.id} className="radio">
                <input type="radio" name={`${id}-into`} checked={chosen?.id === candidate.id} onChange={() => setChosen(candidate)} />
                <span>
                  {candidate.name}
                  {candidate.external_ref || candidate.email ? <span className="muted"> ({[candidate.external_ref, candidate.email].filter(Boolean).join(", ")})</span> : null}
                </span>
              </label>
            ))}
          </fieldset>
        )
      ) : null}

      {clashes.length ? (
        <Alert tone="error">
          <p>{t("walkIns.clash", { walkIn: person.name, name: chosen?.name ?? "" })}</p>
          <ul>
            {clashes.map((sessionId) => (
              <li key={sessionId}>
                <Link to={`/sessions/${encodeURIComponent(sessionId)}`}>{when(sessionId)}</Link>
              </li>
            ))}
          </ul>
          <p>{t("walkIns.clashFix", { participant: lower(terms.participant) })}</p>
        </Alert>
      ) : (
        <ErrorAlert error={merge.error} />
      )}

      <div className="form-actions">
        {/* Until someone is chosen the button's own words say to choose first. */}
        <ActionButton
          className="button button--primary"
          aria-disabled={!chosen || undefined}
          pending={merge.isPending}
          onClick={() => {
            if (chosen && !merge.isPending) setConfirming(true);
          }}
        >
          {chosen ? t("walkIns.mergeInto", { name: chosen.name }) : t("walkIns.chooseFirst")}
        </ActionButton>
        <button type="button" className="button button--secondary" onClick={onClose}>
          {t("walkIns.leave")}
        </button>
      </div>

      <Dialog open={confirming} onClose={() => setConfirming(false)} title={t("walkIns.confirmTitle", { walkIn: person.name, name: chosen?.name ?? "" })}>
        {confirming && chosen ? (
          <ConfirmAction
            confirmLabel={t("walkIns.confirm")}
            error={null}
            pending={merge.isPending}
            onConfirm={() => {
              setConfirming(false);
              merge.mutate({ walkInId: person.id, into: chosen.id });
            }}
            onCancel={() => setConfirming(false)}
          >
            <p>{t("walkIns.confirmBody", { walkIn: person.name, name: chosen.name })}</p>
          </ConfirmAction>
        ) : null}
      </Dialog>
    </div>
  );
}
