import { downloadFile } from "@/lib/download-file";

/** GET /api/reports/{id}/download — the file, saved under its own name. */
export function downloadReport(id: string): Promise<void> {
  return downloadFile(`/api/reports/${encodeURIComponent(id)}/download`, "report");
}
