import { ApiError } from "@/lib/problem";
import { offlineDb, type CheckAction, type OutboxEntry, type PendingBatch, type SyncNotice } from "./db";
import { deviceId } from "./device";
import { deviceName } from "./device-name";
import { newId } from "./ids";
import { outboxEntries, resolveWalkIn, settleOutbox } from "./outbox";
import type { BatchStatus, ItemResult, SyncApi } from "./sync-api";
import { walkInAdded } from "./walk-ins";

/** The server takes up to 10,000 changes a batch; smaller ones show progress and finish sooner. */
export const BATCH_SIZE = 1000;
/** How long to wait between looks at a batch being merged (then the last one, again and again). */
const POLL_DELAYS_MS = [250, 500, 1000, 1500, 2000, 3000];

export interface SendProgress {
  /** Changes in the batches sent so far this round, and how far the server is with the current one. */
  total: number;
  done: number;
  percent: number;
}

/** One change that did not go through, for the messages. */
export interface Unsent {
  mutation_id: string;
  session_id: string;
  participant_id: string;
  /** null for a check-in or check-out (`action`). */
  state: string | null;
  action?: CheckAction;
  reason: string | null;
}

export interface SendSummary {
  /** Applied, or already on the server (a duplicate, or the same data): nothing more to do. */
  saved: number;
  conflicts: Unsent[];
  rejected: Unsent[];
  /** The device clock was this many seconds behind the server's (negative: ahead), last batch. */
  clockSkewSeconds: number | null;
}

export interface SendOptions {
  api: SyncApi;
  onProgress?: (progress: SendProgress) => void;
  /** Brings the cached rosters up to date before the outbox lets go of the changes. */
  pull?: () => Promise<unknown>;
  sleep?: (ms: number) => Promise<void>;
}

/** The server refused a batch as a whole and said why (its merge failed, or a 4xx). */
export class BatchRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BatchRefused";
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function emptySummary(): SendSummary {
  return { saved: 0, conflicts: [], rejected: [], clockSkewSeconds: null };
}

async function pendingBatch(userId: string): Promise<PendingBatch | undefined> {
  const db = await offlineDb();
  const batches = await db.getAllFromIndex("batches", "by_user", userId);
  return batches.sort((a, b) => a.created_at.localeCompare(b.created_at))[0];
}

async function keepBatch(batch: PendingBatch): Promise<void> {
  const db = await offlineDb();
  await db.put("batches", batch);
}

async function dropBatch(batchId: string): Promise<void> {
  const db = await offlineDb();
  await db.delete("batches", batchId);
}

/**
 * One change as POST /api/sync takes it. A check-in or check-out names its `action` and the
 * device's time of it, and leaves out `state`: the server decides present or late (SPEC §2).
 */
function mutationOf(e: OutboxEntry) {
  const common = {
    mutation_id: e.mutation_id,
    session_id: e.session_id,
    participant_id: e.participant_id,
    client_time: e.client_time,
    base_version: e.base_version,
    device_seq: e.seq,
  };
  // A note left out is kept by the server: a check-in never wipes one.
  const note = e.note === null ? {} : { note: e.note };
  if (e.action === "check_in") return { ...common, ...note, action: e.action, check_in_at: e.check_in_at ?? e.client_time };
  if (e.action === "check_out") return { ...common, ...note, action: e.action, check_out_at: e.check_out_at ?? e.client_time };
  return { ...common, state: e.state, note: e.note };
}

/** The next batch from the outbox, kept before it is sent so that a resend is the same request. */
async function makeBatch(userId: string, entries: readonly OutboxEntry[]): Promise<PendingBatch> {
  const body = {
    device_id: await deviceId(),
    device_name: await deviceName(),
    sent_at: new Date().toISOString(),
    mutations: entries.map(mutationOf),
  };
  const batch: PendingBatch = {
    id: newId(),
    user_id: userId,
    body: JSON.stringify(body),
    mutation_ids: entries.map((e) => e.mutation_id),
    batch_id: null,
    created_at: new Date().toISOString(),
  };
  await keepBatch(batch);
  return batch;
}

