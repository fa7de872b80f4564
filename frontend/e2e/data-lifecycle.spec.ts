import { readFile } from "node:fs/promises";
import type { Browser, Page } from "@playwright/test";
import { createParticipantLogin } from "./support/check-in";
import { expect, expectAccessible, test } from "./support/fixtures";
import { call, createUser, openFromNav, signInAs, signUpOrganization, submitSignInAs, unique, type Account } from "./support/presence";

// Issue 15's screens against the real stack: a participant's data downloaded and then erased
// everywhere, from their page on a phone; a pupil's own data downloaded from their space; how long data is kept; the organization exported and,
// in a freshly signed-up organization of its own, closed for good.

const PHONE = { width: 390, height: 844 };
test.use({ locale: "en-GB", viewport: PHONE });
test.setTimeout(180_000);

async function pageAs(browser: Browser, account: Account): Promise<Page> {
  const context = await browser.newContext({ locale: "en-GB", viewport: PHONE });
  const page = await context.newPage();
  await signInAs(page, account);
  return page;
}

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test("an administrator downloads a pupil's data, then erases them everywhere while their register stays; a manager sees neither", async ({ page, browser, request }) => {
  const org = await signUpOrganization(request);
  const manager = await createUser(request, org, "manager", "Mo Manager");
  const ref = unique("E").replace(/\s+/g, "");
  const eli = await call<{ id: string }>(request, org.token, "POST", "/api/participants", { name: "Eli Evans", external_ref: ref, email: `${ref.toLowerCase()}@example.com` });
  const group = await call<{ id: string }>(request, org.token, "POST", "/api/groups", { name: unique("Class"), domain: "education" });
  await call(request, org.token, "POST", `/api/groups/${group.id}/members`, { participant_ids: [eli.id] });
  const now = Date.now();
  const lesson = await call<{ id: string }>(request, org.token, "POST", "/api/sessions", {
    group_id: group.id,
    title: unique("History"),
    starts_at: new Date(now - 30 * 60_000).toISOString(),
    ends_at: new Date(now + 30 * 60_000).toISOString(),
    mode: "roll_call",
    status: "open",
  });
  await call(request, org.token, "POST", "/api/presence", { session_id: lesson.id, participant_id: eli.id, state: "present", note: "Brought a note from home" });

  await signInAs(page, org.admin);
  await openFromNav(page, "Students");
  await page.getByRole("link", { name: "Eli Evans" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Eli Evans" })).toBeVisible();
  await expect(page.getByText(ref, { exact: true })).toBeVisible();
  await expectAccessible(page);
  await expectNoSidewaysScroll(page);

  // Subject access: one JSON file with what every service holds about them.
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download their data" }).click()]);
  expect(file.suggestedFilename()).toBe(`participant-${eli.id}.json`);
  const exported = JSON.parse(await readFile((await file.path())!, "utf8")) as { participant: { name: string }; records: { state: string }[]; audit: unknown[] };
  expect(exported.participant.name).toBe("Eli Evans");
  expect(exported.records.map((r) => r.state)).toEqual(["present"]);
  expect(exported.audit.length).toBeGreaterThan(0);
  await expect(page.getByText(/The file is downloaded/)).toBeVisible();

  // Erasure: what goes and what stays, then their name typed — by keyboard.
  await page.getByRole("button", { name: "Erase Eli Evans…" }).click();
  const dialog = page.getByRole("dialog", { name: "Erase Eli Evans?" });
  await expect(dialog.getByText(/Their name \(it becomes “Erased participant”\)/)).toBeVisible();
  await expect(dialog.getByText(/Their marks' states and times/)).toBeVisible();
  await expectAccessible(page, { include: "dialog" });
  const typed = dialog.getByLabel("Type their name, Eli Evans, to confirm");
  await typed.fill("Eli");
  await typed.press("Enter");
  await expect(dialog.getByText("Type Eli Evans exactly as shown.")).toBeVisible();
  await expect(typed).toBeFocused();
  await typed.fill("Eli Evans");
  await typed.press("Enter");
  await expect(page.getByText("Eli Evans is erased everywhere: no personal data of theirs is left.")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole("heading", { level: 1, name: "Erased participant" })).toBeVisible();
  await expect(page.getByText(ref, { exact: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Erase / })).toHaveCount(0);
  await expectAccessible(page);

  // Their mark stays on the register, without their name.
  const roster = await call<{ items: { participant: { id: string; name: string }; record: { state: string; note: string | null } | null }[] }>(
    request,
    org.token,
    "GET",
    `/api/sessions/${lesson.id}/roster`,
  );
  const row = roster.items.find((item) => item.participant.id === eli.id);
  expect(row?.participant.name).toBe("Erased participant");
  expect(row?.record?.state).toBe("present");
  expect(row?.record?.note ?? null).toBeNull();

  // A manager sees the page, but not the controls.
  const theirs = await pageAs(browser, manager);
  await theirs.goto(`/participants/${eli.id}`);
  await expect(theirs.getByRole("heading", { level: 1, name: "Erased participant" })).toBeVisible();
  await expect(theirs.getByRole("heading", { name: "Their data" })).toHaveCount(0);
  await expect(theirs.getByRole("button", { name: "Download their data" })).toHaveCount(0);
  await theirs.goto("/settings");
  await expect(theirs.getByRole("heading", { level: 1, name: "Not available to your role" })).toBeVisible();
  await expect(theirs.getByRole("button", { name: /^Close / })).toHaveCount(0);
});

test("a pupil downloads their own data from their space on a phone, by keyboard, and the file names them", async ({ page, request }) => {
  const org = await signUpOrganization(request);
  const ref = unique("E").replace(/\s+/g, "");
  const eli = await call<{ id: string }>(request, org.token, "POST", "/api/participants", { name: "Eli Evans", external_ref: ref });
  const group = await call<{ id: string }>(request, org.token, "POST", "/api/groups", { name: unique("Class"), domain: "education" });
  await call(request, org.token, "POST", `/api/groups/${group.id}/members`, { participant_ids: [eli.id] });
  const now = Date.now();
  const lesson = await call<{ id: string }>(request, org.token, "POST", "/api/sessions", {
    group_id: group.id,
    title: unique("History"),
    starts_at: new Date(now - 30 * 60_000).toISOString(),
    ends_at: new Date(now + 30 * 60_000).toISOString(),
    mode: "roll_call",
    status: "open",
  });
  await call(request, org.token, "POST", "/api/presence", { session_id: lesson.id, participant_id: eli.id, state: "present" });
  const login = await createParticipantLogin(request, org, { id: eli.id, name: "Eli Evans", badge: ref });

  await signInAs(page, login);
  await openFromNav(page, "My attendance");
  await expect(page.getByRole("heading", { level: 1, name: "My attendance" })).toBeVisible();
  const data = page.getByRole("region", { name: "Your data" });
  await expect(data.getByText(/Download one file with everything held about you/)).toBeVisible();
  await expectAccessible(page);
  await expectNoSidewaysScroll(page);

  const button = data.getByRole("button", { name: "Download my data" });
  await button.focus();
  const [file] = await Promise.all([page.waitForEvent("download"), button.press("Enter")]);
  expect(file.suggestedFilename()).toBe(`participant-${eli.id}.json`);
  const exported = JSON.parse(await readFile((await file.path())!, "utf8")) as {
    participant: { id: string; name: string };
    records: { state: string }[];
    user: { email: string } | null;
  };
  expect(exported.participant).toMatchObject({ id: eli.id, name: "Eli Evans" });
  expect(exported.user?.email).toBe(login.email);
  expect(exported.records.map((r) => r.state)).toEqual(["present"]);
  await expect(data.getByText("The file is downloaded. It holds your personal data: keep it somewhere safe.")).toBeVisible();
  await expect(button).toBeFocused();
});

test("an administrator sets how long data is kept, exports everything, and closes a new organization for good", async ({ page, request }) => {
  const org = await signUpOrganization(request);
  await signInAs(page, org.admin);
  await openFromNav(page, "Organization settings");
  await expect(page.getByRole("heading", { level: 1, name: "Organization settings" })).toBeVisible();

  // Retention: new organizations keep records for ever and reports 30 days.
  const records = page.getByRole("group", { name: "Attendance records" });
  const reports = page.getByRole("group", { name: "Report files" });
  await expect(records.getByRole("radio", { name: "Keep them for ever" })).toBeChecked();
  await expect(reports.getByLabel("Days", { exact: true })).toHaveValue("30");
  await expect(records.getByText("No records are held yet.")).toBeVisible();
  await expectAccessible(page);
  await expectNoSidewaysScroll(page);
  await records.getByRole("radio", { name: /^Delete them a number of days/ }).check();
  await records.getByLabel("Days", { exact: true }).fill("0");
  await page.getByRole("button", { name: "Save how long data is kept" }).click();
  await expect(records.getByText("Enter a whole number of days from 1 to 36,500.")).toBeVisible();
  await records.getByLabel("Days", { exact: true }).fill("400");
  await page.getByRole("button", { name: "Save how long data is kept" }).click();
  await expect(page.getByText("Saved. The next run follows the new choice.")).toBeVisible();
  const saved = await call<{ presence_retention_days: number | null; report_retention_days: number | null }>(request, org.token, "GET", "/api/organizations/current");
  expect(saved).toMatchObject({ presence_retention_days: 400, report_retention_days: 30 });

  // Export everything: a job that builds, then a ZIP to download, listed with its expiry.
  await expect(page.getByText("No exports yet.")).toBeVisible();
  await page.getByRole("button", { name: "Export everything" }).click();
  const exportsList = page.getByRole("list", { name: "Exports" });
  await expect(exportsList.getByRole("listitem")).toHaveCount(1);
  const download = exportsList.getByRole("button", { name: /^Download the ZIP/ });
  await expect(download).toBeVisible({ timeout: 90_000 });
  await expect(exportsList.getByText(/Can be downloaded until/)).toBeVisible();
  await expectAccessible(page);
  const [zip] = await Promise.all([page.waitForEvent("download"), download.click()]);
  expect(zip.suggestedFilename()).toMatch(/\.zip$/);
  const bytes = await readFile((await zip.path())!);
  expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");

  // Close: the consequences, the name typed exactly, then the date the data goes.
  await page.getByRole("button", { name: `Close ${org.name}…` }).click();
  const dialog = page.getByRole("dialog", { name: `Close ${org.name}?` });
  await expect(dialog.getByText("Everyone is signed out at once, you too, and kiosks stop working.")).toBeVisible();
  await expect(dialog.getByText(/It cannot be reopened/)).toBeVisible();
  await expectAccessible(page, { include: "dialog" });
  const typed = dialog.getByLabel(`Type the organization's name, ${org.name}, to confirm`);
  await typed.fill(org.name.toUpperCase());
  await dialog.getByRole("button", { name: `Close ${org.name} for good` }).click();
  await expect(dialog.getByText(`Type ${org.name} exactly as shown.`)).toBeVisible();
  await typed.fill(`${org.name} `);
  await dialog.getByRole("button", { name: `Close ${org.name} for good` }).click();
  const closed = page.getByRole("dialog", { name: `${org.name} is closed` });
  await expect(closed.getByText(/Its data will be deleted on /)).toBeVisible();
  await expectAccessible(page, { include: "dialog" });
  await closed.getByRole("button", { name: "Go to the sign-in page" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sign in to Omnipresence" })).toBeVisible();

  // Nobody gets in again: the sign-in answers as a wrong password does.
  const answer = page.waitForResponse((response) => response.url().endsWith("/api/auth/login"));
  await submitSignInAs(page, org.admin);
  expect((await answer).status()).toBe(401);
  await expect(page.getByRole("alert")).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in$/);
  const refused = await request.get("/api/auth/me", { headers: { Authorization: `Bearer ${org.token}` } });
  expect(refused.status()).toBe(401);
});
