import { expect, signInAsDemo, test } from "./fixtures";

test("an owner finds every section under a few headings, and on a phone through the menu", async ({ page }) => {
  await signInAsDemo(page, "owner@acme.example");
  const sections = page.getByRole("navigation", { name: "Sections" });
  for (const heading of ["Track", "Insights", "Manage", "Finance", "Company"]) {
    await expect(sections.getByText(heading, { exact: true })).toBeVisible();
  }
  await expect(sections.getByRole("link")).toHaveCount(17);
  await expect(sections.getByRole("list", { name: "Company" }).getByRole("link")).toHaveText(["Settings", "Security", "Jobs", "Audit log", "API tokens"]);
  const sidebar = await sections.boundingBox();
  expect(sidebar?.x).toBeLessThan(50);

  await page.setViewportSize({ width: 360, height: 740 });
  await expect(sections).toBeHidden();
  // Charts resize on their ResizeObserver's next callback, after the viewport has changed.
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.getByRole("button", { name: "Menu", exact: true }).click();
  const menu = page.getByRole("dialog", { name: "Menu" });
  await menu.getByRole("link", { name: "Projects" }).click();
  await expect(page).toHaveURL(/\/c\/acme\/projects$/);
  await expect(menu).toBeHidden();
});

test("an employee sees only what they can use", async ({ page }) => {
  await signInAsDemo(page, "employee@acme.example");
  const links = page.getByRole("navigation", { name: "Sections" }).getByRole("link");
  await expect(links).toHaveText(["Overview", "Time", "Reports", "Projects", "Clients", "Teams"]);
});
