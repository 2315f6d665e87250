import { expect, signInAsDemo, test } from "./fixtures";

test("the timer runs from the header of any page, shows in the tab's title, and its entry keeps its start and end", async ({ page }) => {
  await signInAsDemo(page, "manager@globex.example");
  const timer = page.getByRole("group", { name: "Timer" });

  await timer.getByRole("button", { name: "Start timer" }).click();
  const picker = page.getByRole("dialog", { name: "Start a timer" });
  await picker.getByRole("combobox", { name: "Project" }).fill("Train");
  await page.getByRole("option", { name: "Training" }).click();
  await picker.getByLabel("Notes").fill("Onboarding session");
  await picker.getByRole("button", { name: "Start timer" }).click();

  await expect(page.getByText("Timer started.")).toBeVisible();
  await expect(picker).toBeHidden();
  await expect(timer.getByText("Training")).toBeVisible();
  await expect(timer.getByRole("timer")).toHaveText(/^0:0\d:\d\d$/);
  await expect(page).toHaveTitle(/^0:0\d:\d\d ▶ /);

  // Another page: the same timer, still running.
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Projects" }).click();
  await expect(page).toHaveURL(/\/c\/globex\/projects$/);
  await expect(timer.getByText("Training")).toBeVisible();

  await timer.getByRole("button", { name: "Stop" }).click();
  await expect(page.getByText("Timer stopped: its time is saved as an entry.")).toBeVisible();
  await expect(page).toHaveURL(/\/c\/globex\/projects$/);
  await expect(timer.getByRole("button", { name: "Start timer" })).toBeVisible();
  await expect(page).not.toHaveTitle(/▶/);

  await page.goto("/c/globex/time/day");
  await expect(page.getByText("Onboarding session")).toBeVisible();
  await expect(page.getByText(/\d{1,2}:\d{2}\s?(AM|PM)?\s?[–-]\s?\d{1,2}:\d{2}/)).toBeVisible();

  // The work just done is one click away.
  await timer.getByRole("button", { name: "Start timer" }).click();
  await page.getByRole("dialog", { name: "Start a timer" }).getByRole("button", { name: /Training/ }).click();
  await expect(page.getByText("Timer started.")).toBeVisible();
  await expect(timer.getByText("Training")).toBeVisible();
  await timer.getByRole("button", { name: "Stop" }).click();
  await expect(timer.getByRole("button", { name: "Start timer" })).toBeVisible();
});
