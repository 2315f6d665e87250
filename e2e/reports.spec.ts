import type { Page } from "@playwright/test";
import { extractText, getDocumentProxy } from "unpdf";
import { readFileSync } from "node:fs";
import { expect, test } from "./fixtures";

/**
 * The time report as an owner uses it, on the demo seed: Acme's employee logs 5 h a
 * working day on Website relaunch, 2 h on Mobile app and 1 h on Internal tooling;
 * its manager 4 h on Brand guidelines and 4 h on Website relaunch. A whole week two
 * weeks back is summed, read entry by entry, saved under a name, shared, opened from
 * the saved reports, and downloaded as a PDF.
 */
async function signIn(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("hourbook-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/c\/acme/);
}

/** Monday to Friday of the week two weeks before this one, in Berlin, as YYYY-MM-DD. */
function seededWeek() {
  const today = new Date(`${new Date().toLocaleDateString("en-CA", { timeZone: "Europe/Berlin" })}T00:00:00Z`);
  const monday = new Date(today.getTime() - (((today.getUTCDay() + 6) % 7) + 14) * 86_400_000);
  const day = (offset: number) => new Date(monday.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  return { from: day(0), to: day(4) };
}

test("an owner sums a week by project, reads its entries, saves and shares the report, and downloads it as a PDF", async ({ page }) => {
  await signIn(page, "owner@acme.example");
  const week = seededWeek();
  await page.goto(`/c/acme/reports/time?from=${week.from}&to=${week.to}&groupBy=project`);

  const summary = page.getByRole("table", { name: "Time by project" });
  const hoursOf = (project: string) => summary.getByRole("row").filter({ hasText: project }).getByRole("cell").nth(1);
  await expect(hoursOf("Website relaunch (NW-WEB)")).toHaveText("45:00");
  await expect(hoursOf("Brand guidelines (CO-BRAND)")).toHaveText("20:00");
  await expect(hoursOf("Mobile app (NW-APP)")).toHaveText("10:00");
  await expect(summary.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "Total" }) }).getByRole("cell").first()).toHaveText("80:00");

  await page.getByRole("navigation", { name: "Report kind" }).getByRole("link", { name: "Detailed" }).click();
  const entries = page.getByRole("table", { name: "Entries by project" });
  await expect(entries.getByRole("rowheader", { name: "Website relaunch (NW-WEB)" })).toBeVisible();
  await expect(page.getByText("Total over every page:")).toContainText("80:00");

  await page.getByText("Save this report").click();
  const save = page.getByRole("form", { name: "Save as a new report" });
  await save.getByLabel("Name").fill("Seeded week by project");
  await save.getByText("Share with everyone in the company").click();
  await save.getByRole("button", { name: "Save as new report" }).click();

  // Saving opens the saved report: the same filters, under its name.
  await expect(page.getByRole("heading", { level: 1, name: "Seeded week by project" })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`from=${week.from}.*kind=detailed.*saved=`));
  await expect(page.getByRole("table", { name: "Entries by project" })).toBeVisible();

  // A second report under the same name is refused beside the name, and the page stays.
  await page.getByText("Save or update this report").click();
  const again = page.getByRole("form", { name: "Save as a new report" });
  await again.getByLabel("Name").fill("Seeded week by project");
  await again.getByRole("button", { name: "Save as new report" }).click();
  await expect(again.getByText("You already have a report with this name")).toBeVisible();
  await expect(again.getByRole("textbox", { name: "Name" })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("heading", { level: 1, name: "Seeded week by project" })).toBeVisible();

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "PDF" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`time-detailed-${week.from}-${week.to}.pdf`);
  const pdf = await getDocumentProxy(new Uint8Array(readFileSync((await download.path())!)));
  const { text } = await extractText(pdf, { mergePages: true });
  expect(text.replace(/\s+/gu, " ")).toContain("Time report, detailed by project");

  await page.getByRole("link", { name: "Saved reports" }).click();
  const row = page.getByRole("row").filter({ hasText: "Seeded week by project" });
  await expect(row).toContainText("shared");
  await expect(row).toContainText("Detailed by project");
  await row.getByRole("link", { name: "Seeded week by project" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Seeded week by project" })).toBeVisible();
});
