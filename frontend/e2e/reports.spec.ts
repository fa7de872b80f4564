import { expect, expectAccessible, expectNoSidewaysScroll, holdRequests, PHONE_AND_DESK, stackedRows, test } from "./support/fixtures";
import { call, createUser, openFromNav, prepareRollCall, signInAs } from "./support/presence";

test.use({ locale: "en-GB" });
test.setTimeout(180_000);

for (const [where, viewport] of PHONE_AND_DESK) {
  test.describe(where, () => {
    test.use({ viewport });

    test("a manager asks for the register, watches it build, downloads it, and schedules it weekly", async ({ page, context, request }) => {
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

      // While the request is on its way the button says so, keeps the focus, and a second press
      // (Enter, as a keyboard user would) asks for nothing more.
      const asking = await holdRequests(context, "**/api/reports", "POST");
      const ask = page.getByRole("button", { name: "Ask for the report" });
      await ask.click();
      await expect(ask).toHaveAttribute("aria-disabled", "true");
      await expect(ask).toHaveAccessibleDescription("Asking for the report…");
      await expect(page.getByRole("status").filter({ hasText: "Asking for the report…" })).toBeVisible();
      await expect(ask).toBeFocused();
      await page.keyboard.press("Enter");
      await expect(ask).toBeFocused();
      await expectAccessible(page);
      asking.release();
      await expect(ask).not.toHaveAttribute("aria-disabled");
      await expect(ask).toHaveAccessibleDescription("");
      expect(asking.count()).toBe(1);

      // The progress is shown until it is ready; then its file downloads under its own name. The
      // report is shown twice, where it was asked for and in My reports, each polled on its own: the
      // one in My reports is the button pressed, so the test never follows the other as it appears.
      await expect(page.getByRole("button", { name: /^Download attendance-register-/ }).first()).toBeVisible({ timeout: 60_000 });
      await expect(stackedRows(page, "My reports")).toHaveCount(1);
      await expect(stackedRows(page, "My reports").getByText("Ready")).toBeVisible();
      const download = stackedRows(page, "My reports").getByRole("button", { name: /^Download attendance-register-/ });
      await expectNoSidewaysScroll(page, "the reports");

      // Downloading: the button says so until the file comes, and keeps the focus.
      const fetching = await holdRequests(context, "**/api/reports/*/download", "GET");
      await download.click();
      await expect(download).toHaveAttribute("aria-disabled", "true");
      await expect(download).toHaveAccessibleDescription("Downloading…");
      await expect(download).toBeFocused();
      const saved = page.waitForEvent("download");
      fetching.release();
      const file = await saved;
      expect(file.suggestedFilename()).toMatch(/^attendance-register-.*\.pdf$/);
      expect(await file.path()).toBeTruthy();
      await expect(download).not.toHaveAttribute("aria-disabled");
      await expect(download).toBeFocused();
      expect(fetching.count()).toBe(1);
      await expectAccessible(page);

      // A weekly register, every Monday at 07:00 in the organization's timezone.
      await page.getByRole("link", { name: "Scheduled reports" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Scheduled reports" })).toBeVisible();
      await page.getByLabel("Class", { exact: true }).selectOption({ label: prepared.groupName });
      await page.getByRole("button", { name: "Schedule it" }).click();
      const schedule = stackedRows(page, "Scheduled reports").filter({ hasText: "Weekly register" });
      await expect(schedule).toContainText("Mondays 07:00");
      await expect(schedule).toContainText(/Mon(day)?/);
      await expectNoSidewaysScroll(page, "the scheduled reports");
      await expectAccessible(page);
      await schedule.getByRole("button", { name: "Pause" }).click();
      await expect(schedule).toContainText("Paused");
    });
  });
}

test("a frontline user prints the sign-in sheet of their session from its roll", async ({ page, context, request }) => {
  const prepared = await prepareRollCall(request, 5);
  await signInAs(page, prepared.frontline);
  await openFromNav(page, "Today");
  await page.getByRole("link", { name: prepared.sessionTitle }).click();
  await expect(page.getByRole("heading", { level: 1, name: prepared.sessionTitle })).toBeVisible();
  await page.getByRole("link", { name: "Print the sign-in sheet" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sign-in sheet" })).toBeVisible();
  await expectAccessible(page);
  // Both buttons wait for the one request, and say so; the pressed one keeps the focus.
  const asking = await holdRequests(context, "**/api/reports", "POST");
  const pdf = page.getByRole("button", { name: "Make the PDF to print" });
  await pdf.click();
  for (const button of [pdf, page.getByRole("button", { name: "Make a spreadsheet" })]) {
    await expect(button).toHaveAttribute("aria-disabled", "true");
    await expect(button).toHaveAccessibleDescription("Asking for the report…");
  }
  await expect(pdf).toBeFocused();
  await page.keyboard.press("Enter");
  asking.release();
  const download = page.getByRole("button", { name: /^Download sign-in-sheet-/ });
  await expect(download).toBeVisible({ timeout: 60_000 });
  const [file] = await Promise.all([page.waitForEvent("download"), download.click()]);
  expect(file.suggestedFilename()).toMatch(/^sign-in-sheet-.*\.pdf$/);
  expect(asking.count()).toBe(1);
  // Reports are for managers: the frontline user has no way there.
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reports" })).toHaveCount(0);
});
