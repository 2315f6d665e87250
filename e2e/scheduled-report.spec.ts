import { readFileSync } from "node:fs";
import { expect, test } from "./fixtures";

/**
 * An admin of the demo company schedules the shared "Hours by project, last week"
 * report to Acme's finance person, weekly. Rather than wait for Monday, the
 * admin uses "Send last period now", the same run the scheduler makes, and the
 * email arrives in the development mailbox with the report attached as CSV.
 */
test("an admin schedules a weekly report, sends the last period now, and the email arrives with its CSV attached", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill("admin@acme.example");
  await page.getByLabel("Password").fill("hourbook-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/c\/acme/);

  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Scheduled reports" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Scheduled reports" })).toBeVisible();
  await page.getByRole("link", { name: "Schedule a report" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "New scheduled report" })).toBeVisible();

  await page.getByRole("button", { name: /Saved report/ }).click();
  await page.getByRole("option", { name: "Hours by project, last week (shared)" }).click();
  await page.getByText("Frances Finance <finance@acme.example>").click();

  // Sunday 02:00 in Berlin is skipped or repeated on some Sunday of every year: refused, naming why.
  await page.getByRole("button", { name: /Day of the week/ }).click();
  await page.getByRole("option", { name: "Sunday" }).click();
  await page.getByRole("button", { name: /:00 Hour$/ }).click();
  await page.getByRole("option", { name: "02:00" }).click();
  await page.getByRole("button", { name: "Schedule report" }).click();
  await expect(page.getByText(/^02:00 (doesn't exist|happens twice) on Sunday, .* in Europe\/Berlin/)).toBeVisible();

  await page.getByRole("button", { name: /Day of the week/ }).click();
  await page.getByRole("option", { name: "Monday" }).click();
  await page.getByRole("button", { name: /:00 Hour$/ }).click();
  await page.getByRole("option", { name: "07:00" }).click();
  await page.getByRole("button", { name: "Schedule report" }).click();

  await expect(page.getByRole("status")).toHaveText("The report is scheduled.");
  const row = page.getByRole("row").filter({ hasText: "Hours by project, last week" });
  await expect(row).toContainText("Weekly on Monday at 07:00");
  await expect(row).toContainText("Frances Finance");
  await expect(row).toContainText("Not sent yet");

  await row.getByRole("button", { name: /Send Hours by project, last week for the last period now/ }).click();
  await expect(page.getByRole("status")).toHaveText(/^The report for \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} is being sent to 1 person\.$/);

  // The run and its email go through the background jobs: give them a moment.
  await expect(async () => {
    await page.goto("/dev/mailbox");
    await expect(page.getByRole("row").filter({ hasText: "finance@acme.example" }).filter({ hasText: "Hours by project, last week:" })).toBeVisible({
      timeout: 1_000,
    });
  }).toPass({ timeout: 20_000 });
  await page
    .getByRole("row")
    .filter({ hasText: "finance@acme.example" })
    .getByRole("link", { name: /Hours by project, last week:/ })
    .click();
  const attachments = page.getByRole("region", { name: "Attachments" });
  const file = attachments.getByRole("link", { name: /^Hours by project, last week \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}\.csv$/ });
  await expect(file).toBeVisible();

  const downloading = page.waitForEvent("download");
  await file.click();
  const download = await downloading;
  const csv = readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "");
  expect(csv.split("\n")[0]).toMatch(/^Date,Person,Email,Client,Project/);
  expect(csv).toContain("Website relaunch");

  // Back on the list, the period shows as sent, and sending it again sends nothing more.
  await page.goto("/c/acme/reports/schedules");
  await expect(page.getByRole("row").filter({ hasText: "Hours by project, last week" })).toContainText(/\d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}/);
  await page.getByRole("button", { name: /Send Hours by project, last week for the last period now/ }).click();
  await expect(page.getByRole("status")).toHaveText(/was already sent; each period goes out once\./);
});
