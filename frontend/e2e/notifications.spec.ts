import { expect, expectAccessible, test } from "./support/fixtures";
import { call, prepareRollCall, signInAs } from "./support/presence";

test.use({ locale: "en-GB" });
test.setTimeout(180_000);

test("an administrator is told live when a student is absent twice in a row, and marking it read clears the bell", async ({ page, request }) => {
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

  await call(request, org.token, "PATCH", "/api/notification-rules", { absent_in_a_row: 2 });

  for (const sessionId of [prepared.sessionId, second.id]) {
    await call(request, org.token, "POST", "/api/presence/bulk", { session_id: sessionId, records: [{ participant_id: pupil.id, state: "absent" }] });
  }
  await expect(bell).toHaveAccessibleName("Notifications, 1 unread", { timeout: 30_000 });
  await bell.click();
  const panel = page.getByRole("region", { name: "Notifications" });
  await expect(panel.getByRole("link", { name: `${pupil.name} was absent 2 times in a row` })).toBeVisible();
  await expectAccessible(page);
  await panel.getByRole("button", { name: "Mark all as read" }).click();
  await expect(bell).toHaveAccessibleName("Notifications, none unread");
});
