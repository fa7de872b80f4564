import type { APIRequestContext, Locator, Page } from "@playwright/test";
import type { RouteObject } from "react-router";
import { publicRoutes } from "../src/app/public-routes";
import { signedInRoutes } from "../src/app/signed-in-routes";
import { createParticipantLogin, prepareCheckIns } from "./support/check-in";
import { demoUsers } from "./support/demo";
import { expect, expectAccessible, expectNoSidewaysScroll, signIn, test } from "./support/fixtures";
import { call, createUser, login, prepareRollCall, signInAs, unique, type Account } from "./support/presence";

// The web app as its users meet it on a 390 × 844 phone and at a desk (issue 18).

test.use({ locale: "en-GB" });
test.setTimeout(180_000);

const phone = { width: 390, height: 844 };

function list(page: Page): Locator {
  return page.getByRole("list", { name: "Students" });
}

function row(page: Page, name: string): Locator {
  return list(page).getByRole("listitem").filter({ hasText: name });
}

/** A participant's own account (the external role), to see their own attendance. */
async function createExternal(request: APIRequestContext, token: string, participantId: string): Promise<Account> {
  const email = `${unique("external").replace(/\W+/g, "-")}@example.com`;
  const password = "an-external-password";
  const user = await call<{ id: string }>(request, token, "POST", "/api/users", {
    email,
    full_name: "Pat Participant",
    role: "external",
    password,
    participant_id: participantId,
  });
  return { id: user.id, email, password, fullName: "Pat Participant" };
}

/** The marks on the server, by name (the roster as the API gives it). */
async function serverMarks(request: APIRequestContext, token: string, sessionId: string): Promise<Map<string, string | null>> {
  const roster = await call<{ items: { participant: { name: string }; record: { state: string } | null }[] }>(request, token, "GET", `/api/sessions/${sessionId}/roster`);
  return new Map(roster.items.map((item) => [item.participant.name, item.record?.state ?? null]));
}

