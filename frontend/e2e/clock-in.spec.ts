import type { Locator, Page } from "@playwright/test";
import { expect, expectAccessible, test } from "./support/fixtures";
import { prepareCheckIns } from "./support/check-in";
import { signInAs } from "./support/presence";
import { goOffline, goOnline, pendingCount } from "./support/offline";

test.use({ locale: "en-GB", viewport: { width: 390, height: 844 } });
test.setTimeout(120_000);

function row(page: Page, name: string): Locator {
  return page.getByRole("list", { name: "Employees" }).getByRole("listitem").filter({ hasText: name });
}

test("a shift lead clocks employees in and out on a phone, one of them while offline", async ({ page, context, request }) => {
  const prepared = await prepareCheckIns(request, {
    domain: "workplace",
    mode: "check_in_out",
    names: ["Dana Okafor", "Emil Novák"],
    frontlineName: "Lee Lead",
  });

  await signInAs(page, prepared.frontline);
  await page.goto(`/sessions/${prepared.sessionId}`);
  await expect(page.getByRole("heading", { level: 1, name: prepared.sessionTitle })).toBeVisible();
  await expect(page.getByText(`Shift · Team: ${prepared.groupName}`)).toBeVisible();
  await expect(page.getByText("In now: 0 of 2")).toBeVisible();
  await expectAccessible(page);

  // The domain's verb, named for the person, a thumb's size.
  const clockIn = row(page, "Dana Okafor").getByRole("button", { name: "Clock in Dana Okafor" });
  const box = await clockIn.boundingBox();
  expect(box!.height).toBeGreaterThanOrEqual(44);
  await clockIn.click();
  await expect(row(page, "Dana Okafor")).toContainText(/In since \d{1,2}:\d{2}/);
  await expect(page.getByText("In now: 1 of 2")).toBeVisible();
  await expect(row(page, "Dana Okafor").getByText("Saving…")).toHaveCount(0);

  await row(page, "Dana Okafor").getByRole("button", { name: "Clock out Dana Okafor" }).click();
  await expect(row(page, "Dana Okafor")).toContainText(/In \d{1,2}:\d{2} · out \d{1,2}:\d{2} · \d+ min/);
  await expect(row(page, "Dana Okafor").getByRole("button", { name: "Clock in Dana Okafor" })).toBeVisible();

  // Staff can still mark a state, behind "More".
  await row(page, "Emil Novák").getByRole("button", { name: "More for Emil Novák" }).click();
  await expect(page.getByRole("dialog", { name: "Emil Novák" }).getByRole("button", { name: "Remote", exact: true })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("dialog", { name: "Emil Novák" }).getByRole("button", { name: "Close", exact: true }).click();

  // With no network, a clock-in waits on this device with its own time, and goes when it is back.
  await goOffline(context);
  await row(page, "Emil Novák").getByRole("button", { name: "Clock in Emil Novák" }).click();
  await expect(row(page, "Emil Novák")).toContainText("Not sent yet");
  await expect(row(page, "Emil Novák")).toContainText(/In since \d{1,2}:\d{2}/);
  await expect(pendingCount(page)).toContainText("1");
  await goOnline(context);
  await expect(row(page, "Emil Novák").getByText("Not sent yet")).toHaveCount(0, { timeout: 30_000 });

  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: prepared.sessionTitle })).toBeVisible();
  await expect(row(page, "Emil Novák")).toContainText(/In since \d{1,2}:\d{2}/);
  await expect(row(page, "Dana Okafor")).toContainText(/In \d{1,2}:\d{2} · out \d{1,2}:\d{2}/);
  await expect(page.getByText("In now: 1 of 2")).toBeVisible();
});
