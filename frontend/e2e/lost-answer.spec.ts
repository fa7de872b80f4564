import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { call, openFromNav, prepareRollCall, signInAs } from "./support/presence";

test.use({ locale: "en-GB" });
test.setTimeout(120_000);

interface RosterItem {
  participant: { id: string; name: string };
  record: { id: string; state: string; version: number } | null;
}

function row(page: Page, name: string): Locator {
  return page.getByRole("list", { name: "Students" }).getByRole("listitem").filter({ hasText: name });
}

test("a mark whose request reached the server but whose answer was lost is sent again and lands exactly once", async ({ page, context, request }) => {
  const prepared = await prepareRollCall(request, 3);
  await signInAs(page, prepared.frontline);
  await openFromNav(page, "Today");
  await page.getByRole("link", { name: prepared.sessionTitle }).click();
  await expect(page.getByRole("heading", { level: 1, name: prepared.sessionTitle })).toBeVisible();

  // The first mark goes through to the server, which saves it; its answer never comes back (the
  // connection drops on the way), as on a train going into a tunnel. Every later request passes.
  const delivered: number[] = [];
  let mutationId = "";
  const sentAgain: string[] = [];
  await context.route("**/api/presence", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    if (delivered.length > 0) {
      sentAgain.push(route.request().postData() ?? "");
      return route.continue();
    }
    mutationId = (route.request().postDataJSON() as { mutation_id: string }).mutation_id;
    const answer = await route.fetch();
    delivered.push(answer.status());
    await route.abort("connectionreset");
  });
  await context.route("**/api/sync", async (route) => {
    sentAgain.push(route.request().postData() ?? "");
    await route.continue();
  });

  await row(page, "Pupil 001").getByRole("button", { name: "Absent", exact: true }).click();
  await expect.poll(() => delivered).toEqual([201]);

  // The screen does not lose the mark: it keeps it and sends it again until the server answers.
  // For a moment the app believes it is offline; then the mark is saved and nothing waits.
  await expect(row(page, "Pupil 001").getByText("Saving…")).toHaveCount(0, { timeout: 60_000 });
  await expect(row(page, "Pupil 001").getByText("Not sent yet")).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByText("Offline: changes are kept on this device.")).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByText(/\d+ pending/)).toHaveCount(0);
  await expect(row(page, "Pupil 001").getByRole("button", { name: "Absent", exact: true })).toHaveAttribute("aria-pressed", "true");
  // It was sent again with the same mutation id (directly or in an offline batch), so the server
  // could tell it had it already.
  expect(mutationId).not.toBe("");
  expect(sentAgain.some((body) => body.includes(mutationId))).toBe(true);

  // The server holds it once: version 1, one entry in its history, however often it was sent.
  const roster = await call<{ items: RosterItem[] }>(request, prepared.org.token, "GET", `/api/sessions/${prepared.sessionId}/roster`);
  const record = roster.items.find((item) => item.participant.name === "Pupil 001")?.record;
  expect(record).toMatchObject({ state: "absent", version: 1 });
  const history = await call<{ items: unknown[] }>(request, prepared.org.token, "GET", `/api/presence/${record!.id}/history`);
  expect(history.items).toHaveLength(1);

  // And a reload shows what the server has.
  await page.reload();
  await expect(row(page, "Pupil 001").getByRole("button", { name: "Absent", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(row(page, "Pupil 002").getByRole("button", { name: "Absent", exact: true })).toHaveAttribute("aria-pressed", "false");
});
