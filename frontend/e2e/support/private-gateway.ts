import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const PYTHON = process.env.OMNI_PYTHON ?? join(ROOT, ".venv", "bin", "python");

/** A gateway of this test's own, serving its own copy of the built app, in front of the shared services. */
export interface PrivateGateway {
  url: string;
  /** The folder it serves the app from: a test may "deploy" a new version there. */
  spaDir: string;
  stop(): Promise<void>;
}

/**
 * Starts a gateway beside the test stack (`python -m omni_stack private gateway`, which reads
 * OMNI_TEST_STACK) serving a copy of frontend/dist, for a test that changes the files the app is
 * served from: the shared gateway's are never touched.
 */
export async function startPrivateGateway(): Promise<PrivateGateway> {
  if (!process.env.OMNI_TEST_STACK) {
    throw new Error("This test starts a gateway of its own beside the test stack: set OMNI_TEST_STACK (see the README).");
  }
  const spaDir = mkdtempSync(join(tmpdir(), "omni-spa-"));
  cpSync(join(ROOT, "frontend", "dist"), spaDir, { recursive: true });
  const child = spawn(PYTHON, ["-m", "omni_stack", "private", "gateway", "--set", `GATEWAY_SPA_DIR=${spaDir}`], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const urls = await new Promise<{ gateway: string }>((done, fail) => {
    const lines = createInterface({ input: child.stdout });
    lines.once("line", (line) => done(JSON.parse(line) as { gateway: string }));
    child.once("exit", (code) => fail(new Error(`the private gateway stopped before it answered (exit code ${code})`)));
  });
  return {
    url: urls.gateway,
    spaDir,
    async stop() {
      child.kill("SIGTERM");
      await exited;
      rmSync(spaDir, { recursive: true, force: true });
    },
  };
}

/**
 * Deploys "the next version" of the app where `gateway` serves it: index.html carries
 * `<meta name="omni-build" content="next">` and the service worker's precache lists it under a new
 * revision, so browsers find a new service worker, as after a real release.
 */
export function deployNextVersion(gateway: PrivateGateway): void {
  const index = join(gateway.spaDir, "index.html");
  writeFileSync(index, readFileSync(index, "utf8").replace("<head>", '<head><meta name="omni-build" content="next">'));
  const worker = join(gateway.spaDir, "sw.js");
  const before = readFileSync(worker, "utf8");
  const after = before.replace(/(url:"index\.html",revision:")[^"]*"/, '$1next-build"');
  if (after === before) throw new Error("sw.js lists no index.html revision to change: has the Workbox build changed?");
  writeFileSync(worker, after);
}
