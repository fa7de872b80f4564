import { apiClient } from "@/lib/api-client";
import { useAuthSession } from "@/lib/auth-session";
import { ApiError, parseProblem } from "@/lib/problem";

async function fetchFile(id: string, token: string | null): Promise<Response> {
  return fetch(`/api/reports/${id}/download`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    credentials: "same-origin",
  });
}

/**
 * GET /api/reports/{id}/download — the file, saved under its own name. The link needs the access
 * token, so the file is fetched here and handed to the browser as a blob (never a guessable URL).
 */
export async function downloadReport(id: string): Promise<void> {
  let response = await fetchFile(id, useAuthSession.getState().accessToken);
  if (response.status === 401) {
    const refreshed = await apiClient.refreshSession();
    if (refreshed.outcome === "refreshed") response = await fetchFile(id, useAuthSession.getState().accessToken);
  }
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => undefined);
    throw new ApiError(response.status, parseProblem(body, response.status), body);
  }
  const disposition = response.headers.get("content-disposition") ?? "";
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const name = encoded ? decodeURIComponent(encoded) : (/filename="([^"]+)"/i.exec(disposition)?.[1] ?? "report");
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
