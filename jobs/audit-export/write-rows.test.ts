import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/sql";
import { withTenant } from "../../db/tenant";
import { createCompany, createMember } from "../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { writeAuditRows, type ExportFormat } from "./write-rows";

let db: TestDatabase;
let companyId: string;
let otherCompany: string;

beforeAll(async () => {
  db = await createTestDatabase();
  companyId = await createCompany(db, "Exported");
  otherCompany = await createCompany(db, "Not exported");
  const owner = await createMember(db, companyId, "owner");
  for (const name of ["A", "B, with a comma", 'C "quoted"', "D", "E"]) {
    await withTenant(db, owner, (tx) => tx.query(sql`insert into teams (company_id, name) values (${companyId}, ${name})`));
  }
  await createMember(db, otherCompany, "owner");
});
afterAll(() => db.close());

async function exported(format: ExportFormat, batchSize: number) {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on("data", (chunk: Buffer) => chunks.push(chunk));
  const range = { companyId, from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 3_600_000) };
  const count = await writeAuditRows(db, range, format, output, { batchSize });
  return { count, text: Buffer.concat(chunks).toString("utf8") };
}

describe("writeAuditRows", () => {
  it("writes exactly the company's entries in the range, oldest first, across batches", async () => {
    const expected = await db.query<{ seq: number }>(sql`select seq from audit_entries where company_id = ${companyId} order by seq`);
    const { count, text } = await exported("jsonl", 2);
    const rows = text.trim().split("\n").map((line) => JSON.parse(line) as { seq: number; changes: Record<string, unknown> });
    expect(count).toBe(expected.length);
    expect(rows.map((r) => r.seq)).toEqual(expected.map((e) => e.seq));
    expect(rows.at(-1)!.changes).toMatchObject({ name: { old: null, new: "E" } });
  });

  it("quotes CSV fields properly, under a header", async () => {
    const { count, text } = await exported("csv", 3);
    const lines = text.trim().split("\n");
    expect(lines[0]).toBe("seq,occurred_at,actor_kind,actor_id,actor_name,action,entity_type,entity_id,changes,ip,user_agent,request_id,hash");
    expect(lines).toHaveLength(count + 1);
    expect(text).toContain('""new"": ""C \\""quoted\\""""');
  });

  it("writes nothing for a range without entries", async () => {
    const output = new PassThrough();
    const count = await writeAuditRows(db, { companyId, from: new Date(0), to: new Date(1000) }, "jsonl", output);
    expect(count).toBe(0);
  });
});
