#!/usr/bin/env node
// The register's scroll on a mid-range phone (issue 18), for `make bench` (bench/scroll.py): a
// teacher signs in on a 390 × 844 screen, opens a 500-person register, and the page is scrolled
// to the bottom and back, wheel step by wheel step, with the CPU throttled ×4 (the DevTools
// figure for a mid-range phone). Chromium's own trace (devtools.timeline) gives every task the
// page's main thread ran meanwhile; this prints, as one line of JSON, the longest of them, how
// many went past 50 ms (a "long task"), and the most register rows that were in the page at once.
//
//   node scripts/scroll-bench.mjs <base-url> <email> <password> <session-id>
//   (SCROLL_BENCH_TRACE=/tmp/scroll.json keeps the trace, to open in DevTools' Performance panel)
//
// It measures and prints; it never fails on a figure (no timing assertion anywhere).
/* global window, document -- read inside page.evaluate, in the browser */
import { writeFileSync } from "node:fs";
import { chromium } from "playwright-core";

const [base, email, password, sessionId] = process.argv.slice(2);
if (!base || !email || !password || !sessionId) {
  console.error("usage: scroll-bench.mjs <base-url> <email> <password> <session-id>");
  process.exit(2);
}

const THROTTLE = 4;
const WHEEL_STEP = 300; // px per wheel notch, about a flick's worth on a phone
const PAUSE_MS = 16; // one frame between notches

const browser = await chromium.launch({
  // As the browser tests launch it (playwright.config.ts): Debian's Chromium, never a download.
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: "en-GB" });
  const page = await context.newPage();
  await page.goto(new URL("/sign-in", base).href);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"), { timeout: 60_000 });

  await page.goto(new URL(`/sessions/${encodeURIComponent(sessionId)}`, base).href);
  const rows = page.locator("ul.roster-list > li");
  await rows.first().waitFor({ timeout: 60_000 });
  await page.getByText(/ of 500 /).first().waitFor({ timeout: 60_000 });
  // The live roster keeps a stream open (never "network idle"): let the first screen settle.
  await page.waitForTimeout(2000);

  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: THROTTLE });
  await page.mouse.move(195, 600);
  await browser.startTracing(page, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline"] });

  // Marks in the trace around the scroll itself: only the tasks between them are counted.
  await page.evaluate(() => console.timeStamp("omni-scroll-start"));
  let mostRows = await rows.count();
  let scrolled = 0;
  const height = () => page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
  for (const direction of [1, -1]) {
    for (let notch = 0; notch < 1000; notch++) {
      const before = await page.evaluate(() => window.scrollY);
      if (direction > 0 ? before >= (await height()) - 1 : before <= 0) break;
      await page.mouse.wheel(0, direction * WHEEL_STEP);
      await page.waitForTimeout(PAUSE_MS);
      const after = await page.evaluate(() => window.scrollY);
      scrolled += Math.abs(after - before);
      mostRows = Math.max(mostRows, await rows.count());
    }
  }
  await page.waitForTimeout(500);
  await page.evaluate(() => console.timeStamp("omni-scroll-end"));
  const raw = await browser.stopTracing();
  // Kept for DevTools' Performance panel when asked (SCROLL_BENCH_TRACE=/tmp/scroll.json).
  if (process.env.SCROLL_BENCH_TRACE) writeFileSync(process.env.SCROLL_BENCH_TRACE, raw);
  const trace = JSON.parse(raw.toString("utf8"));
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });

  // The page's main thread(s): Chromium names them CrRendererMain; a task is a complete ("X")
  // RunTask event, its duration in microseconds.
  const events = trace.traceEvents ?? trace;
  const mainThreads = new Set(
    events.filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain").map((e) => `${e.pid}:${e.tid}`),
  );
  const mark = (message) => events.find((e) => e.name === "TimeStamp" && e.args?.data?.message === message)?.ts;
  const [from, to] = [mark("omni-scroll-start") ?? -Infinity, mark("omni-scroll-end") ?? Infinity];
  const tasks = events
    .filter((e) => e.ph === "X" && e.name === "RunTask" && mainThreads.has(`${e.pid}:${e.tid}`) && e.ts + (e.dur ?? 0) >= from && e.ts <= to)
    .map((e) => (e.dur ?? 0) / 1000);
  const longest = tasks.length ? Math.max(...tasks) : null;
  const sorted = [...tasks].sort((a, b) => a - b);
  const p95 = sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] : null;
  console.log(
    JSON.stringify({
      throttle: THROTTLE,
      marked: Number.isFinite(from) && Number.isFinite(to),
      longest_task_ms: longest,
      p95_task_ms: p95,
      tasks: tasks.length,
      long_tasks: tasks.filter((ms) => ms > 50).length,
      scrolled_px: Math.round(scrolled),
      most_rows: mostRows,
    }),
  );
} finally {
  await browser.close();
}