test.describe("on a phone", () => {
  test.use({ viewport: phone, hasTouch: true, isMobile: true });

  test("a teacher takes a 30-person register with 30 taps, in about three screens", async ({ page, request }) => {
    const prepared = await prepareRollCall(request, 30);
    await signInAs(page, prepared.frontline);
    await page.goto(`/sessions/${prepared.sessionId}`);
    await expect(page.getByRole("heading", { level: 1, name: prepared.sessionTitle })).toBeVisible();
    await expect(page.getByText("0 of 30 students marked.")).toBeVisible();

    // The first student is on the first screen, and the whole register is about three screens.
    const first = row(page, "Pupil 001");
    const box = await first.boundingBox();
    expect(box!.y + box!.height).toBeLessThan(phone.height);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.screenshot({ path: "test-results/phone-register.png", fullPage: true });
    expect(height).toBeLessThanOrEqual(3.25 * phone.height);
    await expectAccessible(page);

    // One tap each: a tap on the name gives the first state (Present); three are absent, by their chip.
    const absent = new Set(["Pupil 004", "Pupil 017", "Pupil 030"]);
    for (const person of prepared.participants.sort((a, b) => a.name.localeCompare(b.name))) {
      const line = row(page, person.name);
      if (absent.has(person.name)) await line.getByRole("button", { name: "Absent", exact: true }).tap();
      else await line.getByRole("button", { name: new RegExp(`^${person.name}`) }).tap();
    }
    await expect(page.getByText("30 of 30 students marked.")).toBeVisible();
    await expect(page.getByText("Saving…")).toHaveCount(0);

    const token = await login(request, prepared.frontline.email, prepared.frontline.password);
    const marks = await serverMarks(request, token, prepared.sessionId);
    expect(marks.size).toBe(30);
    for (const [name, state] of marks) expect(state, name).toBe(absent.has(name) ? "absent" : "present");

    // "More" has the rest: the note and the history.
    await row(page, "Pupil 017").getByRole("button", { name: "More for Pupil 017" }).tap();
    const more = page.getByRole("dialog", { name: "Pupil 017" });
    await expect(more.getByRole("button", { name: "Absent", exact: true })).toHaveAttribute("aria-pressed", "true");
    await expect(more.getByRole("button", { name: "Excused", exact: true })).toBeVisible();
    await more.getByRole("button", { name: "Add a note" }).tap();
    await more.getByLabel("Note for Pupil 017").fill("Dentist");
    await more.getByRole("button", { name: "Save the note" }).tap();
    await expectAccessible(page, { include: "dialog[open]" });
    await more.getByRole("button", { name: "Close" }).tap();
    await expect(row(page, "Pupil 017")).toContainText("Dentist");
    await expect(row(page, "Pupil 017").getByText("Saving…")).toHaveCount(0);
    expect((await call<{ items: { participant: { name: string }; record: { note: string | null } | null }[] }>(request, token, "GET", `/api/sessions/${prepared.sessionId}/roster`)).items.find((i) => i.participant.name === "Pupil 017")?.record?.note).toBe("Dentist");

    // The history, from "More", is a list of cards on a phone: one per version, within the screen.
    await row(page, "Pupil 017").getByRole("button", { name: "More for Pupil 017" }).tap();
    await page.getByRole("dialog", { name: "Pupil 017" }).getByRole("button", { name: "History", exact: true }).tap();
    const history = page.getByRole("dialog", { name: "History of Pupil 017" });
    const versions = history.getByRole("list", { name: "History of Pupil 017" }).getByRole("listitem");
    await expect(versions).toHaveCount(2);
    await expect(versions.last()).toContainText("Dentist");
    await expect(history.getByRole("table")).toHaveCount(0);
    for (const version of await versions.all()) {
      const box = (await version.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(phone.width);
    }
    await expectAccessible(page, { include: "dialog[open]" });
  });

  test("a 500-person register keeps at most 60 rows in the page, and finds anyone", async ({ page, request }) => {
    const prepared = await prepareRollCall(request, 500);
    await signInAs(page, prepared.frontline);
    await page.goto(`/sessions/${prepared.sessionId}`);
    await expect(page.getByText("0 of 500 students marked.")).toBeVisible();
    await expect(row(page, "Pupil 001")).toBeVisible();
    expect(await list(page).getByRole("listitem").count()).toBeLessThanOrEqual(60);

    // Scrolled to the bottom, the last ones are there and still no more than 60 rows.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect(row(page, "Pupil 500")).toBeVisible();
    expect(await list(page).getByRole("listitem").count()).toBeLessThanOrEqual(60);
    await expect(row(page, "Pupil 001")).toHaveCount(0);

    await page.getByRole("searchbox", { name: "Search students" }).fill("pupil 250");
    await expect(list(page).getByRole("listitem")).toHaveCount(1);
    await row(page, "Pupil 250").getByRole("button", { name: "Late", exact: true }).tap();
    await expect(row(page, "Pupil 250").getByRole("button", { name: "Late", exact: true })).toHaveAttribute("aria-pressed", "true");
  });
});

/** Every card of a list within the phone's width, and no table left on the page. */
async function expectCardsFit(page: Page, list: Locator, what: string) {
  await expect(list.getByRole("listitem").first()).toBeVisible();
  await expect(page.locator("main table:not(.visually-hidden)"), `${what}: no table on a phone`).toHaveCount(0);
  for (const card of await list.getByRole("listitem").all()) {
    const box = (await card.boundingBox())!;
    expect.soft(box.x, `${what}: a card starts inside the screen`).toBeGreaterThanOrEqual(0);
    expect.soft(box.x + box.width, `${what}: a card ends inside the screen`).toBeLessThanOrEqual(phone.width);
  }
  await expectNoSidewaysScroll(page, what);
  await expectAccessible(page);
}

test.describe("lists on a phone", () => {
  test.use({ viewport: phone, hasTouch: true, isMobile: true });

  test("members, participants, users, reports and their schedules, classes, states and sessions are cards that fit the screen, each with its name first", async ({ page, request }) => {
    const prepared = await prepareRollCall(request, 3);
    const { token } = prepared.org;
    const today = new Date().toISOString().slice(0, 10);
    await call(request, token, "POST", "/api/reports", { type: "attendance_register", format: "csv", params: { group_id: prepared.groupId, from: today, to: today } }, [202]);
    await signInAs(page, prepared.org.admin);

    await page.goto(`/groups/${prepared.groupId}`);
    const members = page.getByRole("list", { name: "Students" });
    await expectCardsFit(page, members, "the class's members");
    const card = members.getByRole("listitem").filter({ hasText: "Pupil 002" });
    await expect(card.locator(".stack-card__title")).toHaveText("Pupil 002");
    await expect(card.getByRole("checkbox", { name: "Choose Pupil 002" })).toBeVisible();
    await expect(card.getByRole("button", { name: "Remove Pupil 002" })).toBeVisible();
    await expect(card.getByRole("definition")).toHaveCount(2); // the reference and the day they joined
    await page.screenshot({ path: "test-results/phone-members.png", fullPage: true });

    await page.goto("/participants");
    const participants = page.getByRole("list", { name: "Students" });
    await expectCardsFit(page, participants, "the participants");
    await expect(participants.getByRole("link", { name: "Pupil 001" })).toBeVisible();
    await expect(participants.getByRole("button", { name: "Edit Pupil 001" })).toBeVisible();

    await page.goto("/users");
    const users = page.getByRole("list", { name: "Everyone in your organization" });
    await expectCardsFit(page, users, "the users");
    await expect(users.getByRole("combobox", { name: "Role of Fran Frontline" })).toBeVisible();

    await page.goto("/reports");
    await expectCardsFit(page, page.getByRole("list", { name: "My reports" }), "the reports");
    await call(request, token, "POST", "/api/report-schedules", { name: "Weekly register", type: "attendance_register", format: "pdf", params: { group_id: prepared.groupId } });
    await page.goto("/reports/schedules");
    const schedules = page.getByRole("list", { name: "Scheduled reports" });
    await expectCardsFit(page, schedules, "the scheduled reports");
    await expect(schedules.getByRole("button", { name: "Pause Weekly register" })).toBeVisible();

    await page.goto("/groups");
    const classes = page.getByRole("list", { name: "Classes" });
    await expectCardsFit(page, classes, "the classes");
    await expect(classes.getByRole("link", { name: prepared.groupName })).toBeVisible();

    await page.goto("/domains");
    const states = page.getByRole("list", { name: "States of Education" });
    await expectCardsFit(page, states, "the states of a domain");
    await expect(states.getByRole("button", { name: "Edit Present" })).toBeVisible();

    await page.goto("/sessions");
    const sessions = page.getByRole("list", { name: "Lessons" });
    await expectCardsFit(page, sessions, "the sessions");
    await expect(sessions.getByRole("link", { name: prepared.sessionTitle })).toBeVisible();
    await page.screenshot({ path: "test-results/phone-sessions.png", fullPage: true });
  });
});

test.describe("more lists on a phone, with something in them", () => {
  test.use({ viewport: phone, hasTouch: true, isMobile: true });

  test("invitation codes, a kiosk's scans, a participant's own weeks and an import's problems are cards that fit the screen", async ({ browser, request }) => {
    const prepared = await prepareCheckIns(request, { domain: "hospitality", mode: "check_in_out", names: ["Aisha Khan", "Bruno Silva"] });
    const { token } = prepared.org;
    const aisha = prepared.people[0]!;
    await call(request, token, "POST", "/api/invitation-codes", { full_name: "Nia Nomail" });
    const frontlineToken = await login(request, prepared.frontline.email, prepared.frontline.password);
    const kiosk = await call<{ token: string }>(request, frontlineToken, "POST", "/api/kiosks", { name: "Front desk", session_ids: [prepared.sessionId] }, [201]);
    for (const [badge, status] of [[aisha.badge, 200], ["NO-SUCH-BADGE", 404]] as const) {
      const scanned = await request.post("/api/kiosk/scan", { headers: { Authorization: `Kiosk ${kiosk.token}` }, data: { badge } });
      expect(scanned.status(), await scanned.text()).toBe(status);
    }
    const pageAs = async (account: Account) => {
      const context = await browser.newContext({ locale: "en-GB", viewport: phone, hasTouch: true, isMobile: true });
      const page = await context.newPage();
      await signInAs(page, account);
      return page;
    };

    // The administrator: the invitation codes under the users, and a file with a bad row.
    const admin = await pageAs(prepared.org.admin);
    await admin.goto("/users");
    const codes = admin.getByRole("list", { name: "Invitation codes for participants without email" });
    await expectCardsFit(admin, codes, "the invitation codes");
    const code = codes.getByRole("listitem").filter({ hasText: "Nia Nomail" });
    await expect(code.locator(".stack-card__title")).toHaveText("Nia Nomail");
    await expect(code).toContainText("Not used yet");

    await admin.goto("/participants/import");
    await admin.getByLabel("File", { exact: true }).setInputFiles({
      name: "guests.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("name,external_ref,email\nCara Cole,C-1,not-an-email\n", "utf8"),
    });
    await admin.getByRole("button", { name: "Check the file" }).click();
    await expect(admin.getByText(/^1 row has a problem\./)).toBeVisible();
    const problems = admin.getByRole("list", { name: "Problems in the file" });
    await expectCardsFit(admin, problems, "the import's problems");
    await expect(problems.getByRole("listitem")).toHaveCount(1);
    await expect(problems.getByRole("listitem").first()).toContainText("2");
    await admin.screenshot({ path: "test-results/phone-import-problems.png", fullPage: true });
    await admin.context().close();

    // The receptionist: the kiosk's scans, in a dialog.
    const desk = await pageAs(prepared.frontline);
    await desk.goto("/kiosks");
    await desk.getByRole("button", { name: "Scans at Front desk" }).tap();
    const scans = desk.getByRole("dialog", { name: "Scans at Front desk" }).getByRole("list", { name: "Scans" });
    await expectCardsFit(desk, scans, "the kiosk's scans");
    await expect(scans.getByRole("listitem")).toHaveCount(2);
    await expect(scans.getByRole("listitem").first()).toContainText("Badge not known");
    await expect(scans.getByRole("listitem").last()).toContainText("Aisha Khan");
    await desk.context().close();

    // The guest: their own attendance, week by week.
    const guest = await pageAs(await createParticipantLogin(request, prepared.org, aisha));
    await guest.goto("/my/attendance");
    const weeks = guest.getByRole("list", { name: "Week by week" });
    await expectCardsFit(guest, weeks, "my attendance's weeks");
    await expect(weeks.getByRole("listitem").first().locator(".stack-card__title")).toHaveText(/^Week of /);
    await guest.context().close();
  });
});

test.describe("buttons that cannot act say why", () => {
  test.use({ viewport: phone, hasTouch: true, isMobile: true });

  test("adding with nobody ticked, assigning with nobody chosen, marking when all are marked, a deactivated user's role", async ({ page, request }) => {
    const prepared = await prepareRollCall(request, 3);
    const { token } = prepared.org;
    await call(request, token, "POST", "/api/participants", { name: "Newcomer Nell" });
    const leaver = await createUser(request, prepared.org, "frontline", "Lee Leaver");
    await call(request, token, "DELETE", `/api/users/${leaver.id}`);
    await signInAs(page, prepared.org.admin);

    // The member picker: "Add the chosen" waits for a tick, and says so.
    await page.goto(`/groups/${prepared.groupId}`);
    await page.getByRole("searchbox", { name: "Find students" }).fill("Newcomer");
    await page.getByRole("button", { name: "Find", exact: true }).click();
    const addChosen = page.getByRole("button", { name: "Add the chosen (0)" });
    await expect(addChosen).toHaveAttribute("aria-disabled", "true");
    await expect(addChosen).toHaveAccessibleDescription("Tick the students to add first, or add every match.");
    await expect(page.getByText("Tick the students to add first, or add every match.")).toBeVisible();
    await page.getByRole("group", { name: "Choose whom to add" }).getByRole("checkbox", { name: "Newcomer Nell" }).check();
    const addOne = page.getByRole("button", { name: "Add the chosen (1)" });
    await expect(addOne).not.toHaveAttribute("aria-disabled", "true");
    await expect(addOne).toHaveAccessibleDescription("");

    // Assigning staff waits for someone to be chosen.
    const assign = page.getByRole("button", { name: "Assign", exact: true });
    await expect(assign).toHaveAttribute("aria-disabled", "true");
    await expect(assign).toHaveAccessibleDescription("Choose a frontline user first.");
    await expectAccessible(page);

    // A deactivated user's role cannot be changed, and the list says so beside it.
    await page.goto("/users");
    const role = page.getByRole("combobox", { name: "Role of Lee Leaver" });
    await expect(role).toBeDisabled();
    await expect(role).toHaveAccessibleDescription("A deactivated user's role cannot be changed.");
    await expect(page.getByRole("combobox", { name: "Role of Fran Frontline" })).toBeEnabled();

    // On the register, "Mark all unmarked" has nothing left to do once everyone is marked.
    await call(request, token, "POST", "/api/presence/bulk", {
      session_id: prepared.sessionId,
      records: prepared.participants.map((p) => ({ participant_id: p.id, state: "present" })),
    });
    await page.goto(`/sessions/${prepared.sessionId}`);
    await expect(page.getByText("3 of 3 students marked.")).toBeVisible();
    await page.getByRole("button", { name: "Mark all" }).first().tap();
    const dialog = page.getByRole("dialog", { name: "Mark many at once" });
    const unmarked = dialog.getByRole("button", { name: "Mark all unmarked as Present" });
    await expect(unmarked).toHaveAttribute("aria-disabled", "true");
    await expect(unmarked).toHaveAccessibleDescription("All students have a mark already.");
    await expect(dialog.getByText("All students have a mark already.")).toBeVisible();
    await expectAccessible(page, { include: "dialog[open]" });
  });
});

test.describe("at a desk", () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  test("a teacher takes the register by keyboard alone: arrow keys and a letter per state", async ({ page, request }) => {
    const prepared = await prepareRollCall(request, 30);
    await signInAs(page, prepared.frontline);
    await page.goto(`/sessions/${prepared.sessionId}`);
    await expect(page.getByText("0 of 30 students marked.")).toBeVisible();
    await expect(page.getByText(/Keyboard: ↑ and ↓ move between students;/)).toContainText("P Present, L Late, A Absent, E Excused.");
    // The letters are on the buttons.
    await expect(row(page, "Pupil 001").getByRole("button", { name: "Present", exact: true })).toContainText("P");

    // Tab from the search box to the first student, then one letter and one arrow per student.
    await page.getByRole("searchbox", { name: "Search students" }).focus();
    for (let i = 0; i < 10 && !(await row(page, "Pupil 001").getByRole("button", { name: /^Pupil 001/ }).evaluate((e) => e === document.activeElement)); i++) {
      await page.keyboard.press("Tab");
    }
    await expect(row(page, "Pupil 001").getByRole("button", { name: /^Pupil 001/ })).toBeFocused();
    for (let i = 1; i <= 30; i++) {
      await page.keyboard.press(i % 10 === 0 ? "a" : i % 7 === 0 ? "l" : "p");
      if (i < 30) await page.keyboard.press("ArrowDown");
    }
    await expect(row(page, "Pupil 030").getByRole("button", { name: /^Pupil 030/ })).toBeFocused();
    await expect(page.getByText("30 of 30 students marked.")).toBeVisible();
    await expect(page.getByText("Saving…")).toHaveCount(0);
    await page.keyboard.press("Home");
    await expect(row(page, "Pupil 001").getByRole("button", { name: /^Pupil 001/ })).toBeFocused();

    const token = await login(request, prepared.frontline.email, prepared.frontline.password);
    const marks = await serverMarks(request, token, prepared.sessionId);
    for (let i = 1; i <= 30; i++) {
      const name = `Pupil ${String(i).padStart(3, "0")}`;
      expect(marks.get(name), name).toBe(i % 10 === 0 ? "absent" : i % 7 === 0 ? "late" : "present");
    }
    await expectAccessible(page);
  });
});

