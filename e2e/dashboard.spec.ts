import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/**
 * The overview as the demo seed leaves it. Acme (Europe/Berlin, weeks from Monday)
 * has six weeks of time for two people, every working day up to today: the
 * employee 5 h on Website relaunch, 2 h on Mobile app and 1 h on Internal tooling,
 * the manager 4 h on Brand guidelines and 4 h on Website relaunch.
 */
async function signIn(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("hourbook-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/c\/acme/);
  await page.goto("/c/acme");
}

/** Today in Berlin, and the Monday of its week, as UTC dates (calendar arithmetic only). */
function berlinCalendar() {
  const today = new Date(`${new Date().toLocaleDateString("en-CA", { timeZone: "Europe/Berlin" })}T00:00:00Z`);
  const isoWeekday = ((today.getUTCDay() + 6) % 7) + 1;
  const monday = new Date(today.getTime() - (isoWeekday - 1) * 86_400_000);
  // The seed logs Monday to Friday up to and including today.
  return { monday, workingDaysSoFar: Math.min(isoWeekday, 5) };
}

const weeksBefore = (monday: Date, weeks: number) => new Date(monday.getTime() - weeks * 7 * 86_400_000);

test("the owner's dashboard shows the seeded hours by project, budgets and charts", async ({ page }) => {
  await signIn(page, "owner@acme.example");
  await expect(page.getByRole("heading", { level: 2, name: "The company" })).toBeVisible();

  // Two weeks ago is a whole seeded week, approved, that no other journey touches.
  const { monday, workingDaysSoFar } = berlinCalendar();
  const week = weeksBefore(monday, 2).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
  await page.getByText("Data table: hours by project").click();
  const byProject = page.getByRole("table", { name: "Hours by project" });
  await expect(byProject.getByRole("columnheader")).toHaveText(["Week of", "Website relaunch", "Brand guidelines", "Mobile app", "Internal tooling", "Total"]);
  const row = byProject.getByRole("row").filter({ has: page.getByRole("rowheader", { name: week, exact: true }) });
  await expect(row.getByRole("cell")).toHaveText(["45 hr", "20 hr", "10 hr", "5 hr", "80 hr"]);

  await page.getByText("Data table: hours by client").click();
  const byClient = page.getByRole("table", { name: "Hours by client" });
  const clientRow = byClient.getByRole("row").filter({ has: page.getByRole("rowheader", { name: week, exact: true }) });
  await expect(clientRow.getByRole("cell")).toHaveText(["55 hr", "20 hr", "5 hr", "80 hr"]);

  // Website relaunch: five whole weeks of 45 h, and 9 h a working day this week, of 400 h.
  const budgets = page.getByRole("table", { name: /Project budgets/ });
  const website = budgets.getByRole("row").filter({ hasText: "Website relaunch" });
  await expect(website.getByRole("cell").nth(0)).toHaveText(`${225 + 9 * workingDaysSoFar} hr`);
  await expect(website.getByRole("cell").nth(1)).toHaveText("400 hr");
  await expect(website).toContainText("Within budget");

  // The charts draw once the page has hydrated, hidden from screen readers beside their tables.
  await expect(page.locator(".chart-frame[aria-hidden='true'] .recharts-wrapper")).toHaveCount(3);
});

test("the employee's dashboard shows this week's hours and no one else's", async ({ page }) => {
  await signIn(page, "employee@acme.example");
  const { workingDaysSoFar } = berlinCalendar();
  await expect(page.locator("#week-hours")).toHaveText(`${8 * workingDaysSoFar} hr`);
  await expect(page.getByText("of your 40 hr target")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Your teams this week" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "The company" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: /^Week of / }).first()).toHaveAttribute("href", /\/c\/acme\/time\?week=\d{4}-\d{2}-\d{2}$/);
});
