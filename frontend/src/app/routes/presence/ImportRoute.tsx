import { ImportPage } from "@/features/participants/components/ImportPage";
import { RequireRole } from "./RequireRole";
import { usePresenceFrame } from "./use-presence-frame";

export function ImportRoute() {
  const frame = usePresenceFrame();
  return (
    <RequireRole roles={["admin"]}>
      <ImportPage terms={frame.terms} />
    </RequireRole>
  );
}
