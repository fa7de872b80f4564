import { defineConfig, mergeConfig } from "vitest/config";
// The Vite config brings its `@/` alias (src/) and plugins along.
import viteConfig from "./vite.config.ts";

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: "jsdom",
      include: ["src/**/*.test.{ts,tsx}"],
      setupFiles: ["src/test/setup.ts"],
      restoreMocks: true,
      // make test runs these beside the stack's processes on two cores: generous limits, so a
      // busy machine slows a test down without failing it.
      testTimeout: 30_000,
      unstubGlobals: true,
    },
  }),
);
