import { beforeEach, describe, expect, it } from "vitest";
import { freshOfflineDb, reopenOfflineDb } from "@/test/offline-db";
import { ApiError, NetworkError, parseProblem } from "@/lib/problem";
import { deviceId } from "./device";
import { deviceName } from "./device-name";
import { addToOutbox, loadOutbox, outboxCount, outboxEntries, useOutbox } from "./outbox";
import { BATCH_SIZE, BatchRefused, sendOutbox, type SendProgress } from "./sender";
import type { BatchStatus, ChangesPage, ItemResult, SyncApi } from "./sync-api";
import { newPlaceholderId, onWalkInAdded, type WalkInAdded } from "./walk-ins";

const ANN = "user-ann";
const BOB = "user-bob";

interface SentMutation {
  mutation_id: string;
  session_id: string;
  participant_id: string;
  state?: string | null;
  note?: string | null;
  action?: "check_in" | "check_out";
  check_in_at?: string;
  check_out_at?: string;
  client_time: string;
  base_version: number | null;
  device_seq: number;
}

interface SentBatch {
  device_id: string;
  device_name: string;
  sent_at: string;
  mutations: SentMutation[];
}

/**
 * The sync service as the sender sees it: one batch per Idempotency-Key, merged after a poll or
 * two, each mutation's outcome decided by `decide`. Faults are injected per call.
 */
class FakeSyncService implements SyncApi {
  posts: { body: string; key: string }[] = [];
  batches = new Map<string, { key: string; sent: SentBatch; polls: number; status: BatchStatus["status"]; error: string | null }>();
  decide: (m: SentMutation) => Omit<ItemResult, "mutation_id"> = () => ({ outcome: "applied", version: 1 });
  /** Thrown by the next postBatch, after (`afterStoring`) or before the batch is stored. */
  postFault: { error: Error; afterStoring: boolean } | null = null;
  getFault: Error | null = null;
  failNextMerge: string | null = null;

  async postBatch(body: string, key: string) {
    this.posts.push({ body, key });
    const fault = this.postFault;
    this.postFault = null;
    if (fault && !fault.afterStoring) throw fault.error;
    let id = [...this.batches].find(([, b]) => b.key === key)?.[0];
    if (!id) {
      id = `batch-${this.batches.size + 1}`;
      this.batches.set(id, { key, sent: JSON.parse(body) as SentBatch, polls: 0, status: "queued", error: null });
      this.log.push(`batch ${(JSON.parse(body) as SentBatch).mutations.map((m) => m.participant_id).join(" ")}`);
    }
    if (fault) throw fault.error;
    return { batch_id: id, status: "queued" as const, clock_skew_seconds: 0.5, clock_skewed: false };
  }

  async getBatch(batchId: string, withResults: boolean): Promise<BatchStatus> {
    if (this.getFault) {
      const error = this.getFault;
      this.getFault = null;
      throw error;
    }
    const batch = this.batches.get(batchId);
    if (!batch) throw new ApiError(404, parseProblem({ title: "Not found" }, 404));
    if (batch.status === "queued" || batch.status === "running") {
      batch.polls += 1;
      if (batch.polls >= 2) {
        batch.status = this.failNextMerge ? "failed" : "completed";
        batch.error = this.failNextMerge;
        this.failNextMerge = null;
      } else batch.status = "running";
    }
    const results = batch.sent.mutations.map((m) => ({ mutation_id: m.mutation_id, ...this.decide(m) }));
    const counts = { applied: 0, duplicate: 0, unchanged: 0, conflict: 0, rejected: 0 };
    for (const r of results) if (r.outcome) counts[r.outcome] += 1;
    return {
      batch_id: batchId,
      status: batch.status,
      progress: batch.status === "completed" ? 100 : 50,
      counts,
      error: batch.error,
      clock_skew_seconds: 0.5,
      clock_skewed: false,
      device_id: batch.sent.device_id,
      received_at: "2026-11-27T09:00:00Z",
      completed_at: batch.status === "completed" || batch.status === "failed" ? "2026-11-27T09:00:01Z" : null,
      results: withResults ? results : undefined,
    };
  }

  async getChanges(): Promise<ChangesPage> {
    return { items: [], cursor: "c0" };
  }

