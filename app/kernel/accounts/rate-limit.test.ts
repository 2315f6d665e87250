import { describe, expect, it } from "vitest";
import { createAttemptLimiter } from "./rate-limit.server";

describe("attempt limiter (in memory)", () => {
  it("blocks a key after its allowance, for the rest of the window, and forgets it on reset", async () => {
    const limiter = createAttemptLimiter({ name: `test-${Math.random()}`, points: 5, windowSeconds: 900 });
    for (let attempt = 1; attempt < 5; attempt++) expect(await limiter.record(["ip:1"])).toBeNull();
    const blocked = await limiter.record(["ip:1"]);
    expect(blocked).toBeGreaterThan(890);
    expect(blocked).toBeLessThanOrEqual(900);
    expect(await limiter.blockedFor(["ip:1"])).toBe(blocked);
    expect(await limiter.blockedFor(["ip:2"])).toBeNull();
    await limiter.reset("ip:1");
    expect(await limiter.blockedFor(["ip:1"])).toBeNull();
  });
});
