import { i18n } from "./i18n";
import { formatNumber } from "./intl";

/**
 * A span of whole minutes in words the catalogue gives ("6 h 12 min", "45 min", "2 h"), numbers in
 * the user's locale. Negative spans count as none.
 */
export function formatDuration(minutes: number): string {
  const total = Math.max(0, Math.floor(minutes));
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  if (hours === 0) return i18n.t("duration.minutes", { minutes: formatNumber(rest) });
  if (rest === 0) return i18n.t("duration.hours", { hours: formatNumber(hours) });
  return i18n.t("duration.hoursMinutes", { hours: formatNumber(hours), minutes: formatNumber(rest) });
}

/** Whole minutes from `from` to `to` (rounded down, as the server counts `duration_minutes`). */
export function minutesBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / 60_000);
}
