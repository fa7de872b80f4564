import { demoUsers } from "./support/demo";
import { expect, expectAccessible, signIn, submitSignIn, test } from "./support/fixtures";
import { totp } from "./support/totp";

const admin = demoUsers.admin;

test("an invited person sets a password, signs in, turns on two-factor and signs in with it", async ({ page, browser }) => {
  test.slow(); // two browsers, a dozen pages, five accessibility scans
  const suffix = `${Date.now()}-${test.info().workerIndex}`;
  const email = `invited-${suffix}@example.com`;
  const name = `Ivy Invited ${suffix}`;
  const password = "an-invited-password";

  // The administrator invites them from the users screen.
  await signIn(page, admin);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Role", { exact: true }).selectOption("frontline");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`An invitation is on its way to ${email}.`)).toBeVisible();
  const link = await page.getByLabel(/Invitation link/).inputValue();
  expect(link).toContain("/invitation#token=");
  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("Invited");
  await expectAccessible(page);

  // The invited person, in a browser of their own, follows the link.
  const context = await browser.newContext();
  try {
    const invited = await context.newPage();
    await invited.goto(link.replace(/^https?:\/\/[^/]+/, ""));
    await expect(invited.getByRole("heading", { level: 1, name: "Welcome to Omnipresence" })).toBeVisible();
    await expect(invited.getByText(email)).toBeVisible();
    await expectAccessible(invited);
    await invited.getByLabel("New password", { exact: true }).fill(password);
    await invited.getByLabel("Repeat the new password").fill(password);
    await invited.getByRole("button", { name: "Set password" }).click();

    // First sign-in: the email is filled in already.
    await expect(invited.getByText("Your password is set. Sign in with it now.")).toBeVisible();
    await expect(invited.getByLabel("Email", { exact: true })).toHaveValue(email);
    await invited.getByLabel("Password", { exact: true }).fill(password);
    await invited.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(invited.getByRole("heading", { level: 1, name: `Welcome, ${name}` })).toBeVisible();

    // Two-factor on, from my account: the key under the QR code goes into the "app" (computed here).
    await invited.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My account" }).click();
    await expect(invited.getByRole("heading", { level: 1, name: "My account" })).toBeVisible();
    // This login is marked in the sessions list, beside the device's own name section.
    await expect(invited.getByText("This device", { exact: true }).first()).toBeVisible();
    await expectAccessible(invited);
    await invited.getByRole("button", { name: "Set up two-factor sign-in" }).click();
    await expect(invited.getByRole("img", { name: /QR code/ })).toBeVisible();
    const secret = (await invited.locator("code.secret").textContent())!.trim();
    await expectAccessible(invited);
    await invited.getByLabel("Authentication code").fill(totp(secret));
    await invited.getByRole("button", { name: "Turn on" }).click();
    await expect(invited.getByText("Two-factor sign-in is on.")).toBeVisible();
    await expect(invited.getByRole("heading", { name: "Your recovery codes" })).toBeVisible();
    await expect(invited.locator(".recovery-codes li")).toHaveCount(10);
    await expectAccessible(invited);

    // Signing in again now takes a code as well. The code just used is spent: the next one works.
    await invited.getByRole("button", { name: "Sign out" }).click();
    await expect(invited.getByRole("heading", { level: 1, name: "Sign in to Omnipresence" })).toBeVisible();
    await submitSignIn(invited, email, password);
    await expect(invited.getByText("Enter the 6-digit code from your authenticator app, or one of your recovery codes.")).toBeVisible();
    await expect(invited.getByLabel("Authentication code")).toBeFocused();
    await expectAccessible(invited);
    await invited.getByLabel("Authentication code").fill(totp(secret, Date.now() + 30_000));
    await invited.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(invited.getByRole("heading", { level: 1, name: `Welcome, ${name}` })).toBeVisible();
  } finally {
    await context.close();
  }

  // The administrator sees two-factor on for them.
  await page.reload();
  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("Active");
  await expect(page.getByRole("row", { name: new RegExp(name) }).getByRole("button", { name: /Reset two-factor/ })).toBeVisible();
});

test("the account pages reached without a session are accessible and say nothing about who has an account", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Reset your password" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Email", { exact: true }).fill(`nobody-${Date.now()}@example.com`);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByText(/If an account uses this email address/)).toBeVisible();

  await page.goto("/join");
  await expect(page.getByRole("heading", { level: 1, name: "Join with an invitation code" })).toBeVisible();
  await page.getByLabel("Invitation code").fill("AAAAA-BBBBB");
  await page.getByLabel("Email", { exact: true }).fill(`pupil-${Date.now()}@example.com`);
  await page.getByLabel("New password", { exact: true }).fill("a-good-long-password");
  await page.getByRole("button", { name: "Create my account" }).click();
  await expect(page.getByLabel("Invitation code")).toHaveAccessibleDescription(/not right or has expired/);
  await expectAccessible(page);

  await page.goto("/reset-password#token=not-a-real-token");
  await page.getByLabel("New password", { exact: true }).fill("a-good-long-password");
  await page.getByLabel("Repeat the new password").fill("a-good-long-password");
  await page.getByRole("button", { name: "Save the new password" }).click();
  await expect(page.getByRole("alert")).toContainText("has been used or has expired");
  await expectAccessible(page);

  // A new email address is confirmed from its own mailbox; a link that does not work says so.
  await page.goto("/confirm-email#token=not-a-real-token");
  await expect(page.getByRole("heading", { level: 1, name: "Confirm your new email address" })).toBeVisible();
  await page.getByRole("button", { name: "Confirm this address" }).click();
  await expect(page.getByRole("alert")).toContainText("has been used or has expired");
  await expectAccessible(page);
});

test("an administrator's organization settings", async ({ page }) => {
  await signIn(page, admin);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Organization settings" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Organization settings" })).toBeVisible();
  await expect(page.getByLabel("Require two-factor sign-in for administrators")).not.toBeChecked();
  await page.getByLabel("Timezone").fill("Mars/Olympus");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByLabel("Timezone")).toHaveAccessibleDescription(/Choose a time zone from the list/);
  await expect(page.getByLabel("Timezone")).toBeFocused();
  await expectAccessible(page);
});
