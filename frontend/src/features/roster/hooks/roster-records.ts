import type { PresenceRecord, Roster, RosterItem } from "@/features/roster/api/get-roster";

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

/** The roster's order: by name, whatever the case, then by id (as the server sorts it). */
export function byName(a: RosterItem, b: RosterItem): number {
  const order = a.participant.name.localeCompare(b.participant.name, undefined, { sensitivity: "base" });
  return order || (a.participant.id < b.participant.id ? -1 : a.participant.id > b.participant.id ? 1 : 0);
}

/** The roster with someone added on the spot (a walk-in the server has just made), in name order. */
export function withPerson(roster: Roster, item: RosterItem): Roster {
  if (roster.items.some((i) => i.participant.id === item.participant.id)) return withRecords(roster, item.record ? [item.record] : []);
  return { ...roster, items: [...roster.items, item].sort(byName) };
}

/**
 * A roster read again, keeping any record the cache already holds in a newer version: a refetch
 * that set out before a live event (or a mark's answer) came must not take that record back.
 */
export function keepNewerRecords(previous: Roster | undefined, next: Roster): Roster {
  if (!previous || previous.session.id !== next.session.id) return next;
  const held = new Map(previous.items.flatMap((item) => (item.record ? [[item.participant.id, item.record] as const] : [])));
  let kept = false;
  const items = next.items.map((item) => {
    const record = held.get(item.participant.id);
    if (!record || (item.record && item.record.version >= record.version)) return item;
    kept = true;
    return { ...item, record };
  });
  return kept ? { ...next, items } : next;
}
