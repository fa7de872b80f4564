import type { Locator, Page } from "@playwright/test";
import { expect, expectAccessible, test } from "./support/fixtures";
import { prepareCheckIns } from "./support/check-in";
import { call, openFromNav, signInAs } from "./support/presence";

test.use({ locale: "en-GB" });
test.setTimeout(120_000);

function row(page: Page, name: string): Locator {
  return page.getByRole("list", { name: "Guests" }).getByRole("listitem").filter({ hasText: name });
}

/** What a barcode scanner does: types the badge and presses Enter. */
async function scan(page: Page, text: string): Promise<void> {
  const field = page.getByLabel("Your badge or number");
  await expect(field).toBeFocused();
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
}

test("a receptionist opens a kiosk for a hotel's sitting, and guests check in and out with their badges, one with a PIN", async ({ page, request }) => {
  const prepared = await prepareCheckIns(request, {
    domain: "hospitality",
    mode: "check_in_out",
    names: ["Aisha Khan", "Bruno Silva", "Chloé Martin"],
    frontlineName: "Rae Reception",
    // Guests arrive well after the grace: a hotel has no late state, so the roster tells it in minutes.
    startedMinutesAgo: 20,
  });
  const [aisha, bruno] = prepared.people;
  // Bruno's PIN, set by the administrator.
  await call(request, prepared.org.token, "PATCH", `/api/participants/${bruno!.id}`, { pin: "2468" });

  await signInAs(page, prepared.frontline);
  await openFromNav(page, "Kiosks");
  await expect(page.getByRole("heading", { level: 1, name: "Kiosks" })).toBeVisible();
  await expect(page.getByText("No kiosks yet.")).toBeVisible();
  await page.getByRole("button", { name: "New kiosk" }).click();
  const form = page.getByRole("dialog", { name: "New kiosk" });
  await form.getByLabel("Name").fill("Front desk");
  await form.getByLabel(new RegExp(`^${prepared.sessionTitle} —`)).check();
  await expectAccessible(page, { include: "dialog[open]" });
  await form.getByRole("button", { name: "Create the kiosk" }).click();

  const ready = page.getByRole("dialog", { name: "Front desk is ready" });
  await expect(ready.getByLabel("Kiosk key")).toHaveValue(/\S+\.\S+\.\S+/);
  await expectAccessible(page, { include: "dialog[open]" });
  await ready.getByRole("button", { name: "Open the kiosk on this device" }).click();

  // The kiosk: its name and sitting, and one big field a scanner types into.
  await expect(page).toHaveURL(/\/kiosk$/);
  await expect(page.getByRole("heading", { level: 1, name: "Front desk" })).toBeVisible();
  await expect(page.getByText(new RegExp(`${prepared.sessionTitle} · .* · Open`))).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Check in or check out" })).toBeVisible();
  await expectAccessible(page);
  const answer = page.locator(".kiosk__answer");

  await scan(page, aisha!.badge);
  await expect(answer).toHaveText(/^Welcome, Aisha — checked in \d{1,2}:\d{2}$/);
  await expect(page.getByLabel("Your badge or number")).toHaveValue("");

  // Bruno has a PIN: asked for it, one wrong try, then the right one.
  await scan(page, bruno!.badge);
  await expect(answer).toHaveText("Enter your PIN");
  await expect(page.getByLabel("Your PIN")).toBeFocused();
  await page.keyboard.type("1111");
  await page.keyboard.press("Enter");
  await expect(answer).toHaveText("Wrong PIN — try again");
  await expect(page.getByLabel("Your PIN")).toBeFocused();
  await expectAccessible(page);
  await page.keyboard.type("2468");
  await page.keyboard.press("Enter");
  await expect(answer).toHaveText(/^Welcome, Bruno — checked in \d{1,2}:\d{2}$/);
  await expect(page.getByLabel("Your PIN")).toHaveCount(0);

  // Aisha leaves; a badge nobody has is told so.
  await scan(page, aisha!.badge);
  await expect(answer).toHaveText(/^Goodbye, Aisha — \d+ min$/);
  await scan(page, "NO-SUCH-BADGE");
  await expect(answer).toHaveText("We don't know that badge");
  await expectAccessible(page);

  // Back at the desk: the scans in words, and the sitting's roster with the times.
  await page.goto("/kiosks");
  await page.getByRole("button", { name: "Scans at Front desk" }).click();
  const scans = page.getByRole("dialog", { name: "Scans at Front desk" });
  // Six scans, newest first (asking for Bruno's PIN is logged as a try without it).
  await expect(scans.getByRole("row")).toHaveCount(7);
  await expect(scans.getByRole("row").nth(1)).toContainText("Badge not known");
  await expect(scans.getByRole("row").nth(2)).toContainText("Left");
  await expect(scans.getByRole("row").nth(2)).toContainText("Aisha Khan");
  await expect(scans.getByRole("row").nth(3)).toContainText("Came in");
  await expect(scans.getByRole("row").nth(3)).toContainText("Bruno Silva");
  await expect(scans.getByRole("row").nth(4)).toContainText("Wrong PIN");
  await expect(scans.getByRole("row").nth(4)).toContainText(bruno!.badge);
  await expectAccessible(page, { include: "dialog[open]" });
  await scans.getByRole("button", { name: "Close" }).click();

  await page.goto(`/sessions/${prepared.sessionId}`);
  await expect(page.getByRole("heading", { level: 1, name: prepared.sessionTitle })).toBeVisible();
  await expect(row(page, "Aisha Khan")).toContainText(/In \d{1,2}:\d{2} · out \d{1,2}:\d{2} · \d+ min · 2\d min late/);
  await expect(row(page, "Bruno Silva")).toContainText(/In since \d{1,2}:\d{2} · 2\d min late/);
  await expect(row(page, "Chloé Martin")).toContainText("Not in");
  await expect(page.getByText("In now: 1 of 3")).toBeVisible();

  // Switched off at the desk, the kiosk forgets its key.
  await page.goto("/kiosks");
  await page.getByRole("button", { name: "Switch off Front desk" }).click();
  await page.getByRole("dialog", { name: "Switch off Front desk?" }).getByRole("button", { name: "Switch it off" }).click();
  await expect(page.getByText("Switched off", { exact: true })).toBeVisible();
  await page.goto("/kiosk");
  await expect(page.getByRole("heading", { level: 1, name: "Set up this kiosk" })).toBeVisible();
  await expect(page.getByText("This kiosk has been switched off. To use it again, set it up with a new key.")).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem("omni-kiosk-token"))).toBeNull();
  await expectAccessible(page);
});
