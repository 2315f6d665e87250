import { expect, signInAsDemo, test } from "./fixtures";

test("the week grid saves each cell as it is typed, and asks before leaving with a cell it couldn't save", async ({ page }) => {
  await signInAsDemo(page, "owner@globex.example");
  await page.goto("/c/globex/time");
  await expect(page.getByRole("heading", { level: 1, name: "Your week" })).toBeVisible();

  await page.getByRole("button", { name: /Add a row/ }).click();
  await page.getByRole("option", { name: "Training" }).click();
  await page.getByRole("button", { name: "Add row" }).click();
  const row = page.getByRole("row", { name: /Training/ });
  const first = row.getByRole("textbox").first();
  await expect(first).toBeFocused();
  await first.fill("2");
  const cell = first.locator("xpath=ancestor::td");
  await expect(cell).toHaveAttribute("data-save-state", "saved");

  // Stored, not only shown: a reload brings it back.
  await page.reload();
  await expect(page.getByRole("row", { name: /Training/ }).getByRole("textbox").first()).toHaveValue("2:00");

  const second = page.getByRole("row", { name: /Training/ }).getByRole("textbox").nth(1);
  await second.fill("abc");
  await second.press("Tab");
  await expect(page.getByRole("alert").filter({ hasText: "Enter a duration like 1:30, 1.5 or 90m" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Changes not saved yet" })).toBeVisible();

  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Projects" }).click();
  const leave = page.getByRole("alertdialog", { name: "Leave without saving?" });
  await leave.getByRole("button", { name: "Stay on this page" }).click();
  await expect(page).toHaveURL(/\/c\/globex\/time$/);

  await second.fill("30m");
  await expect(second.locator("xpath=ancestor::td")).toHaveAttribute("data-save-state", "saved");
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Projects" }).click();
  await expect(page).toHaveURL(/\/c\/globex\/projects$/);
});
