import { useGroups } from "@/features/groups/api/list-groups";
import { TodayPage } from "@/features/sessions/components/TodayPage";
import { RequireRole } from "./RequireRole";
import { usePresenceFrame } from "./use-presence-frame";

export function TodayRoute() {
  const frame = usePresenceFrame();
  const groups = useGroups({ enabled: frame.role === "admin" || frame.role === "frontline" || frame.role === "manager" });
  return (
    <RequireRole roles={["admin", "manager", "frontline"]}>
      <TodayPage timeZone={frame.timeZone} groups={groups.data?.items} termsFor={frame.termsFor} terms={frame.terms} categoryOf={frame.categoryOf} />
    </RequireRole>
  );
}
