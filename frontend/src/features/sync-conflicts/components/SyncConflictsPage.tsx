import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { ActionButton } from "@/components/ActionButton";
import { ErrorAlert } from "@/components/ErrorAlert";
import { LoadMore } from "@/components/LoadMore";
import { usePageTitle } from "@/components/page-title";
import { QueryStatus } from "@/components/QueryStatus";
import type { Role } from "@/lib/auth-session";
import { useConflicts, type ConflictStatus } from "@/features/sync-conflicts/api/list-conflicts";
import { useResolveConflicts } from "@/features/sync-conflicts/api/resolve-conflicts";
import { useSessionSummary, useUserNames } from "@/features/sync-conflicts/api/names";
import { ConflictCard } from "./ConflictCard";
import { useSessionLine } from "./session-line";
import type { ConflictState } from "./types";
import "@/features/sync-conflicts/sync-conflicts.css";

interface SyncConflictsPageProps {
  role: Role;
  timeZone: string | undefined;
  /** Every state of every domain, retired ones too (labels of old versions). */
  states: readonly ConflictState[] | undefined;
  /** The id of this device, to say "this device" beside its versions. */
  thisDevice: string | null;
}

/**
 * The conflict queue (SPEC §4.5 step 6): every open conflict with its participant, session and
 * every version side by side; an administrator keeps the server's, takes a device's or writes
 * another, one at a time or many together. Managers read it. Settled ones stay viewable. A card's
 * "Only this session" narrows the list to its session (`?session=<id>`, so reload and Back keep it).
 */
