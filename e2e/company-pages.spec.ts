import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

async function signInAs(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("hourbook-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/c\/acme$/);
}

test("a page the member may not open says so inside the company's navigation, with a way back", async ({ page }) => {
  await signInAs(page, "employee@acme.example");
  const response = await page.goto("/c/acme/members");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  const sections = page.getByRole("navigation", { name: "Sections" });
  await expect(sections.getByRole("link", { name: "Time" })).toBeVisible();
  await page.getByRole("link", { name: "Go to Acme Studio's overview" }).click();
  await expect(page).toHaveURL(/\/c\/acme$/);
});

test("a week's day headings open that day, also as plain links without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signInAs(page, "employee@acme.example");
  await page.goto("/c/acme/time?week=2026-03-02");
  const monday = page.getByRole("link", { name: /Day view for Monday/ });
  await expect(monday).toHaveAttribute("href", "/c/acme/time/day?date=2026-03-02");
  await monday.click();
  await expect(page).toHaveURL(/\/c\/acme\/time\/day\?date=2026-03-02$/);
  await expect(page.getByRole("heading", { level: 1, name: /Monday/ })).toBeVisible();
  await context.close();
});
