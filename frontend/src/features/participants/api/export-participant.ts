import { downloadFile } from "@/lib/download-file";

/**
 * GET /api/participants/{id}/export — everything every service holds about them (subject access),
 * one JSON file saved under the name the server gives it.
 */
export function downloadParticipantData(id: string): Promise<void> {
  return downloadFile(`/api/participants/${encodeURIComponent(id)}/export`, `participant-${id}.json`);
}
