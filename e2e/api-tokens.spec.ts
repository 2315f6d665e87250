import { expect, test } from "./fixtures";

test("an employee makes a token, sees it once, uses it from a program, and revokes it", async ({ page, playwright, baseURL }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill("employee@acme.example");
  await page.getByLabel("Password").fill("hourbook-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/c\/acme$/);

  await page.goto("/account");
  await page.getByRole("link", { name: /Manage API tokens for Acme/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API tokens" })).toBeVisible();

  const name = `Team sync ${Date.now()}`;
  await page.getByRole("textbox", { name: "Name" }).fill(name);
  await page.getByText(/^teams:read:/).click();
  await page.getByRole("button", { name: "Create token" }).click();
  const shown = page.getByRole("status").filter({ hasText: "only time it is shown" });
  await expect(shown).toBeVisible();
  const token = (await shown.locator("code").textContent())!.trim();
  expect(token).toMatch(/^hb_pat_[0-9A-Za-z]{40}$/);

  // A program: no cookies, no Origin, only the token.
  const program = await playwright.request.newContext({ baseURL });
  const me = await program.get("/api/v1/me", { headers: { Authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ company: { slug: "acme" }, role: "employee", scopes: ["teams:read"] });
  const refused = await program.post("/api/v1/teams", { headers: { Authorization: `Bearer ${token}` }, data: { name: "Not mine to make" } });
  expect(refused.status()).toBe(403);
  expect(refused.headers()["content-type"]).toBe("application/problem+json");
  expect(await refused.json()).toMatchObject({ code: "missing-scope", scope: "teams:write" });

  await page.reload();
  await expect(page.getByText(token)).toHaveCount(0);
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).not.toContainText("Never");
  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(page.getByRole("status")).toHaveText("Token revoked. Programs using it are refused from now on.");

  const revoked = await program.get("/api/v1/me", { headers: { Authorization: `Bearer ${token}` } });
  expect(revoked.status()).toBe(401);
  expect(revoked.headers()["www-authenticate"]).toContain("Bearer");
  await program.dispose();
});
