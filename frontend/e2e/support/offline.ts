import { expect, type BrowserContext, type Page } from "@playwright/test";

// Offline as a browser meets it. Playwright's setOffline alone misses the service worker's own
// fetches, so the config turns on PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS and every /api
// request is also refused here while "offline", whoever makes it.

const API = "**/api/**";

export async function goOffline(context: BrowserContext): Promise<void> {
  await context.route(API, (route) => route.abort("internetdisconnected"));
  await context.setOffline(true);
}

export async function goOnline(context: BrowserContext): Promise<void> {
  await context.unroute(API);
  await context.setOffline(false);
}

/**
 * The app is ready to open offline: its service worker controls the page (the shell is cached)
 * and this roster is kept in IndexedDB for the signed-in user.
 */
export async function expectReadyOffline(page: Page, sessionId: string): Promise<void> {
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 20_000 }).toBe(true);
  await expect
    .poll(
      () =>
        page.evaluate(
          (name) =>
            new Promise<boolean>((resolve) => {
              const open = indexedDB.open("omnipresence");
              open.onerror = () => resolve(false);
              open.onsuccess = () => {
                const db = open.result;
                if (!db.objectStoreNames.contains("cache")) {
                  db.close();
                  resolve(false);
                  return;
                }
                const all = db.transaction("cache").objectStore("cache").getAll();
                all.onsuccess = () => {
                  db.close();
                  resolve((all.result as { name: string }[]).some((entry) => entry.name === name));
                };
                all.onerror = () => resolve(false);
              };
            }),
          `roster:${sessionId}`,
        ),
      { timeout: 10_000 },
    )
    .toBe(true);
}

/** The header's count of changes waiting on this device, e.g. "1 pending". */
export function pendingCount(page: Page) {
  return page.getByRole("banner").getByRole("status", { name: "Changes made on this device" });
}
