import type { Page } from "@playwright/test";
import { expect } from "./fixtures";

/**
 * A link from the newest email to `to` whose subject matches, read from the
 * development mailbox. Email goes out through the job runner, so it can take a
 * moment to arrive, longer on a busy machine.
 */
export async function mailedLink(page: Page, to: string, subject: RegExp, href: RegExp): Promise<URL> {
  const subjectLink = page.getByRole("link", { name: subject });
  const row = page.getByRole("row").filter({ hasText: to }).filter({ has: subjectLink }).first();
  await expect(async () => {
    await page.goto("/dev/mailbox");
    await expect(row).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await row.getByRole("link", { name: subject }).click();
  const link = page.getByRole("navigation", { name: "Links in this message" }).getByRole("link", { name: href });
  return new URL((await link.getAttribute("href"))!);
}
