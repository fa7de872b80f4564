import { useId, useMemo, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ActionButton } from "@/components/ActionButton";
import { SelectField, TextAreaField } from "@/components/Field";
import { ProblemAlert } from "@/components/ProblemAlert";
import { StateLabel } from "@/components/StateLabel";
import { formatDateTime } from "@/lib/intl";
import { ApiError, fieldErrors } from "@/lib/problem";
import type { SyncConflict } from "@/features/sync-conflicts/api/list-conflicts";
import { useGroupSummary, useParticipantName, useSessionSummary } from "@/features/sync-conflicts/api/names";
import { useResolveConflict, type Resolution } from "@/features/sync-conflicts/api/resolve-conflict";
import { useSessionLine } from "./session-line";
import type { ConflictState } from "./types";

interface ConflictCardProps {
  conflict: SyncConflict;
  admin: boolean;
  selectable: boolean;
  /** The list shows this card's session only: no "Only this session" link. */
  sessionFiltered: boolean;
  selected: boolean;
  onSelect: (on: boolean) => void;
  /** Said (and focused) after a resolution: this card leaves the open list. */
  onSettled: (message: string) => void;
  userNames: ReadonlyMap<string, string> | undefined;
  states: readonly ConflictState[] | undefined;
  timeZone: string | undefined;
  thisDevice: string | null;
}

const HOW = {
  server: "syncConflicts.how.server",
  client: "syncConflicts.how.client",
  custom: "syncConflicts.how.custom",
} as const;

// The fields a custom resolution shows beside its inputs (presence's names, or the sync service's).
const STATE_FIELDS = ["state", "values.state"];
const NOTE_FIELDS = ["note", "values.note"];

/** One version's facts, the same rows for every version so that they read side by side. */
function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="conflict-version__facts">
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * One conflict: who and which session, the server's value and every device's version side by
 * side (state, note, who, device, device time, server time), and — for an administrator, while
 * it is open — keep the server's, take one version, or record another value.
 */