  /** Walk-ins made, one per Idempotency-Key; every post, in order; a fault for the next post. */
  walkIns = new Map<string, { session: string; body: { name: string; state: string; note?: string | null }; id: string }>();
  walkInPosts: { session: string; key: string }[] = [];
  walkInFault: Error | null = null;
  /** What each request saw, in order: batches and walk-ins. */
  log: string[] = [];

  async postWalkIn(session: string, body: { name: string; state: string; note?: string | null }, key: string) {
    this.walkInPosts.push({ session, key });
    const fault = this.walkInFault;
    this.walkInFault = null;
    if (fault) {
      // A lost answer: the server made them all the same.
      if (this.walkInLostAnswer) this.make(session, body, key);
      this.walkInLostAnswer = false;
      throw fault;
    }
    const made = this.make(session, body, key);
    return {
      participant: { id: made.id, name: body.name, external_ref: null, email: null, phone: null, attributes: {}, is_active: true, created_at: "2026-11-27T09:00:00Z", has_pin: false, walk_in: true },
      record: { id: `r-${made.id}`, session_id: session, participant_id: made.id, state: body.state, note: body.note ?? null, version: 1, source: "online", recorded_by: "u1", recorded_at: "2026-11-27T09:00:00Z", check_in_at: null, check_out_at: null, duration_minutes: null, client_time: null, device_id: null },
    };
  }

  /** The next walk-in post is made on the server but its answer is lost. */
  walkInLostAnswer = false;

  private make(session: string, body: { name: string; state: string; note?: string | null }, key: string) {
    const existing = this.walkIns.get(key);
    if (existing) return existing;
    const made = { session, body, id: `walk-in-${this.walkIns.size + 1}` };
    this.walkIns.set(key, made);
    this.log.push(`walk-in ${body.name}`);
    return made;
  }

  sent(index: number): SentBatch {
    return JSON.parse(this.posts[index]!.body) as SentBatch;
  }
}

const noSleep = () => Promise.resolve();

function change(participant: string, state = "present", base: number | null = null) {
  return { session_id: "s1", participant_id: participant, state, note: null, base_version: base };
}

let server: FakeSyncService;

beforeEach(async () => {
  await freshOfflineDb();
  server = new FakeSyncService();
});