/** Which mutations a 422 names (`mutations.3.note`), with its messages. */
function badMutations(error: ApiError): Map<number, string> {
  const bad = new Map<number, string>();
  for (const { field, message } of error.problem?.errors ?? []) {
    const match = /^mutations\.(\d+)(\.|$)/.exec(field);
    if (match) bad.set(Number(match[1]), bad.has(Number(match[1])) ? `${bad.get(Number(match[1]))} ${message}` : message);
  }
  return bad;
}

async function waitUntilMerged(api: SyncApi, batchId: string, sleep: (ms: number) => Promise<void>, onStep: (status: BatchStatus) => void): Promise<BatchStatus> {
  for (let attempt = 0; ; attempt += 1) {
    const status = await api.getBatch(batchId, false);
    onStep(status);
    if (status.status === "completed" || status.status === "failed") return status;
    await sleep(POLL_DELAYS_MS[Math.min(attempt, POLL_DELAYS_MS.length - 1)]!);
  }
}

function noticeOf(
  userId: string,
  entry: Pick<OutboxEntry, "mutation_id" | "session_id" | "participant_id" | "state" | "note" | "action">,
  outcome: "conflict" | "rejected",
  result: Partial<ItemResult>,
): SyncNotice {
  return {
    mutation_id: entry.mutation_id,
    user_id: userId,
    session_id: entry.session_id,
    participant_id: entry.participant_id,
    outcome,
    state: entry.state ?? null,
    ...(entry.action ? { action: entry.action } : {}),
    note: entry.note,
    reason: result.reason ?? null,
    conflict_id: result.conflict_id ?? null,
    at: new Date().toISOString(),
  };
}

function unsentOf({ mutation_id, session_id, participant_id, state, action, reason }: SyncNotice): Unsent {
  return action ? { mutation_id, session_id, participant_id, state, action, reason } : { mutation_id, session_id, participant_id, state, reason };
}

/** A refusal that sending again cannot change (not an ended login, a timeout or a rate limit). */
function refusedForGood(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status >= 400 && error.status < 500 && ![401, 408, 429].includes(error.status);
}

/**
 * Sends a walk-in made offline, on its own (the batch before it has been merged): with its
 * Idempotency-Key, so a resend after a lost answer makes no second person. Once made, the changes
 * queued behind it take the server's id. A walk-in refused for good (the session closed meanwhile,
 * its state retired) leaves the outbox with every change queued for them, told in words; there is
 * no row left to keep a notice on.
 */
async function sendWalkIn(userId: string, entry: OutboxEntry, api: SyncApi, summary: SendSummary): Promise<void> {
  const body = { name: entry.walk_in!.name, state: entry.state ?? "", ...(entry.note === null ? {} : { note: entry.note }) };
  let created;
  try {
    created = await api.postWalkIn(entry.session_id, body, entry.mutation_id);
  } catch (error) {
    if (!refusedForGood(error)) throw error;
    const theirs = (await outboxEntries(userId)).filter((e) => e.participant_id === entry.participant_id);
    const reason = error.problem?.errors.map((e) => e.message).join(" ") || error.message;
    await settleOutbox(userId, theirs.map((e) => e.mutation_id), [], null);
    summary.rejected.push(...theirs.map((e) => unsentOf(noticeOf(userId, e, "rejected", { reason }))));
    return;
  }
  await resolveWalkIn(userId, entry.mutation_id, entry.participant_id, created.participant.id, created.record.version);
  walkInAdded({ placeholder: entry.participant_id, session_id: entry.session_id, participant: created.participant, record: created.record });
  summary.saved += 1;
}

/**
 * Sends this user's outbox as batches of at most 1,000, in order, each with an Idempotency-Key
 * kept with it, and follows each until merged: then the changes leave the outbox — after the pull
 * has brought the server's records, so a row never shows an older value in between — and those
 * that conflicted or were rejected leave a notice for their row. A batch whose answer was lost is
 * sent again with the same key and body (the server answers with the same batch), or followed if
 * it was answered. Errors (offline, a server error) stop the round; what was not settled waits.
 * A walk-in ends a batch: it is sent on its own once the changes before it are merged, and the
 * changes after it (their marks among them) go once it is made. The caller makes sure one tab at a
 * time does this (a Web Lock).
 */
