import { kioskRequest } from "./kiosk-client";
import type { Schema } from "@/lib/api/types";

/** `badge`: what the badge says (a participant's external reference), typed or scanned. */
export type ScanInput = Schema<"Scan">;

/** The schema leaves `action` a string; the API sends one of the two. */
export type Scanned = Omit<Schema<"Scanned">, "action"> & { action: "checked_in" | "checked_out" };

/**
 * POST /api/kiosk/scan — checks the badge's participant in (or out, if they are in) at the kiosk's
 * open session they belong to. 404 unknown badge; 422 naming `pin` (`wrong_pin`: missing or
 * wrong) or `badge` (`not_expected`); 429 `locked` with Retry-After; 401 the kiosk is switched off.
 */
export function scanBadge(token: string, input: ScanInput): Promise<Scanned> {
  return kioskRequest<Scanned>("/api/kiosk/scan", token, { method: "POST", body: input });
}
