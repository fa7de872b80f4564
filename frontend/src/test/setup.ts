import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";
import "@/lib/i18n";

// findBy… and waitFor wait up to 10 s (1 s by default) for what a busy machine renders late.
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => {
  cleanup();
});
