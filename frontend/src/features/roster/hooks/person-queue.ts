/**
 * The order in which the roster's changes leave (no React in it): changes to one person go out one
 * after another, each after its predecessor has settled (so it carries the version that one
 * produced); a change to everyone (a bulk mark) waits for all of those in flight, and every change
 * after it waits for it. A person's generation moves on when a colleague's mark got there first:
 * the changes queued before then are dropped, and the user decides afresh.
 */
export interface PersonQueue {
  /** Runs `run` after this person's earlier changes and after any change to everyone before it. */
  person(participantId: string, run: () => Promise<void>): Promise<void>;
  /** Runs `run` after everything queued so far; everything queued later waits for it. */
  everyone(run: () => Promise<void>): Promise<void>;
  /** This person's generation now; a change made in an older one is stale. */
  generation(participantId: string): number;
  /** Makes every change queued so far for this person stale. */
  drop(participantId: string): void;
}

export function createPersonQueue(): PersonQueue {
  const chains = new Map<string, Promise<void>>();
  const generations = new Map<string, number>();
  let barrier: Promise<unknown> = Promise.resolve();

  return {
    person(participantId, run) {
      const before = Promise.all([chains.get(participantId), barrier]);
      // The runs never throw (they settle their own errors); run even if something before did.
      const link = before.then(run, run);
      chains.set(participantId, link);
      const forget = () => {
        if (chains.get(participantId) === link) chains.delete(participantId);
      };
      void link.then(forget, forget);
      return link;
    },
    everyone(run) {
      const before = Promise.all([...chains.values(), barrier]);
      const done = before.then(run, run);
      barrier = done;
      return done;
    },
    generation: (participantId) => generations.get(participantId) ?? 0,
    drop(participantId) {
      generations.set(participantId, (generations.get(participantId) ?? 0) + 1);
    },
  };
}
