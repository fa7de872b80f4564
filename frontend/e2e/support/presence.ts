import { expect, type APIRequestContext, type Page } from "@playwright/test";

// Each presence test builds its own organization through the API (sign-up), so tests never share
// data and can run again and again, in parallel, on one stack.

export interface Account {
  id: string;
  email: string;
  password: string;
  fullName: string;
}

export interface TestOrganization {
  id: string;
  name: string;
  timezone: string;
  admin: Account;
  /** The admin's access token, for preparing data through the API. */
  token: string;
}

let counter = 0;

/** A name no other run of any test will use. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}${counter}`;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

export async function login(request: APIRequestContext, email: string, password: string): Promise<string> {
  const response = await request.post("/api/auth/login", { data: { email, password } });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** POST /api/organizations: a fresh organization and its first administrator. */
export async function signUpOrganization(
  request: APIRequestContext,
  { domain = "education", timezone = "Europe/London", adminName = "Ada Admin" }: { domain?: string; timezone?: string; adminName?: string } = {},
): Promise<TestOrganization> {
  const name = unique("Test school");
  const email = `${slug(name)}-admin@example.com`;
  const password = "a-long-test-password";
  const response = await request.post("/api/organizations", {
    data: { name, domain, timezone, admin_email: email, admin_password: password, admin_name: adminName },
  });
  expect(response.status(), await response.text()).toBe(201);
  const body = (await response.json()) as { organization: { id: string }; user: { id: string } };
  const token = await login(request, email, password);
  return { id: body.organization.id, name, timezone, admin: { id: body.user.id, email, password, fullName: adminName }, token };
}

/** A JSON call as the given token; fails the test on anything but the expected status. */
export async function call<T>(
  request: APIRequestContext,
  token: string,
  method: "GET" | "POST" | "PATCH" | "DELETE",
  path: string,
  data?: unknown,
  expected: number[] = [200, 201, 204],
): Promise<T> {
  const response = await request.fetch(path, { method, data, headers: { Authorization: `Bearer ${token}` } });
  expect(expected, `${method} ${path}: ${response.status()} ${await response.text()}`).toContain(response.status());
  return (response.status() === 204 ? undefined : await response.json()) as T;
}

/** A user of the organization with a password set, ready to sign in. */
export async function createUser(
  request: APIRequestContext,
  org: TestOrganization,
  role: "admin" | "manager" | "frontline",
  fullName: string,
): Promise<Account> {
  const email = `${slug(unique(role))}@example.com`;
  const password = "another-long-password";
  const user = await call<{ id: string }>(request, org.token, "POST", "/api/users", { email, full_name: fullName, role, password });
  return { id: user.id, email, password, fullName };
}

/** Fills and sends the sign-in form, which must be on screen (the page then goes where it was going). */
export async function submitSignInAs(page: Page, account: Account): Promise<void> {
  await page.getByLabel("Email", { exact: true }).fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Signs in through the sign-in page and waits for the home page. */
export async function signInAs(page: Page, account: Account): Promise<void> {
  await page.goto("/sign-in");
  await submitSignInAs(page, account);
  await expect(page.getByRole("heading", { level: 1, name: `Welcome, ${account.fullName}` })).toBeVisible();
}

/** Opens a page from the main navigation, as a user would: on a phone, from the menu's drawer. */
export async function openFromNav(page: Page, name: string): Promise<void> {
  // Below 768 px the navigation is behind the menu button.
  if ((page.viewportSize()?.width ?? 1280) < 768) await page.getByRole("button", { name: "Menu", exact: true }).click();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true }).click();
}

export interface PreparedRollCall {
  org: TestOrganization;
  frontline: Account;
  groupId: string;
  groupName: string;
  sessionId: string;
  sessionTitle: string;
  /** Everyone in the group, by name: "Pupil 001" … */
  participants: { id: string; name: string }[];
}

/**
 * An organization with a class of `size` students (imported in one file), a frontline user
 * assigned to it, and a lesson that starts now — all through the API, as an administrator.
 */
export async function prepareRollCall(request: APIRequestContext, size: number): Promise<PreparedRollCall> {
  const org = await signUpOrganization(request);
  const frontline = await createUser(request, org, "frontline", "Fran Frontline");
  const tag = unique("P").replace(/\s+/g, "");
  const lines = ["name,external_ref"];
  for (let i = 1; i <= size; i++) lines.push(`Pupil ${String(i).padStart(3, "0")},${tag}-${i}`);
  const imported = await request.post("/api/participants/import", {
    headers: { Authorization: `Bearer ${org.token}` },
    multipart: { file: { name: "pupils.csv", mimeType: "text/csv", buffer: Buffer.from(lines.join("\n") + "\n") } },
  });
  expect(imported.status(), await imported.text()).toBe(200);
  const page = await call<{ items: { id: string; name: string }[] }>(request, org.token, "GET", `/api/participants?q=${encodeURIComponent(tag)}&limit=1000`);
  expect(page.items).toHaveLength(size);

  const groupName = unique("Class");
  const group = await call<{ id: string }>(request, org.token, "POST", "/api/groups", { name: groupName, domain: "education" });
  await call(request, org.token, "POST", `/api/groups/${group.id}/members`, { participant_ids: page.items.map((p) => p.id) });
  await call(request, org.token, "POST", `/api/groups/${group.id}/staff`, { user_ids: [frontline.id] });
  const sessionTitle = unique("Register");
  const now = Date.now();
  const session = await call<{ id: string }>(request, org.token, "POST", "/api/sessions", {
    group_id: group.id,
    title: sessionTitle,
    starts_at: new Date(now).toISOString(),
    ends_at: new Date(now + 60 * 60_000).toISOString(),
    mode: "roll_call",
    status: "open",
  });
  return { org, frontline, groupId: group.id, groupName, sessionId: session.id, sessionTitle, participants: page.items };
}
