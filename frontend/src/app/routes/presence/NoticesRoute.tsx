import { useCallback, useMemo } from "react";
import { QueryStatus } from "@/components/QueryStatus";
import { NoticesPage } from "@/features/advance-notices/components/NoticesPage";
import type { NoticeState } from "@/features/advance-notices/components/types";
import type { Domain } from "@/features/domains/api/list-domains";
import { todayIn } from "@/lib/intl";
import { RequireRole } from "./RequireRole";
import { usePresenceFrame } from "./use-presence-frame";

/** The organization's states of these categories, once each (a code means the same in every domain's notice). */
export function statesOf(domains: readonly Domain[] | undefined, categories: readonly string[]): NoticeState[] {
  const seen = new Map<string, NoticeState>();
  for (const state of domains?.flatMap((d) => d.states) ?? []) {
    if (categories.includes(state.category) && !seen.has(state.code)) seen.set(state.code, { code: state.code, label: state.label, category: state.category });
  }
  // Excused first: the usual absence known beforehand.
  return [...seen.values()].sort((a, b) => (a.category === b.category ? 0 : a.category === "excused" ? -1 : 1));
}

/** A state's label by its code, in the organization's domains (the code itself if none has it). */
export function useStateLabel(domains: readonly Domain[] | undefined) {
  return useCallback((code: string) => domains?.flatMap((d) => d.states).find((s) => s.code === code)?.label ?? code, [domains]);
}

/** Absences known in advance, for staff: administrators decide the requests. */
export function NoticesRoute() {
  const frame = usePresenceFrame();
  const states = useMemo(() => statesOf(frame.domains, ["excused", "absent"]), [frame.domains]);
  const stateLabel = useStateLabel(frame.domains);
  const role = frame.role;
  return (
    <RequireRole roles={["admin", "manager", "frontline"]}>
      {frame.timeZone && (role === "admin" || role === "manager" || role === "frontline") ? (
        <NoticesPage role={role} states={states} stateLabel={stateLabel} terms={frame.terms} timeZone={frame.timeZone} today={todayIn(frame.timeZone)} />
      ) : (
        <QueryStatus isPending error={null} />
      )}
    </RequireRole>
  );
}
