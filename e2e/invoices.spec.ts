import { readFile } from "node:fs/promises";
import type { Download, Page } from "@playwright/test";
import { extractText, getDocumentProxy } from "unpdf";
import { expect, test } from "./fixtures";

async function signIn(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("hourbook-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
}

const sections = (page: Page) => page.getByRole("navigation", { name: "Sections" });

/** Click what starts a download and wait for the file. */
async function downloadFrom(page: Page, click: () => Promise<void>): Promise<{ download: Download; body: Buffer }> {
  const downloading = page.waitForEvent("download");
  await click();
  const download = await downloading;
  return { download, body: await readFile(await download.path()) };
}

test("finance builds last month's invoice for a client from approved time, issues it, and downloads its PDF and the period's time", async ({ page }) => {
  await signIn(page, "finance@acme.example");
  await sections(page).getByRole("link", { name: "Invoices" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Invoices" })).toBeVisible();

  // Issuing needs the company's legal name; the preview shows the numbers it will give.
  await page.getByRole("link", { name: "Invoice settings" }).click();
  await page.getByLabel("Legal name").fill("Acme Studio GmbH");
  await page.getByLabel("Default tax rate (%)").fill("19");
  await page.getByLabel("Prefix").fill("ACME-");
  await page.getByLabel("Counter digits").fill("3");
  await expect(page.getByText(/Numbers will read ACME-\d{4}-001/)).toBeVisible();
  await page.getByRole("button", { name: "Save invoice settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Invoice settings saved" })).toBeVisible();

  await sections(page).getByRole("link", { name: "Invoices" }).click();
  await page.getByRole("button", { name: /Client/ }).click();
  await page.getByRole("option", { name: "Northwind Traders (EUR)" }).click();
  // The period starts as last month; a backwards one is refused on its field.
  const from = await page.getByRole("textbox", { name: "From" }).inputValue();
  const to = await page.getByRole("textbox", { name: "To" }).inputValue();
  expect(from).toMatch(/^\d{4}-\d{2}-01$/);
  await page.getByRole("textbox", { name: "To" }).fill(`${Number(from.slice(0, 4)) - 1}${from.slice(4)}`);
  await page.getByRole("button", { name: "Build draft" }).click();
  await expect(page.getByText("The period ends before it starts")).toBeVisible();
  await page.getByRole("textbox", { name: "To" }).fill(to);
  await page.getByRole("button", { name: "Build draft" }).click();

  await expect(page.getByRole("heading", { level: 1, name: /Draft invoice/ })).toBeVisible();
  await expect(page.getByRole("row", { name: /Website relaunch/ }).first()).toBeVisible();
  await expect(page.getByText(`${from} – ${to}`)).toBeVisible();

  // Dated before the time it bills: refused on the invoice's page, nothing issued.
  await page.getByRole("button", { name: "Issue invoice" }).click();
  await page.getByRole("dialog").getByRole("textbox", { name: "Issue date" }).fill(`${Number(from.slice(0, 4)) - 1}${from.slice(4)}`);
  await page.getByRole("dialog").getByRole("button", { name: "Issue", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: /or later: it bills time worked on/ })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: /Draft invoice/ })).toBeVisible();

  // Dated the period's last day, as finance often does when invoicing a month in the next.
  await page.getByRole("button", { name: "Issue invoice" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("textbox", { name: "Issue date" })).not.toHaveValue("");
  await dialog.getByRole("textbox", { name: "Issue date" }).fill(to);
  await dialog.getByRole("button", { name: "Issue", exact: true }).click();
  const issued = page.getByRole("status").filter({ hasText: /Issued as ACME-\d{4}-\d{3}\./ });
  await expect(issued).toBeVisible();
  const number = (await issued.textContent())!.match(/ACME-\d{4}-\d{3}/)![0];
  await expect(page.getByRole("heading", { level: 1, name: `Invoice ${number}` })).toBeVisible();
  await expect(page.getByRole("link", { name: "Download PDF" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Issue invoice" })).toHaveCount(0);
  const total = (await page.getByLabel("Totals").locator("dd").last().textContent())!.trim();
  expect(total).toMatch(/^€[\d,]+\.\d{2}$/);

  // The PDF a client gets: its text names the number, the client, the chosen issue date and the total shown on the page.
  const pdf = await downloadFrom(page, () => page.getByRole("link", { name: "Download PDF" }).click());
  expect(pdf.download.suggestedFilename()).toBe(`${number}.pdf`);
  expect(pdf.body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf.body)), { mergePages: true });
  expect(text).toContain(number);
  expect(text).toContain("Northwind Traders");
  expect(text).toContain(new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${to}T00:00:00Z`)));
  expect(text).toContain(total);

  // The period's approved time, one row per entry; the invoiced ones carry the number.
  await sections(page).getByRole("link", { name: "Finance exports" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Finance exports" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "From" })).toHaveValue(from);
  await expect(page.getByRole("textbox", { name: "To" })).toHaveValue(to);
  const csv = await downloadFrom(page, () => page.getByRole("button", { name: "Download" }).click());
  expect(csv.download.suggestedFilename()).toBe(`approved-time-${from}-to-${to}.csv`);
  const [header, ...rows] = csv.body.toString("utf8").replace(/^\uFEFF/, "").trimEnd().split("\n");
  expect(header).toBe("Date,Person,Email,Client,Project,Project code,Task,Hours,Minutes,Billable,Currency,Rate,Amount,Invoice");
  const invoiced = rows.filter((row) => row.endsWith(`,${number}`));
  expect(invoiced.length).toBeGreaterThan(0);
  for (const row of invoiced) {
    expect(row).toContain('"Northwind Traders"');
    expect(row.slice(0, 10) >= from && row.slice(0, 10) <= to).toBe(true);
  }

  await sections(page).getByRole("link", { name: "Invoices" }).click();
  await expect(page.getByRole("row", { name: new RegExp(`${number}.*Northwind Traders.*Issued`) })).toBeVisible();

  // Voiding gives the time back, so the demo data is as it was for the next run.
  await page.getByRole("link", { name: number }).click();
  await page.getByRole("button", { name: "Void" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Void invoice" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Invoice voided" })).toBeVisible();
});
