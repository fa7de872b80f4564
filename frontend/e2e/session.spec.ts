import type { Page } from "@playwright/test";
import { demoOrganization, demoUsers } from "./support/demo";
import { expect, expectAccessible, sessionEndedMessage, signIn, submitSignIn, test } from "./support/fixtures";

const admin = demoUsers.admin;

test("the demo admin signs in and sees their name, role and organization", async ({ page }) => {
  await signIn(page, admin);

  const header = page.getByRole("banner");
  await expect(header.getByText(admin.fullName, { exact: true })).toBeVisible();
  await expect(header.getByText(admin.roleLabel, { exact: true })).toBeVisible();
  await expect(header.getByText(demoOrganization, { exact: true })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Home" })).toBeVisible();
  await expect(page).toHaveTitle("Home · Omnipresence");
  await expectAccessible(page);
});

test("a reload keeps the user signed in, with no token in web storage", async ({ page }) => {
  await signIn(page, admin);

  await page.reload();

  await expect(page.getByRole("heading", { level: 1, name: `Welcome, ${admin.fullName}` })).toBeVisible();
  await expect(page.getByRole("banner").getByText(demoOrganization, { exact: true })).toBeVisible();
  expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
  await expectAccessible(page);
});

test("one browser's sign-in does not sign in another browser", async ({ page, browser }) => {
  await signIn(page, admin);

  const stranger = await browser.newContext();
  try {
    const strangerPage = await stranger.newPage();
    await strangerPage.goto("/");
    await expect(strangerPage.getByRole("heading", { level: 1, name: "Sign in to Omnipresence" })).toBeVisible();
    await expect(strangerPage.getByText(admin.fullName)).toHaveCount(0);
    await expectAccessible(strangerPage);
  } finally {
    await stranger.close();
  }
});

test("signing in sends the user on to the page they first asked for", async ({ page }) => {
  await page.goto("/no-such-page");
  await expect(page).toHaveURL(/\/sign-in$/);

  await submitSignIn(page, admin.email);

  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page).toHaveURL(/\/no-such-page$/);
  await expectAccessible(page);
  await page.getByRole("link", { name: "Go to the home page" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Welcome, ${admin.fullName}` })).toBeVisible();
});

test("signing out returns to sign-in, and Back does not show the app", async ({ page }) => {
  await page.goto("/");
  await submitSignIn(page, admin.email);
  await expect(page.getByRole("heading", { level: 1, name: `Welcome, ${admin.fullName}` })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Sign in to Omnipresence" })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByText(sessionEndedMessage)).toHaveCount(0);
  await expectAccessible(page);

  await page.goBack();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in to Omnipresence" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await expect(page.getByText(admin.fullName)).toHaveCount(0);

  // And the server forgot the session too: a reload does not bring it back.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Sign in to Omnipresence" })).toBeVisible();
});

/** Signs the page's own login session out through the API, as another tab or an admin would. */
async function endSessionElsewhere(page: Page): Promise<void> {
  // Open a page of the app afresh and learn the access token it uses (it lives only in memory).
  const organizationCall = page.waitForRequest((request) => request.url().endsWith("/api/organizations/current"));
  await page.goto("/no-such-page");
  const authorization = (await organizationCall).headers().authorization;
  expect(authorization).toMatch(/^Bearer /);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();

  const logout = await page.request.post("/api/auth/logout", { headers: { Authorization: authorization! }, data: {} });
  expect(logout.status()).toBe(204);
}

test("a session ended elsewhere sends the user to sign-in with the session-ended message on their next action", async ({ page }) => {
  const manager = demoUsers.manager;
  await signIn(page, manager);
  // The live stream would notice the end by itself within a heartbeat (the next test); cut it
  // here so that what is proven is the next action's own answer.
  await page.route("**/api/events*", (route) => route.abort());
  await endSessionElsewhere(page);

  await page.getByRole("link", { name: "Go to the home page" }).click();

  await expect(page.getByText(sessionEndedMessage)).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await expectAccessible(page);

  // Signing in again returns to where the user was going.
  await submitSignIn(page, manager.email);
  await expect(page.getByRole("heading", { level: 1, name: `Welcome, ${manager.fullName}` })).toBeVisible();
});

test("a session ended elsewhere while the app sits open sends the user to sign-in with the message, with no action", async ({ page }) => {
  const manager = demoUsers.manager;
  await signIn(page, manager);
  await endSessionElsewhere(page);

  // The live stream's next heartbeat finds the login session gone and the app says so.
  await expect(page.getByText(sessionEndedMessage)).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
});
