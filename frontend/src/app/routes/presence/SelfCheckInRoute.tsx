import { useMemo } from "react";
import { useDomains } from "@/features/domains/api/list-domains";
import { SelfCheckInPage } from "@/features/self-check-in/components/SelfCheckInPage";
import { RequireRole } from "./RequireRole";
import { usePresenceFrame } from "./use-presence-frame";

/** A participant (the `external` role) checks themselves in with the code on the screen. */
export function SelfCheckInRoute() {
  const frame = usePresenceFrame();
  // The states say whether a check-in counted as late, and name a mark staff made.
  const domains = useDomains({ enabled: frame.role === "external" });
  const states = useMemo(() => domains.data?.flatMap((domain) => domain.states), [domains.data]);
  return (
    <RequireRole roles={["external"]}>
      <SelfCheckInPage states={states} timeZone={frame.timeZone} terms={frame.terms} />
    </RequireRole>
  );
}
