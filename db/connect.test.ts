import { describe, expect, it } from "vitest";
import { openDatabase } from "./connect";

describe("openDatabase", () => {
  it("fails within seconds on an unreachable DATABASE_URL, naming the host and hiding the password", async () => {
    const started = Date.now();
    const error = await openDatabase({
      DATABASE_URL: "postgres://hourbook:s3cret@127.0.0.1:9/hourbook",
      DATABASE_POOL_MAX: 2,
      DATABASE_CONNECT_TIMEOUT_SECONDS: 3,
      DATA_DIR: ".data",
    }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error?.message).toMatch(/Cannot reach the database at postgres:\/\/hourbook:\*\*\*\*@127\.0\.0\.1:9\/hourbook/);
    expect(error?.message).not.toContain("s3cret");
  });
});
