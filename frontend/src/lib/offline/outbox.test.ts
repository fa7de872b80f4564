import { beforeEach, describe, expect, it } from "vitest";
import { freshOfflineDb, reopenOfflineDb } from "@/test/offline-db";
import { offlineDb, type SyncNotice } from "./db";
import { deviceId } from "./device";
import { addToOutbox, dismissNotices, loadOutbox, outboxCount, outboxEntries, settleOutbox, useOutbox } from "./outbox";

const ANN = "user-ann";
const BOB = "user-bob";

function change(participant: string, state = "present", base: number | null = null) {
  return { session_id: "s1", participant_id: participant, state, note: null, base_version: base };
}

function notice(mutationId: string, outcome: "conflict" | "rejected" = "conflict"): SyncNotice {
  return {
    mutation_id: mutationId,
    user_id: ANN,
    session_id: "s1",
    participant_id: "p1",
    outcome,
    state: "absent",
    note: null,
    reason: outcome === "rejected" ? "Not a member of the group." : null,
    conflict_id: outcome === "conflict" ? "c1" : null,
    at: new Date().toISOString(),
  };
}

beforeEach(freshOfflineDb);

describe("the outbox", () => {
  it("keeps each change in order with a mutation id, this device, the version seen and its user", async () => {
    const before = Date.now();
    const [first, second] = await addToOutbox(ANN, [change("p1", "present", 3), change("p2", "absent")]);
    await addToOutbox(ANN, [change("p1", "late", 3)]);

    const entries = await outboxEntries(ANN);
    expect(entries.map((e) => [e.participant_id, e.state])).toEqual([
      ["p1", "present"],
      ["p2", "absent"],
      ["p1", "late"],
    ]);
    const device = await deviceId();
    for (const entry of entries) {
      expect(entry.mutation_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(entry.device_id).toBe(device);
      expect(entry.user_id).toBe(ANN);
      expect(Date.parse(entry.client_time)).toBeGreaterThanOrEqual(before - 1000);
    }
    expect(new Set(entries.map((e) => e.mutation_id)).size).toBe(3);
    expect(entries[0]!.base_version).toBe(3);
    expect(entries[1]!.base_version).toBeNull();
    expect(first!.seq).toBeLessThan(second!.seq!);
  });

  it("keeps the mutation id an online attempt already used", async () => {
    await addToOutbox(ANN, [{ ...change("p1"), mutation_id: "tried-once" }]);
    expect((await outboxEntries(ANN))[0]!.mutation_id).toBe("tried-once");
  });

  it("survives a reload: the changes and the device id are still there", async () => {
    await addToOutbox(ANN, [change("p1")]);
    const device = await deviceId();

    await reopenOfflineDb();
    expect(await outboxCount(ANN)).toBe(1);
    expect(await deviceId()).toBe(device);
    expect((await outboxEntries(ANN))[0]!.device_id).toBe(device);
  });

  it("belongs to its user: another user's changes are neither listed nor counted for them", async () => {
    await addToOutbox(ANN, [change("p1"), change("p2")]);
    await addToOutbox(BOB, [change("p3")]);

    expect((await outboxEntries(ANN)).map((e) => e.participant_id)).toEqual(["p1", "p2"]);
    expect((await outboxEntries(BOB)).map((e) => e.participant_id)).toEqual(["p3"]);

    await loadOutbox(BOB);
    expect(useOutbox.getState()).toMatchObject({ userId: BOB, others: 2 });
    expect(useOutbox.getState().entries.map((e) => e.participant_id)).toEqual(["p3"]);

    await loadOutbox(null);
    expect(useOutbox.getState()).toMatchObject({ userId: null, entries: [], others: 0 });
  });

  it("shows a new change in the mirror at once, only for the user shown", async () => {
    await loadOutbox(ANN);
    await addToOutbox(ANN, [change("p1")]);
    expect(useOutbox.getState().entries).toHaveLength(1);
    await addToOutbox(BOB, [change("p2")]);
    expect(useOutbox.getState().entries.map((e) => e.user_id)).toEqual([ANN]);
  });

  it("lets settled changes go and keeps a notice for those that did not go through", async () => {
    await loadOutbox(ANN);
    const [a, b, c] = await addToOutbox(ANN, [change("p1"), change("p2"), change("p3")]);
    const db = await offlineDb();
    await db.put("batches", { id: "b1", user_id: ANN, body: "{}", mutation_ids: [a!.mutation_id], batch_id: "srv-1", created_at: new Date().toISOString() });

    await settleOutbox(ANN, [a!.mutation_id, b!.mutation_id], [notice(b!.mutation_id)], "b1");

    expect((await outboxEntries(ANN)).map((e) => e.mutation_id)).toEqual([c!.mutation_id]);
    expect(useOutbox.getState().entries.map((e) => e.mutation_id)).toEqual([c!.mutation_id]);
    expect(useOutbox.getState().notices.map((n) => n.mutation_id)).toEqual([b!.mutation_id]);
    expect(await db.get("batches", "b1")).toBeUndefined();

    // A reload still shows the notice; dismissing it removes it for good.
    await reopenOfflineDb();
    useOutbox.setState({ userId: null, entries: [], notices: [] });
    await loadOutbox(ANN);
    expect(useOutbox.getState().notices).toHaveLength(1);
    await dismissNotices(ANN, [b!.mutation_id]);
    expect(useOutbox.getState().notices).toEqual([]);
    await loadOutbox(null);
    await loadOutbox(ANN);
    expect(useOutbox.getState().notices).toEqual([]);
  });
});