export function ConflictCard(props: ConflictCardProps) {
  const { conflict, admin, selectable, sessionFiltered, selected, onSelect, onSettled, userNames, states, timeZone, thisDevice } = props;
  const { t } = useTranslation();
  const id = useId();
  const participant = useParticipantName(conflict.participant_id);
  const session = useSessionSummary(conflict.session_id);
  const group = useGroupSummary(session.data?.group_id);
  const resolve = useResolveConflict();
  const [customOpen, setCustomOpen] = useState(false);
  const [customState, setCustomState] = useState("");
  const [customNote, setCustomNote] = useState("");
  const [customMissing, setCustomMissing] = useState(false);

  const name = participant.data?.name ?? t("syncConflicts.someone");
  const domain = group.data?.domain;
  const stateOf = useMemo(() => {
    const map = new Map<string, ConflictState>();
    for (const state of states ?? []) if (!domain || state.domain === domain) map.set(state.code, state);
    return map;
  }, [states, domain]);
  const choices = useMemo(
    () => [...stateOf.values()].filter((s) => !s.retired).sort((a, b) => a.sort_order - b.sort_order),
    [stateOf],
  );
  const label = (code: string) => stateOf.get(code)?.label ?? code;
  const who = (userId: string | null | undefined) => (userId ? (userNames?.get(userId) ?? t("syncConflicts.someone")) : t("syncConflicts.nobody"));
  // A device by the name its user gave it ("Frankie's phone"), else by the start of its id.
  const device = (deviceId: string | null | undefined, name?: string | null) => {
    if (!deviceId) return t("syncConflicts.noDevice");
    const short = name || t("syncConflicts.deviceName", { id: deviceId.slice(0, 8) });
    return deviceId === thisDevice ? t("syncConflicts.thisDevice", { device: short }) : short;
  };
  const when = (iso: string | null | undefined) => (iso ? formatDateTime(new Date(iso), timeZone) : t("syncConflicts.noTime"));
  const note = (text: string | null | undefined) => text || <span className="muted">{t("syncConflicts.noNote")}</span>;

  const open = conflict.status === "open";
  const canResolve = admin && open;
  const busy = resolve.isPending;

  const settle = (resolution: Resolution, chosen: string) => {
    if (busy) return;
    // Not mutate's own onSuccess: the card leaves the list (it is settled) before that would run.
    resolve.mutateAsync({ id: conflict.id, resolution }).then(
      () => onSettled(t("syncConflicts.settled", { name, state: label(chosen) })),
      () => undefined, // shown in the card from resolve.error
    );
  };

  const problem = resolve.error instanceof ApiError ? resolve.error.problem : null;
  const errors = fieldErrors(problem);
  const stateError = customMissing ? t("syncConflicts.customStateMissing") : (errors.state ?? errors["values.state"]);
  const noteError = errors.note ?? errors["values.note"];

  const server = conflict.server;
  const sessionLine = useSessionLine(session.data, timeZone);

  return (
    <li className="card conflict-card" aria-labelledby={`${id}-name`}>
      <div className="conflict-card__head">
        {selectable ? (
          <div className="checkbox conflict-card__select">
            <input type="checkbox" id={`${id}-select`} checked={selected} onChange={(e) => onSelect(e.target.checked)} />
            <label htmlFor={`${id}-select`}>
              <span className="visually-hidden">{t("syncConflicts.select", { name })}</span>
            </label>
          </div>
        ) : null}
        <div>
          <h2 id={`${id}-name`} className="conflict-card__name">
            {name}
          </h2>
          {sessionLine ? (
            <p className="muted conflict-card__session">
              {sessionLine}
              {sessionFiltered ? null : (
                <>
                  {" "}
                  <Link className="conflict-card__only-session" to={{ search: `?${new URLSearchParams({ session: conflict.session_id })}` }}>
                    {t("syncConflicts.onlySession")}{" "}
                    <span className="visually-hidden">{t("syncConflicts.onlySessionOf", { session: sessionLine })}</span>
                  </Link>
                </>
              )}
            </p>
          ) : null}
          <p className="muted conflict-card__since">{t("syncConflicts.since", { when: when(conflict.created_at) })}</p>
        </div>
      </div>

      {!open && conflict.resolution ? (
        <p className="conflict-card__resolution">
          {t("syncConflicts.resolvedLine", {
            when: when(conflict.resolved_at),
            who: who(conflict.resolution.by),
            state: label(conflict.resolution.record?.state ?? ""),
            how: t(HOW[conflict.resolution.choice]),
          })}
        </p>
      ) : null}

      <div className="conflict-card__versions" role="group" aria-label={t("syncConflicts.versionsOf", { name })}>
        <section className="conflict-version conflict-version--server" aria-labelledby={`${id}-server`}>
          <h3 id={`${id}-server`}>{server ? t("syncConflicts.serverVersion", { version: server.version }) : t("syncConflicts.serverNone")}</h3>
          {server ? (
            <Facts
              rows={[
                [t("syncConflicts.state"), <StateLabel key="s" color={stateOf.get(server.state)?.color} label={label(server.state)} />],
                [t("syncConflicts.note"), note(server.note)],
                [t("syncConflicts.who"), who(server.recorded_by)],
                [t("syncConflicts.device"), device(server.device_id)],
                [t("syncConflicts.clientTime"), when(server.client_time)],
                [t("syncConflicts.serverTime"), when(server.recorded_at)],
              ]}
            />
          ) : null}
          {canResolve && server ? (
            <ActionButton className="button button--secondary" pending={busy} reasonId={`${id}-settling`} onClick={() => settle({ choice: "server" }, server.state)}>
              {t("syncConflicts.keepServer")}
            </ActionButton>
          ) : null}
        </section>
        {conflict.versions.map((version, index) => (
          <section key={version.id} className="conflict-version" aria-labelledby={`${id}-v${index}`}>
            <h3 id={`${id}-v${index}`}>{t("syncConflicts.deviceVersion", { n: index + 1, total: conflict.versions.length })}</h3>
            <Facts
              rows={[
                [t("syncConflicts.state"), <StateLabel key="s" color={stateOf.get(version.state)?.color} label={label(version.state)} />],
                [t("syncConflicts.note"), note(version.note)],
                [t("syncConflicts.who"), who(version.user_id)],
                [t("syncConflicts.device"), device(version.device_id, version.device_name)],
                [t("syncConflicts.clientTime"), when(version.client_time)],
                [t("syncConflicts.serverTime"), when(version.received_at)],
              ]}
            />
            {canResolve ? (
              <ActionButton
                className="button button--secondary"
                pending={busy}
                reasonId={`${id}-settling`}
                onClick={() => settle({ choice: "client", version_id: version.id }, version.state)}
              >
                {t("syncConflicts.useVersion")}
              </ActionButton>
            ) : null}
          </section>
        ))}
      </div>

      {canResolve ? (
        <div className="conflict-card__custom">
          <button
            type="button"
            className="button button--quiet"
            aria-expanded={customOpen}
            aria-controls={`${id}-custom`}
            onClick={() => setCustomOpen((v) => !v)}
          >
            {t("syncConflicts.custom")}
          </button>
          <form
            id={`${id}-custom`}
            hidden={!customOpen}
            className="form conflict-card__custom-form"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              if (!customState) {
                setCustomMissing(true);
                return;
              }
              setCustomMissing(false);
              settle({ choice: "custom", state: customState, note: customNote.trim() || null }, customState);
            }}
          >
            <SelectField label={t("syncConflicts.customState")} value={customState} error={stateError} onChange={(e) => setCustomState(e.target.value)}>
              <option value="">{t("syncConflicts.customChoose")}</option>
              {choices.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.label}
                </option>
              ))}
            </SelectField>
            <TextAreaField label={t("syncConflicts.customNote")} value={customNote} error={noteError} rows={2} maxLength={2000} onChange={(e) => setCustomNote(e.target.value)} />
            <div className="form-actions">
              <ActionButton type="submit" className="button button--primary" pending={busy} reasonId={`${id}-settling`}>
                {t("syncConflicts.customSubmit")}
              </ActionButton>
            </div>
          </form>
        </div>
      ) : null}

      {busy ? (
        <p id={`${id}-settling`} role="status" className="muted">
          {t("syncConflicts.settling")}
        </p>
      ) : null}
      <ProblemAlert error={resolve.error} fields={[...STATE_FIELDS, ...NOTE_FIELDS]} fallback={t("syncConflicts.failed")} />
    </li>
  );
}
