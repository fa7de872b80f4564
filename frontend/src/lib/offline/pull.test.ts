import { beforeEach, describe, expect, it } from "vitest";
import { freshOfflineDb, reopenOfflineDb } from "@/test/offline-db";
import { useAuthSession, type SessionUser } from "@/lib/auth-session";
import { NetworkError } from "@/lib/problem";
import { cursorKey, forgetOtherUsersData, forgetUserData, loadOfflineUser, offlineFirst, readCache, saveOfflineUser, writeCache } from "./cache";
import { offlineDb } from "./db";
import { addToOutbox, loadOutbox, outboxCount, settleOutbox, useOutbox } from "./outbox";
import { onPulled, pullChanges } from "./pull";
import type { ChangesPage, SyncApi, SyncedRecord } from "./sync-api";

const ANN: SessionUser = { id: "user-ann", email: "ann@example.com", full_name: "Ann", role: "frontline", organization_id: "o1", participant_id: null };
const BOB: SessionUser = { ...ANN, id: "user-bob", email: "bob@example.com", full_name: "Bob" };

function record(participant: string, state: string, version: number, source = "online"): SyncedRecord {
  return {
    id: `r-${participant}`,
    session_id: "s1",
    participant_id: participant,
    state,
    note: null,
    version,
    source,
    recorded_by: "someone",
    recorded_at: new Date().toISOString(),
    check_in_at: null,
    check_out_at: null,
    duration_minutes: null,
    client_time: null,
    device_id: null,
  };
}

function roster(...records: [string, SyncedRecord | null][]) {
  return {
    session: { id: "s1" },
    items: records.map(([id, r]) => ({ participant: { id, name: id }, record: r })),
    counts: {},
  };
}

/** The change feed: pages of records after a numeric cursor. */
function feed(records: SyncedRecord[], seen: (string | null)[] = []): SyncApi {
  return {
    postBatch: () => Promise.reject(new Error("not used")),
    getBatch: () => Promise.reject(new Error("not used")),
    postWalkIn: () => Promise.reject(new Error("not used")),
    getChanges: async (cursor, limit): Promise<ChangesPage> => {
      seen.push(cursor);
      const after = cursor === "latest" ? records.length : cursor ? Number(cursor) : 0;
      const items = records.slice(after, after + limit);
      return { items, cursor: String(after + items.length) };
    },
  };
}

beforeEach(async () => {
  await freshOfflineDb();
  useAuthSession.setState({ status: "signedIn", user: ANN, accessToken: "token", endedReason: null });
});

describe("pulling changes", () => {
  it("brings cached rosters up to date, newer versions only, with their counts, and tells the open screens", async () => {
    await writeCache(ANN.id, "roster:s1", roster(["p1", record("p1", "present", 3)], ["p2", null], ["p3", null]));
    const heard: SyncedRecord[][] = [];
    const stop = onPulled((records) => heard.push([...records]));

    const count = await pullChanges(ANN.id, feed([record("p1", "absent", 2), record("p2", "late", 1), record("p2", "present", 2)]));
    stop();

    expect(count).toBe(3);
    const cached = await readCache<ReturnType<typeof roster>>(ANN.id, "roster:s1");
    expect(cached!.items.map((i) => i.record && [i.record.state, i.record.version])).toEqual([["present", 3], ["present", 2], null]);
    expect(cached!.counts).toEqual({ present: 2, unmarked: 1 });
    expect(heard).toHaveLength(1);
  });

  it("keeps its cursor per user and goes on from there, also after a reload", async () => {
    const records = [record("p1", "present", 1), record("p2", "present", 1)];
    const seen: (string | null)[] = [];
    await pullChanges(ANN.id, feed(records, seen));
    await reopenOfflineDb();
    records.push(record("p3", "absent", 1));
    await pullChanges(ANN.id, feed(records, seen));
    await pullChanges(BOB.id, feed(records, seen));

    // Nothing cached for either user: each starts from now, and Ann goes on from her cursor.
    expect(seen).toEqual(["latest", "2", "latest"]);
    const db = await offlineDb();
    expect(await db.get("meta", cursorKey(ANN.id))).toBe("3");
  });

  it("reads the feed from its beginning when a roster was kept before any cursor", async () => {
    await writeCache(ANN.id, "roster:s1", roster(["p1", null]));
    const seen: (string | null)[] = [];
    expect(await pullChanges(ANN.id, feed([record("p1", "late", 1)], seen))).toBe(1);
    expect(seen).toEqual([null]);
  });

  it("clears the notice of a conflict an administrator settled", async () => {
    await loadOutbox(ANN.id);
    const [mine] = await addToOutbox(ANN.id, [{ session_id: "s1", participant_id: "p1", state: "late", note: null, base_version: null }]);
    const notice = { ...mine!, outcome: "conflict" as const, reason: null, conflict_id: "c1", at: new Date().toISOString() };
    await settleOutbox(ANN.id, [mine!.mutation_id], [notice], null);
    expect(useOutbox.getState().notices).toHaveLength(1);

    await pullChanges(ANN.id, feed([record("p2", "late", 2, "conflict_resolution")]));
    expect(useOutbox.getState().notices).toHaveLength(1); // another person's resolution
    await pullChanges(ANN.id, feed([record("p2", "late", 2, "conflict_resolution"), record("p1", "late", 2, "conflict_resolution")]));
    expect(useOutbox.getState().notices).toEqual([]);
  });
});

