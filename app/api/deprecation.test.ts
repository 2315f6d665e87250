import { describe, expect, it } from "vitest";
import { deprecationHeaders, withDeprecation } from "./deprecation";
import { endpoints } from "./endpoints";
import { openApiDocument } from "./openapi";

describe("deprecation headers", () => {
  it("announce a deprecated endpoint: Deprecation as a structured date, Sunset as an HTTP date, and where to go", () => {
    const headers = deprecationHeaders({ deprecated: { since: "2027-01-04", sunset: "2027-07-05", link: "https://hourbook.example/docs/api#v2" } });
    expect(headers).toEqual([
      ["Deprecation", "@1799020800"],
      ["Sunset", "Mon, 05 Jul 2027 00:00:00 GMT"],
      ["Link", '<https://hourbook.example/docs/api#v2>; rel="deprecation"; type="text/html"'],
    ]);
  });

  it("add nothing for an endpoint that isn't deprecated", () => {
    expect(deprecationHeaders({})).toEqual([]);
  });

  it("join a list's pagination Link rather than replacing it", () => {
    const response = new Response("{}", { headers: { Link: '</api/v1/teams?cursor=x>; rel="next"' } });
    withDeprecation({ deprecated: { since: "2027-01-04", sunset: "2027-07-05", link: "/docs/api" } }, response);
    expect(response.headers.get("Link")).toBe('</api/v1/teams?cursor=x>; rel="next", </docs/api>; rel="deprecation"; type="text/html"');
  });

  it("refuse a day that isn't one, so a typo can't announce the wrong date", () => {
    expect(() => deprecationHeaders({ deprecated: { since: "2027-13-01", sunset: "2027-07-05" } })).toThrow(/Not a day/);
  });

  it("nothing is deprecated today, and the document says so", () => {
    expect(Object.values(endpoints).filter((endpoint) => "deprecated" in endpoint)).toEqual([]);
    const operations = Object.values(openApiDocument().paths ?? {}).flatMap((methods) => Object.values(methods ?? {}));
    expect(operations.filter((operation) => typeof operation === "object" && "deprecated" in operation)).toEqual([]);
  });
});
