import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { demoPassword, type DemoUser } from "./demo";

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/**
 * Every page a test visits is scanned: WCAG 2.2 AA, zero violations. `include` narrows a scan to
 * what changed on a page already scanned whole (a dialog over a 500-row roster), since a scan
 * takes time in proportion to the page.
 */
export async function expectAccessible(page: Page, { include }: { include?: string } = {}): Promise<void> {
  const builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
  if (include) builder.include(include);
  const { violations } = await builder.analyze();
  const summary = violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).join("\n    ")}`,
  );
  expect(summary, `accessibility violations on ${page.url()}`).toEqual([]);
}

/** The page's width against the window's: nothing may stick out sideways (issue 18). */
export async function expectNoSidewaysScroll(page: Page, what: string): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect.soft(scrollWidth, `${what} is ${scrollWidth} px wide in a ${clientWidth} px window`).toBeLessThanOrEqual(clientWidth);
}

/**
 * The rows of a StackedTable by its caption, whichever way it shows: a table's body rows at a
 * desk, its cards on a phone. A test of a job at both widths reads them alike.
 */
export function stackedRows(page: Page | Locator, caption: string): Locator {
  return page.getByRole("table", { name: caption }).or(page.getByRole("list", { name: caption })).locator(":is(tbody tr, li)");
}

/**
 * Holds every `method` request to `url` until the returned function is called, counting them: a button's
 * pending state stays on screen for as long as a test needs to look at it, without a sleep.
 */
export async function holdRequests(context: BrowserContext, url: string, method: string): Promise<{ release: () => void; count: () => number }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let count = 0;
  await context.route(url, async (route) => {
    if (route.request().method() !== method) return route.continue();
    count += 1;
    await released;
    await route.continue();
  });
  return { release, count: () => count };
}

/** Fills and sends the sign-in form, which must be on screen. */
export async function submitSignIn(page: Page, email: string, password = demoPassword): Promise<void> {
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Signs a demo user in from /sign-in and waits for their home page. */
export async function signIn(page: Page, user: DemoUser): Promise<void> {
  await page.goto("/sign-in");
  await submitSignIn(page, user.email);
  await expect(page.getByRole("heading", { level: 1, name: `Welcome, ${user.fullName}` })).toBeVisible();
}

/** Issue 18: each role's main jobs run on a 390 px phone and at a 1366 px desk. */
export const PHONE_AND_DESK = [
  ["on a phone", { width: 390, height: 844 }],
  ["at a desk", { width: 1366, height: 768 }],
] as const;

export const sessionEndedMessage = "Your session has ended. Please sign in again.";

/**
 * Fails a test whose page hit a Content-Security-Policy violation or threw an uncaught error:
 * the gateway serves the SPA under a strict CSP, and a blocked script is a broken app.
 */
export const test = base.extend<{ pageProblems: void }>({
  pageProblems: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
      page.on("console", (message) => {
        if (message.type() === "error" && /Content Security Policy/i.test(message.text())) {
          problems.push(`CSP: ${message.text()}`);
        }
      });
      await use();
      expect(problems, "problems the page reported").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