describe("the offline cache", () => {
  it("answers from the network and keeps the answer; answers from what it kept when the network fails", async () => {
    expect(await offlineFirst("domains", async () => ({ items: ["education"] }))).toEqual({ items: ["education"] });
    await expect.poll(() => readCache(ANN.id, "domains")).toEqual({ items: ["education"] });

    expect(await offlineFirst("domains", () => Promise.reject(new NetworkError()))).toEqual({ items: ["education"] });
    // Other errors are the server's word and stand.
    await expect(offlineFirst("domains", () => Promise.reject(new Error("403")))).rejects.toThrow("403");
    // Nothing kept: the network's error stands.
    await expect(offlineFirst("groups", () => Promise.reject(new NetworkError()))).rejects.toBeInstanceOf(NetworkError);
  });

  it("opened offline, answers from what it kept without trying the network", async () => {
    await writeCache(ANN.id, "roster:s1", roster(["p1", null]));
    useAuthSession.setState({ status: "offline", user: ANN, accessToken: null });
    let asked = false;
    const kept = await offlineFirst("roster:s1", async () => {
      asked = true;
      return null;
    });
    expect(asked).toBe(false);
    expect(kept).toEqual(roster(["p1", null]));
  });

  it("keeps each user's data apart", async () => {
    await writeCache(ANN.id, "roster:s1", "ann's");
    useAuthSession.setState({ user: BOB });
    await expect(offlineFirst("roster:s1", () => Promise.reject(new NetworkError()))).rejects.toBeInstanceOf(NetworkError);
  });

  it("at sign-out forgets the user's cached data and who they were, never their outbox (nor the feed's cursor)", async () => {
    await saveOfflineUser(ANN);
    await writeCache(ANN.id, "roster:s1", "ann's");
    await writeCache(BOB.id, "roster:s1", "bob's");
    await addToOutbox(ANN.id, [{ session_id: "s1", participant_id: "p1", state: "late", note: null, base_version: null }]);
    const db = await offlineDb();
    await db.put("meta", "7", cursorKey(ANN.id));

    await forgetUserData(ANN.id);

    expect(await readCache(ANN.id, "roster:s1")).toBeUndefined();
    expect(await readCache(BOB.id, "roster:s1")).toBe("bob's");
    expect(await db.get("meta", cursorKey(ANN.id))).toBe("7");
    expect(await loadOfflineUser()).toBeNull();
    expect(await outboxCount(ANN.id)).toBe(1);
  });

  it("when another user signs in, forgets what earlier users left cached, not their outboxes", async () => {
    await writeCache(ANN.id, "roster:s1", "ann's");
    await writeCache(BOB.id, "roster:s1", "bob's");
    await addToOutbox(ANN.id, [{ session_id: "s1", participant_id: "p1", state: "late", note: null, base_version: null }]);

    await forgetOtherUsersData(BOB.id);

    expect(await readCache(ANN.id, "roster:s1")).toBeUndefined();
    expect(await readCache(BOB.id, "roster:s1")).toBe("bob's");
    expect(await outboxCount(ANN.id)).toBe(1);
  });
});
