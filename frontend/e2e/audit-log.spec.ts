import { expect, expectAccessible, test } from "./support/fixtures";
import { call, createUser, login, openFromNav, prepareRollCall, signInAs } from "./support/presence";

test.use({ locale: "en-GB" });
test.setTimeout(120_000);

interface PresenceRecord {
  id: string;
  version: number;
}

test("a manager finds a frontline user's presence changes in the audit log, page after page", async ({ page, request }) => {
  // A class of 60 (imported: 60 audit entries of their own) and a lesson now.
  const prepared = await prepareRollCall(request, 60);
  const manager = await createUser(request, prepared.org, "manager", "Morgan Manager");
  const [first, second] = prepared.participants;
  const frontlineToken = await login(request, prepared.frontline.email, prepared.frontline.password);
  const mark = (participantId: string, state: string, expectedVersion: number) =>
    call<PresenceRecord>(request, frontlineToken, "POST", "/api/presence", {
      session_id: prepared.sessionId,
      participant_id: participantId,
      state,
      expected_version: expectedVersion,
      mutation_id: crypto.randomUUID(),
    });
  const firstRecord = await mark(first!.id, "present", 0);
  await mark(first!.id, "absent", firstRecord.version);
  await mark(second!.id, "late", 0);

  await signInAs(page, manager);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Classes" })).toBeVisible();
  await openFromNav(page, "Audit log");
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  const table = page.getByRole("table", { name: "Audit log" });
  // Everything, newest first, 50 at a time.
  await expect(page.getByText("Showing the first 50.")).toBeVisible();
  await expect(table.getByRole("row")).toHaveCount(51);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Show more" }).click();
  await expect(page.getByText(/^Showing (the first 100|all \d+)\.$/)).toBeVisible();
  expect(await table.getByRole("row").count()).toBeGreaterThan(51);

  // The frontline user's presence changes: three, the newest first.
  await page.getByLabel("What", { exact: true }).selectOption({ label: "Presence record" });
  await page.getByLabel("Who", { exact: true }).selectOption({ label: prepared.frontline.fullName });
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page.getByText("Showing all 3.")).toBeVisible();
  const rows = table.getByRole("row");
  await expect(rows).toHaveCount(4);
  for (let i = 1; i <= 3; i++) await expect(rows.nth(i)).toContainText(prepared.frontline.fullName);
  await expect(rows.nth(1)).toContainText("Presence record: create");
  await expect(rows.nth(1)).toContainText("state: late");
  await expect(rows.nth(2)).toContainText("Presence record: update");
  await expect(rows.nth(2)).toContainText("state: present → absent");
  await expect(rows.nth(3)).toContainText("state: present");
  await expectAccessible(page);

  // One record's story, by its id; the filters live in the address, so a reload keeps them.
  await page.getByLabel("Its id", { exact: true }).fill(firstRecord.id);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page.getByText("Showing all 2.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Its id", { exact: true })).toHaveValue(firstRecord.id);
  await expect(table.getByRole("row")).toHaveCount(3);
  await expect(table.getByRole("row").nth(1)).toContainText("present → absent");
  await expectAccessible(page);

  // By person and kind of change, each chosen from a list (no ids): that pupil's one change, by
  // name, with where it came from in words, and only the field that changed.
  await page.getByLabel("Its id", { exact: true }).fill("");
  await page.getByLabel("About whom", { exact: true }).selectOption({ label: first!.name });
  await page.getByLabel("Kind of change", { exact: true }).selectOption({ label: "Changed" });
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page.getByText("Showing all 1.")).toBeVisible();
  const changed = table.getByRole("row").nth(1);
  await expect(changed).toContainText(first!.name);
  await expect(changed).toContainText("present → absent");
  await expect(changed).toContainText("Online");
  await expect(changed).not.toContainText("null");
  await expectAccessible(page);

  // A frontline user has no audit log.
  const refused = await request.get("/api/audit-logs", { headers: { Authorization: `Bearer ${frontlineToken}` } });
  expect(refused.status()).toBe(403);
});
