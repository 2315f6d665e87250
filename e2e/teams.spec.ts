import { expect, test } from "./fixtures";

test("an admin builds a team with a manager, renames and archives it", async ({ page }) => {
  const name = `Field crew ${Date.now()}`;
  await page.goto("/login");
  await page.getByLabel("Email").fill("admin@globex.example");
  await page.getByLabel("Password").fill("hourbook-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Teams" }).click();

  await page.getByLabel("New team").fill("Delivery");
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page.getByText("Another team already has this name")).toBeVisible();

  await page.getByLabel("New team").fill(name);
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByText("Nobody in this team yet")).toBeVisible();

  await page.getByRole("button", { name: /Add a person/ }).click();
  await page.getByRole("option", { name: /Jorge Manager/ }).click();
  await page.getByText("Manages this team").click();
  await page.getByRole("button", { name: "Add to team" }).click();
  await expect(page.getByRole("status")).toHaveText("Added to the team.");
  await expect(page.getByRole("row", { name: /Jorge Manager/ })).toContainText("Manager");

  await page.getByLabel("Team name").fill(`${name} North`);
  await page.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${name} North` })).toBeVisible();

  await page.getByRole("link", { name: "Teams", exact: true }).first().click();
  await expect(page.getByRole("link", { name: `${name} North` })).toBeVisible();
  await expect(page.getByText(`${name} North`).locator("..").locator("..")).toContainText("managed by Jorge Manager");

  await page.getByRole("link", { name: `${name} North` }).click();
  await page.getByRole("button", { name: "Archive team" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Archive" }).click();
  await expect(page.getByRole("status")).toHaveText("Team archived.");
  await page.goto(page.url().replace(/\/teams\/.*/, "/teams?archived=1"));
  await expect(page.getByRole("link", { name: `${name} North` })).toBeVisible();
});
