import { expect, expectAccessible, test } from "./support/fixtures";
import { call, prepareRollCall, signInAs, unique } from "./support/presence";

test.use({ locale: "en-GB" });
test.setTimeout(120_000);

test("on a phone, an administrator removes several students from a class at once, after saying yes to their names", async ({ page, request }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const prepared = await prepareRollCall(request, 6);
  const [first, second, third, fourth] = prepared.participants;
  await signInAs(page, prepared.org.admin);
  await page.goto(`/groups/${prepared.groupId}`);
  await expect(page.getByRole("heading", { level: 1, name: `Class: ${prepared.groupName}` })).toBeVisible();
  // On a phone the members are a list of cards, one per student, none wider than the screen.
  const members = page.getByRole("list", { name: "Students" });
  await expect(members.getByRole("listitem")).toHaveCount(6);
  await expect(page.getByRole("table", { name: "Students" })).toHaveCount(0);

  // The picker never offers those already in the class.
  await page.getByRole("searchbox", { name: "Find students" }).fill("Pupil");
  await page.getByRole("button", { name: "Find", exact: true }).click();
  await expect(page.getByText("Everyone who matches is already in the class.")).toBeVisible();
  await expect(page.getByRole("group", { name: "Choose whom to add" })).toHaveCount(0);

  // Removing one asks first, by name; saying no keeps them.
  await members.getByRole("button", { name: `Remove ${first!.name}` }).click();
  const ask = page.getByRole("dialog", { name: `Remove ${first!.name} from the class?` });
  await expect(ask).toBeVisible();
  await expectAccessible(page);
  await ask.getByRole("button", { name: "Cancel" }).click();
  await expect(members.getByRole("listitem")).toHaveCount(6);

  // Three ticked, removed together: a line says how far it has got, then what happened.
  const bar = page.getByRole("group", { name: "Choose several students" });
  await expect(bar.getByRole("button", { name: "Remove the chosen from the class" })).toHaveAttribute("aria-disabled", "true");
  for (const person of [second!, third!, fourth!]) await members.getByRole("checkbox", { name: `Choose ${person.name}` }).check();
  await expect(bar).toContainText("3 chosen.");
  await bar.getByRole("button", { name: "Remove the chosen from the class" }).click();
  const many = page.getByRole("dialog", { name: "Remove 3 students from the class?" });
  for (const person of [second!, third!, fourth!]) await expect(many.getByRole("listitem").filter({ hasText: person.name })).toHaveCount(1);
  await expectAccessible(page);
  await many.getByRole("button", { name: "Remove all 3" }).click();
  await expect(page.getByText("Removed 3 from the class.")).toBeVisible();
  await expect(members.getByRole("listitem")).toHaveCount(3);
  for (const person of [second!, third!, fourth!]) await expect(members.getByRole("listitem").filter({ hasText: person.name })).toHaveCount(0);
  // Nothing wider than the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await expectAccessible(page);

  // "Select all on this page" ticks every current member.
  await bar.getByRole("checkbox", { name: "Select all on this page" }).check();
  await expect(bar).toContainText("3 chosen.");
  await bar.getByRole("checkbox", { name: "Select all on this page" }).uncheck();
  await expect(bar).toContainText("0 chosen.");

  // The ones removed are offered again by the picker; the others still are not.
  await page.getByRole("button", { name: "Find", exact: true }).click();
  await expect(page.getByText(/^Matches: 3\. 3 more are already in the class and not listed\.$/)).toBeVisible();
  const choose = page.getByRole("group", { name: "Choose whom to add" });
  await expect(choose.getByRole("checkbox")).toHaveCount(3);
  await expect(choose.getByRole("checkbox", { name: first!.name })).toHaveCount(0);
});

test("an administrator chooses several students on the list and adds them to a class in one go", async ({ page, request }) => {
  const prepared = await prepareRollCall(request, 3);
  const other = await call<{ id: string; name: string }>(request, prepared.org.token, "POST", "/api/groups", { name: unique("Choir"), domain: "education" });
  await signInAs(page, prepared.org.admin);
  await page.goto("/participants");
  await expect(page.getByRole("heading", { level: 1, name: "Students" })).toBeVisible();
  const bar = page.getByRole("group", { name: "Choose several students" });
  await bar.getByRole("checkbox", { name: "Select all on this page" }).check();
  await expect(bar).toContainText("3 chosen.");
  await page.getByRole("checkbox", { name: `Choose ${prepared.participants[2]!.name}` }).uncheck();
  await expect(bar).toContainText("2 chosen.");
  await bar.getByRole("button", { name: "Add the chosen to a class" }).click();
  const dialog = page.getByRole("dialog", { name: "Add 2 students to a class" });
  await expect(dialog.getByRole("listitem")).toHaveCount(2);
  // Without a class chosen, it says what to do.
  await dialog.getByRole("button", { name: "Add all 2" }).click();
  await expect(dialog.getByText("Choose the class to add them to.")).toBeVisible();
  await dialog.getByLabel("Class", { exact: true }).selectOption({ label: other.name });
  await expectAccessible(page);
  await dialog.getByRole("button", { name: "Add all 2" }).click();
  await expect(page.getByText(`Added 2 students to ${other.name}.`)).toBeVisible();
  await expect(bar).toContainText("0 chosen.");
  await expectAccessible(page);

  // In the class, they are members.
  await page.goto(`/groups/${other.id}`);
  const members = page.getByRole("table", { name: "Students" });
  await expect(members.getByRole("rowheader")).toHaveCount(2);
  await expect(members.getByRole("rowheader", { name: prepared.participants[0]!.name })).toBeVisible();
});
