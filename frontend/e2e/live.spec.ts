import type { Locator, Page } from "@playwright/test";
import { expect, expectAccessible, test } from "./support/fixtures";
import type { APIRequestContext } from "@playwright/test";
import { createParticipantLogin } from "./support/check-in";
import { call, createUser, prepareRollCall, signInAs, signUpOrganization, unique, type PreparedRollCall } from "./support/presence";

// Live and at a glance (issue 13): rosters that update themselves and live headcounts, through
// the real gateway's server-sent events; dashboards per role with their charts and numbers.

test.use({ locale: "en-GB" });
test.setTimeout(120_000);

const LIVE = "Live: marks made elsewhere appear here as they happen.";

function row(page: Page, name: string): Locator {
  return page.getByRole("list", { name: "Students" }).getByRole("listitem").filter({ hasText: name });
}

async function expectCount(page: Page, label: string, count: number) {
  await expect(page.getByRole("list", { name: "Counts" }).getByRole("listitem").filter({ hasText: label })).toHaveText(new RegExp(`${label}\\s*${count}$`));
}

test("two teachers on one roster see each other's marks without a reload, and the headcount follows", async ({ page, browser, request }) => {
  const prepared = await prepareRollCall(request, 6);
  const colleague = await createUser(request, prepared.org, "frontline", "Colm Colleague");
  await call(request, prepared.org.token, "POST", `/api/groups/${prepared.groupId}/staff`, { user_ids: [colleague.id] });

  await signInAs(page, prepared.frontline);
  await page.goto(`/sessions/${prepared.sessionId}`);
  await expect(page.getByRole("heading", { level: 1, name: prepared.sessionTitle })).toBeVisible();

  const other = await browser.newContext({ locale: "en-GB" });
  const theirs = await other.newPage();
  await signInAs(theirs, colleague);
  await theirs.goto(`/sessions/${prepared.sessionId}`);
  await expect(theirs.getByRole("heading", { level: 1, name: prepared.sessionTitle })).toBeVisible();
  await expect(theirs.getByText(LIVE)).toBeVisible();
  await expect(page.getByText(LIVE)).toBeVisible();

  // A mark here appears there, and one there appears here: no reload on either side.
  await row(page, "Pupil 002").getByRole("button", { name: "Absent", exact: true }).click();
  await expect(row(theirs, "Pupil 002").getByRole("button", { name: "Absent", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expectCount(theirs, "Absent", 1);
  await expectCount(theirs, "Unmarked", 5);

  await row(theirs, "Pupil 005").getByRole("button", { name: "Late", exact: true }).click();
  await expect(row(page, "Pupil 005").getByRole("button", { name: "Late", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expectCount(page, "Late", 1);

  // A whole roll call made elsewhere (another device, through the API): every row follows.
  await call(request, prepared.org.token, "POST", "/api/presence/bulk", {
    session_id: prepared.sessionId,
    only_unmarked: true,
    records: prepared.participants.map((p) => ({ participant_id: p.id, state: "present" })),
  });
  await expectCount(theirs, "Present", 4);
  await expectCount(theirs, "Unmarked", 0);
  await expectCount(page, "Present", 4);
  await expect(row(page, "Pupil 002").getByRole("button", { name: "Absent", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expectAccessible(theirs);
  await other.close();
});

test("Today shows each session's headcount and follows it live", async ({ page, request }) => {
  const prepared = await prepareRollCall(request, 4);
  await signInAs(page, prepared.frontline);
  await page.goto("/today");
  await expect(page.getByRole("heading", { level: 1, name: "Lessons today" })).toBeVisible();
  const headcount = page.getByRole("list", { name: `Headcount of ${prepared.sessionTitle}` });
  await expect(page.getByText("0 of 4 marked")).toBeVisible();
  await expect(headcount).toHaveText(/0 present.*0 late.*0 absent.*4 not marked yet/);

  // Marks made elsewhere (a colleague's device): the numbers follow without a reload.
  const [first, second, third] = prepared.participants;
  await call(request, prepared.org.token, "POST", "/api/presence", { session_id: prepared.sessionId, participant_id: first!.id, state: "present" });
  await call(request, prepared.org.token, "POST", "/api/presence", { session_id: prepared.sessionId, participant_id: second!.id, state: "late" });
  await call(request, prepared.org.token, "POST", "/api/presence", { session_id: prepared.sessionId, participant_id: third!.id, state: "absent" });
  await expect(page.getByText("3 of 4 marked")).toBeVisible();
  await expect(headcount).toHaveText(/1 present.*1 late.*1 absent.*1 not marked yet/);
  await expectAccessible(page);
});

/**
 * A class with five past lessons marked (Pupil 001 absent from every one: below the threshold)
 * and today's lesson running with one mark, all through the API.
 */
async function prepareHistory(request: APIRequestContext): Promise<PreparedRollCall & { badges: string[] }> {
  const org = await signUpOrganization(request);
  const frontline = await createUser(request, org, "frontline", "Fran Frontline");
  const tag = unique("H").replace(/\s+/g, "");
  const participants: { id: string; name: string }[] = [];
  const badges: string[] = [];
  for (let i = 1; i <= 4; i++) {
    const name = `Pupil ${String(i).padStart(3, "0")}`;
    badges.push(`${tag}-${i}`);
    participants.push({ ...(await call<{ id: string }>(request, org.token, "POST", "/api/participants", { name, external_ref: `${tag}-${i}` })), name });
  }
  const groupName = unique("Class");
  const group = await call<{ id: string }>(request, org.token, "POST", "/api/groups", { name: groupName, domain: "education" });
  const now = Date.now();
  // Members since before the earlier lessons.
  await call(request, org.token, "POST", `/api/groups/${group.id}/members`, {
    participant_ids: participants.map((p) => p.id),
    starts_at: new Date(now - 10 * 86_400_000).toISOString(),
  });
  await call(request, org.token, "POST", `/api/groups/${group.id}/staff`, { user_ids: [frontline.id] });
  const lesson = async (title: string, starts: number) =>
    call<{ id: string }>(request, org.token, "POST", "/api/sessions", {
      group_id: group.id,
      title,
      starts_at: new Date(starts).toISOString(),
      ends_at: new Date(starts + 60 * 60_000).toISOString(),
      mode: "roll_call",
      status: "open",
    });
  const [absentee, late, ...others] = participants;
  for (let daysAgo = 5; daysAgo >= 1; daysAgo--) {
    const session = await lesson(`Earlier lesson ${daysAgo}`, now - daysAgo * 86_400_000);
    await call(request, org.token, "POST", "/api/presence/bulk", {
      session_id: session.id,
      records: [
        { participant_id: absentee!.id, state: "absent" },
        { participant_id: late!.id, state: "late" },
        ...others.map((p) => ({ participant_id: p.id, state: "present" })),
      ],
    });
  }
  const sessionTitle = unique("Register");
  const today = await lesson(sessionTitle, now);
  await call(request, org.token, "POST", "/api/presence", { session_id: today.id, participant_id: late!.id, state: "present" });
  return { org, frontline, groupId: group.id, groupName, sessionId: today.id, sessionTitle, participants, badges };
}

/** No sideways scroll on a 390 px phone. */
async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test("each role's home page shows its dashboard: today, headcounts, charts with their numbers", async ({ page, browser, request }) => {
  const prepared = await prepareHistory(request);
  const manager = await createUser(request, prepared.org, "manager", "Mina Manager");
  const absentee = prepared.participants[0]!;
  const pupil = await createParticipantLogin(request, prepared.org, { ...absentee, badge: prepared.badges[0]! });

  // Frontline: their lesson of today, how far the register is, one tap to take it.
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAs(page, prepared.frontline);
  const mine = page.getByRole("region", { name: "Your lessons today" });
  await expect(mine.getByRole("heading", { level: 3, name: prepared.sessionTitle })).toBeVisible();
  await expect(mine.getByText("1 of 4 marked")).toBeVisible();
  await expect(mine.getByRole("list", { name: `Headcount of ${prepared.sessionTitle}` })).toHaveText(/1 present.*0 late.*0 absent.*3 not marked yet/);
  await expectNoSidewaysScroll(page);
  await expectAccessible(page);
  await mine.getByRole("link", { name: `Take register: ${prepared.sessionTitle}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: prepared.sessionTitle })).toBeVisible();

  // Administrator: the organization today, the trend per class as a chart and a table, who fell below.
  const adminContext = await browser.newContext({ locale: "en-GB", viewport: { width: 390, height: 844 } });
  const admin = await adminContext.newPage();
  await signInAs(admin, prepared.org.admin);
  const overview = admin.getByRole("region", { name: "Today across the organization" });
  await expect(overview.getByRole("listitem").filter({ hasText: "Lessons today" })).toHaveText(/1\s*Lessons today/);
  await expect(overview.getByRole("listitem").filter({ hasText: "running now" })).toHaveText(/1\s*running now/);
  await expect(overview.getByRole("link", { name: "sync conflicts waiting for a decision" })).toBeVisible();
  await expect(overview.getByRole("link", { name: "absence requests waiting for a decision" })).toBeVisible();
  const trend = admin.getByRole("region", { name: "Attendance rate of the last 30 days, by classes" });
  await expect(trend.locator(".recharts-line-curve")).toHaveCount(1); // one line: the one class
  const table = trend.getByRole("table", { name: "Attendance rate of the last 30 days, by classes" });
  await expect(table.getByRole("columnheader", { name: prepared.groupName })).toBeAttached();
  await expect(table.getByRole("row")).toHaveCount(7); // the heading row, five earlier days and today
  await expect(table.getByRole("cell").first()).toHaveText(/^\d+(\.\d)?%$/);
  const below = admin.getByRole("region", { name: "Students below the threshold" });
  // Presence's worker tells managers and administrators when someone crosses it.
  const link = below.getByRole("link", { name: `${absentee.name}'s attendance is 0%, below 90%` });
  await expect(link).toBeVisible({ timeout: 30_000 });
  await expect(link).toHaveAttribute("href", `/participants/${absentee.id}`);
  await expectNoSidewaysScroll(admin);
  await expectAccessible(admin);

  // Live headcount on the dashboard: a mark made elsewhere shows without a reload.
  await call(request, prepared.org.token, "POST", "/api/presence", { session_id: prepared.sessionId, participant_id: absentee.id, state: "absent" });
  const today = admin.getByRole("region", { name: "Lessons today and their headcounts" });
  await expect(today.getByText("2 of 4 marked")).toBeVisible();
  await expect(today.getByRole("list", { name: `Headcount of ${prepared.sessionTitle}` })).toHaveText(/1 present.*0 late.*1 absent.*2 not marked yet/);
  await adminContext.close();

  // Manager: the same overview and trend, and the lesson opens to look, not to take.
  const managerContext = await browser.newContext({ locale: "en-GB" });
  const managerPage = await managerContext.newPage();
  await signInAs(managerPage, manager);
  await expect(managerPage.getByRole("region", { name: "Today across the organization" })).toBeVisible();
  await expect(managerPage.getByRole("region", { name: "Attendance rate of the last 30 days, by classes" }).locator(".recharts-line-curve")).toHaveCount(1);
  await expect(managerPage.getByRole("link", { name: `Open the lesson: ${prepared.sessionTitle}` })).toBeVisible();
  await expect(managerPage.getByRole("link", { name: /Take register/ })).toHaveCount(0);
  await expectAccessible(managerPage);
  await managerContext.close();

  // A participant: their own rate, against the threshold, and their next lessons.
  const pupilContext = await browser.newContext({ locale: "en-GB", viewport: { width: 390, height: 844 } });
  const pupilPage = await pupilContext.newPage();
  await signInAs(pupilPage, pupil);
  const rate = pupilPage.getByRole("region", { name: "Your attendance" });
  await expect(rate.getByText("0% over the last four weeks")).toBeVisible();
  await expect(rate.getByText("That is below the 90% your organization expects.")).toBeVisible();
  await expect(rate.getByRole("table", { name: "Your attendance rate, week by week" }).getByRole("cell").first()).toHaveText("0%");
  await expect(pupilPage.getByRole("region", { name: "Your next lessons" }).getByText(prepared.sessionTitle)).toBeVisible();
  await expectNoSidewaysScroll(pupilPage);
  await expectAccessible(pupilPage);
  await pupilContext.close();
});
