import type { PresenceRecord, Roster } from "@/features/roster/api/get-roster";

/** The roster's items with these records put in; untouched items keep their identity (cheap rows). */
export function withRecords(roster: Roster, records: readonly PresenceRecord[]): Roster {
  const byParticipant = new Map(records.map((record) => [record.participant_id, record]));
  let changed = false;
  const items = roster.items.map((item) => {
    const record = byParticipant.get(item.participant.id);
    // A slower answer (or a refetch started earlier) never takes a record back to an older version.
    if (!record || (item.record && item.record.version > record.version)) return item;
    if (item.record && item.record.version === record.version && item.record.state === record.state && item.record.note === record.note) {
      return item;
    }
    changed = true;
    return { ...item, record };
  });
  return changed ? { ...roster, items } : roster;
}

/** A record as a 409 may carry it. */
export function isRecord(value: unknown): value is PresenceRecord {
  return typeof value === "object" && value !== null && typeof (value as PresenceRecord).participant_id === "string";
}
