import { expect, test } from "./fixtures";
import type { Page } from "@playwright/test";

async function signIn(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("hourbook-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
}

const sections = (page: Page) => page.getByRole("navigation", { name: "Sections" });

test("an admin sets up a client and a project with tasks, open only to the people assigned", async ({ page }) => {
  const client = `Fabrikam ${Date.now()}`;
  const project = `Intranet ${Date.now()}`;
  await signIn(page, "admin@acme.example");

  await sections(page).getByRole("link", { name: "Clients" }).click();
  await expect(page.getByRole("link", { name: "Northwind Traders" })).toBeVisible();
  await page.getByLabel("Client name").fill(client);
  await page.getByLabel("Currency").fill("usd");
  await page.getByLabel("Default hourly rate").fill("abc");
  await page.getByRole("button", { name: "Create client" }).click();
  await expect(page.getByText("Enter an amount like 120 or 120.50")).toBeVisible();
  await page.getByLabel("Default hourly rate").fill("110.5");
  await page.getByRole("button", { name: "Create client" }).click();
  await expect(page.getByRole("heading", { level: 1, name: client })).toBeVisible();
  await expect(page.getByLabel("Default hourly rate")).toHaveValue("110.50");
  await expect(page.getByLabel("Currency")).toHaveValue("USD");

  await sections(page).getByRole("link", { name: "Projects" }).click();
  await expect(page.getByRole("link", { name: "Website relaunch" })).toBeVisible();
  await page.getByRole("button", { name: /Client/ }).click();
  await page.getByRole("option", { name: `${client} (USD)` }).click();
  await page.getByLabel("Project name").fill(project);
  await page.getByLabel("Colour").fill("#0EA5E9");
  await page.getByLabel("Budget (hours)").fill("12.5");
  await page.getByRole("button", { name: /Who may log time/ }).click();
  await page.getByRole("option", { name: "Only assigned people and teams" }).click();
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("heading", { level: 1, name: project })).toBeVisible();
  await expect(page.getByLabel("Colour")).toHaveValue("#0ea5e9");
  await expect(page.getByText("Billable time is charged at $110.50/h.")).toBeVisible();
  await expect(page.getByText("Nobody is assigned yet")).toBeVisible();

  await page.getByLabel("New task").fill("Design");
  await page.getByRole("button", { name: "Add task" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Task Design added." })).toBeVisible();
  await expect(page.getByLabel("New task")).toHaveValue("");
  await page
    .getByRole("row", { name: /Design/ })
    .getByRole("button", { name: "Make non-billable" })
    .click();
  await expect(page.getByRole("status").filter({ hasText: "The task is no longer billable." })).toBeVisible();

  await page.getByRole("button", { name: /Assign a person/ }).click();
  await page.getByRole("option", { name: /Edsger Employee/ }).click();
  await page.getByRole("button", { name: "Assign", exact: true }).first().click();
  await expect(page.getByRole("status").filter({ hasText: "Person assigned." })).toBeVisible();
  await expect(page.getByRole("row", { name: /Edsger Employee/ })).toBeVisible();

  await page.getByRole("button", { name: "Archive project" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Archive" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Project archived; nobody can log new time on it." })).toBeVisible();
});

test("an employee reads projects without the forms that change them", async ({ page }) => {
  await signIn(page, "employee@acme.example");
  await sections(page).getByRole("link", { name: "Projects" }).click();
  await page.getByRole("link", { name: "Website relaunch" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Website relaunch" })).toBeVisible();
  await expect(page.getByRole("table", { name: /Tasks of Website relaunch/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Save project" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Archive project" })).toHaveCount(0);
});
