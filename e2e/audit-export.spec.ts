import { readFile } from "node:fs/promises";
import { expect, test } from "./fixtures";

// The owner, not the admin: the notifications spec expects the admin to have none, and this export notifies.
test("an owner changes a setting, finds it in the audit log, and downloads it in a CSV export", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill("owner@acme.example");
  await page.getByLabel("Password").fill("hourbook-demo");
  await page.getByRole("button", { name: "Sign in" }).click();

  const sections = page.getByRole("navigation", { name: "Sections" });
  await sections.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Company settings" })).toBeVisible();
  await page.getByRole("button", { name: /Keep the audit log for/ }).click();
  await page.getByRole("option", { name: "7 years" }).click();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toHaveText("Settings saved.");

  await sections.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "company.update" }).first()).toBeVisible();

  await page.getByRole("link", { name: "Exports", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Audit exports" })).toBeVisible();
  await page.getByRole("button", { name: "Request export" }).click();
  // The page refreshes itself while the export is queued or running.
  const downloadLink = page.getByRole("link", { name: "Download" }).first();
  await expect(downloadLink).toBeVisible({ timeout: 30_000 });

  const downloading = page.waitForEvent("download");
  await downloadLink.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^audit-log-.+\.csv$/);
  const text = await readFile(await download.path(), "utf8");
  expect(text.split("\n")[0]).toBe("seq,occurred_at,actor_kind,actor_id,actor_name,action,entity_type,entity_id,changes,ip,user_agent,request_id,hash");
  expect(text).toMatch(/company\.update,company,.*""audit_retention_days"": \{""new"": 2555/);
});
