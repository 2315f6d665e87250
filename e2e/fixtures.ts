import { expect, test as base, type Page } from "@playwright/test";

/**
 * Every spec's page fails its test if the browser throws: a broken hydration or
 * client bundle can hide behind server-rendered HTML that still looks right.
 */
export const test = base.extend<{ pageErrors: string[] }>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await use(errors);
      expect(errors, "errors thrown in the browser").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Sign in as one of the demo people (every demo password is the same). */
export async function signInAsDemo(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("hourbook-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  // Password hashing at OWASP cost takes seconds on a busy machine.
  await expect(page).toHaveURL(/\/c\/[a-z0-9-]+/, { timeout: 60_000 });
}
