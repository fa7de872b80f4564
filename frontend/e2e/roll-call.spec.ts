import type { Locator, Page } from "@playwright/test";
import { expect, expectAccessible, test } from "./support/fixtures";
import { openFromNav, prepareRollCall, signInAs } from "./support/presence";

test.use({ locale: "en-GB" });
// Five hundred rows to render and, once, to scan for accessibility (the scan is the slow part).
test.setTimeout(300_000);

function counts(page: Page): Locator {
  return page.getByRole("list", { name: "Counts" });
}

async function expectCount(page: Page, label: string, count: number) {
  await expect(counts(page).getByRole("listitem").filter({ hasText: label })).toHaveText(new RegExp(`${label}\\s*${count}$`));
}

function row(page: Page, name: string): Locator {
  return page.getByRole("list", { name: "Students" }).getByRole("listitem").filter({ hasText: name });
}

test("a frontline user takes a 500-person roll call: all present in one action, three changed, saved", async ({ page, request }) => {
  const prepared = await prepareRollCall(request, 500);

  await signInAs(page, prepared.frontline);
  const nav = page.getByRole("navigation", { name: "Main" });
  // A frontline user's navigation: their day, nothing of the administration.
  await expect(nav.getByRole("link", { name: "Classes" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Audit log" })).toHaveCount(0);
  await openFromNav(page, "Today");
  await expect(page.getByRole("heading", { level: 1, name: "Lessons today" })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("link", { name: prepared.sessionTitle }).click();
  await expect(page.getByRole("heading", { level: 1, name: prepared.sessionTitle })).toBeVisible();
  await expect(page).toHaveTitle(`Lesson: ${prepared.sessionTitle} · Omnipresence`);
  await expect(page.getByText(`Lesson · Class: ${prepared.groupName}`)).toBeVisible();
  await expect(page.getByText("0 of 500 students marked.")).toBeVisible();
  // The list is windowed: the rows near the window are in the page, not all 500.
  expect(await page.getByRole("list", { name: "Students" }).getByRole("listitem").count()).toBeLessThanOrEqual(60);
  await expectCount(page, "Unmarked", 500);
  await expectCount(page, "Present", 0);

  // One button per state, named by its label, big enough for a thumb.
  const first = row(page, "Pupil 001");
  for (const label of ["Present", "Late", "Absent", "Excused"]) {
    const button = first.getByRole("button", { name: label, exact: true });
    await expect(button).toHaveAttribute("aria-pressed", "false");
    const box = await button.boundingBox();
    expect(box!.width).toBeGreaterThanOrEqual(44);
    expect(box!.height).toBeGreaterThanOrEqual(44);
  }

  await page.getByRole("button", { name: "Mark all…" }).click();
  await page.getByRole("dialog", { name: "Mark many at once" }).getByRole("button", { name: "Mark all as Present" }).click();
  // One request for all 500, saved on the server (a loaded CI machine may take a while).
  await expect(page.getByText("Marked 500 as Present.")).toBeVisible({ timeout: 15_000 });
  await expectCount(page, "Present", 500);
  await expectCount(page, "Unmarked", 0);
  await expect(row(page, "Pupil 010").getByRole("button", { name: "Present", exact: true })).toHaveAttribute("aria-pressed", "true");

  // Three are not present: two absent, one late — two of them found by searching.
  const search = page.getByRole("searchbox", { name: "Search students" });
  await row(page, "Pupil 007").getByRole("button", { name: "Absent", exact: true }).click();
  await search.fill("pupil 499");
  await expect(page.getByRole("list", { name: "Students" }).getByRole("listitem")).toHaveCount(1);
  await row(page, "Pupil 499").getByRole("button", { name: "Late", exact: true }).click();
  await search.fill("pupil 123");
  await expect(page.getByRole("list", { name: "Students" }).getByRole("listitem")).toHaveCount(1);
  await row(page, "Pupil 123").getByRole("button", { name: "Absent", exact: true }).click();
  await search.fill("");

  await expectCount(page, "Present", 497);
  await expectCount(page, "Absent", 2);
  await expectCount(page, "Late", 1);
  await expect(page.getByText("Saving…")).toHaveCount(0);
  await expectAccessible(page);

  // Saved on the server: a reload shows the same.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: prepared.sessionTitle })).toBeVisible();
  await expectCount(page, "Present", 497);
  await expectCount(page, "Absent", 2);
  await expectCount(page, "Late", 1);
  await expectCount(page, "Unmarked", 0);
  await expect(row(page, "Pupil 007").getByRole("button", { name: "Absent", exact: true })).toHaveAttribute("aria-pressed", "true");
  await page.getByRole("searchbox", { name: "Search students" }).fill("pupil 499");
  await expect(row(page, "Pupil 499").getByRole("button", { name: "Late", exact: true })).toHaveAttribute("aria-pressed", "true");
  await page.getByRole("searchbox", { name: "Search students" }).fill("pupil 123");
  await expect(row(page, "Pupil 123").getByRole("button", { name: "Absent", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(row(page, "Pupil 123").getByRole("button", { name: "Present", exact: true })).toHaveAttribute("aria-pressed", "false");

  // The record's history: marked present by everyone's mark, then absent.
  await row(page, "Pupil 123").getByRole("button", { name: "More for Pupil 123" }).click();
  await page.getByRole("dialog", { name: "Pupil 123" }).getByRole("button", { name: "History", exact: true }).click();
  const history = page.getByRole("dialog", { name: "History of Pupil 123" });
  await expect(history.getByRole("row")).toHaveCount(3);
  await expect(history.getByRole("row").nth(1)).toContainText("Present");
  await expect(history.getByRole("row").nth(2)).toContainText("Absent");
  await expect(history.getByRole("row").nth(2)).toContainText(prepared.frontline.fullName);
  await expectAccessible(page, { include: "dialog[open]" });
});
