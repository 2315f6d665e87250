import { describe, expect, it } from "vitest";
import { createSecretBox, SecretUnreadable } from "./secrets.server";

const key = "a".repeat(64);

describe("secret box", () => {
  it("opens what it sealed, and never stores the plaintext or the same text twice", () => {
    const box = createSecretBox(key);
    const first = box.seal("client-secret-ü");
    const second = box.seal("client-secret-ü");
    expect(first).not.toContain("client-secret");
    expect(first).not.toBe(second);
    expect(box.open(first)).toBe("client-secret-ü");
    expect(box.open(second)).toBe("client-secret-ü");
  });

  it("refuses a value sealed under another key, altered, or not sealed at all", () => {
    const sealed = createSecretBox(key).seal("seed");
    const other = createSecretBox("b".repeat(64));
    expect(() => other.open(sealed)).toThrow(SecretUnreadable);
    const [version, iv, tag, body] = sealed.split(".");
    const flipped = `${body![0] === "A" ? "B" : "A"}${body!.slice(1)}`;
    expect(() => createSecretBox(key).open([version, iv, tag, flipped].join("."))).toThrow(SecretUnreadable);
    expect(() => createSecretBox(key).open("plain text")).toThrow(SecretUnreadable);
  });

  it("refuses a key of the wrong length at start", () => {
    expect(() => createSecretBox("abcd")).toThrow(/32 bytes/);
  });
});
