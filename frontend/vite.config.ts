import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// In development the API lives behind the gateway; in production the gateway serves dist/.
const gateway = process.env.OMNI_GATEWAY_URL ?? "http://127.0.0.1:8000";
const proxied = ["/api", "/.well-known", "/healthz", "/readyz"];

export default defineConfig({
  plugins: [react()],
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
