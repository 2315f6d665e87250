import { describe, expect, it } from "vitest";
import { requestLocale } from "./locale.server";

const asking = (header?: string) => new Request("http://hourbook.test/", { headers: header === undefined ? {} : { "Accept-Language": header } });

describe("the reader's locale", () => {
  it.each([
    ["de-DE,de;q=0.9,en;q=0.5", "de-DE"],
    ["en;q=0.5, fr-CA", "fr-CA"],
    ["*;q=0.9, es-MX;q=0.8", "es-MX"],
    ["x-not-a-language!!, pt-BR;q=0.2", "pt-BR"],
    ["de;q=0, it", "it"],
  ])("reads %j as %s", (header, locale) => {
    expect(requestLocale(asking(header))).toBe(locale);
  });

  it("falls back when the header is missing, empty or names nothing Intl formats", () => {
    expect(requestLocale(asking())).toBe("en");
    expect(requestLocale(asking(""))).toBe("en");
    expect(requestLocale(asking("!!!, *"), "en-GB")).toBe("en-GB");
  });
});
