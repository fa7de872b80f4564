import type { Browser, Locator, Page } from "@playwright/test";
import { expect, expectAccessible, expectNoSidewaysScroll, test } from "./support/fixtures";
import { createParticipantLogin } from "./support/check-in";
import { goOffline, goOnline, pendingCount } from "./support/offline";
import { call, openFromNav, prepareRollCall, signInAs, signUpOrganization, unique, type Account, type TestOrganization } from "./support/presence";

// Issue 12's people flows in the browser, against the real stack: walk-ins on a phone (online and
// offline) and an administrator matching one and keeping the other as a new participant; a participant asking for an absence that an
// administrator approves, after which their next lesson shows it; the participant's own rate.

const PHONE = { width: 390, height: 844 };
test.use({ locale: "en-GB", viewport: PHONE });
test.setTimeout(150_000);

function row(page: Page, name: string): Locator {
  return page.getByRole("list", { name: "Students" }).getByRole("listitem").filter({ hasText: name });
}

async function pageAs(browser: Browser, account: Account): Promise<Page> {
  const context = await browser.newContext({ locale: "en-GB", viewport: PHONE });
  const page = await context.newPage();
  await signInAs(page, account);
  return page;
}

/** The calendar day an instant falls on in the organization's timezone ("YYYY-MM-DD"). */
function localDay(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
}

