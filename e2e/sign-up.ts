import type { Page } from "@playwright/test";
import { expect } from "./fixtures";
import { mailedLink } from "./mailbox";

/**
 * Sign up as a new person and follow the confirmation link from the development
 * mailbox; ends on the new company's overview. Hashing the password at OWASP's
 * cost and the email job make this slow on a busy machine: callers give their
 * test a generous timeout.
 */
export async function signUpAndConfirm(
  page: Page,
  person: { name: string; email: string; password: string },
  companyName: string,
): Promise<void> {
  await page.goto("/signup");
  await page.getByLabel("Your name").fill(person.name);
  await page.getByLabel("Work email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByLabel("Company name").fill(companyName);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/signup\/sent$/);
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();

  const confirmation = await mailedLink(page, person.email, /^Confirm your email/, /\/signup\/confirm\//);
  await page.goto(confirmation.pathname);
  await expect(page.getByRole("heading", { name: "Create your company" })).toBeVisible();
  await expect(page.getByText(companyName, { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Create my company" }).click();
  await expect(page).toHaveURL(/\/c\/[a-z0-9-]+$/);
}
