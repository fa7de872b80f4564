import { useRef, useState } from "react";
import { apiClient } from "@/lib/api-client";
import { useAuthSession } from "@/lib/auth-session";
import { ApiError, parseProblem } from "@/lib/problem";

async function fetchFile(path: string, token: string | null): Promise<Response> {
  return fetch(path, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    credentials: "same-origin",
  });
}

/** The file's own name from `Content-Disposition`, else `fallback`. */
export function fileNameOf(disposition: string, fallback: string): string {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  return encoded ? decodeURIComponent(encoded) : (/filename="([^"]+)"/i.exec(disposition)?.[1] ?? fallback);
}

/**
 * GET `path` and save the answer under its own name. The link needs the access token, so the file
 * is fetched here and handed to the browser as a blob (never a guessable URL); a refused token is
 * refreshed once. A problem answer is thrown as an ApiError.
 */
export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  let response = await fetchFile(path, useAuthSession.getState().accessToken);
  if (response.status === 401) {
    const refreshed = await apiClient.refreshSession();
    if (refreshed.outcome === "refreshed") response = await fetchFile(path, useAuthSession.getState().accessToken);
  }
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => undefined);
    throw new ApiError(response.status, parseProblem(body, response.status), body);
  }
  const name = fileNameOf(response.headers.get("content-disposition") ?? "", fallbackName);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * A download a button starts: whether the file is on its way, whether it arrived, and why not.
 * `download` is the feature's own call (it saves the file, or throws why it could not); a second
 * start while one is on its way does nothing.
 */
export function useFileDownload(download: () => Promise<void>) {
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // State is a render behind: a second press in the same moment would see `pending` still false.
  const busy = useRef(false);
  const start = async () => {
    if (busy.current) return;
    busy.current = true;
    setError(null);
    setDone(false);
    setPending(true);
    try {
      await download();
      setDone(true);
    } catch (caught) {
      setError(caught);
    } finally {
      busy.current = false;
      setPending(false);
    }
  };
  return { start, pending, done, error };
}
