import { useQuery } from "@tanstack/react-query";
import type { Terminology } from "@/components/terminology";
import { ApiError } from "@/lib/problem";
import { kioskRequest } from "./kiosk-client";
import type { Schema } from "@/lib/api/types";

/** A session the kiosk serves; the schema leaves `status` a string, the API sends a session status. */
export type KioskScreenSession = Omit<Schema<"KioskSessionOut">, "status"> & { status: Schema<"Status"> };

/** What the kiosk's screen shows: its name, its sessions, the domain's words and the organization's timezone (its times are shown in it). */
export type KioskInfo = Omit<Schema<"KioskInfo">, "sessions" | "terminology"> & { sessions: KioskScreenSession[]; terminology: Partial<Terminology> };

export function getKiosk(token: string): Promise<KioskInfo> {
  return kioskRequest<KioskInfo>("/api/kiosk", token);
}

/** Sessions open and close through the day: the header looks again now and then. */
const REFRESH_MS = 2 * 60_000;

/** GET /api/kiosk with the kiosk's key — 401 once it is switched off or has expired. */
export function useKioskInfo(token: string) {
  return useQuery({
    queryKey: ["kiosk", token],
    queryFn: () => getKiosk(token),
    refetchInterval: (query) => (query.state.error instanceof ApiError && query.state.error.status === 401 ? false : REFRESH_MS),
    refetchIntervalInBackground: true,
    staleTime: 60_000,
  });
}
