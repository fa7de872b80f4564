import { demoOrganization, demoUsers } from "./support/demo";
import { expect, expectAccessible, signIn, test } from "./support/fixtures";

for (const user of Object.values(demoUsers)) {
  test(`the demo ${user.role} signs in and sees the role label "${user.roleLabel}"`, async ({ page }) => {
    await signIn(page, user);

    const header = page.getByRole("banner");
    await expect(header.getByText(user.fullName, { exact: true })).toBeVisible();
    await expect(header.getByText(user.roleLabel, { exact: true })).toBeVisible();
    await expect(header.getByText(demoOrganization, { exact: true })).toBeVisible();
    await expectAccessible(page);
  });
}
