import { expect, test } from "./fixtures";

test("a demo person signs in, switches company and signs out", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill("finance@acme.example");
  await page.getByLabel("Password").fill("hourbook-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/c\/acme$/);
  await expect(page.getByRole("heading", { name: /Welcome, Frances/ })).toBeVisible();

  await page.getByRole("button", { name: /Switch company/ }).click();
  await page.getByRole("menuitem", { name: "Globex Consulting" }).click();
  await expect(page).toHaveURL(/\/c\/globex$/);

  await page.getByRole("button", { name: /Account menu for Frances/ }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/c/globex");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fc%2Fglobex/);
});

test("five wrong passwords are each told so, then the account is locked out with a clear message", async ({ page }) => {
  await page.goto("/login");
  for (let attempt = 1; attempt <= 5; attempt++) {
    await page.getByLabel("Email").fill("employee@globex.example");
    await page.getByLabel("Password").fill(`wrong-password-${attempt}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toHaveText(/Email or password is incorrect/);
  }
  // Even the right password waits out the lock, and the answer says for how long.
  await page.getByLabel("Email").fill("employee@globex.example");
  await page.getByLabel("Password").fill("hourbook-demo");
  const response = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/login"));
  await page.getByRole("button", { name: "Sign in" }).click();
  expect((await response).status()).toBe(429);
  expect(Number((await response).headers()["retry-after"])).toBeGreaterThan(800);
  await expect(page.getByRole("alert")).toHaveText(/Too many attempts.*15 minutes/);
  await expect(page).toHaveURL(/\/login/);
});

test("a company the person is not in is a 404", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill("employee@acme.example");
  await page.getByLabel("Password").fill("hourbook-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/c\/acme$/);
  const response = await page.goto("/c/globex/members");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});