export function SyncConflictsPage({ role, timeZone, states, thisDevice }: SyncConflictsPageProps) {
  const { t } = useTranslation();
  usePageTitle(t("syncConflicts.title"));
  const [status, setStatus] = useState<ConflictStatus>("open");
  const [params, setParams] = useSearchParams();
  const sessionId = params.get("session") || undefined;
  const conflicts = useConflicts({ status, sessionId });
  const filterSession = useSessionSummary(sessionId);
  const filterLine = useSessionLine(filterSession.data, timeZone);
  const users = useUserNames();
  const resolveMany = useResolveConflicts();
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const [message, setMessage] = useState<string | null>(null);
  const messageRef = useRef<HTMLParagraphElement>(null);
  const statusRef = useRef<HTMLSelectElement>(null);
  const filterRef = useRef<HTMLParagraphElement>(null);

  // Another session (or all again): nothing stays selected that is not shown, and the old outcome goes.
  const [shownSession, setShownSession] = useState(sessionId);
  if (shownSession !== sessionId) {
    setShownSession(sessionId);
    setSelected(new Set());
    setMessage(null);
  }
  // The link or button that changed it is gone: focus goes to what is shown now.
  const focusedSession = useRef(sessionId);
  useEffect(() => {
    if (focusedSession.current === sessionId) return;
    focusedSession.current = sessionId;
    (sessionId ? filterRef : statusRef).current?.focus();
  }, [sessionId]);

  const admin = role === "admin";
  const items = conflicts.data?.pages.flatMap((page) => page.items) ?? [];
  const selectable = admin && status === "open";
  const chosen = items.filter((c) => selected.has(c.id));
  const none = {
    open: sessionId ? "syncConflicts.noneOpenSession" : "syncConflicts.noneOpen",
    resolved: sessionId ? "syncConflicts.noneResolvedSession" : "syncConflicts.noneResolved",
  } as const;

  /** After an action its outcome is read out, and focus goes to it (the card it acted on is gone). */
  const announce = (text: string) => {
    setMessage(text);
    requestAnimationFrame(() => messageRef.current?.focus());
  };

  const settleSelected = (choice: "server" | "client") => {
    if (!chosen.length || resolveMany.isPending) return;
    resolveMany.mutate(
      { ids: chosen.map((c) => c.id), choice },
      {
        onSuccess: ({ items: answers }) => {
          const done = answers.filter((a) => a.status === 200).length;
          const failed = answers.filter((a) => a.status !== 200);
          setSelected(new Set(failed.map((a) => a.id)));
          const reasons = [...new Set(failed.map((a) => a.problem?.detail ?? a.problem?.title ?? t("ui.failed")))];
          announce(
            [t("syncConflicts.settledMany", { count: done }), failed.length ? t("syncConflicts.notSettled", { count: failed.length, reasons: reasons.join(" ") }) : ""]
              .filter(Boolean)
              .join(" "),
          );
        },
      },
    );
  };

  return (
    <section className="page page--wide sync-conflicts">
      <h1>{t("syncConflicts.title")}</h1>
      <p className="page__meta">{t(admin ? "syncConflicts.introAdmin" : "syncConflicts.introReader")}</p>

      <div className="sync-conflicts__tools">
        <div className="field">
          <label htmlFor="conflict-status">{t("syncConflicts.show")}</label>
          <select
            ref={statusRef}
            id="conflict-status"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as ConflictStatus);
              setSelected(new Set());
              setMessage(null);
            }}
          >
            <option value="open">{t("syncConflicts.statusOpen")}</option>
            <option value="resolved">{t("syncConflicts.statusResolved")}</option>
          </select>
        </div>
        {selectable && items.length ? (
          <fieldset className="fieldset sync-conflicts__bulk">
            <legend>{t("syncConflicts.bulkLegend", { count: chosen.length })}</legend>
            <div className="checkbox">
              <input
                type="checkbox"
                id="conflict-select-all"
                checked={chosen.length === items.length}
                onChange={(e) => setSelected(e.target.checked ? new Set(items.map((c) => c.id)) : new Set())}
              />
              <label htmlFor="conflict-select-all">{t("syncConflicts.selectAll")}</label>
            </div>
            <div className="form-actions">
              <ActionButton
                className="button button--secondary"
                pending={resolveMany.isPending}
                unavailableReason={chosen.length ? undefined : t("syncConflicts.chooseFirst")}
                reasonId="conflicts-bulk-why"
                onClick={() => settleSelected("server")}
              >
                {t("syncConflicts.keepServerSelected")}
              </ActionButton>
              <ActionButton
                className="button button--secondary"
                pending={resolveMany.isPending}
                unavailableReason={chosen.length ? undefined : t("syncConflicts.chooseFirst")}
                reasonId="conflicts-bulk-why"
                onClick={() => settleSelected("client")}
              >
                {t("syncConflicts.takeLatestSelected")}
              </ActionButton>
              {resolveMany.isPending ? (
                <span id="conflicts-bulk-why" role="status" className="muted">
                  {t("syncConflicts.settling")}
                </span>
              ) : chosen.length ? null : (
                <span id="conflicts-bulk-why" className="muted">
                  {t("syncConflicts.chooseFirst")}
                </span>
              )}
            </div>
            <ErrorAlert error={resolveMany.error} />
          </fieldset>
        ) : null}
      </div>

      {sessionId ? (
        <div className="sync-conflicts__filter">
          <p ref={filterRef} tabIndex={-1}>
            {filterLine ? t("syncConflicts.filteredBy", { session: filterLine }) : t("syncConflicts.filteredByOne")}
          </p>
          <button
            type="button"
            className="button button--secondary"
            onClick={() =>
              setParams((current) => {
                const next = new URLSearchParams(current);
                next.delete("session");
                return next;
              })
            }
          >
            {t("syncConflicts.showAll")}
          </button>
        </div>
      ) : null}

      <p ref={messageRef} role="status" tabIndex={-1} className="sync-conflicts__message">
        {message}
      </p>

      <QueryStatus isPending={conflicts.isPending} error={conflicts.error} onRetry={() => void conflicts.refetch()} />
      {conflicts.isSuccess && items.length === 0 ? (
        <p className="empty">{t(none[status])}</p>
      ) : null}
      {items.length ? (
        <ul className="sync-conflicts__list" aria-label={t("syncConflicts.listLabel")}>
          {items.map((conflict) => (
            <ConflictCard
              key={conflict.id}
              conflict={conflict}
              admin={admin}
              selectable={selectable}
              sessionFiltered={Boolean(sessionId)}
              selected={selected.has(conflict.id)}
              onSelect={(on) =>
                setSelected((current) => {
                  const next = new Set(current);
                  if (on) next.add(conflict.id);
                  else next.delete(conflict.id);
                  return next;
                })
              }
              onSettled={announce}
              userNames={users.data}
              states={states}
              timeZone={timeZone}
              thisDevice={thisDevice}
            />
          ))}
        </ul>
      ) : null}
      {items.length ? (
        <LoadMore shown={items.length} hasMore={conflicts.hasNextPage} isFetching={conflicts.isFetchingNextPage} onMore={() => void conflicts.fetchNextPage()} />
      ) : null}
    </section>
  );
}
