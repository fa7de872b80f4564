import type { Locator, Page } from "@playwright/test";
import { expect, expectAccessible, expectNoSidewaysScroll, holdRequests, PHONE_AND_DESK, test } from "./support/fixtures";
import { expectReadyOffline, goOffline, goOnline, pendingCount } from "./support/offline";
import { deployNextVersion, startPrivateGateway } from "./support/private-gateway";
import { call, createUser, login, openFromNav, prepareRollCall, signInAs, type Account, type PreparedRollCall } from "./support/presence";

test.use({ locale: "en-GB" });
// Sync runs on a worker and the conflict goes through three browsers: generous on a busy machine.
test.setTimeout(120_000);

interface RosterRecord {
  participant: { id: string; name: string };
  record: { state: string; source: string; version: number; recorded_by: string | null } | null;
}

function row(page: Page, name: string): Locator {
  return page.getByRole("list", { name: "Students" }).getByRole("listitem").filter({ hasText: name });
}

/** Signs in and opens the session's roll from today's list, as a frontline user does. */
async function openRoll(page: Page, account: Account, prepared: PreparedRollCall): Promise<void> {
  await signInAs(page, account);
  await openFromNav(page, "Today");
  await page.getByRole("link", { name: prepared.sessionTitle }).click();
  await expect(page.getByRole("heading", { level: 1, name: prepared.sessionTitle })).toBeVisible();
  await expectReadyOffline(page, prepared.sessionId);
}

/** What the server holds for one participant, read through the API as the administrator. */
async function serverRecord(request: Parameters<typeof call>[0], prepared: PreparedRollCall, name: string) {
  const roster = await call<{ items: RosterRecord[] }>(request, prepared.org.token, "GET", `/api/sessions/${prepared.sessionId}/roster`);
  return roster.items.find((item) => item.participant.name === name)?.record ?? null;
}

test("a mark made offline survives a reload as 1 pending and reaches the server when the network is back", async ({ page, context, request }) => {
  const prepared = await prepareRollCall(request, 3);
  await openRoll(page, prepared.frontline, prepared);

  await goOffline(context);
  await row(page, "Pupil 001").getByRole("button", { name: "Absent", exact: true }).click();
  await expect(pendingCount(page)).toContainText("1 pending");
  await expect(row(page, "Pupil 001").getByText("Not sent yet")).toBeVisible();

  // The browser closes the page and opens it again, still with no network: the app shell comes
  // from the service worker, the roster and the waiting mark from IndexedDB.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: prepared.sessionTitle })).toBeVisible();
  await expect(page.getByText("1 pending", { exact: true })).toBeVisible();
  await expect(page.getByText("Offline: changes are kept on this device.")).toBeVisible();
  await expect(row(page, "Pupil 001").getByRole("button", { name: "Absent", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(row(page, "Pupil 001").getByText("Not sent yet")).toBeVisible();
  expect(await serverRecord(request, prepared, "Pupil 001")).toBeNull();
  await expectAccessible(page);

  // Signing out now would leave the mark behind: the app asks first, and staying changes nothing.
  await page.getByRole("button", { name: "Sign out" }).click();
  const ask = page.getByRole("dialog", { name: "Sign out with changes not sent?" });
  await expect(ask).toContainText("1 change made on this device has not been sent yet.");
  await expectAccessible(page, { include: "dialog" });
  await ask.getByRole("button", { name: "Stay signed in" }).click();
  await expect(ask).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 1, name: prepared.sessionTitle })).toBeVisible();
  await expect(page.getByText("1 pending", { exact: true })).toBeVisible();

  await goOnline(context);
  await expect(page.getByText("1 change saved")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("1 pending", { exact: true })).toHaveCount(0);
  await expect(row(page, "Pupil 001").getByText("Not sent yet")).toHaveCount(0);
  await expect(row(page, "Pupil 001").getByRole("button", { name: "Absent", exact: true })).toHaveAttribute("aria-pressed", "true");

  const saved = await serverRecord(request, prepared, "Pupil 001");
  expect(saved).toMatchObject({ state: "absent", source: "offline_sync", version: 1, recorded_by: prepared.frontline.id });
  // Sent once: the others were never touched.
  expect(await serverRecord(request, prepared, "Pupil 002")).toBeNull();
});

