import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";

async function signIn(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("hourbook-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/c\/acme/);
  return page;
}

/** A week with no demo time, well before the seeded five, different on each run. */
function quietWeek(): string {
  const weeksAgo = 10 + Math.floor(Math.random() * 150);
  return new Date(Date.now() - weeksAgo * 7 * 86_400_000).toISOString().slice(0, 10);
}

test("an employee fills a week by keyboard, it is sent back, fixed, resubmitted and approved", async ({ browser }) => {
  const employee = await signIn(browser, "employee@acme.example");
  await employee.goto(`/c/acme/time?week=${quietWeek()}`);
  await expect(employee.getByRole("heading", { level: 1, name: "Your week" })).toBeVisible();
  const weekStart = await employee.locator('input[name="week"]').first().inputValue();

  // Keyboard only: open the row picker, choose a project, add the row, type the days.
  await employee.getByRole("button", { name: /Add a row/ }).focus();
  await employee.keyboard.press("Enter");
  await expect(employee.getByRole("listbox")).toBeVisible();
  await employee.keyboard.type("Contoso"); // type-ahead to "Contoso › Brand guidelines · Design"
  await expect(employee.getByRole("option", { name: /Brand guidelines/ })).toBeFocused();
  await employee.keyboard.press("Enter");
  await employee.keyboard.press("Tab");
  await expect(employee.getByRole("button", { name: "Add row" })).toBeFocused();
  await employee.keyboard.press("Enter");
  const row = employee.getByRole("row", { name: /Brand guidelines/ });
  await expect(row.getByRole("textbox").first()).toBeFocused();
  for (const typed of ["1:30", "2", "45m", "1.5", "abc"]) {
    await employee.keyboard.type(typed);
    await employee.keyboard.press("Tab"); // the next day's cell: one Tab stop per cell
  }
  await employee.getByRole("button", { name: "Save", exact: true }).press("Enter");
  await expect(employee.getByRole("alert").filter({ hasText: "Enter a duration like 1:30, 1.5 or 90m" })).toBeVisible();
  const friday = row.getByRole("textbox").nth(4);
  await expect(friday).toHaveAttribute("aria-invalid", "true");

  await friday.fill("1h");
  await expect(row).toContainText("6:45");
  await employee.getByRole("button", { name: "Save and submit week" }).press("Enter");
  await expect(employee.getByText("Your week is submitted for approval.")).toBeVisible();
  await expect(row.getByRole("textbox").first()).toHaveAttribute("readonly", "");

  const manager = await signIn(browser, "manager@acme.example");
  await manager.goto(`/c/acme/approvals?week=${weekStart}`);
  const waiting = manager.getByRole("row", { name: /Edsger Employee/ });
  await expect(waiting).toContainText("6:45");
  await waiting.getByRole("button", { name: "Send back" }).click();
  const dialog = manager.getByRole("dialog");
  await dialog.getByLabel("What needs to change?").fill("Monday's brand work was two hours");
  await dialog.getByRole("button", { name: "Send back" }).click();
  await expect(manager.getByText("Sent back 1 timesheet.")).toBeVisible();

  await employee.reload();
  await expect(employee.getByText("Monday's brand work was two hours")).toBeVisible();
  const monday = row.getByRole("textbox").first();
  await monday.fill("2");
  await expect(row).toContainText("7:15");
  await employee.getByRole("button", { name: "Save and resubmit week" }).click();
  await expect(employee.getByText("Your week is submitted for approval.")).toBeVisible();

  await manager.reload();
  await expect(waiting).toContainText("7:15");
  await waiting.getByRole("button", { name: /^Approve/ }).click();
  await expect(manager.getByText("Approved 1 timesheet.")).toBeVisible();

  await employee.reload();
  await expect(employee.getByText(/This week is approved by Grace Manager/)).toBeVisible();
  for (const cell of await row.getByRole("textbox").all()) await expect(cell).toHaveAttribute("readonly", "");
  await expect(employee.getByRole("button", { name: /Save/ })).toHaveCount(0);
});
