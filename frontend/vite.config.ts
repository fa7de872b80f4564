import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

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

export default defineConfig({
  plugins: [react(), swaggerUi()],
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
