import { useMemo } from "react";
import { useMe } from "@/features/auth/api/get-me";
import { usePendingNotices } from "@/features/advance-notices/api/list-notices";
import { useGroups } from "@/features/groups/api/list-groups";
import { HomePage, type MyFigures } from "@/features/home/components/HomePage";
import { useMyAttendance } from "@/features/my-space/api/attendance";
import { useMySessions } from "@/features/my-space/api/my-sessions";
import { periodDays, roundRate, summarize } from "@/features/my-space/components/attendance";
import { useCurrentOrganization } from "@/features/organization/api/get-current-organization";
import { useTodayStats } from "@/features/sessions/api/get-today-stats";
import { useLiveToday } from "@/features/sessions/hooks/live-today";
import { useOpenConflictCount } from "@/features/sync-conflicts/api/list-conflicts";
import { useAuthSession } from "@/lib/auth-session";
import { addDays, todayIn } from "@/lib/intl";
import { usePresenceFrame } from "./presence/use-presence-frame";

/** Features stay apart (CONVENTIONS 11): the app hands the home page what the others know. */
export function HomeRoute() {
  const me = useMe();
  const sessionUser = useAuthSession((state) => state.user);
  const organization = useCurrentOrganization();
  const frame = usePresenceFrame();
  const user = me.data ?? sessionUser;
  const role = user?.role;
  const staff = role === "admin" || role === "manager" || role === "frontline";
  const overseer = role === "admin" || role === "manager";

  const today = useTodayStats({ enabled: staff });
  const live = useLiveToday(staff ? today.data : undefined);
  const groups = useGroups({ enabled: overseer });
  const conflicts = useOpenConflictCount({ enabled: role === "admin" });
  const pending = usePendingNotices({ enabled: overseer });
  const my = useMyFigures(role === "external" ? frame.timeZone : undefined);

  const activeGroups = useMemo(() => groups.data?.items.filter((g) => !g.archived_at), [groups.data]);
  if (!user) return null;
  return (
    <HomePage
      fullName={user.full_name}
      role={user.role}
      timeZone={organization.data?.timezone}
      terms={frame.terms}
      termsFor={frame.termsFor}
      categoryOf={frame.categoryOf}
      today={staff ? { items: today.data?.items, isPending: today.isPending, error: today.error, onRetry: () => void today.refetch(), live } : undefined}
      groups={overseer ? activeGroups : undefined}
      threshold={organization.data?.attendance_threshold_percent}
      openConflicts={role === "admin" ? conflicts.data : undefined}
      pendingRequests={overseer ? pending.data : undefined}
      my={role === "external" ? my : undefined}
    />
  );
}

/** A participant's rate over the last four weeks, week by week, and their next sessions (two weeks ahead). */
function useMyFigures(timeZone: string | undefined): MyFigures {
  const day = timeZone ? todayIn(timeZone) : "";
  const { from, to } = periodDays("4w", day || "2000-01-01");
  const attendance = useMyAttendance(from, to, { enabled: Boolean(day) });
  const sessions = useMySessions(day, day ? addDays(day, 14) : "", { enabled: Boolean(day) });
  // Sessions still to come (or going on): those ending after the first answer came.
  const now = sessions.dataUpdatedAt;
  return useMemo(() => {
    const summary = summarize(attendance.data ?? []);
    return {
      rate: summary.rate === null ? null : roundRate(summary.rate),
      weeks: attendance.data ?? [],
      next: (sessions.data ?? []).filter((s) => s.status !== "cancelled" && Date.parse(s.ends_at) > now).slice(0, 3),
      isPending: !day || attendance.isPending || sessions.isPending,
      error: attendance.error ?? sessions.error,
    };
  }, [attendance.data, attendance.error, attendance.isPending, day, now, sessions.data, sessions.error, sessions.isPending]);
}
