import { describe, expect, it, vi } from "vitest";
import { createApiClient, REFRESH_LOCK, type RefreshResult, type SessionPort } from "./api-client";
import type { TokenResponse } from "./auth-session";
import { runInBackground } from "./background";
import { ApiError, NetworkError } from "./problem";

const user = {
  id: "u1",
  email: "admin@example.com",
  full_name: "Alex Admin",
  role: "admin" as const,
  organization_id: "o1",
  participant_id: null,
};

function tokens(accessToken: string): TokenResponse {
  return { access_token: accessToken, token_type: "bearer", expires_in: 900, refresh_token: "ignored", user };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": status >= 400 ? "application/problem+json" : "application/json" },
  });
}

const unauthorized = (slug = "unauthorized") =>
  json(401, { type: `https://omnipresence.example/problems/${slug}`, title: "Unauthorized", status: 401, detail: "Authentication is required." });

interface Call {
  path: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  credentials: RequestCredentials | undefined;
}

/**
 * A fake server: `/api/auth/refresh` hands out "token-1", "token-2", … (or what `refresh` says);
 * every other path answers with `handler`, given the bearer token it received.
 */
function fakeServer(options: {
  handler: (path: string, token: string | undefined) => Response | Promise<Response>;
  refresh?: () => Response | Promise<Response>;
}) {
  const calls: Call[] = [];
  let issued = 0;
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const path = String(input);
    calls.push({ path, method: init?.method ?? "GET", headers, body: init?.body as string | undefined, credentials: init?.credentials });
    if (path === "/api/auth/refresh") {
      if (options.refresh) return options.refresh();
      issued += 1;
      return json(200, tokens(`token-${issued}`));
    }
    return options.handler(path, headers.authorization?.replace(/^Bearer /, ""));
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls, refreshes: () => calls.filter((c) => c.path === "/api/auth/refresh") };
}

function fakeSession(initialToken: string | null = "token-0") {
  let token = initialToken;
  const session: SessionPort & { ended: ReturnType<typeof vi.fn> } = {
    getAccessToken: () => token,
    refreshed: (t) => {
      token = t.access_token;
    },
    ended: vi.fn(() => {
      token = null;
    }),
  };
  return session;
}

/** Answers 401 to every token but the ones given. */
const acceptOnly =
  (...good: string[]) =>
  (_path: string, token: string | undefined) =>
    token && good.includes(token) ? json(200, { ok: true, token }) : unauthorized();

