import type { Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import { expect, test } from "./fixtures";
import { signUpAndConfirm } from "./sign-up";

/** The code a phone would show now, from the key the setup page shows for typing in by hand. */
const codeFrom = (key: string, timestamp = Date.now()) => new TOTP({ secret: Secret.fromBase32(key) }).generate({ timestamp });

/** Sign out, and sign in again as far as the password: the second step's page is next. */
async function signOutAndEnterPassword(page: Page, person: { email: string; password: string }) {
  await page.getByRole("button", { name: /^Account menu for / }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/login\/two-factor$/);
}

test("a person turns on two-factor, signs in with a code, then with a recovery code", async ({ page }) => {
  test.setTimeout(180_000);
  const person = { name: "Tova Factor", email: `tova-${Date.now()}@example.test`, password: "plum-orbit-kettle" };
  await signUpAndConfirm(page, person, `Factor ${Date.now()}`);

  await page.goto("/account");
  await expect(page.getByRole("heading", { name: "How you sign in" })).toBeVisible();
  await page.getByRole("link", { name: "Set up two-factor authentication" }).click();
  await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
  const key = (await page.getByTestId("totp-secret").textContent())!.trim();

  // A code at the step before now is inside the window, and leaves the current step for the sign-in below.
  await page.getByLabel("Code from your app").fill(codeFrom(key, Date.now() - 30_000));
  await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
  const codes = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect(codes).toHaveCount(10);
  const recoveryCode = (await codes.first().textContent())!.trim();
  await page.getByRole("link", { name: "I have saved my recovery codes" }).click();
  await expect(page.getByText(/On · 10 recovery codes left/)).toBeVisible();

  // Password, then the code from the app.
  await signOutAndEnterPassword(page, person);
  await page.getByLabel("Code").fill("000000" === codeFrom(key) ? "111111" : "000000");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByText(/That code didn't work/)).toBeVisible();
  await page.getByLabel("Code").fill(codeFrom(key));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/c\/[a-z0-9-]+$/);

  // Password, then a recovery code, which then counts as used.
  await signOutAndEnterPassword(page, person);
  await page.getByLabel("Code").fill(recoveryCode);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/c\/[a-z0-9-]+$/);
  await page.goto("/account");
  await expect(page.getByText(/On · 9 recovery codes left/)).toBeVisible();
});
