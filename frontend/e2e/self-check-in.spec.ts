import type { Locator, Page } from "@playwright/test";
import { expect, expectAccessible, test } from "./support/fixtures";
import { createParticipantLogin, prepareCheckIns, type Guest } from "./support/check-in";
import { signInAs, submitSignInAs } from "./support/presence";

test.use({ locale: "en-GB" });
test.setTimeout(120_000);

function row(page: Page, name: string): Locator {
  return page.getByRole("list", { name: "Students" }).getByRole("listitem").filter({ hasText: name });
}

test("a steward shows a lesson's check-in code and a student checks in from their own phone by typing it", async ({ page, browser, request }) => {
  const prepared = await prepareCheckIns(request, {
    domain: "education",
    mode: "self_check_in",
    names: ["Aisha Khan", "Bruno Silva"],
    frontlineName: "Sam Steward",
  });
  const [aisha, bruno] = prepared.people as [Guest, Guest];
  const aishaLogin = await createParticipantLogin(request, prepared.org, aisha);
  const brunoLogin = await createParticipantLogin(request, prepared.org, bruno);

  // The steward opens the lesson and its code, as they would for a projector.
  await signInAs(page, prepared.frontline);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Today", exact: true }).click();
  await page.getByRole("link", { name: prepared.sessionTitle }).click();
  await expect(page.getByRole("heading", { level: 1, name: prepared.sessionTitle })).toBeVisible();
  await expect(row(page, "Aisha Khan")).toContainText("Not in");
  await page.getByRole("link", { name: "Open the check-in code" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Check in to ${prepared.sessionTitle}` })).toBeVisible();
  const qr = page.getByRole("img", { name: /QR code to check in/ });
  await expect(qr).toBeVisible();
  expect(await qr.getAttribute("src")).toMatch(/^data:image\/svg\+xml/);
  await expect(page.getByRole("button", { name: "Full screen" })).toBeVisible();
  await expectAccessible(page);
  // The code as the room sees it: six characters, in large letters.
  const codeOnScreen = async () => ((await page.locator(".check-in-code__code [aria-hidden='true']").textContent()) ?? "").replace(/\s+/g, "");
  const code = await codeOnScreen();
  expect(code).toMatch(/^[A-Z2-9]{6}$/);

  // The student, on their phone, in a browser of their own.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "en-GB" });
  try {
    const student = await phone.newPage();
    await signInAs(student, aishaLogin);
    await student.getByRole("link", { name: "Check in with a code" }).click();
    await expect(student.getByRole("heading", { level: 1, name: "Check in" })).toBeVisible();
    await expectAccessible(student);
    // Typed as people type: lower case, with a space.
    await student.getByLabel("Check-in code").fill(`${code.slice(0, 3).toLowerCase()} ${code.slice(3)}`);
    await student.getByRole("button", { name: "Check in", exact: true }).click();
    await expect(student.getByText(new RegExp(`^You're checked in to ${prepared.sessionTitle} at \\d{1,2}:\\d{2}`))).toBeVisible();
    await expectAccessible(student);

    // A wrong code is told in plain words.
    await student.getByLabel("Check-in code").fill("ZZZZZZ");
    await student.getByRole("button", { name: "Check in", exact: true }).click();
    await expect(student.getByRole("alert")).toContainText("That code is not right or has expired. Type the code on the screen now.");
  } finally {
    await phone.close();
  }

  // Another scans the QR code with their phone: it opens the app with the code, they sign in, and
  // the code is sent at once.
  const scanned = await codeOnScreen();
  const other = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "en-GB" });
  try {
    const phone = await other.newPage();
    await phone.goto(`/check-in?code=${scanned}`);
    await expect(phone).toHaveURL(/\/sign-in$/);
    await submitSignInAs(phone, brunoLogin);
    await expect(phone.getByText(new RegExp(`^You're checked in to ${prepared.sessionTitle} at \\d{1,2}:\\d{2}`))).toBeVisible();
    await expect(phone).toHaveURL(/\/check-in$/);
  } finally {
    await other.close();
  }

  // Back on the steward's screen, the roster shows them checked in.
  await page.getByRole("link", { name: "Back to the lesson" }).click();
  await expect(page.getByRole("heading", { level: 1, name: prepared.sessionTitle })).toBeVisible();
  await expect(row(page, "Aisha Khan")).toContainText(/In since \d{1,2}:\d{2}/);
  await expect(row(page, "Bruno Silva")).toContainText(/In since \d{1,2}:\d{2}/);
  await expect(page.getByText("In now: 2 of 2")).toBeVisible();
  await expectAccessible(page);
});
