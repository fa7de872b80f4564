import { ApiError, NetworkError, parseProblem, parseRetryAfter } from "@/lib/problem";

/**
 * The kiosk's own requests: `Authorization: Kiosk <token>`, never the signed-in user's token nor
 * their refresh cookie (a plain fetch, not the app's client). Errors are the app's ApiError (with
 * Retry-After) or NetworkError.
 */
export async function kioskRequest<T>(path: string, token: string, { method = "GET", body }: { method?: "GET" | "POST"; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json", Authorization: `Kiosk ${token}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "omit",
      cache: "no-store",
    });
  } catch (error) {
    throw new NetworkError(error);
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) throw new ApiError(response.status, parseProblem(parsed, response.status), parsed, parseRetryAfter(response.headers.get("Retry-After")));
  return parsed as T;
}
