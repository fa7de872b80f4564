/**
 * Dates and numbers follow the user's own locale (the browser's), while the words come from the
 * catalogue; times are shown in the organization's timezone (SPEC §6.6).
 */
export function userLocales(): readonly string[] {
  if (typeof navigator !== "undefined" && navigator.languages?.length) return navigator.languages;
  return ["en"];
}

export function formatDate(value: Date, options: { timeZone?: string; locales?: readonly string[] } = {}): string {
  const locales = options.locales ?? userLocales();
  try {
    return new Intl.DateTimeFormat(locales, { dateStyle: "full", timeZone: options.timeZone }).format(value);
  } catch {
    // An unknown zone name is a RangeError; the date in the browser's own zone beats no date.
    return new Intl.DateTimeFormat(locales, { dateStyle: "full" }).format(value);
  }
}

function dateTimeFormat(options: Intl.DateTimeFormatOptions, locales: readonly string[] = userLocales()) {
  try {
    return new Intl.DateTimeFormat(locales, options);
  } catch {
    const { timeZone: _unknownZone, ...rest } = options;
    return new Intl.DateTimeFormat(locales, rest);
  }
}

/** "Thu 27 Nov 2026" in the user's locale, as the day is in `timeZone`. */
export function formatShortDate(value: Date, timeZone?: string): string {
  return dateTimeFormat({ weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone }).format(value);
}

/** A calendar day given as "YYYY-MM-DD" ("Thu 27 Nov 2026"): the same day wherever the viewer is. */
export function formatDay(date: string): string {
  return formatShortDate(new Date(`${date}T12:00:00Z`), "UTC");
}

/** "09:00" (or "9:00 AM") in the user's locale, as the clock shows it in `timeZone`. */
export function formatTime(value: Date, timeZone?: string): string {
  return dateTimeFormat({ timeStyle: "short", timeZone }).format(value);
}

/** A date with its time, e.g. for audit entries. */
export function formatDateTime(value: Date, timeZone?: string): string {
  return dateTimeFormat({ dateStyle: "medium", timeStyle: "medium", timeZone }).format(value);
}

/** "09:00–10:00", the two clock times of one span in `timeZone`. */
export function formatTimeRange(start: Date, end: Date, timeZone?: string): string {
  return dateTimeFormat({ timeStyle: "short", timeZone }).formatRange(start, end);
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(userLocales()).format(value);
}

/**
 * The calendar date ("YYYY-MM-DD") and wall-clock time ("HH:MM") an instant has in `timeZone`:
 * what the API's date filters and local-time fields speak (SPEC §3.3).
 */
export function zonedParts(value: Date, timeZone: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    dateTimeFormat(
      { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone },
      ["en-GB"],
    )
      .formatToParts(value)
      .map((part) => [part.type, part.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/**
 * The instant at which the clock in `timeZone` shows `date` ("YYYY-MM-DD") and `time` ("HH:MM"):
 * what a form's local date and time mean. A time that the clock skips (a spring-forward gap) gives
 * the instant one offset later, as the clock would read it.
 */
export function zonedTimeToUtc(date: string, time: string, timeZone: string): Date {
  const [year, month, day] = date.split("-").map(Number);
  const [hour, minute] = time.split(":").map(Number);
  const wall = Date.UTC(year!, month! - 1, day!, hour!, minute!);
  const offsetAt = (instant: number) => {
    const parts = zonedParts(new Date(instant), timeZone);
    const [y, mo, d] = parts.date.split("-").map(Number);
    const [h, mi] = parts.time.split(":").map(Number);
    return Date.UTC(y!, mo! - 1, d!, h!, mi!) - instant;
  };
  // The zone's offset at the wall time read as UTC, then again at the instant that gives: two
  // steps settle it on either side of a daylight-saving change.
  const first = wall - offsetAt(wall);
  return new Date(wall - offsetAt(first));
}

/** Today's date ("YYYY-MM-DD") in `timeZone`. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return zonedParts(now, timeZone).date;
}

/** A "YYYY-MM-DD" date moved by whole days (calendar arithmetic, no zone involved). */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split("-").map(Number);
  const moved = new Date(Date.UTC(year!, month! - 1, day! + days));
  return moved.toISOString().slice(0, 10);
}
