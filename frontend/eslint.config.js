import { readdirSync } from "node:fs";
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const features = readdirSync(new URL("./src/features", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

// CONVENTIONS habit 11: features never import each other (nor the app that composes them), and
// the shared layers (lib/, components/) import no feature.
const featureBoundaries = features.map((feature) => ({
  files: [`src/features/${feature}/**`],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          ...features
            .filter((other) => other !== feature)
            .map((other) => ({ group: [`**/features/${other}`, `**/features/${other}/**`], message: "Features do not import each other; compose them in src/app/." })),
          { group: ["**/app/**"], message: "Features do not import the app." },
        ],
      },
    ],
  },
}));

export default defineConfig(
  { ignores: ["dist/", "test-results/", "playwright-report/", "node_modules/"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  { rules: { "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }] } },
  {
    files: ["src/**/*.{ts,tsx}"],
    extends: [reactHooks.configs.flat["recommended-latest"], jsxA11y.flatConfigs.recommended],
    languageOptions: { globals: globals.browser },
  },
  ...featureBoundaries,
  {
    files: ["src/lib/**", "src/components/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["**/features/**", "**/app/**"], message: "Shared code imports no feature and not the app." }] },
      ],
    },
  },
  {
    files: ["e2e/**", "scripts/**", "*.config.{js,ts}"],
    languageOptions: { globals: globals.node },
  },
);
