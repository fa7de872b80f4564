import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { VitePWA } from "vite-plugin-pwa";

// In development the API lives behind the gateway; in production the gateway serves dist/.
const gateway = process.env.OMNI_GATEWAY_URL ?? "http://127.0.0.1:8000";
const proxied = ["/api", "/.well-known", "/healthz", "/readyz"];

// The gateway's API reference (/api/docs) runs Swagger UI from the same origin, no CDN: the
// build ships its two files in dist/api-docs/, outside the app's own bundle.
function swaggerUi(): Plugin {
  return {
    name: "omni-swagger-ui",
    apply: "build",
    closeBundle() {
      const from = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
      const to = join("dist", "api-docs");
      mkdirSync(to, { recursive: true });
      for (const file of ["swagger-ui-bundle.js", "swagger-ui.css"]) copyFileSync(join(from, file), join(to, file));
    },
  };
}

// The service worker that caches the app shell for offline use (SPEC §4.5): Workbox, built here
// from its npm packages (nothing from a CDN), precaching what the build made; any app path opened
// offline gets index.html. The API and the docs are never cached (the outbox lives in IndexedDB).
// Registered by the app itself (src/lib/offline/service-worker.ts), no inline script (CSP).
const serviceWorker = VitePWA({
  strategies: "generateSW",
  injectRegister: false,
  registerType: "prompt",
  manifest: false,
  workbox: {
    globPatterns: ["**/*.{js,css,html,svg,woff2}"],
    globIgnores: ["api-docs/**", ".vite/**"],
    navigateFallback: "/index.html",
    navigateFallbackDenylist: [/^\/api(\/|$)/, /^\/\.well-known\//, /^\/(healthz|readyz|metrics)$/],
    cleanupOutdatedCaches: true,
    // The first install serves the open page at once (the same build); an update waits for the user.
    clientsClaim: true,
    skipWaiting: false,
    inlineWorkboxRuntime: true,
    sourcemap: false,
  },
});

export default defineConfig({
  plugins: [react(), swaggerUi(), serviceWorker],
  // `@/lib/api-client` rather than `../../../lib/api-client` (tsconfig.json's paths say the same).
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  build: {
    outDir: "dist",
    // The gateway's CSP forbids inline scripts; the polyfill would be one and every target
    // browser supports modulepreload anyway.
    modulePreload: { polyfill: false },
    // dist/.vite/manifest.json: `npm run size` reads it to know what the first screen loads.
    manifest: true,
    target: "es2022",
  },
  server: {
    proxy: Object.fromEntries(proxied.map((path) => [path, { target: gateway, changeOrigin: false }])),
  },
});
