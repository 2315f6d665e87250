import { expect, test } from "./fixtures";

test("a person chooses which notifications also come by email; admins see failed jobs", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill("admin@acme.example");
  await page.getByLabel("Password").fill("hourbook-demo");
  await page.getByRole("button", { name: "Sign in" }).click();

  await page.getByRole("link", { name: /^Notifications/ }).click();
  await expect(page.getByRole("heading", { name: "Notifications" })).toBeVisible();
  await expect(page.getByText("Nothing yet")).toBeVisible();
  const reminders = page.getByRole("checkbox", { name: "Reminders to submit my timesheet" });
  await expect(reminders).toBeChecked();
  await page.getByText("Reminders to submit my timesheet").click();
  await page.getByRole("button", { name: "Save email preferences" }).click();
  await expect(page.getByRole("status")).toHaveText("Email preferences saved.");
  await page.reload();
  await expect(page.getByRole("checkbox", { name: "Reminders to submit my timesheet" })).not.toBeChecked();
  await expect(page.getByRole("checkbox", { name: "My timesheet was approved" })).toBeChecked();

  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Jobs" }).click();
  await expect(page.getByRole("heading", { name: "Background jobs" })).toBeVisible();
  await expect(page.getByText("No failed jobs")).toBeVisible();
});
