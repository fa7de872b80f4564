import { defineConfig } from "@playwright/test";

// Offline tests need the service worker's fetches to be seen (and refused) like the page's:
// Playwright's setOffline misses them otherwise. Set before any browser starts.
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = "1";

// Browser tests run against the real stack (the gateway serving dist/ and /api); nothing is
// mocked. Playwright never downloads a browser here: it drives the system Chromium
// (`apt-get install chromium`), and installs run with PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1.
export default defineConfig({
  testDir: "e2e",
  workers: 2,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL: process.env.OMNI_E2E_BASE_URL ?? "http://127.0.0.1:8000",
    headless: true,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
});
