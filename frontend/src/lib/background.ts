/**
 * Marks requests the app makes on its own (refetch on focus, on reconnect, on an interval) so the
 * API client can send `X-Omni-Background: 1`: they must not keep an idle login session alive
 * (SPEC §3.2). A request started synchronously inside `runInBackground` is a background one;
 * anything else is taken to be caused by the user.
 */
let depth = 0;

export function runInBackground<T>(work: () => T): T {
  depth += 1;
  try {
    return work();
  } finally {
    depth -= 1;
  }
}

export function isBackground(): boolean {
  return depth > 0;
}

// One fetch of a query keeps one AbortSignal across its retries, so the first attempt decides
// for all of them: a retry of a background refetch (run later from a timer) stays background.
const originBySignal = new WeakMap<AbortSignal, boolean>();

export function isBackgroundFetch(signal?: AbortSignal): boolean {
  if (!signal) return isBackground();
  let background = originBySignal.get(signal);
  if (background === undefined) {
    background = isBackground();
    originBySignal.set(signal, background);
  }
  return background;
}
