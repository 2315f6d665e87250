import { expect, test } from "./fixtures";

test("the home page says what Hourbook is", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveTitle(/Hourbook/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/from the week grid to the invoice/i);
  await expect(page.getByRole("heading", { name: "Approve with confidence" })).toBeVisible();
});

test("an unknown address shows the 404 page with a way back", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await page.getByRole("link", { name: "Go to the home page" }).click();
  await expect(page).toHaveURL("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
});

test("the page hydrates without console errors (CSP allows our scripts)", async ({ page }) => {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  await page.goto("/no/such/page");
  await page.getByRole("link", { name: "Go to the home page" }).press("Enter");
  await expect(page).toHaveURL("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  // Only a hydrated app navigates client-side; a full page load would start a new navigation entry.
  const documentUrl = await page.evaluate(() => performance.getEntriesByType("navigation")[0]?.name);
  expect(documentUrl).toMatch(/\/no\/such\/page$/);
  expect(problems.filter((p) => !p.includes("404"))).toEqual([]);
});

test("/healthz answers 200", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok" });
});