export async function sendOutbox(userId: string, { api, onProgress, pull, sleep = defaultSleep }: SendOptions): Promise<SendSummary> {
  const summary = emptySummary();
  let total = 0;
  let doneBefore = 0;
  let forgotten = 0;
  // A batch's changes as it was sent (the outbox may have moved on since).
  const entriesOf = (batch: PendingBatch) =>
    (JSON.parse(batch.body) as { device_id: string; mutations: Omit<OutboxEntry, "device_id" | "user_id">[] }).mutations;

  for (;;) {
    let batch = await pendingBatch(userId);
    if (!batch) {
      const entries = await outboxEntries(userId, BATCH_SIZE);
      if (!entries.length) break;
      const walkIn = entries.findIndex((e) => e.walk_in);
      if (walkIn === 0) {
        onProgress?.({ total: total + 1, done: doneBefore, percent: 0 });
        await sendWalkIn(userId, entries[0]!, api, summary);
        total += 1;
        doneBefore += 1;
        continue;
      }
      batch = await makeBatch(userId, walkIn > 0 ? entries.slice(0, walkIn) : entries);
    }
    const entries = entriesOf(batch);
    total += entries.length;
    onProgress?.({ total, done: doneBefore, percent: 0 });

    if (!batch.batch_id) {
      try {
        const accepted = await api.postBatch(batch.body, batch.id);
        batch = { ...batch, batch_id: accepted.batch_id };
        await keepBatch(batch);
      } catch (error) {
        if (error instanceof ApiError && error.status === 422) {
          // The envelope was refused. Changes it names can never go through: they are told
          // about on their rows; the rest go again in a new batch (a new key: a new body).
          const bad = badMutations(error);
          const rejected = entries.filter((_, i) => bad.has(i));
          const notices = rejected.map((e) => noticeOf(userId, e, "rejected", { reason: bad.get(entries.indexOf(e)) ?? null }));
          await settleOutbox(userId, rejected.map((e) => e.mutation_id), notices, batch.id);
          summary.rejected.push(...notices.map(unsentOf));
          total -= entries.length;
          if (rejected.length) continue;
          throw new BatchRefused(error.message);
        }
        throw error;
      }
    }

    const batchId = batch.batch_id!;
    let status: BatchStatus;
    try {
      status = await waitUntilMerged(api, batchId, sleep, (step) =>
        onProgress?.({ total, done: doneBefore + Math.round((entries.length * step.progress) / 100), percent: step.progress }),
      );
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        // Not a batch the server knows (any more): send the changes again, as a new batch.
        await dropBatch(batch.id);
        if ((forgotten += 1) > 2) throw error;
        total -= entries.length;
        continue;
      }
      throw error;
    }
    if (status.status === "failed") {
      // Nothing is lost: the changes stay in the outbox and go again in a new batch (those the
      // server merged before it failed come back as duplicates).
      await dropBatch(batch.id);
      throw new BatchRefused(status.error ?? "The server could not merge the changes.");
    }
    const results = (await api.getBatch(batchId, true)).results ?? [];
    summary.clockSkewSeconds = status.clock_skew_seconds;
    if (pull) await pull().catch(() => undefined);

    const byMutation = new Map(entries.map((e) => [e.mutation_id, e]));
    const settled: string[] = [];
    const notices: SyncNotice[] = [];
    for (const result of results) {
      const entry = byMutation.get(result.mutation_id);
      if (!entry || !result.outcome) continue; // undecided: it stays and goes again
      settled.push(result.mutation_id);
      if (result.outcome === "conflict" || result.outcome === "rejected") {
        const notice = noticeOf(userId, entry, result.outcome, result);
        notices.push(notice);
        (result.outcome === "conflict" ? summary.conflicts : summary.rejected).push(unsentOf(notice));
      } else {
        summary.saved += 1;
      }
    }
    await settleOutbox(userId, settled, notices, batch.id);
    // A merged batch that decided none of its changes would be sent again and again at once:
    // stop the round; the changes wait for the next one (with its backoff).
    if (!settled.length) throw new BatchRefused("The server merged the changes without deciding any of them.");
    doneBefore += entries.length;
    onProgress?.({ total, done: doneBefore, percent: 100 });
  }
  return summary;
}
