import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { freshOfflineDb } from "@/test/offline-db";
import type { ApiClient, RefreshResult } from "@/lib/api-client";
import { useAuthSession, type SessionUser } from "@/lib/auth-session";
import { NetworkError } from "@/lib/problem";
import { loadOfflineUser } from "./cache";
import { useConnectivity } from "./connectivity";
import { addToOutbox, outboxCount } from "./outbox";
import { useSyncStatus } from "./status";
import type { SyncApi } from "./sync-api";
import { startOfflineSync } from "./sync-manager";

const ANN: SessionUser = { id: "user-ann", email: "ann@example.com", full_name: "Ann", role: "frontline", organization_id: "o1", participant_id: null };
const BOB: SessionUser = { ...ANN, id: "user-bob", email: "bob@example.com", full_name: "Bob" };

function change(participant: string) {
  return { session_id: "s1", participant_id: participant, state: "present", note: null, base_version: null };
}

/** A sync service that applies everything at once, and records who was sent. */
function syncService() {
  const sent: string[][] = [];
  const batches: { mutation_id: string; participant_id: string }[][] = [];
  const api: SyncApi = {
    postBatch: async (body) => {
      const { mutations } = JSON.parse(body) as { mutations: { mutation_id: string; participant_id: string }[] };
      batches.push(mutations);
      sent.push(mutations.map((m) => m.participant_id));
      return { batch_id: `b${batches.length}`, status: "queued" as const, clock_skew_seconds: 0, clock_skewed: false };
    },
    getBatch: async (batchId, withResults) => {
      const mutations = batches[Number(batchId.slice(1)) - 1] ?? [];
      return {
        batch_id: batchId,
        status: "completed",
        progress: 100,
        counts: { applied: mutations.length, duplicate: 0, unchanged: 0, conflict: 0, rejected: 0 },
        error: null,
        clock_skew_seconds: 0,
        clock_skewed: false,
        device_id: "d1",
        received_at: "2026-11-27T09:00:00Z",
        completed_at: "2026-11-27T09:00:01Z",
        results: withResults ? mutations.map((m) => ({ mutation_id: m.mutation_id, outcome: "applied" as const, version: 1 })) : undefined,
      };
    },
    getChanges: async () => ({ items: [], cursor: "0" }),
    postWalkIn: async () => {
      throw new Error("No walk-ins here.");
    },
  };
  return { api, sent };
}

/** The login session as the server sees it: `answer` decides each refresh. */
function client(answer: () => RefreshResult): ApiClient & { refreshes: number } {
  const fake = {
    refreshes: 0,
    request: () => Promise.reject(new Error("not used")),
    refreshSession: async () => {
      fake.refreshes += 1;
      const result = answer();
      if (result.outcome === "refreshed") useAuthSession.getState().signedIn({ access_token: "t2", token_type: "bearer", expires_in: 300, user: ANN });
      return result;
    },
  };
  return fake as ApiClient & { refreshes: number };
}

let stop: () => void = () => undefined;

beforeEach(async () => {
  await freshOfflineDb();
  useConnectivity.setState({ online: true });
  useSyncStatus.setState({ phase: "idle", progress: null, summary: null, error: null });
});

afterEach(() => stop());

describe("offline sync in the app", () => {
  it("sends the signed-in user's waiting changes, never another user's, and says how it went", async () => {
    const { api, sent } = syncService();
    await addToOutbox(ANN.id, [change("p1"), change("p2")]);
    await addToOutbox(BOB.id, [change("p3")]);
    useAuthSession.setState({ status: "signedIn", user: ANN, accessToken: "t", endedReason: null });

    stop = startOfflineSync({ client: client(() => ({ outcome: "refreshed" })), api });

    await vi.waitFor(() => expect(useSyncStatus.getState().summary?.saved).toBe(2));
    expect(sent).toEqual([["p1", "p2"]]);
    expect(await outboxCount(ANN.id)).toBe(0);
    expect(await outboxCount(BOB.id)).toBe(1);
    // Remembered for a page opened offline.
    await vi.waitFor(async () => expect(await loadOfflineUser()).toEqual(ANN));
  });

  it("opened offline, waits for the login session to come back before sending", async () => {
    const { api, sent } = syncService();
    await addToOutbox(ANN.id, [change("p1")]);
    let reachable = false;
    const session = client(() => (reachable ? { outcome: "refreshed" } : { outcome: "unavailable", error: new NetworkError() }));
    useAuthSession.setState({ status: "offline", user: ANN, accessToken: null, endedReason: null });

    stop = startOfflineSync({ client: session, api });
    await vi.waitFor(() => expect(session.refreshes).toBe(1));
    expect(sent).toEqual([]);

    // The network is back: the browser says so, the session is picked up again, the outbox sent.
    reachable = true;
    window.dispatchEvent(new Event("online"));
    await vi.waitFor(() => expect(sent).toEqual([["p1"]]));
    expect(useAuthSession.getState().status).toBe("signedIn");
  });

  it("goes back to sign-in when the login ended meanwhile, keeping the changes for the same user", async () => {
    const { api, sent } = syncService();
    await addToOutbox(ANN.id, [change("p1")]);
    useAuthSession.setState({ status: "offline", user: ANN, accessToken: null, endedReason: null });

    stop = startOfflineSync({ client: client(() => ({ outcome: "rejected" })), api });

    await vi.waitFor(() => expect(useAuthSession.getState()).toMatchObject({ status: "signedOut", endedReason: "ended" }));
    expect(sent).toEqual([]);
    expect(await outboxCount(ANN.id)).toBe(1);
  });

  it("makes no sync requests for a manager, who records nothing", async () => {
    const { api, sent } = syncService();
    let pulls = 0;
    api.getChanges = async () => {
      pulls += 1;
      return { items: [], cursor: "0" };
    };
    useAuthSession.setState({ status: "signedIn", user: { ...ANN, role: "manager" }, accessToken: "t", endedReason: null });

    stop = startOfflineSync({ client: client(() => ({ outcome: "refreshed" })), api });
    await vi.waitFor(async () => expect((await loadOfflineUser())?.role).toBe("manager"));
    window.dispatchEvent(new Event("online"));

    expect(pulls).toBe(0);
    expect(sent).toEqual([]);
  });

  it("a lost connection while sending marks the app offline and keeps the changes", async () => {
    const { api } = syncService();
    api.postBatch = () => Promise.reject(new NetworkError());
    await addToOutbox(ANN.id, [change("p1")]);
    useAuthSession.setState({ status: "signedIn", user: ANN, accessToken: "t", endedReason: null });

    stop = startOfflineSync({ client: client(() => ({ outcome: "refreshed" })), api });

    await vi.waitFor(() => expect(useConnectivity.getState().online).toBe(false));
    expect(useSyncStatus.getState()).toMatchObject({ phase: "idle", error: null });
    expect(await outboxCount(ANN.id)).toBe(1);
  });
});
