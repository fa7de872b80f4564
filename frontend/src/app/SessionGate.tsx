import { Outlet } from "react-router";
import { useAuthSession } from "@/lib/auth-session";
import { LoadingScreen } from "./LoadingScreen";

/** Holds every route back until the start-up refresh has said whether there is a session. */
export function SessionGate() {
  const restoring = useAuthSession((state) => state.status === "restoring");
  return restoring ? <LoadingScreen /> : <Outlet />;
}