test("two devices mark the same person differently offline: one conflict, which an administrator settles in the queue", async ({ page, context, browser, request }) => {
  const prepared = await prepareRollCall(request, 3);
  const second = await createUser(request, prepared.org, "frontline", "Sam Second");
  await call(request, prepared.org.token, "POST", `/api/groups/${prepared.groupId}/staff`, { user_ids: [second.id] });

  const otherContext = await browser.newContext({ locale: "en-GB" });
  const adminContext = await browser.newContext({ locale: "en-GB" });
  try {
    const other = await otherContext.newPage();
    await openRoll(page, prepared.frontline, prepared);
    await openRoll(other, second, prepared);

    // Both lose the network and mark Pupil 001, each their own way.
    await goOffline(context);
    await goOffline(otherContext);
    await row(page, "Pupil 001").getByRole("button", { name: "Absent", exact: true }).click();
    await row(other, "Pupil 001").getByRole("button", { name: "Late", exact: true }).click();
    await expect(pendingCount(page)).toContainText("1 pending");
    await expect(pendingCount(other)).toContainText("1 pending");

    // The first back online is applied; the second conflicts, and is told so in plain words.
    await goOnline(context);
    await expect(page.getByText("1 change saved")).toBeVisible({ timeout: 30_000 });
    await goOnline(otherContext);
    await expect(other.getByText("1 change conflicts with a colleague's — an administrator will decide")).toBeVisible({ timeout: 30_000 });
    await expect(other.getByText("1 pending", { exact: true })).toHaveCount(0);
    const notice = row(other, "Pupil 001").getByText(/Your change to Late conflicts with a colleague's/);
    await expect(notice).toBeVisible();
    // Nothing was overwritten: the server keeps the first value, and the row shows it.
    await expect(row(other, "Pupil 001").getByRole("button", { name: "Absent", exact: true })).toHaveAttribute("aria-pressed", "true");
    expect(await serverRecord(request, prepared, "Pupil 001")).toMatchObject({ state: "absent", version: 1 });
    await expectAccessible(other);

    // The administrator sees the open conflict in the navigation and opens the queue.
    const admin = await adminContext.newPage();
    await signInAs(admin, prepared.org.admin);
    const nav = admin.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Sync conflicts 1 open" }).click();
    await expect(admin.getByRole("heading", { level: 1, name: "Sync conflicts" })).toBeVisible();

    const conflict = admin.getByRole("listitem", { name: "Pupil 001" });
    await expect(conflict).toContainText(prepared.sessionTitle);
    const server = conflict.getByRole("region", { name: "On the server (version 1)" });
    const device = conflict.getByRole("region", { name: "Device version 1 of 1" });
    await expect(server).toContainText("Absent");
    await expect(server).toContainText(prepared.frontline.fullName);
    await expect(device).toContainText("Late");
    await expect(device).toContainText(second.fullName);
    for (const version of [server, device]) {
      await expect(version).toContainText("Device time");
      await expect(version).toContainText("Server time");
      // A device by the name it was given (by default its browser and platform), where the version
      // kept it, else by its id.
      await expect(version).toContainText(/Device\s*(\S+ on \S+|Device [0-9a-f]{8})/);
    }
    await expectAccessible(admin);

    await device.getByRole("button", { name: "Use this version" }).click();
    await expect(admin.getByText("Pupil 001: Late stands; the conflict is settled.")).toBeVisible();
    await expect(admin.getByText("No open conflicts. Every change made offline went through.")).toBeVisible();
    await expect(nav.getByRole("link", { name: "Sync conflicts", exact: true })).toBeVisible();

    // The record shows the chosen state: on the server, in the administrator's roll…
    expect(await serverRecord(request, prepared, "Pupil 001")).toMatchObject({ state: "late", source: "conflict_resolution", version: 2 });
    await admin.goto(`/sessions/${prepared.sessionId}`);
    await expect(row(admin, "Pupil 001").getByRole("button", { name: "Late", exact: true })).toHaveAttribute("aria-pressed", "true");

    // …and on the device whose change it was, as soon as the settled record reaches it, with its notice gone.
    await expect(row(other, "Pupil 001").getByRole("button", { name: "Late", exact: true })).toHaveAttribute("aria-pressed", "true", { timeout: 30_000 });
    await expect(notice).toHaveCount(0);

    // The settled conflict stays on record.
    await admin.goto("/admin/sync-conflicts");
    await admin.getByLabel("Show").selectOption("resolved");
    await expect(admin.getByRole("listitem", { name: "Pupil 001" })).toContainText(/took a device's version, Late\./);
    await expectAccessible(admin);
  } finally {
    await otherContext.close();
    await adminContext.close();
  }
});

// Issue 18: the administrator's job at a desk and on a phone; the conflicts come from a late batch.
for (const [where, viewport] of PHONE_AND_DESK) {
  test.describe(where, () => {
    test.use({ viewport });

    test("an administrator works the conflict queue: two settled at once, the third by its device's version", async ({ page, context, request }) => {
      const prepared = await prepareRollCall(request, 3);
      const frontlineToken = await login(request, prepared.frontline.email, prepared.frontline.password);
      // The register was taken online (all present); a tablet's offline marks (all absent) arrive after.
      await call(request, frontlineToken, "POST", "/api/presence/bulk", {
        session_id: prepared.sessionId,
        records: prepared.participants.map((p) => ({ participant_id: p.id, state: "present" })),
      });
      const madeAt = new Date(Date.now() - 5 * 60_000).toISOString();
      const batch = await call<{ batch_id: string }>(
        request,
        frontlineToken,
        "POST",
        "/api/sync",
        {
          device_id: crypto.randomUUID(),
          device_name: "Fran's tablet",
          sent_at: new Date().toISOString(),
          mutations: prepared.participants.map((p) => ({
            mutation_id: crypto.randomUUID(),
            session_id: prepared.sessionId,
            participant_id: p.id,
            state: "absent",
            client_time: madeAt,
            base_version: 0,
          })),
        },
        [202],
      );
      await expect
        .poll(async () => (await call<{ status: string }>(request, frontlineToken, "GET", `/api/sync/batches/${batch.batch_id}`)).status, { timeout: 30_000 })
        .toBe("completed");

      await signInAs(page, prepared.org.admin);
      await openFromNav(page, "Sync conflicts 3 open");
      await expect(page.getByRole("heading", { level: 1, name: "Sync conflicts" })).toBeVisible();
      const cards = page.getByRole("listitem", { name: /^Pupil 00\d/ });
      await expect(cards).toHaveCount(3);
      await expect(page.getByRole("listitem", { name: "Pupil 003" }).getByRole("region", { name: "Device version 1 of 1" })).toContainText("Fran's tablet");
      await expectNoSidewaysScroll(page, "the conflict queue");
      await expectAccessible(page);

      // Two ticked, settled at once: the buttons say why they wait, first for a tick, then for the answer.
      const keep = page.getByRole("button", { name: "Keep the server's values" });
      await expect(keep).toHaveAccessibleDescription("Tick the conflicts to settle first.");
      await page.getByRole("checkbox", { name: "Select the conflict about Pupil 001" }).check();
      await page.getByRole("checkbox", { name: "Select the conflict about Pupil 002" }).check();
      await expect(keep).toHaveAccessibleDescription("");
      const settling = await holdRequests(context, "**/api/admin/sync-conflicts/resolve", "POST");
      await keep.click();
      await expect(keep).toHaveAttribute("aria-disabled", "true");
      await expect(keep).toHaveAccessibleDescription("Settling…");
      await expect(keep).toBeFocused();
      settling.release();
      await expect(page.getByText("2 conflicts settled.")).toBeVisible();
      await expect(cards).toHaveCount(1);
      expect(settling.count()).toBe(1);

      // The third takes the tablet's version.
      await page.getByRole("listitem", { name: "Pupil 003" }).getByRole("button", { name: "Use this version" }).click();
      await expect(page.getByText("Pupil 003: Absent stands; the conflict is settled.")).toBeVisible();
      await expect(page.getByText("No open conflicts. Every change made offline went through.")).toBeVisible();
      await expectNoSidewaysScroll(page, "the settled conflict queue");
      await expectAccessible(page);

      for (const [name, state] of [["Pupil 001", "present"], ["Pupil 002", "present"], ["Pupil 003", "absent"]] as const) {
        expect(await serverRecord(request, prepared, name), name).toMatchObject({ state });
      }
    });
  });
}

test("changes waiting on a device survive an update of the app, and the new version sends them", async ({ browser, request }) => {
  const prepared = await prepareRollCall(request, 3);
  // The update is deployed to a gateway of this test's own: the shared one's files stay as built.
  const gateway = await startPrivateGateway();
  const context = await browser.newContext({ locale: "en-GB", baseURL: gateway.url });
  try {
    const page = await context.newPage();
    await openRoll(page, prepared.frontline, prepared);

    // A release is under way: the API answers 503 for a while, and the mark waits on the device.
    await context.route("**/api/**", (route) =>
      route.fulfill({
        status: 503,
        contentType: "application/problem+json",
        body: JSON.stringify({ type: "about:blank", title: "Service Unavailable", status: 503, detail: "Deploying." }),
      }),
    );
    await row(page, "Pupil 001").getByRole("button", { name: "Absent", exact: true }).click();
    await expect(pendingCount(page)).toContainText("1 pending");

    // The new version's files are in place: the next load finds its service worker, which waits
    // for the user while the page keeps running the version it started with.
    deployNextVersion(gateway);
    await page.reload();
    await expect(page.getByText("A new version of Omnipresence is ready.")).toBeVisible({ timeout: 30_000 });
    await expect(pendingCount(page)).toContainText("1 pending");
    await expect(page.locator('meta[name="omni-build"]')).toHaveCount(0);

    await page.getByRole("button", { name: "Reload now" }).click();
    await expect(page.locator('meta[name="omni-build"]')).toHaveCount(1);
    await expect(page.getByRole("heading", { level: 1, name: prepared.sessionTitle })).toBeVisible();
    await expect(page.getByText("A new version of Omnipresence is ready.")).toHaveCount(0);
    await expect(pendingCount(page)).toContainText("1 pending");
    await expect(row(page, "Pupil 001").getByText("Not sent yet")).toBeVisible();
    await expect(row(page, "Pupil 001").getByRole("button", { name: "Absent", exact: true })).toHaveAttribute("aria-pressed", "true");
    await expectAccessible(page);

    // The release is done: the new version sends what the old one kept, once.
    await context.unroute("**/api/**");
    await expect(page.getByText("1 change saved")).toBeVisible({ timeout: 60_000 });
    await expect(page.getByText("1 pending", { exact: true })).toHaveCount(0);
    expect(await serverRecord(request, prepared, "Pupil 001")).toMatchObject({ state: "absent", source: "offline_sync", version: 1 });
  } finally {
    await context.close();
    await gateway.stop();
  }
});
