import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createAttemptLimiter } from "./rate-limit.server";

/** With REDIS_URL the limit is shared: two web processes see the same count. */
const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
afterAll(() => redis.quit());

describe("attempt limiter (Redis)", () => {
  it("counts attempts from every process against one limit", async () => {
    const name = `test-${Date.now()}-${Math.random()}`;
    const webOne = createAttemptLimiter({ name, points: 5, windowSeconds: 900, redis });
    const webTwo = createAttemptLimiter({ name, points: 5, windowSeconds: 900, redis });
    for (let attempt = 0; attempt < 3; attempt++) await webOne.record(["email:x@example.test"]);
    expect(await webTwo.record(["email:x@example.test"])).toBeNull();
    expect(await webTwo.record(["email:x@example.test"])).toBeGreaterThan(890);
    expect(await webOne.blockedFor(["email:x@example.test"])).toBeGreaterThan(890);
    await webOne.reset("email:x@example.test");
    expect(await webTwo.blockedFor(["email:x@example.test"])).toBeNull();
  });
});
