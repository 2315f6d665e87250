import { describe, expect, it } from "vitest";
import { createPasswordHasher, owaspScryptParams } from "./password.server";
import { newPasswordField } from "./schemas";

const cheap = createPasswordHasher({ ln: 4, r: 8, p: 1 });

describe("password hashing", () => {
  it("uses OWASP's scrypt minimum by default and records the parameters in the hash", async () => {
    expect(owaspScryptParams).toEqual({ ln: 17, r: 8, p: 1 });
    const stored = await cheap.hash("correct horse battery staple");
    expect(stored).toMatch(/^\$scrypt\$ln=4,r=8,p=1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
  });

  it("accepts the right password only, with a fresh salt each time", async () => {
    const first = await cheap.hash("correct horse battery staple");
    const second = await cheap.hash("correct horse battery staple");
    expect(first).not.toBe(second);
    expect(await cheap.verify("correct horse battery staple", first)).toBe(true);
    expect(await cheap.verify("correct horse battery stapler", first)).toBe(false);
    expect(await cheap.verify("anything", null)).toBe(false);
    expect(await cheap.verify("anything", "not-a-hash")).toBe(false);
  });

  it("verifies old hashes after the parameters are raised, and asks for a rehash", async () => {
    const old = await cheap.hash("correct horse battery staple");
    const stronger = createPasswordHasher({ ln: 5, r: 8, p: 1 });
    expect(await stronger.verify("correct horse battery staple", old)).toBe(true);
    expect(stronger.needsRehash(old)).toBe(true);
    expect(stronger.needsRehash(await stronger.hash("x"))).toBe(false);
  });
});

describe("new password rules", () => {
  it("require a minimum length and refuse common passwords", () => {
    expect(newPasswordField.safeParse("short").error?.issues[0]?.message).toMatch(/at least 10/);
    expect(newPasswordField.safeParse("Password123").error?.issues[0]?.message).toMatch(/too common/);
    expect(newPasswordField.safeParse("plum-orbit-kettle").success).toBe(true);
  });
});
