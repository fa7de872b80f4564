import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "@playwright/test";
import { expect, expectAccessible, test } from "./support/fixtures";
import { call, openFromNav, prepareRollCall, signInAs } from "./support/presence";

test.use({ locale: "en-GB" });
test.setTimeout(180_000);

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "the page scrolls sideways").toBeLessThanOrEqual(0);
}

test("an administrator sets a rule, is told live when a student is absent twice in a row, and marking it read clears the bell", async ({ page, request }) => {
  const prepared = await prepareRollCall(request, 3);
  const { org } = prepared;
  const pupil = prepared.participants[0]!;
  // A second lesson of the same class, starting just after the first.
  const start = Date.now();
  const second = await call<{ id: string }>(request, org.token, "POST", "/api/sessions", {
    group_id: prepared.groupId,
    title: "The next register",
    starts_at: new Date(start).toISOString(),
    ends_at: new Date(start + 60 * 60_000).toISOString(),
    mode: "roll_call",
    status: "open",
  });

  await signInAs(page, org.admin);
  const bell = page.getByRole("banner").getByRole("button", { name: /^Notifications,/ });
  await expect(bell).toHaveAccessibleName("Notifications, none unread");

  // The rule, in the school's words: told at two absences in a row rather than three.
  await openFromNav(page, "Notification rules");
  await expect(page.getByRole("heading", { level: 1, name: "Notification settings" })).toBeVisible();
  await expect(page.getByLabel("Tell managers and administrators about students absent several lessons in a row")).toBeChecked();
  const inARow = page.getByLabel("How many in a row");
  await expect(inARow).toHaveValue("3");
  await expectAccessible(page);
  await inARow.fill("0");
  await page.getByRole("button", { name: "Save the rules" }).click();
  await expect(page.getByText("Enter a whole number from 1 to 100.")).toBeVisible();
  await expect(inARow).toBeFocused();
  await inARow.fill("2");
  await page.getByRole("button", { name: "Save the rules" }).click();
  await expect(page.getByText("The rules are saved.")).toBeVisible();
  expect((await call<{ absent_in_a_row: number }>(request, org.token, "GET", "/api/notification-rules")).absent_in_a_row).toBe(2);

  // Marked absent twice, by someone else, through the API: the bell rises without a reload.
  for (const sessionId of [prepared.sessionId, second.id]) {
    await call(request, org.token, "POST", "/api/presence/bulk", { session_id: sessionId, records: [{ participant_id: pupil.id, state: "absent" }] });
  }
  await expect(bell).toHaveAccessibleName("Notifications, 1 unread", { timeout: 30_000 });
  await bell.click();
  const panel = page.getByRole("region", { name: "Notifications" });
  const told = panel.getByRole("link", { name: `${pupil.name} was absent 2 times in a row` });
  await expect(told).toBeVisible();
  await expect(panel.getByText("New", { exact: true })).toBeVisible();
  await expectAccessible(page);

  // It leads to the student's page, and opening it marks it read.
  await told.click();
  await expect(page).toHaveURL(new RegExp(`/participants/${pupil.id}$`));
  await expect(bell).toHaveAccessibleName("Notifications, none unread");

  // By keyboard: the bell opens, Escape closes it and gives focus back.
  await bell.focus();
  await page.keyboard.press("Enter");
  await expect(panel).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(panel).toBeHidden();
  await expect(bell).toBeFocused();

  // On a phone: the panel fits the screen, and every notification is on a page of its own.
  await page.setViewportSize({ width: 390, height: 844 });
  await bell.click();
  await expect(panel).toBeVisible();
  await expectNoSidewaysScroll(page);
  await panel.getByRole("link", { name: "All notifications" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  await expect(page.getByRole("link", { name: `${pupil.name} was absent 2 times in a row` })).toBeVisible();
  await expectAccessible(page);
  await expectNoSidewaysScroll(page);
});

test("an administrator adds a webhook, keeps its secret, sends a test event and sees it delivered in the log", async ({ page, request }) => {
  // A receiver on this machine; the stack lets `receiver.test` reach loopback (PRESENCE_WEBHOOK_TEST_HOSTS).
  const received: IncomingHttpHeaders[] = [];
  const receiver = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received.push(req.headers);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const url = `http://receiver.test:${(receiver.address() as AddressInfo).port}/omnipresence`;
  try {
    const prepared = await prepareRollCall(request, 1);
    await page.setViewportSize({ width: 390, height: 844 });
    await signInAs(page, prepared.org.admin);
    await page.goto("/webhooks");
    await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
    await expect(page.getByText("No webhooks yet.", { exact: false })).toBeVisible();
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);

    await page.getByRole("button", { name: "Add a webhook" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a webhook" });
    // An address inside a private network is refused, the field says why.
    await dialog.getByLabel("Address (URL)").fill("http://10.0.0.1/hook");
    await dialog.getByRole("button", { name: "Add a webhook" }).click();
    await expect(dialog.getByLabel("Address (URL)")).toHaveAttribute("aria-invalid", "true");
    await dialog.getByLabel("Address (URL)").fill(url);
    await dialog.getByLabel("A sync conflict is flagged").check();
    await expectAccessible(page, { include: "dialog" });
    await dialog.getByRole("button", { name: "Add a webhook" }).click();

    const secret = page.getByRole("dialog", { name: "Webhook added" });
    await expect(secret.getByText(/^whsec_/)).toBeVisible();
    await secret.getByRole("button", { name: "I have copied it" }).click();

    const card = page.getByRole("listitem", { name: url });
    await expect(card).toContainText("On");
    await expect(card).toContainText("A presence is recorded, A presence record is changed, A sync conflict is flagged");
    await expectNoSidewaysScroll(page);
    await card.getByRole("button", { name: "Send a test event" }).click();
    await expect(card.getByText(/A test event is on its way/)).toBeVisible();
    await card.getByRole("link", { name: "Delivery log" }).first().click();

    await expect(page.getByRole("heading", { level: 1, name: "Delivery log" })).toBeVisible();
    const delivery = page.getByRole("list", { name: "Deliveries" }).getByRole("listitem").first();
    await expect(delivery).toContainText("Test event");
    await expect(delivery).toContainText("Delivered", { timeout: 30_000 });
    await expect(delivery).toContainText("HTTP 204");
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    expect(received.length).toBeGreaterThan(0);
    expect(received[0]!["webhook-signature"]).toMatch(/^v1,/);

    // Turned off from the list, it says so.
    await page.getByRole("link", { name: "All webhooks" }).click();
    await card.getByRole("button", { name: "Turn off" }).click();
    await expect(card).toContainText("Off");
  } finally {
    receiver.close();
  }
});
