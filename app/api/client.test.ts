import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { apiClientFiles } from "../../scripts/api-client-files";

const root = join(import.meta.dirname, "../..");

describe("the committed TypeScript client", () => {
  it("is what npm run api:client generates from the endpoint registry today", async () => {
    for (const [path, generated] of Object.entries(await apiClientFiles())) {
      const committed = await readFile(join(root, path), "utf8").catch(() => "(missing)");
      expect(committed, `${path} is stale: run npm run api:client and commit the result`).toBe(generated);
    }
  });
});
