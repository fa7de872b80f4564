import { expect, expectAccessible, sessionEndedMessage, submitSignIn, test } from "./support/fixtures";

test("the sign-in page has a labelled Email and Password and a Sign in button", async ({ page }) => {
  await page.goto("/sign-in");

  await expect(page.getByRole("heading", { level: 1, name: "Sign in to Omnipresence" })).toBeVisible();
  await expect(page.getByLabel("Email", { exact: true })).toBeEditable();
  await expect(page.getByLabel("Password", { exact: true })).toHaveAttribute("type", "password");
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeEnabled();
  await expect(page.getByText(sessionEndedMessage)).toHaveCount(0);
  await expect(page).toHaveTitle("Sign in · Omnipresence");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expectAccessible(page);
});

test("a visitor without a session who opens the app is sent to sign-in, with no session message", async ({ page }) => {
  await page.goto("/");

  await expect(page.getByRole("heading", { level: 1, name: "Sign in to Omnipresence" })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByText(sessionEndedMessage)).toHaveCount(0);
  await expectAccessible(page);
});

test("wrong credentials show the server's message and keep the user on sign-in", async ({ page }) => {
  // An address no one has: the server answers exactly as for a wrong password (SPEC 3.2), and
  // repeated runs do not lock a demo account out (10 failures per account and address).
  const email = `nobody-${test.info().testId}-${Date.now()}@example.com`;
  await page.goto("/sign-in");

  const answer = page.waitForResponse((response) => response.url().endsWith("/api/auth/login"));
  await submitSignIn(page, email, "not-the-password");
  const response = await answer;
  expect(response.status()).toBe(401);
  const { detail } = (await response.json()) as { detail: string };

  await expect(page.getByRole("alert")).toContainText(detail);
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByLabel("Email", { exact: true })).toHaveValue(email);
  await expectAccessible(page);
});