test("a teacher adds walk-ins on a phone, one while offline, and an administrator matches one to the pupil they are and keeps the other as a new pupil", async ({ page, context, browser, request }) => {
  const prepared = await prepareRollCall(request, 3);
  await signInAs(page, prepared.frontline);
  await page.goto(`/sessions/${prepared.sessionId}`);
  await expect(page.getByRole("heading", { level: 1, name: prepared.sessionTitle })).toBeVisible();

  // Online: added at once, marked as they were, and said to be a walk-in.
  await page.getByRole("button", { name: "Add someone not on the list" }).click();
  const dialog = page.getByRole("dialog", { name: "Add someone not on the list" });
  await expect(dialog).toBeVisible();
  await expectAccessible(page, { include: "dialog" });
  await dialog.getByRole("button", { name: "Add them" }).click();
  await expect(dialog.getByText("Enter their name.")).toBeVisible();
  await dialog.getByLabel("Their name").fill("Sam Visitor");
  const late = dialog.getByRole("radio", { name: "Late" });
  // Each state a thumb's height.
  expect((await dialog.locator("label.radio", { hasText: "Late" }).boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await late.check();
  await dialog.getByLabel(/Note/).fill("Visiting from 8C");
  await dialog.getByRole("button", { name: "Add them" }).click();
  await expect(page.getByText("Sam Visitor was added to this lesson.")).toBeVisible();
  await expect(row(page, "Sam Visitor")).toContainText("Walk-in");
  await expect(row(page, "Sam Visitor").getByRole("button", { name: "Late", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expectAccessible(page);

  // Offline: kept on the phone, marked again behind it, and sent once the network is back.
  await goOffline(context);
  await page.getByRole("button", { name: "Add someone not on the list" }).click();
  await dialog.getByLabel("Their name").fill("Robin Guest");
  await dialog.getByRole("button", { name: "Add them" }).click();
  await expect(page.getByText("Robin Guest is kept on this device and will be added when the connection is back.")).toBeVisible();
  await expect(row(page, "Robin Guest")).toContainText("Not sent yet");
  await expect(row(page, "Robin Guest")).toContainText("Walk-in");
  await row(page, "Robin Guest").getByRole("button", { name: "Absent", exact: true }).click();
  await expect(pendingCount(page)).toContainText("2");
  await goOnline(context);
  await expect(row(page, "Robin Guest").getByText("Not sent yet")).toHaveCount(0, { timeout: 30_000 });
  // Sent and merged: nothing waits on this device any more.
  await expect(page.getByRole("banner").getByText(/^\d+ pending$/)).toHaveCount(0, { timeout: 30_000 });
  await expect(row(page, "Robin Guest").getByRole("button", { name: "Absent", exact: true })).toHaveAttribute("aria-pressed", "true");

  // The server has each walk-in once, with their last mark.
  const walkIns = await call<{ items: { id: string; name: string }[] }>(request, prepared.org.token, "GET", "/api/participants?walk_in=true");
  expect(walkIns.items.map((p) => p.name).sort()).toEqual(["Robin Guest", "Sam Visitor"]);
  const roster = await call<{ items: { participant: { name: string }; record: { state: string } | null }[] }>(
    request,
    prepared.org.token,
    "GET",
    `/api/sessions/${prepared.sessionId}/roster`,
  );
  expect(roster.items.find((i) => i.participant.name === "Robin Guest")?.record?.state).toBe("absent");

  // The administrator matches Sam to the pupil they are: the mark moves over.
  const admin = await pageAs(browser, prepared.org.admin);
  await openFromNav(admin, "Students");
  await admin.getByRole("link", { name: "Walk-ins to match" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: "Walk-ins to match" })).toBeVisible();
  await expectAccessible(admin);
  await admin.getByRole("button", { name: "Find who this is Sam Visitor" }).click();
  await expect(admin.getByRole("link", { name: new RegExp(`^${prepared.sessionTitle}, `) })).toBeVisible();
  await admin.getByLabel("Search for the student they are").fill("Pupil 003");
  await admin.getByRole("button", { name: "Find", exact: true }).click();
  await admin.getByRole("radio", { name: /Pupil 003/ }).check();
  await admin.getByRole("button", { name: "Merge into Pupil 003" }).click();
  const confirm = admin.getByRole("dialog", { name: "Merge Sam Visitor into Pupil 003?" });
  await expectAccessible(admin, { include: "dialog" });
  await confirm.getByRole("button", { name: "Merge them" }).click();
  await expect(admin.getByText("Sam Visitor is now Pupil 003: their marks moved over.")).toBeVisible();
  await expect(admin.getByRole("heading", { level: 2, name: "Sam Visitor" })).toHaveCount(0);
  const after = await call<{ items: { participant: { name: string }; record: { state: string } | null }[] }>(
    request,
    prepared.org.token,
    "GET",
    `/api/sessions/${prepared.sessionId}/roster`,
  );
  expect(after.items.find((i) => i.participant.name === "Pupil 003")?.record?.state).toBe("late");
  expect(after.items.some((i) => i.participant.name === "Sam Visitor")).toBe(false);

  // Robin is someone new: kept as a pupil of their own, by keyboard, and gone from the list.
  const keep = admin.getByRole("button", { name: "Keep as a new student Robin Guest" });
  await keep.focus();
  await keep.press("Enter");
  const kept = admin.getByRole("status").filter({ hasText: "Robin Guest is now a student of their own, with their marks." });
  await expect(kept).toBeVisible();
  await expect(kept).toBeFocused();
  await expect(admin.getByRole("heading", { level: 2, name: "Robin Guest" })).toHaveCount(0);
  await expect(admin.getByText("No walk-ins are waiting to be matched.")).toBeVisible();
  await expectAccessible(admin);
  await expectNoSidewaysScroll(admin, "The walk-ins page");
  const left = await call<{ items: unknown[] }>(request, prepared.org.token, "GET", "/api/participants?walk_in=true");
  expect(left.items).toEqual([]);
  const afterKeep = await call<{ items: { participant: { name: string }; record: { state: string } | null }[] }>(
    request,
    prepared.org.token,
    "GET",
    `/api/sessions/${prepared.sessionId}/roster`,
  );
  const robin = afterKeep.items.find((i) => i.participant.name === "Robin Guest");
  expect(robin?.record?.state).toBe("absent");
  await kept.getByRole("link", { name: "See Robin Guest's page" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: "Robin Guest" })).toBeVisible();
});

interface Pupil {
  org: TestOrganization;
  login: Account;
  nextLesson: { id: string; title: string; day: string };
}

/**
 * A class with one pupil who has a login, two lessons of the past days (one present, one absent)
 * and a lesson tomorrow — all through the API.
 */
async function preparePupil(request: Parameters<typeof prepareRollCall>[0]): Promise<Pupil> {
  const org = await signUpOrganization(request);
  const eli = await call<{ id: string; name: string }>(request, org.token, "POST", "/api/participants", { name: "Eli Evans", external_ref: unique("E").replace(/\s+/g, "") });
  const group = await call<{ id: string }>(request, org.token, "POST", "/api/groups", { name: unique("Class"), domain: "education" });
  const now = Date.now();
  const hours = (h: number) => new Date(now + h * 3_600_000).toISOString();
  await call(request, org.token, "POST", `/api/groups/${group.id}/members`, { participant_ids: [eli.id], starts_at: hours(-72) });
  const lesson = (title: string, from: number) =>
    call<{ id: string }>(request, org.token, "POST", "/api/sessions", { group_id: group.id, title, starts_at: hours(from), ends_at: hours(from + 1), mode: "roll_call", status: "open" });
  const first = await lesson(unique("History"), -50);
  const second = await lesson(unique("Geography"), -26);
  for (const [session, state] of [
    [first, "present"],
    [second, "absent"],
  ] as const) {
    await call(request, org.token, "POST", "/api/presence", { session_id: session.id, participant_id: eli.id, state });
  }
  const title = unique("Mathematics");
  const next = await lesson(title, 24);
  const login = await createParticipantLogin(request, org, { id: eli.id, name: "Eli Evans", badge: "" });
  return { org, login, nextLesson: { id: next.id, title, day: localDay(new Date(now + 24 * 3_600_000), org.timezone) } };
}

test("a pupil asks for an absence, an administrator approves it, and the pupil's next lesson shows it; their page shows their rate", async ({ page, browser, request }) => {
  const pupil = await preparePupil(request);
  await signInAs(page, pupil.login);

  // Their attendance over the last four weeks, beside the organization's threshold.
  await openFromNav(page, "My attendance");
  await expect(page.getByRole("heading", { level: 1, name: "My attendance" })).toBeVisible();
  await expect(page.getByText("Your attendance: 50 %")).toBeVisible();
  await expect(page.getByText("That is below the 90 % your organization expects.", { exact: false })).toBeVisible();
  await expect(page.getByRole("definition").first()).toBeVisible();
  await expectAccessible(page);

  // They ask for the day of tomorrow's lesson.
  await openFromNav(page, "My absences");
  await expect(page.getByRole("heading", { level: 1, name: "My absences" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("First day").fill(pupil.nextLesson.day);
  await page.getByLabel("Last day").fill(pupil.nextLesson.day);
  await expect(page.getByRole("radio", { name: "Excused" })).toBeChecked();
  await expect(page.getByRole("radio", { name: "Absent" })).toHaveCount(0);
  await page.getByLabel(/Reason/).fill("Dentist");
  await page.getByRole("button", { name: "Ask for this absence" }).click();
  await expect(page.getByText("Your request was sent.", { exact: false })).toBeVisible();
  const mine = page.getByRole("region", { name: "My requests" }).getByRole("listitem");
  await expect(mine).toHaveCount(1);
  await expect(mine).toContainText("Waiting for a decision");
  await expect(mine).toContainText("Dentist");

  // The administrator sees it waiting, in the navigation too, and approves it.
  const admin = await pageAs(browser, pupil.org.admin);
  // On a phone the navigation is in the menu's drawer.
  await admin.getByRole("button", { name: "Menu", exact: true }).click();
  await expect(admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Absences/ })).toContainText("1");
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Absences 1 request waits for a decision" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: "Absences known in advance" })).toBeVisible();
  await expect(admin.getByText("1 request waits for a decision.")).toBeVisible();
  await expectAccessible(admin);
  await admin.getByRole("button", { name: /^Approve Eli Evans, / }).click();
  await expect(admin.getByText("Approved for Eli Evans. It marked 1 of their lessons already planned.")).toBeVisible();

  // The pupil sees it approved, and their next lesson marked excused, from the notice.
  await page.reload();
  await expect(mine).toContainText("Approved");
  await openFromNav(page, "My lessons");
  await expect(page.getByRole("heading", { level: 1, name: "My lessons" })).toBeVisible();
  const next = page.getByRole("region", { name: "Coming up" }).getByRole("listitem").filter({ hasText: pupil.nextLesson.title });
  await expect(next).toContainText("Your mark: Excused");
  await expect(next).toContainText("(from your absence notice)");
  const past = page.getByRole("region", { name: "Past" }).getByRole("listitem");
  await expect(past).toHaveCount(2);
  await expect(past.first()).toContainText("Your mark: Absent");
  await expectAccessible(page);
  await next.getByRole("button", { name: /How this mark came about/ }).click();
  const history = page.getByRole("dialog", { name: `Your mark in ${pupil.nextLesson.title}` });
  await expect(history.getByRole("listitem")).toHaveCount(1);
  await expect(history).toContainText("Excused (from your absence notice)");
  await expectAccessible(page, { include: "dialog" });
});
