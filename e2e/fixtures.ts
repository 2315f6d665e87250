import { expect, test as base } from "@playwright/test";

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
