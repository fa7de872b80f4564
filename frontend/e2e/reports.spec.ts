import { expect, expectAccessible, test } from "./support/fixtures";
import { call, createUser, openFromNav, prepareRollCall, signInAs } from "./support/presence";

test.use({ locale: "en-GB" });
test.setTimeout(180_000);

test("a manager asks for the register, watches it build, downloads it, and schedules it weekly", async ({ page, request }) => {
  const prepared = await prepareRollCall(request, 12);
  await call(request, prepared.org.token, "POST", "/api/presence/bulk", {
    session_id: prepared.sessionId,
    records: prepared.participants.map((p, i) => ({ participant_id: p.id, state: i % 4 === 0 ? "absent" : "present" })),
  });
  const manager = await createUser(request, prepared.org, "manager", "Morgan Manager");

  await signInAs(page, manager);
  await openFromNav(page, "Reports");
  await expect(page.getByRole("heading", { level: 1, name: "Reports" })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Report", { exact: true }).selectOption({ label: "Attendance register" });
  await page.getByLabel("Class", { exact: true }).selectOption({ label: prepared.groupName });
  await page.getByLabel("Format", { exact: true }).selectOption("pdf");
  await page.getByRole("button", { name: "Ask for the report" }).click();

  // The progress is shown until it is ready; then its file downloads under its own name.
  const download = page.getByRole("button", { name: /^Download attendance-register-/ }).first();
  await expect(download).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole("table", { name: "My reports" }).getByText("Ready").first()).toBeVisible();
  const [file] = await Promise.all([page.waitForEvent("download"), download.click()]);
  expect(file.suggestedFilename()).toMatch(/^attendance-register-.*\.pdf$/);
  const path = await file.path();
  expect(path).toBeTruthy();
  await expectAccessible(page);

  // A weekly register, every Monday at 07:00 in the organization's timezone.
  await page.getByRole("link", { name: "Scheduled reports" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Scheduled reports" })).toBeVisible();
  await page.getByLabel("Class", { exact: true }).selectOption({ label: prepared.groupName });
  await page.getByRole("button", { name: "Schedule it" }).click();
  const schedule = page.getByRole("table", { name: "Scheduled reports" }).getByRole("row").filter({ hasText: "Weekly register" });
  await expect(schedule).toContainText("Mondays 07:00");
  await expect(schedule).toContainText(/Mon(day)?/);
  await expectAccessible(page);
  await schedule.getByRole("button", { name: "Pause" }).click();
  await expect(schedule).toContainText("Paused");
});

test("a frontline user prints the sign-in sheet of their session from its roll", async ({ page, request }) => {
  const prepared = await prepareRollCall(request, 5);
  await signInAs(page, prepared.frontline);
  await openFromNav(page, "Today");
  await page.getByRole("link", { name: prepared.sessionTitle }).click();
  await expect(page.getByRole("heading", { level: 1, name: prepared.sessionTitle })).toBeVisible();
  await page.getByRole("link", { name: "Print the sign-in sheet" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sign-in sheet" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Make the PDF to print" }).click();
  const download = page.getByRole("button", { name: /^Download sign-in-sheet-/ });
  await expect(download).toBeVisible({ timeout: 60_000 });
  const [file] = await Promise.all([page.waitForEvent("download"), download.click()]);
  expect(file.suggestedFilename()).toMatch(/^sign-in-sheet-.*\.pdf$/);
  // Reports are for managers: the frontline user has no way there.
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reports" })).toHaveCount(0);
});
