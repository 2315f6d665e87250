import { expect, test } from "./fixtures";
import { mailedLink } from "./mailbox";
import { signUpAndConfirm } from "./sign-up";

/**
 * The company admin's first day: sign up and confirm the address by email, invite
 * a colleague, who accepts in their own browser; change their role; they see
 * exactly what the new role allows.
 */
const stamp = Date.now();
const owner = { name: "Olivia Owner", email: `olivia-${stamp}@northwind.example`, password: "plum-orbit-kettle" };
const colleague = { name: "Carl Colleague", email: `carl-${stamp}@northwind.example`, password: "kettle-orbit-plum" };
const companyName = `Northwind ${stamp}`;

test("sign up, invite, accept, change role: each person sees what their role allows", async ({ page, browser }) => {
  // Two passwords hashed at OWASP's cost and two emails through the job runner: slow on a busy 2-core machine.
  test.setTimeout(180_000);
  await signUpAndConfirm(page, owner, companyName);
  await expect(page.getByRole("heading", { name: "Welcome, Olivia" })).toBeVisible();
  const companyUrl = new URL(page.url()).pathname;

  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Members" }).click();
  // The overview has an "Invite people" link too: wait until the members page has replaced it.
  await expect(page.getByRole("heading", { name: "Members" })).toBeVisible();
  await page.getByRole("link", { name: "Invite people" }).click();
  await expect(page.getByRole("heading", { name: "Invitations" })).toBeVisible();
  await page.getByLabel("Email").fill(colleague.email);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status")).toHaveText(`Invitation sent to ${colleague.email}.`);
  await expect(page.getByRole("row", { name: new RegExp(colleague.email) })).toBeVisible();

  const link = await mailedLink(page, colleague.email, /invited you to/, /\/invitations\//);

  const theirs = await browser.newContext();
  const them = await theirs.newPage();
  const theirErrors: string[] = [];
  them.on("pageerror", (error) => theirErrors.push(error.message));
  await them.goto(link.pathname);
  await expect(them.getByRole("heading", { name: `Join ${companyName} on Hourbook` })).toBeVisible();
  await them.getByLabel("Your name").fill(colleague.name);
  await them.getByLabel("Choose a password").fill(colleague.password);
  await them.getByRole("button", { name: "Create account and join" }).click();
  await expect(them.getByRole("heading", { name: "Welcome, Carl" })).toBeVisible();
  // An employee: no members, settings or jobs in the navigation, and a 403 if they go there anyway.
  const sections = them.getByRole("navigation", { name: "Sections" });
  await expect(sections.getByRole("link", { name: "Members" })).toHaveCount(0);
  await expect(sections.getByRole("link", { name: "Settings" })).toHaveCount(0);
  const forbidden = await them.goto(`${companyUrl}/members`);
  expect(forbidden?.status()).toBe(403);
  await expect(them.getByText(/doesn't allow you to see the list of members/)).toBeVisible();

  // The invitation link is spent.
  await them.goto(link.pathname);
  await expect(them.getByRole("heading", { name: "This invitation has been accepted" })).toBeVisible();

  await page.goto(`${companyUrl}/members`);
  const row = page.getByRole("row", { name: new RegExp(colleague.name) });
  await row.getByRole("button", { name: `Role of ${colleague.name}` }).click();
  await page.getByRole("option", { name: "Manager" }).click();
  await row.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toHaveText("Role changed.");

  await them.goto(companyUrl);
  await expect(sections.getByRole("link", { name: "Members" })).toBeVisible();
  await expect(sections.getByRole("link", { name: "Settings" })).toHaveCount(0);
  const members = await them.goto(`${companyUrl}/members`);
  expect(members?.status()).toBe(200);
  await expect(them.getByRole("button", { name: /^Role of/ })).toHaveCount(0);
  expect(theirErrors).toEqual([]);
  await theirs.close();
});
