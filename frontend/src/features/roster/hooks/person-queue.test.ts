import { describe, expect, it } from "vitest";
import { createPersonQueue } from "./person-queue";

/** A change that finishes when told to, saying when it started and ended. */
function step(log: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    run: async () => {
      log.push(`${name} starts`);
      await done;
      log.push(`${name} ends`);
    },
    finish: () => finish(),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("the order roster changes leave in", () => {
  it("sends one person's changes one after another, and different people's side by side", async () => {
    const log: string[] = [];
    const queue = createPersonQueue();
    const first = step(log, "p1 present");
    const second = step(log, "p1 late");
    const other = step(log, "p2 absent");
    void queue.person("p1", first.run);
    void queue.person("p1", second.run);
    void queue.person("p2", other.run);
    await settle();
    expect(log).toEqual(["p1 present starts", "p2 absent starts"]);
    first.finish();
    await settle();
    expect(log).toEqual(["p1 present starts", "p2 absent starts", "p1 present ends", "p1 late starts"]);
    second.finish();
    other.finish();
    await settle();
    expect(log).toContain("p1 late ends");
  });

  it("lets a change to everyone wait for those in flight, and the ones after it wait for it", async () => {
    const log: string[] = [];
    const queue = createPersonQueue();
    const single = step(log, "p1 present");
    const bulk = step(log, "all absent");
    const after = step(log, "p2 late");
    void queue.person("p1", single.run);
    void queue.everyone(bulk.run);
    void queue.person("p2", after.run);
    await settle();
    expect(log).toEqual(["p1 present starts"]);
    single.finish();
    await settle();
    expect(log).toEqual(["p1 present starts", "p1 present ends", "all absent starts"]);
    bulk.finish();
    await settle();
    expect(log.slice(-2)).toEqual(["all absent ends", "p2 late starts"]);
    after.finish();
  });

  it("goes on after a change that failed", async () => {
    const log: string[] = [];
    const queue = createPersonQueue();
    void queue.person("p1", async () => {
      log.push("fails");
      throw new Error("boom");
    }).catch(() => undefined);
    await queue.person("p1", async () => {
      log.push("next");
    });
    expect(log).toEqual(["fails", "next"]);
  });

  it("makes a person's queued changes stale once a colleague's mark came first", () => {
    const queue = createPersonQueue();
    const before = queue.generation("p1");
    queue.drop("p1");
    expect(queue.generation("p1")).not.toBe(before);
    expect(queue.generation("p2")).toBe(0);
  });
});
