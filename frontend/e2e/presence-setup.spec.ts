import { expect, expectAccessible, expectNoSidewaysScroll, PHONE_AND_DESK, stackedRows, test } from "./support/fixtures";
import { createUser, openFromNav, signInAs, signUpOrganization, unique } from "./support/presence";

// The browser runs in UTC and British English while the school is in New York: every time shown
// must be New York's, whatever the device's own zone.
test.use({ locale: "en-GB", timezoneId: "UTC" });
// A long journey through many pages, each scanned for accessibility.
test.setTimeout(120_000);

const TIMEZONE = "America/New_York";

/** The calendar date in a zone, as YYYY-MM-DD. */
function dateIn(timeZone: string, at = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 Sunday … 6 Saturday
}

function csv(rows: string[][]): Buffer {
  const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  return Buffer.from(rows.map((row) => row.map(quote).join(",")).join("\n") + "\n", "utf8");
}

// Issue 18: the job at a desk and on a phone, where the tables are cards and the menu a drawer.
for (const [where, viewport] of PHONE_AND_DESK) {
  test.describe(where, () => {
    test.use({ viewport });

    test("an admin builds a class from an imported file and a weekly series of lessons", async ({ page, request }) => {
      const org = await signUpOrganization(request, { timezone: TIMEZONE, adminName: "Ada Admin" });
      const frontline = await createUser(request, org, "frontline", "Fran Frontline");
      const ref = unique("R").replace(/\s+/g, "");
      const people = [
        ["Łukasz Nowak", `${ref}-01`, "lukasz@example.com", "+48 601 000 001", "7B"],
        ["Şule Yılmaz", `${ref}-02`, "sule@example.com", "", "7B"],
        ["Дмитрий Иванов", `${ref}-03`, "dmitry@example.com", "", "7C"],
        ["陈静", `${ref}-04`, "", "", "7C"],
        ["Ada Lovelace", `${ref}-05`, "ada@example.com", "", "7B"],
      ];
      const header = ["name", "external_ref", "email", "phone", "form"];
      const broken = people.map((row) => [...row]);
      broken[2]![2] = "not-an-email"; // row 4 of the file, counting the header

      await signInAs(page, org.admin);
      await expectAccessible(page);

      // Import: a dry run names the bad row, nothing is imported; the fixed file previews clean.
      await openFromNav(page, "Students");
      await expect(page.getByRole("heading", { level: 1, name: "Students" })).toBeVisible();
      await expectAccessible(page);
      await page.getByRole("link", { name: "Import from a file" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Import students" })).toBeVisible();
      await expectAccessible(page);

      const file = page.getByLabel("File", { exact: true });
      await file.setInputFiles({ name: "class-7.csv", mimeType: "text/csv", buffer: csv([header, ...broken]) });
      await page.getByRole("button", { name: "Check the file" }).click();
      await expect(page.getByText(/^1 row has a problem\./)).toBeVisible();
      const problems = stackedRows(page, "Problems in the file");
      await expect(problems).toHaveCount(1);
      await expect(problems.first()).toContainText("4");
      await expect(problems.first()).toContainText("email");
      await expectNoSidewaysScroll(page, "the import's problems");
      await expect(page.getByRole("button", { name: /^Import \d+ students$/ })).toHaveCount(0);
      await expectAccessible(page);

      await file.setInputFiles({ name: "class-7.csv", mimeType: "text/csv", buffer: csv([header, ...people]) });
      await page.getByRole("button", { name: "Check the file" }).click();
      await expect(page.getByText("New: 5.")).toBeVisible();
      await expect(problems).toHaveCount(0);
      await expectAccessible(page);
      await page.getByRole("button", { name: "Import 5 students" }).click();
      await expect(page.getByRole("heading", { name: "Imported" })).toBeVisible();
      await expect(page.getByText("Added: 5.")).toBeVisible();
      await expectAccessible(page);

      await page.getByRole("link", { name: "See the students" }).click();
      for (const [name] of people) await expect(stackedRows(page, "Students").filter({ hasText: name! })).toBeVisible();
      await expectAccessible(page);

      // A class with the imported students as members and the frontline user as its teacher.
      const className = unique("Class 7");
      await openFromNav(page, "Classes");
      await expect(page.getByRole("heading", { level: 1, name: "Classes" })).toBeVisible();
      await expectAccessible(page);
      await page.getByRole("button", { name: "New class" }).click();
      const dialog = page.getByRole("dialog", { name: "New class" });
      await dialog.getByLabel("Name", { exact: true }).fill(className);
      await expect(dialog.getByLabel("Domain")).toHaveValue("education");
      await expectAccessible(page);
      await dialog.getByRole("button", { name: "Create the class" }).click();
      await expect(page.getByRole("heading", { level: 1, name: `Class: ${className}` })).toBeVisible();
      await expectAccessible(page);

      await page.getByRole("searchbox", { name: "Find students" }).fill(ref);
      await page.getByRole("button", { name: "Find", exact: true }).click();
      await expect(page.getByText("Matches: 5.")).toBeVisible();
      await page.getByRole("button", { name: "Add every match" }).click();
      await expect(page.getByText("Added: 5. Already members: 0.")).toBeVisible();
      for (const [name] of people) await expect(stackedRows(page, "Students").filter({ hasText: name! })).toBeVisible();

      await page.getByLabel("Frontline user").selectOption({ label: `${frontline.fullName} (${frontline.email})` });
      await page.getByRole("button", { name: "Assign", exact: true }).click();
      await expect(stackedRows(page, "Staff who record for it").filter({ hasText: frontline.fullName })).toBeVisible();
      await expectNoSidewaysScroll(page, "the class");
      await expectAccessible(page);

      // A weekly series, Mondays and Wednesdays at 09:00 New York time, for four weeks.
      let monday = addDays(dateIn(TIMEZONE), 1);
      while (weekday(monday) !== 1) monday = addDays(monday, 1);
      const lastDay = addDays(monday, 25);
      await openFromNav(page, "Lessons");
      await expect(page.getByRole("heading", { level: 1, name: "Lessons" })).toBeVisible();
      await expectAccessible(page);
      await page.getByRole("button", { name: "New lesson" }).click();
      const form = page.getByRole("dialog", { name: "New lesson" });
      await form.getByLabel("Class", { exact: true }).selectOption({ label: className });
      await form.getByLabel("Title", { exact: true }).fill("Mathematics");
      await form.getByLabel("Date", { exact: true }).fill(monday);
      await form.getByLabel("Starts at").fill("09:00");
      await form.getByLabel("Ends at").fill("10:00");
      await form.getByLabel("Every week").check();
      await expect(form.getByLabel("Monday")).toBeChecked();
      await form.getByLabel("Wednesday").check();
      await form.getByLabel("On a date").check();
      await form.getByLabel("Last date").fill(lastDay);
      await expectAccessible(page);
      await form.getByRole("button", { name: "Create the series" }).click();

      await expect(page.getByText("Made 8 lessons; they are listed below.")).toBeVisible();
      const rows = stackedRows(page, "Lessons");
      await expect(rows).toHaveCount(8);
      for (let i = 0; i < 8; i++) {
        await expect(rows.nth(i)).toContainText("09:00–10:00");
        await expect(rows.nth(i)).toContainText(/Mon|Wed/);
        await expect(rows.nth(i)).toContainText(className);
      }
      await expect(rows.first()).toContainText(new Date(`${monday}T12:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" }));
      await expectAccessible(page);
    });
  });
}
