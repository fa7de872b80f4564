import { downloadFile } from "@/lib/download-file";

/**
 * GET /api/participants/{id}/export for the signed-in participant's own id (their `external` login
 * may have their own, and nobody else's) — everything every service holds about them, one JSON
 * file saved under the name the server gives it.
 */
export function downloadMyData(participantId: string): Promise<void> {
  return downloadFile(`/api/participants/${encodeURIComponent(participantId)}/export`, "my-data.json");
}
