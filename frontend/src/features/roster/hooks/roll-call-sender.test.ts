import { describe, expect, it, vi } from "vitest";
import type { OutboxChange } from "@/lib/offline/outbox";
import { ApiError, NetworkError, parseProblem } from "@/lib/problem";
import { RETRY_DELAYS_MS, keepForLater, retriable, sendChange, type SenderPorts } from "./roll-call-sender";

const change: OutboxChange = { session_id: "s1", participant_id: "p1", state: "present", note: null, base_version: 3, mutation_id: "m1" };

function ports(overrides: Partial<SenderPorts> = {}) {
  const queued: OutboxChange[][] = [];
  const slept: number[] = [];
  const port: SenderPorts = {
    userId: () => "u1",
    queueing: () => false,
    queue: async (_user, changes) => {
      queued.push([...changes]);
    },
    device: () => "d1",
    browserOnline: () => true,
    unreachable: vi.fn(),
    sleep: async (ms) => {
      slept.push(ms);
    },
    ...overrides,
  };
  return { port, queued, slept };
}

const problem = (status: number, body: Record<string, unknown> = {}) => new ApiError(status, parseProblem({ status, title: "x", ...body }, status), { status, ...body });

describe("sending a roster change", () => {
  it("sends online with this device's id and hands back the answer", async () => {
    const { port, queued } = ports();
    const online = vi.fn(async (device: string | undefined) => ({ id: "r1", device }));
    await expect(sendChange({ changes: [change], online }, port)).resolves.toEqual({ kind: "saved", value: { id: "r1", device: "d1" } });
    expect(queued).toEqual([]);
  });

  it("goes straight to the outbox while older changes wait there, never trying the network", async () => {
    const { port, queued } = ports({ queueing: () => true });
    const online = vi.fn();
    await expect(sendChange({ changes: [change], online }, port)).resolves.toEqual({ kind: "queued" });
    expect(online).not.toHaveBeenCalled();
    expect(queued).toEqual([[change]]);
  });

  it("a change naming someone the server does not know yet only ever goes to the outbox", async () => {
    const { port, queued } = ports();
    const online = vi.fn();
    await expect(sendChange({ changes: [change], online, offlineOnly: true }, port)).resolves.toEqual({ kind: "queued" });
    expect(online).not.toHaveBeenCalled();
    expect(queued).toHaveLength(1);
  });

  it("tries again after a lost connection or a server error, then keeps the change with the mutation id it tried", async () => {
    const { port, queued, slept } = ports();
    const online = vi.fn(async () => {
      throw new NetworkError();
    });
    await expect(sendChange({ changes: [change], online }, port)).resolves.toEqual({ kind: "queued" });
    expect(online).toHaveBeenCalledTimes(RETRY_DELAYS_MS.length + 1);
    expect(slept).toEqual(RETRY_DELAYS_MS);
    expect(queued).toEqual([[change]]);
    expect(port.unreachable).toHaveBeenCalled();
  });

  it("does not wait on retries when the browser knows it is offline", async () => {
    const { port, slept } = ports({ browserOnline: () => false });
    const online = vi.fn(async () => {
      throw new NetworkError();
    });
    await expect(sendChange({ changes: [change], online }, port)).resolves.toEqual({ kind: "queued" });
    expect(online).toHaveBeenCalledTimes(1);
    expect(slept).toEqual([]);
  });

  it("succeeds on a retry after a server error", async () => {
    const { port, queued } = ports();
    const online = vi.fn().mockRejectedValueOnce(problem(503)).mockResolvedValueOnce("ok");
    await expect(sendChange({ changes: [change], online }, port)).resolves.toEqual({ kind: "saved", value: "ok" });
    expect(queued).toEqual([]);
  });

  it("keeps a change whose login ended meanwhile (401) for the same user", async () => {
    const { port, queued } = ports();
    const online = vi.fn(async () => {
      throw problem(401);
    });
    await expect(sendChange({ changes: [change], online }, port)).resolves.toEqual({ kind: "queued" });
    expect(online).toHaveBeenCalledTimes(1);
    expect(queued).toHaveLength(1);
  });

  it("tells a colleague's newer mark (409) apart, with the server's value", async () => {
    const { port, queued } = ports();
    const current = { participant_id: "p1", state: "absent", version: 4 };
    const online = vi.fn(async () => {
      throw problem(409, { current });
    });
    const outcome = await sendChange({ changes: [change], online }, port);
    expect(outcome).toMatchObject({ kind: "conflict", current });
    expect(queued).toEqual([]);
  });

  it("passes a refusal on, unsent and unkept", async () => {
    const { port, queued } = ports();
    const refusal = problem(422, { errors: [{ field: "state", message: "No such state.", code: "no_such_state" }] });
    const online = vi.fn(async () => {
      throw refusal;
    });
    await expect(sendChange({ changes: [change], online }, port)).resolves.toEqual({ kind: "failed", error: refusal });
    expect(online).toHaveBeenCalledTimes(1);
    expect(queued).toEqual([]);
  });

  it("says so when the change could not even be kept", async () => {
    const full = new DOMException("Quota exceeded", "QuotaExceededError");
    const { port } = ports({
      queueing: () => true,
      queue: async () => {
        throw full;
      },
    });
    await expect(sendChange({ changes: [change], online: vi.fn() }, port)).resolves.toEqual({ kind: "failed", error: full });
  });

  it("with nobody signed in, sends online and keeps nothing", async () => {
    const { port, queued } = ports({ userId: () => undefined });
    const online = vi.fn(async () => {
      throw new NetworkError();
    });
    const outcome = await sendChange({ changes: [change], online }, port);
    expect(outcome.kind).toBe("failed");
    expect(queued).toEqual([]);
  });
});

describe("which errors are worth another try, and which changes are kept", () => {
  it("retries lost connections and server errors only", () => {
    expect(retriable(new NetworkError())).toBe(true);
    expect(retriable(new NetworkError(), false)).toBe(false);
    expect(retriable(problem(502))).toBe(true);
    expect(retriable(problem(409))).toBe(false);
    expect(retriable(problem(401))).toBe(false);
  });

  it("keeps what the network, the server or an ended login let down; never a refusal", () => {
    expect(keepForLater(new NetworkError())).toBe(true);
    expect(keepForLater(problem(500))).toBe(true);
    expect(keepForLater(problem(401))).toBe(true);
    expect(keepForLater(problem(422))).toBe(false);
    expect(keepForLater(problem(409))).toBe(false);
  });
});
