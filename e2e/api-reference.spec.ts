import { expect, test } from "./fixtures";

test("the API reference renders our document under the CSP and tries a call against this server", async ({ page }) => {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && !/401/.test(message.text())) problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("request", (request) => {
    // Served from our own origin: the reference loads nothing from anywhere else.
    if (!/^(http:\/\/localhost:\d+\/|data:)/.test(request.url())) problems.push(`off-origin: ${request.url()}`);
  });

  await page.goto("/api/docs");
  await expect(page.getByRole("heading", { name: /Hourbook API/ })).toBeVisible();
  await expect(page.getByText("/api/v1/teams/{teamId}/members/{userId}").first()).toBeVisible();

  await page.getByText("Who the token acts as").click();
  await page.getByRole("button", { name: "Try it out" }).click();
  await page.getByRole("button", { name: "Execute" }).click();
  // No token given under "Authorize": the server's own problem details come back.
  await expect(page.locator(".live-responses-table tbody .response-col_status").first()).toHaveText("401");
  await expect(page.locator(".live-responses-table").getByText("unauthenticated").first()).toBeVisible();
  expect(problems).toEqual([]);
});
