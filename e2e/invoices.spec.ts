import { expect, test } from "./fixtures";
import type { Page } from "@playwright/test";

async function signIn(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("hourbook-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
}

const sections = (page: Page) => page.getByRole("navigation", { name: "Sections" });

test("finance builds last month's invoice for a client from approved time and issues it", async ({ page }) => {
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

  await page.getByRole("button", { name: "Issue invoice" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Issue", exact: true }).click();
  const issued = page.getByRole("status").filter({ hasText: /Issued as ACME-\d{4}-\d{3}\./ });
  await expect(issued).toBeVisible();
  const number = (await issued.textContent())!.match(/ACME-\d{4}-\d{3}/)![0];
  await expect(page.getByRole("heading", { level: 1, name: `Invoice ${number}` })).toBeVisible();
  await expect(page.getByRole("link", { name: "Download PDF" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Issue invoice" })).toHaveCount(0);

  await sections(page).getByRole("link", { name: "Invoices" }).click();
  await expect(page.getByRole("row", { name: new RegExp(`${number}.*Northwind Traders.*Issued`) })).toBeVisible();

  // Voiding gives the time back, so the demo data is as it was for the next run.
  await page.getByRole("link", { name: number }).click();
  await page.getByRole("button", { name: "Void" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Void invoice" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Invoice voided" })).toBeVisible();
});