/** Every path of a route table, nested ones joined ("" for an index route; "*" is left out). */
function pathsOf(table: readonly RouteObject[], parent = ""): string[] {
  return table.flatMap((route) => {
    if (route.path === "*") return [];
    const path = route.index ? parent : [parent, route.path].filter(Boolean).join("/");
    return [...(route.path !== undefined || route.index ? [path] : []), ...pathsOf(route.children ?? [], path)];
  });
}

test.describe("no page scrolls sideways on a phone", () => {
  test.use({ viewport: phone });
  test.setTimeout(600_000);

  // The router's own tables: a route added later is checked without touching this test.
  const signedIn = pathsOf(signedInRoutes);
  const signedOut = pathsOf(publicRoutes);

  test("the router's tables are walked whole", () => {
    expect(signedIn).toEqual(expect.arrayContaining(["", "today", "sessions", "sessions/:sessionId", "groups/:groupId", "audit", "users"]));
    expect(signedOut).toEqual(expect.arrayContaining(["sign-in", "kiosk"]));
  });

  test("signed out", async ({ page }) => {
    for (const path of signedOut) {
      await page.goto(`/${path}`);
      await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
      await expectNoSidewaysScroll(page, `/${path}`);
    }
  });

  for (const role of ["admin", "manager", "frontline", "external"] as const) {
    test(`every route, as ${role === "admin" || role === "external" ? "an" : "a"} ${role} user`, async ({ page, request }) => {
      // An organization of its own, with a class, a lesson and a user of this role.
      const prepared = await prepareRollCall(request, 3);
      const account =
        role === "admin"
          ? prepared.org.admin
          : role === "frontline"
            ? prepared.frontline
            : role === "manager"
              ? await createUser(request, prepared.org, "manager", "Mo Manager")
              : await createExternal(request, prepared.org.token, prepared.participants[0]!.id);
      const ids: Record<string, string> = { sessionId: prepared.sessionId, groupId: prepared.groupId };

      await signInAs(page, account);
      for (const path of signedIn) {
        const url = `/${path.replace(/:(\w+)/g, (_, name: string) => ids[name] ?? name)}`;
        await page.goto(url);
        await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
        // Lists and tables arrive after the heading: wait until nothing on the page says it is loading.
        await expect(page.getByText(/^Loading/)).toHaveCount(0);
        await expectNoSidewaysScroll(page, `${url} as ${role}`);
      }
    });
  }

  test("the menu button opens the navigation in a drawer that traps focus, closes on Escape and on navigating", async ({ page }) => {
    await signIn(page, demoUsers.admin);
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav).toHaveCount(0);
    const menu = page.getByRole("button", { name: "Menu" });
    await menu.click();
    const drawer = page.getByRole("dialog", { name: "Main" });
    await expect(drawer).toBeVisible();
    await expect(drawer.getByText(demoUsers.admin.fullName)).toBeVisible();
    await expectAccessible(page);

    // Escape closes it, and focus is back on the menu button.
    await page.keyboard.press("Escape");
    await expect(drawer).toBeHidden();
    await expect(menu).toBeFocused();

    // Focus stays inside while it is open: tabbing past the last link comes back into the drawer.
    await menu.click();
    for (let i = 0; i < 20; i++) await page.keyboard.press("Tab");
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest("dialog[open]")))).toBe(true);

    // Every screen is reached from it; choosing one closes it.
    await drawer.getByRole("link", { name: "Audit log" }).click();
    await expect(drawer).toBeHidden();
    await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
    await expectNoSidewaysScroll(page, "the audit log");
  });
});
