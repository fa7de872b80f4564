import { i18n } from "@/lib/i18n";
import { formatShortDate, formatTime, userLocales, zonedParts } from "@/lib/intl";
import type { AuditEntry } from "./api/list-audit-logs";

/**
 * An audit entry in a person's words: what changed (only that), and where the change came from
 * ("Offline, from Frankie's phone, made 08:57, received 09:14").
 */

/** One field an entry changed: its value before (none for a new thing) and after. */
export interface Change {
  /** The field's name, dotted for a value inside another ("settings.late_after_minutes"). */
  field: string;
  /** Whether there was a value before worth showing ("Late → Present" rather than "Present"). */
  hadBefore: boolean;
  before: unknown;
  after: unknown;
}

// What an entry records for the machinery rather than for people: ids (the entry names its
// participant, session and group in words), versions, where it came from (said in the source
// line), and anything secret.
const MACHINERY = new Set([
  "id",
  "version",
  "source",
  "device_id",
  "device_name",
  "device_time",
  "client_time",
  "clock_skewed",
  "recorded_by",
  "recorded_at",
  "feed_seq",
  "created_at",
  "updated_at",
  "organization_id",
  "mutation_id",
  "batch_id",
]);

function isMachinery(key: string): boolean {
  return MACHINERY.has(key) || /(^|_)ids?$/.test(key) || /(hash|secret|token)/.test(key);
}

const isEmpty = (value: unknown) => value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0);

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function collect(before: Record<string, unknown>, after: Record<string, unknown>, prefix: string, out: Change[]): void {
  for (const key of Object.keys(after)) {
    if (isMachinery(key)) continue;
    const field = prefix ? `${prefix}.${key}` : key;
    const old = before[key];
    const now = after[key];
    // A value inside another (a group's settings, a participant's other columns): the parts that changed.
    if (isPlainObject(now) && (isPlainObject(old) || isEmpty(old))) {
      collect(isPlainObject(old) ? old : {}, now, field, out);
      continue;
    }
    if (same(old, now)) continue;
    // A new thing's empty fields say nothing ("null → null", "Note: —").
    if (isEmpty(now) && isEmpty(old)) continue;
    out.push({ field, hadBefore: !isEmpty(old), before: old ?? null, after: now ?? null });
  }
}

/** The fields an entry changed, never one that stayed the same and never an id or a version. */
export function changes(entry: Pick<AuditEntry, "before" | "after">): Change[] {
  const out: Change[] = [];
  collect(entry.before ?? {}, entry.after ?? {}, "", out);
  return out;
}

// Spelled out so the catalogue check sees each key; an unknown source is put in words from its name.
export const SOURCE_KEYS = {
  online: "audit.source.online",
  offline_sync: "audit.source.offline",
  kiosk: "audit.source.kiosk",
  self_check_in: "audit.source.selfCheckIn",
  auto_mark: "audit.source.autoMark",
  advance_notice: "audit.source.advanceNotice",
  conflict_resolution: "audit.source.conflictResolution",
  import: "audit.source.import",
  schedule: "audit.source.schedule",
  worker: "audit.source.worker",
} as const;

/** "late_after_minutes" → "Late after minutes": a name the catalogue does not know, still in words. */
export function humanize(code: string): string {
  const words = code.replace(/[_.-]+/g, " ").trim();
  return words.charAt(0).toLocaleUpperCase(i18n.language) + words.slice(1);
}

function sameDay(a: Date, b: Date, timeZone: string | undefined): boolean {
  if (!timeZone) return a.toDateString() === b.toDateString();
  return zonedParts(a, timeZone).date === zonedParts(b, timeZone).date;
}

/** A time beside the entry's own: the clock time alone on the same day, else with its date. */
function timeNear(at: Date, near: Date, timeZone: string | undefined): string {
  const time = formatTime(at, timeZone);
  return sameDay(at, near, timeZone) ? time : `${formatShortDate(at, timeZone)} ${time}`;
}

/**
 * Where a change came from, in words: "Offline, from Frankie's phone, made 08:57, received
 * 09:14". The time it was made on the device is said when the entry keeps it (presence keeps it for
 * every change a device made); the time the server received it, when the two can differ (a change
 * sent later from a device).
 */
export function sourceLine(entry: Pick<AuditEntry, "source" | "device_name" | "after" | "created_at">, timeZone: string | undefined): string {
  const key = SOURCE_KEYS[entry.source as keyof typeof SOURCE_KEYS];
  const parts = [key ? i18n.t(key) : humanize(entry.source)];
  if (entry.device_name) parts.push(i18n.t("audit.source.device", { device: entry.device_name }));
  const received = new Date(entry.created_at);
  const clientTime = typeof entry.after?.client_time === "string" ? new Date(entry.after.client_time) : null;
  const made = clientTime && !Number.isNaN(clientTime.getTime()) ? clientTime : null;
  if (made) parts.push(i18n.t("audit.source.made", { at: timeNear(made, received, timeZone) }));
  if (made || entry.source === "offline_sync") parts.push(i18n.t("audit.source.received", { at: formatTime(received, timeZone) }));
  return parts.join(", ");
}

/** "Maths — Mon 23 Nov, 09:00": a session as people know it, by its title and when it starts. */
export function sessionName(session: { title: string; starts_at: string }, timeZone: string | undefined): string {
  const options: Intl.DateTimeFormatOptions = { weekday: "short", day: "numeric", month: "short", hour: "numeric", minute: "2-digit", timeZone };
  let when: string;
  try {
    when = new Intl.DateTimeFormat(userLocales(), options).format(new Date(session.starts_at));
  } catch {
    when = new Intl.DateTimeFormat(userLocales(), { ...options, timeZone: undefined }).format(new Date(session.starts_at));
  }
  return i18n.t("audit.sessionName", { title: session.title, when });
}
