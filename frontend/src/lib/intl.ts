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
