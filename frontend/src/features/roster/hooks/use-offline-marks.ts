import { useMemo } from "react";
import type { CheckAction, SyncNotice } from "@/lib/offline/db";
import { useOutbox } from "@/lib/offline/outbox";
import type { RosterItem } from "@/features/roster/api/get-roster";

/** What a participant is marked as (or is being marked as). */
export interface Mark {
  state: string;
  note: string | null;
}

/** A check-in or check-out made on this screen: shown at once, with the time it was made. */
export interface Check {
  action: CheckAction;
  /** This device's clock when it was made (ISO 8601). */
  at: string;
}

/**
 * This session's changes waiting in the outbox — the latest mark and the latest check-in or
 * check-out per participant, the walk-ins not sent yet (as rows under their placeholder ids, their
 * mark among the marks) — and sync's notices.
 */
export function useOfflineMarks(sessionId: string) {
  const entries = useOutbox((state) => state.entries);
  const notices = useOutbox((state) => state.notices);
  const { queued, queuedChecks, walkIns } = useMemo(() => {
    const marks = new Map<string, Mark>();
    const checks = new Map<string, Check>();
    const people: RosterItem[] = [];
    for (const entry of entries) {
      if (entry.session_id !== sessionId) continue;
      if (entry.walk_in) people.push({ participant: { id: entry.participant_id, name: entry.walk_in.name, external_ref: null, walk_in: true }, record: null });
      if (entry.action) checks.set(entry.participant_id, { action: entry.action, at: (entry.action === "check_in" ? entry.check_in_at : entry.check_out_at) ?? entry.client_time });
      else if (entry.state !== null) marks.set(entry.participant_id, { state: entry.state, note: entry.note });
    }
    return { queued: marks, queuedChecks: checks, walkIns: people };
  }, [entries, sessionId]);
  const noticeByParticipant = useMemo(() => {
    const map = new Map<string, SyncNotice>();
    for (const notice of notices) if (notice.session_id === sessionId) map.set(notice.participant_id, notice);
    return map;
  }, [notices, sessionId]);
  return { queued, queuedChecks, walkIns, notices: noticeByParticipant };
}