describe("sending the outbox", () => {
  it("sends the user's changes as one batch, in order, and settles each outcome in words for the rows", async () => {
    const made = await addToOutbox(ANN, [change("p1", "present", 2), change("p2", "absent"), change("p3", "late")]);
    await addToOutbox(BOB, [change("p4")]);
    await loadOutbox(ANN);
    server.decide = (m) =>
      m.participant_id === "p2"
        ? { outcome: "conflict", conflict_id: "c9" }
        : m.participant_id === "p3"
          ? { outcome: "rejected", reason: "Not a member of the group." }
          : { outcome: "applied", version: 3 };
    let waitingWhenPulled = -1;

    const summary = await sendOutbox(ANN, {
      api: server,
      sleep: noSleep,
      pull: async () => {
        waitingWhenPulled = await outboxCount(ANN);
      },
    });

    expect(server.posts).toHaveLength(1);
    const sent = server.sent(0);
    expect(sent.device_id).toBe(await deviceId());
    expect(sent.device_name).toBe(await deviceName());
    expect(Number.isNaN(Date.parse(sent.sent_at))).toBe(false);
    expect(sent.mutations.map((m) => [m.mutation_id, m.participant_id, m.state, m.base_version])).toEqual(
      made.map((e) => [e.mutation_id, e.participant_id, e.state, e.base_version]),
    );
    expect(sent.mutations.map((m) => m.client_time)).toEqual(made.map((e) => e.client_time));

    expect(summary.saved).toBe(1);
    expect(summary.conflicts.map((c) => c.participant_id)).toEqual(["p2"]);
    expect(summary.rejected).toEqual([expect.objectContaining({ participant_id: "p3", state: "late", reason: "Not a member of the group." })]);
    expect(summary.clockSkewSeconds).toBe(0.5);

    // The pull ran while the changes still waited: the rows never show an older value between.
    expect(waitingWhenPulled).toBe(3);
    expect(await outboxCount(ANN)).toBe(0);
    expect(useOutbox.getState().entries).toEqual([]);
    expect(useOutbox.getState().notices.map((n) => [n.participant_id, n.outcome, n.conflict_id, n.reason])).toEqual([
      ["p2", "conflict", "c9", null],
      ["p3", "rejected", null, "Not a member of the group."],
    ]);
    // Bob's change was not sent under Ann's login.
    expect(await outboxCount(BOB)).toBe(1);
  });

  it("sends a check-in and a check-out made offline with their action and this device's times, leaving the state to the server", async () => {
    await addToOutbox(ANN, [
      { session_id: "s1", participant_id: "p1", state: null, note: null, action: "check_in", at: "2026-11-27T08:57:12.000Z", base_version: null },
      change("p2", "absent"),
      { session_id: "s1", participant_id: "p1", state: null, note: null, action: "check_out", at: "2026-11-27T15:09:40.000Z", base_version: null },
    ]);
    server.decide = (m) => (m.participant_id === "p1" && m.action === "check_out" ? { outcome: "rejected", reason: "Checked out before checking in." } : { outcome: "applied", version: 1 });

    const summary = await sendOutbox(ANN, { api: server, sleep: noSleep });

    const [checkIn, mark, checkOut] = server.sent(0).mutations;
    expect(checkIn).toMatchObject({ participant_id: "p1", action: "check_in", check_in_at: "2026-11-27T08:57:12.000Z" });
    expect(checkIn).not.toHaveProperty("state");
    expect(checkIn).not.toHaveProperty("note");
    expect(checkIn).not.toHaveProperty("check_out_at");
    expect(mark).toMatchObject({ participant_id: "p2", state: "absent", note: null });
    expect(mark).not.toHaveProperty("action");
    expect(checkOut).toMatchObject({ participant_id: "p1", action: "check_out", check_out_at: "2026-11-27T15:09:40.000Z" });
    expect(checkOut).not.toHaveProperty("state");
    // The refusal is told as a check-out's, for its row.
    expect(summary.rejected).toEqual([expect.objectContaining({ participant_id: "p1", action: "check_out", state: null, reason: "Checked out before checking in." })]);
    expect(await outboxEntries(ANN)).toHaveLength(0);
  });

  it("after a lost answer sends the very same request again: the server keeps one batch", async () => {
    await addToOutbox(ANN, [change("p1"), change("p2")]);
    server.postFault = { error: new NetworkError(), afterStoring: true };

    await expect(sendOutbox(ANN, { api: server, sleep: noSleep })).rejects.toBeInstanceOf(NetworkError);
    expect(await outboxCount(ANN)).toBe(2);

    await reopenOfflineDb(); // and the page was even reloaded meanwhile
    const summary = await sendOutbox(ANN, { api: server, sleep: noSleep });

    expect(server.posts).toHaveLength(2);
    expect(server.posts[1]).toEqual(server.posts[0]);
    expect(server.batches.size).toBe(1);
    expect(summary.saved).toBe(2);
    expect(await outboxCount(ANN)).toBe(0);
  });

  it("follows a batch the server took when the connection dropped while waiting, without sending it again", async () => {
    await addToOutbox(ANN, [change("p1")]);
    server.getFault = new NetworkError();

    await expect(sendOutbox(ANN, { api: server, sleep: noSleep })).rejects.toBeInstanceOf(NetworkError);
    const summary = await sendOutbox(ANN, { api: server, sleep: noSleep });

    expect(server.posts).toHaveLength(1);
    expect(summary.saved).toBe(1);
    expect(await outboxCount(ANN)).toBe(0);
  });

  it("keeps every change when the server's merge fails, and sends them again in a new batch", async () => {
    await addToOutbox(ANN, [change("p1"), change("p2")]);
    server.failNextMerge = "The worker stopped.";

    await expect(sendOutbox(ANN, { api: server, sleep: noSleep })).rejects.toEqual(new BatchRefused("The worker stopped."));
    expect(await outboxCount(ANN)).toBe(2);

    const summary = await sendOutbox(ANN, { api: server, sleep: noSleep });
    expect(server.posts).toHaveLength(2);
    expect(server.posts[1]!.key).not.toBe(server.posts[0]!.key);
    expect(server.sent(1).mutations.map((m) => m.mutation_id)).toEqual(server.sent(0).mutations.map((m) => m.mutation_id));
    expect(summary.saved).toBe(2);
  });

  it("tells about a change whose envelope the server refused, and sends the others again", async () => {
    await addToOutbox(ANN, [change("p1"), change("p2"), change("p3")]);
    const body = { title: "Invalid", status: 422, errors: [{ field: "mutations.1.state", message: "String should have at most 32 characters" }] };
    server.postFault = { error: new ApiError(422, parseProblem(body, 422), body), afterStoring: false };

    const summary = await sendOutbox(ANN, { api: server, sleep: noSleep });

    expect(summary.rejected).toEqual([expect.objectContaining({ participant_id: "p2", reason: "String should have at most 32 characters" })]);
    expect(server.sent(1).mutations.map((m) => m.participant_id)).toEqual(["p1", "p3"]);
    expect(summary.saved).toBe(2);
    expect(await outboxCount(ANN)).toBe(0);
  });

  it("keeps a change the server has not decided yet", async () => {
    await addToOutbox(ANN, [change("p1"), change("p2")]);
    server.decide = (m) => (m.participant_id === "p2" ? { outcome: null } : { outcome: "applied", version: 1 });
    // The first round settles p1; p2 goes again in the next batch, and then it is decided.
    let rounds = 0;
    const original = server.getBatch.bind(server);
    server.getBatch = async (id, withResults) => {
      if (withResults && (rounds += 1) > 1) server.decide = () => ({ outcome: "applied", version: 1 });
      return original(id, withResults);
    };

    const summary = await sendOutbox(ANN, { api: server, sleep: noSleep });

    expect(server.sent(0).mutations.map((m) => m.participant_id)).toEqual(["p1", "p2"]);
    expect(server.sent(1).mutations.map((m) => m.participant_id)).toEqual(["p2"]);
    expect(summary.saved).toBe(2);
    expect(await outboxEntries(ANN)).toEqual([]);
  });

  it("stops, keeping the changes, when a merged batch decided none of them (rather than send them again at once)", async () => {
    await addToOutbox(ANN, [change("p1")]);
    server.decide = () => ({ outcome: null });

    await expect(sendOutbox(ANN, { api: server, sleep: noSleep })).rejects.toBeInstanceOf(BatchRefused);
    expect(server.posts).toHaveLength(1);
    expect(await outboxCount(ANN)).toBe(1);
  });

  it(`sends more than ${BATCH_SIZE} changes as several batches, in order, reporting progress`, async () => {
    const many = Array.from({ length: BATCH_SIZE + 5 }, (_, i) => change(`p${i}`));
    await addToOutbox(ANN, many);
    const progress: SendProgress[] = [];

    const summary = await sendOutbox(ANN, { api: server, sleep: noSleep, onProgress: (p) => progress.push(p) });

    expect(server.posts.map((_, i) => server.sent(i).mutations.length)).toEqual([BATCH_SIZE, 5]);
    expect(server.sent(1).mutations[0]!.participant_id).toBe(`p${BATCH_SIZE}`);
    expect(summary.saved).toBe(BATCH_SIZE + 5);
    expect(progress.at(-1)).toEqual({ total: BATCH_SIZE + 5, done: BATCH_SIZE + 5, percent: 100 });
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
  });

  it("has nothing to do for a user with no changes waiting", async () => {
    await addToOutbox(BOB, [change("p1")]);
    const summary = await sendOutbox(ANN, { api: server, sleep: noSleep });
    expect(server.posts).toEqual([]);
    expect(summary).toEqual({ saved: 0, conflicts: [], rejected: [], clockSkewSeconds: null });
  });
});

