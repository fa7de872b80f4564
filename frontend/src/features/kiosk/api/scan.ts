import type { SyncedRecord } from "@/lib/offline/sync-api";
import { kioskRequest } from "./kiosk-client";

export interface ScanInput {
  /** What the badge says (a participant's external reference), typed or scanned. */
  badge: string;
  pin?: string;
}

export interface Scanned {
  action: "checked_in" | "checked_out";
  participant: { id: string; name: string };
  record: SyncedRecord;
  session: { id: string; title: string };
}

/**
 * POST /api/kiosk/scan — checks the badge's participant in (or out, if they are in) at the kiosk's
 * open session they belong to. 404 unknown badge; 422 naming `pin` (`wrong_pin`: missing or
 * wrong) or `badge` (`not_expected`); 429 `locked` with Retry-After; 401 the kiosk is switched off.
 */
export function scanBadge(token: string, input: ScanInput): Promise<Scanned> {
  return kioskRequest<Scanned>("/api/kiosk/scan", token, { method: "POST", body: input });
}
