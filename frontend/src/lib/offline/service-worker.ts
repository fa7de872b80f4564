import { useSyncStatus } from "./status";

/** Look for a new version of the app this often while it stays open. */
const CHECK_EVERY_MS = 60 * 60_000;

/**
 * Registers the service worker that caches the app shell (vite-plugin-pwa's Workbox build,
 * dist/sw.js), so that the app opens with no network. A new version installs in the background and
 * waits: the user is told and reloads when it suits them (`applyUpdate`), so that no page runs on
 * code whose files were just replaced. The outbox is in IndexedDB, which an update never touches.
 */
export function registerServiceWorker(): void {
  if (!("serviceWorker" in navigator)) return;
  const start = () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(
      (registration) => {
        const watch = (worker: ServiceWorker | null) => {
          if (!worker) return;
          const waiting = () => {
            // The first install has nothing to replace; an update waits for the user.
            if (worker.state === "installed" && navigator.serviceWorker.controller) useSyncStatus.setState({ updateReady: true });
          };
          waiting();
          worker.addEventListener("statechange", waiting);
        };
        // The load that registered may itself have found the update (browsers check at every
        // navigation): it is then installing already, and its "updatefound" has gone by.
        watch(registration.waiting ?? registration.installing);
        registration.addEventListener("updatefound", () => watch(registration.installing));
        setInterval(() => void registration.update().catch(() => undefined), CHECK_EVERY_MS);
      },
      () => undefined, // no service worker (private mode, an old browser): the app works online
    );
  };
  if (document.readyState === "complete") start();
  else window.addEventListener("load", start, { once: true });
}

/** Switches to the version that waits, then reloads into it (the outbox stays where it is). */
export async function applyUpdate(): Promise<void> {
  const registration = await navigator.serviceWorker.getRegistration();
  const waiting = registration?.waiting;
  if (!waiting) {
    window.location.reload();
    return;
  }
  navigator.serviceWorker.addEventListener("controllerchange", () => window.location.reload(), { once: true });
  waiting.postMessage({ type: "SKIP_WAITING" });
}