describe("api client", () => {
  it("sends the bearer token and Accept, and no background header for a user's action", async () => {
    const server = fakeServer({ handler: acceptOnly("token-0") });
    const client = createApiClient({ session: fakeSession(), fetch: server.fetch });

    await expect(client.request("/api/auth/me")).resolves.toEqual({ ok: true, token: "token-0" });

    const [call] = server.calls;
    expect(call?.headers.authorization).toBe("Bearer token-0");
    expect(call?.headers.accept).toBe("application/json");
    expect(call?.headers["x-omni-background"]).toBeUndefined();
  });

  it("marks requests the app starts on its own with X-Omni-Background: 1", async () => {
    const server = fakeServer({ handler: acceptOnly("token-0") });
    const client = createApiClient({ session: fakeSession(), fetch: server.fetch });

    await runInBackground(() => client.request("/api/organizations/current"));

    expect(server.calls[0]?.headers["x-omni-background"]).toBe("1");
  });

  it("on 401 refreshes once, then retries the call with the new token", async () => {
    const server = fakeServer({ handler: acceptOnly("token-1") });
    const session = fakeSession("token-0");
    const client = createApiClient({ session, fetch: server.fetch });

    await expect(client.request("/api/auth/me")).resolves.toEqual({ ok: true, token: "token-1" });

    expect(server.calls.map((c) => `${c.path} ${c.headers.authorization ?? "-"}`)).toEqual([
      "/api/auth/me Bearer token-0",
      "/api/auth/refresh -",
      "/api/auth/me Bearer token-1",
    ]);
    const refresh = server.refreshes()[0];
    expect(refresh?.method).toBe("POST");
    expect(refresh?.body).toBe("{}");
    expect(refresh?.credentials).toBe("same-origin");
    expect(session.ended).not.toHaveBeenCalled();
  });

  it("refreshes and retries on a token-stale 401 too (the role changed)", async () => {
    let refreshed = false;
    const server = fakeServer({
      handler: () => (refreshed ? json(200, { role: "manager" }) : unauthorized("token-stale")),
      refresh: () => {
        refreshed = true;
        return json(200, tokens("token-1"));
      },
    });
    const client = createApiClient({ session: fakeSession(), fetch: server.fetch });

    await expect(client.request("/api/auth/me")).resolves.toEqual({ role: "manager" });
    expect(server.refreshes()).toHaveLength(1);
  });

  it("shares one refresh among concurrent 401s", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const server = fakeServer({
      handler: acceptOnly("token-1"),
      refresh: async () => {
        await gate;
        return json(200, tokens("token-1"));
      },
    });
    const client = createApiClient({ session: fakeSession(), fetch: server.fetch });

    const all = Promise.all([client.request("/api/a"), client.request("/api/b"), client.request("/api/c")]);
    await vi.waitFor(() => expect(server.refreshes()).toHaveLength(1));
    release();

    await expect(all).resolves.toHaveLength(3);
    expect(server.refreshes()).toHaveLength(1);
  });

  it("retries without refreshing again when another call already got a new token", async () => {
    const session = fakeSession("token-0");
    let answerLate: (response: Response) => void = () => {};
    const server = fakeServer({
      handler: (path, token) => {
        if (path === "/api/slow" && token === "token-0") {
          return new Promise<Response>((resolve) => {
            answerLate = resolve;
          });
        }
        return acceptOnly("token-1")(path, token);
      },
    });
    const client = createApiClient({ session, fetch: server.fetch });

    const slow = client.request("/api/slow");
    await expect(client.request("/api/fast")).resolves.toEqual({ ok: true, token: "token-1" });
    answerLate(unauthorized()); // sent with token-0, refused after token-1 arrived

    await expect(slow).resolves.toEqual({ ok: true, token: "token-1" });
    expect(server.refreshes()).toHaveLength(1);
  });

  it("ends the session when the refresh is refused, and does not retry", async () => {
    const server = fakeServer({ handler: acceptOnly(), refresh: () => unauthorized("session-ended") });
    const session = fakeSession();
    const client = createApiClient({ session, fetch: server.fetch });

    const error = await client.request("/api/auth/me").catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(session.ended).toHaveBeenCalledTimes(1);
    expect(server.calls.map((c) => c.path)).toEqual(["/api/auth/me", "/api/auth/refresh"]);
  });

  it("never loops: a 401 on the retried call ends the session without a second refresh", async () => {
    const server = fakeServer({ handler: acceptOnly() });
    const session = fakeSession();
    const client = createApiClient({ session, fetch: server.fetch });

    await expect(client.request("/api/auth/me")).rejects.toBeInstanceOf(ApiError);

    expect(server.calls.map((c) => c.path)).toEqual(["/api/auth/me", "/api/auth/refresh", "/api/auth/me"]);
    expect(session.ended).toHaveBeenCalledTimes(1);
  });

  it("keeps the session when the refresh could not reach the server", async () => {
    const server = fakeServer({
      handler: acceptOnly(),
      refresh: () => Promise.reject(new TypeError("Failed to fetch")),
    });
    const session = fakeSession();
    const client = createApiClient({ session, fetch: server.fetch });

    await expect(client.request("/api/auth/me")).rejects.toBeInstanceOf(NetworkError);
    expect(session.ended).not.toHaveBeenCalled();
  });

  it("does not refresh on the sign-in call's 401 (wrong credentials) nor without a session", async () => {
    const server = fakeServer({ handler: () => unauthorized() });
    const client = createApiClient({ session: fakeSession(null), fetch: server.fetch });

    await expect(client.request("/api/auth/login", { method: "POST", body: {}, anonymous: true })).rejects.toBeInstanceOf(ApiError);
    await expect(client.request("/api/auth/me")).rejects.toBeInstanceOf(ApiError);
    expect(server.refreshes()).toHaveLength(0);
  });

  it("takes the cross-tab lock for a refresh and carries the background flag to it", async () => {
    const server = fakeServer({ handler: acceptOnly("token-1") });
    const lock = vi.fn((_name: string, callback: () => Promise<RefreshResult>) => callback());
    const client = createApiClient({ session: fakeSession(), fetch: server.fetch, lock });

    await runInBackground(() => client.request("/api/organizations/current"));

    expect(lock).toHaveBeenCalledTimes(1);
    expect(lock.mock.calls[0]?.[0]).toBe(REFRESH_LOCK);
    expect(server.refreshes()[0]?.headers["x-omni-background"]).toBe("1");
    expect(server.calls.at(-1)?.headers["x-omni-background"]).toBe("1");
  });

  it("turns a problem answer into an ApiError with its details", async () => {
    const problem = {
      type: "https://omnipresence.example/problems/validation-error",
      title: "Invalid request",
      status: 422,
      detail: "Some fields are not valid.",
      errors: [{ field: "email", message: "Not an email address." }],
    };
    const server = fakeServer({ handler: () => json(422, problem) });
    const client = createApiClient({ session: fakeSession(), fetch: server.fetch });

    const error = (await client.request("/api/users", { method: "POST", body: {} }).catch((e: unknown) => e)) as ApiError;

    expect(error.status).toBe(422);
    expect(error.problem).toEqual(problem);
    expect(error.is("validation-error")).toBe(true);
  });

  it("keeps the whole problem body, for members beyond the standard ones (a 409's current record)", async () => {
    const body = { type: "https://omnipresence.example/problems/conflict", title: "Record changed", status: 409, current: { version: 3 } };
    const server = fakeServer({ handler: () => json(409, body) });
    const client = createApiClient({ session: fakeSession(), fetch: server.fetch });

    const error = (await client.request("/api/presence", { method: "POST", body: {} }).catch((e: unknown) => e)) as ApiError;

    expect(error.status).toBe(409);
    expect(error.body).toEqual(body);
  });

  it("sends a FormData body as multipart, leaving its Content-Type to the browser", async () => {
    const server = fakeServer({ handler: acceptOnly("token-0") });
    const client = createApiClient({ session: fakeSession(), fetch: server.fetch });
    const form = new FormData();
    form.append("file", new Blob(["name\nAda\n"], { type: "text/csv" }), "people.csv");

    await client.request("/api/participants/import", { method: "POST", body: form });

    const call = server.calls[0];
    expect(call?.headers["content-type"]).toBeUndefined();
    expect(call?.body).toBe(form);
  });

  it("sends extra headers such as Idempotency-Key, but never lets them replace its own", async () => {
    const server = fakeServer({ handler: acceptOnly("token-0") });
    const client = createApiClient({ session: fakeSession(), fetch: server.fetch });

    await client.request("/api/presence/bulk", { method: "POST", body: {}, headers: { "Idempotency-Key": "k-1", authorization: "Bearer forged" } });

    expect(server.calls[0]?.headers["idempotency-key"]).toBe("k-1");
    expect(server.calls[0]?.headers.authorization).toBe("Bearer token-0");
  });
});
