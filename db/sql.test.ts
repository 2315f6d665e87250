import { describe, expect, it } from "vitest";
import { identifier, join, sql } from "./sql";

describe("sql", () => {
  it("turns values into numbered parameters, never into text", () => {
    const name = "Robert'); drop table projects;--";
    expect(sql`select * from projects where name = ${name} and billable = ${true}`.compile()).toEqual({
      text: "select * from projects where name = $1 and billable = $2",
      params: [name, true],
    });
  });

  it("renumbers the parameters of nested fragments", () => {
    const conditions = [sql`a = ${1}`, sql`b = ${2}`];
    const query = sql`select ${"x"} where ${join(conditions, " and ")} limit ${3}`;
    expect(query.compile()).toEqual({ text: "select $1 where a = $2 and b = $3 limit $4", params: ["x", 1, 2, 3] });
  });

  it("rejects undefined, which is almost always a missing field", () => {
    expect(() => sql`select ${undefined}`.compile()).toThrow(/parameter 1 is undefined/);
  });

  it("quotes identifiers, doubling embedded quotes", () => {
    expect(sql`select * from ${identifier('we"ird')}`.compile().text).toBe('select * from "we""ird"');
  });
});