describe("walk-ins made offline", () => {
  const walkIn = (placeholder: string, name: string, state = "present", note: string | null = null) => ({
    session_id: "s1",
    participant_id: placeholder,
    state,
    note,
    base_version: null,
    walk_in: { name },
  });

  it("are sent on their own after the changes before them, and the marks queued behind them go under the server's id", async () => {
    const placeholder = newPlaceholderId();
    const heard: WalkInAdded[] = [];
    const stop = onWalkInAdded((added) => heard.push(added));
    const [, made] = await addToOutbox(ANN, [change("p1"), walkIn(placeholder, "Sam Guest", "present", "Visiting from 8C")]);
    await addToOutbox(ANN, [change(placeholder, "late"), change("p2", "absent")]);
    await loadOutbox(ANN);

    const summary = await sendOutbox(ANN, { api: server, sleep: noSleep });
    stop();

    expect(server.log).toEqual(["batch p1", "walk-in Sam Guest", "batch walk-in-1 p2"]);
    expect(server.walkInPosts).toEqual([{ session: "s1", key: made!.mutation_id }]);
    expect([...server.walkIns.values()][0]!.body).toEqual({ name: "Sam Guest", state: "present", note: "Visiting from 8C" });
    // The mark behind the walk-in builds on the record the walk-in made (this device's own), so
    // the server does not take it for someone else's change.
    expect(server.sent(1).mutations.map((m) => [m.participant_id, m.state, m.base_version])).toEqual([
      ["walk-in-1", "late", 1],
      ["p2", "absent", null],
    ]);
    expect(summary.saved).toBe(4);
    expect(await outboxCount(ANN)).toBe(0);
    expect(useOutbox.getState().entries).toEqual([]);
    expect(heard).toEqual([expect.objectContaining({ placeholder, session_id: "s1", participant: expect.objectContaining({ id: "walk-in-1", name: "Sam Guest" }) })]);
  });

  it("arrive once when an answer was lost: sent again with the same key, and the marks wait until then", async () => {
    const placeholder = newPlaceholderId();
    await addToOutbox(ANN, [walkIn(placeholder, "Sam Guest"), change(placeholder, "late")]);
    server.walkInFault = new NetworkError();
    server.walkInLostAnswer = true;

    await expect(sendOutbox(ANN, { api: server, sleep: noSleep })).rejects.toBeInstanceOf(NetworkError);
    // The mark never went ahead of its walk-in, and still names the placeholder.
    expect(server.posts).toHaveLength(0);
    expect((await outboxEntries(ANN)).map((e) => e.participant_id)).toEqual([placeholder, placeholder]);

    await reopenOfflineDb();
    await sendOutbox(ANN, { api: server, sleep: noSleep });

    expect(server.walkInPosts.map((p) => p.key)).toEqual([server.walkInPosts[0]!.key, server.walkInPosts[0]!.key]);
    expect(server.walkIns.size).toBe(1);
    expect(server.sent(0).mutations.map((m) => m.participant_id)).toEqual(["walk-in-1"]);
    expect(await outboxCount(ANN)).toBe(0);
  });

  it("give a mark made on the walk-in's row after it was sent the server's id at once", async () => {
    const placeholder = newPlaceholderId();
    await addToOutbox(ANN, [walkIn(placeholder, "Sam Guest")]);
    await sendOutbox(ANN, { api: server, sleep: noSleep });

    const [later] = await addToOutbox(ANN, [change(placeholder, "absent")]);
    expect(later!.participant_id).toBe("walk-in-1");
    expect(later!.base_version).toBe(1);
  });

  it("refused for good leave the outbox with the marks queued for them, told in words, and the rest is sent", async () => {
    const placeholder = newPlaceholderId();
    await addToOutbox(ANN, [walkIn(placeholder, "Sam Guest"), change(placeholder, "late"), change("p2")]);
    await loadOutbox(ANN);
    server.walkInFault = new ApiError(
      422,
      parseProblem({ title: "Invalid", errors: [{ field: "session_id", message: "The lesson is closed.", code: "session_closed" }] }, 422),
    );

    const summary = await sendOutbox(ANN, { api: server, sleep: noSleep });

    expect(summary.rejected.map((r) => [r.participant_id, r.reason])).toEqual([
      [placeholder, "The lesson is closed."],
      [placeholder, "The lesson is closed."],
    ]);
    expect(server.sent(0).mutations.map((m) => m.participant_id)).toEqual(["p2"]);
    expect(await outboxCount(ANN)).toBe(0);
    expect(useOutbox.getState().notices).toEqual([]);
  });
});
