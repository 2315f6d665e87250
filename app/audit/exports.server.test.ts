import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/sql";
import type { TenantContext } from "../../db/tenant";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { relayOutbox } from "../../jobs/outbox-relay";
import { createAuditExportProcessor } from "../../jobs/processors/audit-export";
import { createExpireAuditExportsProcessor } from "../../jobs/processors/expire-audit-exports";
import { jobs, type AuditExportJobPayload } from "../../jobs/queues";
import type { JobRequest, JobRunner } from "../../jobs/runner";
import { configuredFileStorage } from "../../jobs/storage/configured";
import type { FileStorage } from "../../jobs/storage/files";
import { testLogger } from "../../jobs/testing/helpers";
import { createTestApp, requestAs, statusOf, type TestApp } from "~/testing/context";
import { flashOf } from "~/testing/flash";
import { action as exportsAction, loader as exportsLoader } from "~/routes/c.$company.audit.exports._index";
import { loader as downloadLoader } from "~/routes/c.$company.audit.exports.$exportId.download";
import { createTeam } from "../kernel/teams/teams.server";

/** Audit exports end to end, short of the runner: the page's action, the job, the download, the cleanup. */
let db: TestDatabase;
let app: TestApp;
let context: AppLoadContext;
let dataDir: string;
let files: FileStorage;
let owner: TenantContext;
let slug: string;
let ownerToken: string;
let employeeToken: string;
let financeToken: string;

const today = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  db = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), "hourbook-exports-"));
  app = await createTestApp(db, { DATA_DIR: dataDir });
  context = app.context();
  // This suite runs the job's steps itself; the app's own runner (embedded mode)
  // would pick the same exports up from the outbox and race it. Routes keep working.
  await app.close();
  files = configuredFileStorage({ DATA_DIR: dataDir });
  const signedUp = await context.auth.accounts.signUp(
    { name: "Olivia Owner", email: `olivia-exports-${Date.now()}@example.test`, password: "plum-orbit-kettle", companyName: "Export Ltd" },
    { requestId: "signup-req", ip: "203.0.113.5", userAgent: "Signup/1.0" },
  );
  if (!signedUp.ok) throw new Error("sign-up failed");
  slug = signedUp.companySlug;
  const [company] = await db.query<{ id: string }>(sql`select id from companies where slug = ${slug}`);
  // UTC, so "today" in the test is the company's today too.
  await db.query(sql`update companies set timezone = 'UTC' where id = ${company!.id}`);
  owner = { companyId: company!.id, userId: signedUp.user.id, role: "owner" };
  ownerToken = await context.auth.accounts.createSession(owner.userId, { ip: null, userAgent: null });
  for (const role of ["employee", "finance"] as const) {
    const [person] = await db.query<{ id: string }>(sql`
      insert into users (email, name) values (${`${role}-${Date.now()}@example.test`}, ${role}) returning id`);
    await db.query(sql`insert into memberships (company_id, user_id, role) values (${owner.companyId}, ${person!.id}, ${role})`);
    const token = await context.auth.accounts.createSession(person!.id, { ip: null, userAgent: null });
    if (role === "employee") employeeToken = token;
    else financeToken = token;
  }
  // Entries on another day, which no export of today may contain.
  await context.withTenant(owner, (tx) => createTeam(tx, "Yesterday's team"));
  await db.transaction(async (tx) => {
    await tx.exec("set local session_replication_role = replica");
    await tx.query(sql`update audit_entries set occurred_at = occurred_at - interval '2 days' where company_id = ${owner.companyId}`);
  });
  for (const name of ["Alpha, \"the first\"", "Beta", "Gamma"]) await context.withTenant(owner, (tx) => createTeam(tx, name));
});

afterAll(async () => {
  await db.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const exportsUrl = () => `/c/${slug}/audit/exports`;
const params = () => ({ company: slug });

async function post(token: string, body: Record<string, string>) {
  const request = await requestAs(context, token, exportsUrl(), { method: "POST", body: new URLSearchParams(body) });
  return exportsAction({ request, params: params(), context }).catch((thrown: unknown) => thrown);
}

async function requestExport(format: "csv" | "jsonl", from = today, to = today): Promise<string> {
  const outcome = await post(ownerToken, { intent: "request", from, to, format });
  expect(statusOf(outcome)).toBe(302);
  const [row] = await db.query<{ id: string }>(sql`
    select id from audit_exports where company_id = ${owner.companyId} order by created_at desc limit 1`);
  return row!.id;
}

const jobOf = (exportId: string) => ({
  id: `job-${exportId}`,
  name: "audit-export",
  queue: "exports",
  data: { exportId, companyId: owner.companyId } satisfies AuditExportJobPayload,
  attempt: 1,
  maxAttempts: 5,
});

const processor = (storage: FileStorage = files) =>
  createAuditExportProcessor({ db, logger: testLogger, files: storage, ttlDays: 7, batchSize: 2 });

async function exportRow(id: string) {
  const [row] = await db.query<{ status: string; rowsWritten: number; rowsTotal: number; fileKey: string | null; error: string | null }>(sql`
    select status, rows_written::int as "rowsWritten", rows_total::int as "rowsTotal", file_key as "fileKey", error
      from audit_exports where company_id = ${owner.companyId} and id = ${id}`);
  return row!;
}

/** Every file under the data folder, temporary ones included. */
const allFiles = () => readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());

async function download(id: string, token = ownerToken) {
  const request = await requestAs(context, token, `${exportsUrl()}/${id}/download`);
  return downloadLoader({ request, params: { ...params(), exportId: id }, context }).catch((thrown: unknown) => thrown);
}

describe("requesting an export", () => {
  it("writes the export and its job to the outbox in one transaction; the relay hands the runner the ids", async () => {
    const id = await requestExport("csv");
    expect(await exportRow(id)).toMatchObject({ status: "queued" });
    const enqueued: JobRequest[] = [];
    const runner = { catalog: jobs, enqueueMany: async (requests: JobRequest[]) => void enqueued.push(...requests) };
    await relayOutbox({ db, runner: runner as unknown as JobRunner, logger: testLogger });
    expect(enqueued.filter((request) => request.name === "audit-export")).toEqual([
      expect.objectContaining({ payload: { exportId: id, companyId: owner.companyId } }),
    ]);
  });

  it.each([
    ["a reversed range", { from: today, to: "2020-01-01", format: "csv" }, "to", /can't be before/],
    ["a span over a year", { from: "2020-01-01", to: "2021-06-01", format: "csv" }, "to", /at most 366 days/],
    ["an unknown format", { from: today, to: today, format: "xlsx" }, "format", /CSV or JSON Lines/],
    ["a date that doesn't exist", { from: "2026-02-31", to: today, format: "csv" }, "from", /doesn't exist/],
  ])("refuses %s with a field error", async (_case, body, field, message) => {
    const outcome = (await post(ownerToken, { intent: "request", ...body })) as { data: { error: Record<string, string[]> } };
    expect(statusOf(outcome)).toBe(400);
    expect(outcome.data.error[field]?.join(" ")).toMatch(message);
  });

  it("is refused with 403 for roles without audit:export (finance reads the log but can't export it)", async () => {
    for (const token of [employeeToken, financeToken]) {
      expect(statusOf(await post(token, { intent: "request", from: today, to: today, format: "csv" }))).toBe(403);
      const request = await requestAs(context, token, exportsUrl());
      expect(statusOf(await exportsLoader({ request, params: params(), context }).catch((thrown: unknown) => thrown))).toBe(403);
    }
  });
});

describe("the audit-export job", () => {
  it("writes exactly the range's entries, in order, as CSV and JSON Lines, then notifies the requester", async () => {
    for (const format of ["csv", "jsonl"] as const) {
      const id = await requestExport(format);
      const expected = await db.query<{ seq: number }>(sql`
        select seq::int from audit_entries where company_id = ${owner.companyId} and occurred_at >= ${today}::date order by seq`);
      await processor()(jobOf(id));

      const row = await exportRow(id);
      expect(row).toMatchObject({ status: "done", rowsWritten: row.rowsTotal });
      const text = readFileSync(join(dataDir, "files", row.fileKey!), "utf8");
      const lines = text.trimEnd().split("\n");
      const seqs = format === "csv" ? lines.slice(1).map((line) => Number(line.split(",")[0])) : lines.map((line) => (JSON.parse(line) as { seq: number }).seq);
      // Entries written after the export started (its own status change) are not in it.
      expect(seqs).toEqual(expected.map((entry) => entry.seq).filter((seq) => seq <= Math.max(...seqs)));
      expect(seqs.length).toBe(row.rowsTotal);
      expect(seqs.length).toBeGreaterThanOrEqual(3);
      if (format === "csv") expect(text).toContain('""new"": ""Alpha, \\""the first\\""""');
      else expect(JSON.parse(lines[0]!)).toMatchObject({ entity_type: expect.any(String), changes: expect.any(Object) });

      const notifications = await db.query<{ link: string }>(sql`
        select link from notifications where company_id = ${owner.companyId} and kind = 'export-ready' and link like ${`%${id}%`}`);
      expect(notifications).toEqual([{ link: `/c/${slug}/audit/exports/${id}/download` }]);
    }
  });

  it("skips an export that is already done", async () => {
    const id = await requestExport("csv");
    await processor()(jobOf(id));
    const count = async () =>
      (await db.query<{ n: number }>(sql`select count(*)::int as n from notifications where link like ${`%${id}%`}`))[0]!.n;
    await processor()(jobOf(id));
    expect(await count()).toBe(1);
  });

  it("ends failed with no file when writing fails, and a retry from the page completes it", async () => {
    const id = await requestExport("jsonl");
    const before = allFiles().length;
    const failing: FileStorage = {
      ...files,
      write: (key, fill) => files.write(key, async (output) => {
        await fill(output);
        throw new Error("disk full");
      }),
    };
    await expect(processor(failing)(jobOf(id))).rejects.toThrow("disk full");
    expect(await exportRow(id)).toMatchObject({ status: "failed", error: "disk full", fileKey: null });
    expect(allFiles().length).toBe(before);
    expect(statusOf(await download(id))).toBe(404);

    const retried = await post(ownerToken, { intent: "retry", exportId: id });
    expect(statusOf(retried)).toBe(302);
    expect(await flashOf(context, retried)).toBe("The export will run again.");
    expect(await exportRow(id)).toMatchObject({ status: "queued", error: null });
    const [queued] = await db.query<{ n: number }>(sql`
      select count(*)::int as n from outbox where company_id = ${owner.companyId} and job = 'audit-export' and payload->>'exportId' = ${id}`);
    expect(queued!.n).toBe(2);
    await processor()(jobOf(id));
    expect(await exportRow(id)).toMatchObject({ status: "done" });
    // Only a failed export can be retried.
    expect(statusOf(await post(ownerToken, { intent: "retry", exportId: id }))).toBe(404);
  });
});

describe("downloading", () => {
  it("streams a done export as an attachment that isn't cached", async () => {
    const id = await requestExport("csv");
    await processor()(jobOf(id));
    const response = (await download(id)) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="audit-log-${slug}-${today}-to-${today}.csv"`);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.text()).toMatch(/^seq,occurred_at,/);
    expect(statusOf(await download(id, employeeToken))).toBe(403);
    expect(statusOf(await download("not-a-uuid"))).toBe(404);
  });

  it("answers 410 once expired, and the cleanup deletes the file and marks the export expired", async () => {
    const id = await requestExport("csv");
    await processor()(jobOf(id));
    const { fileKey } = await exportRow(id);
    await db.query(sql`update audit_exports set expires_at = now() - interval '1 minute' where id = ${id}`);
    expect(statusOf(await download(id))).toBe(410);

    const cleanup = createExpireAuditExportsProcessor({ db, logger: testLogger, files });
    const sweep = { id: "sweep-1", name: "expire-audit-exports", queue: "maintenance", data: {}, attempt: 1, maxAttempts: 5 };
    await cleanup(sweep);
    expect(await exportRow(id)).toMatchObject({ status: "expired", fileKey: null });
    expect(await files.read(fileKey!)).toBeNull();
    expect(statusOf(await download(id))).toBe(410);
    await cleanup(sweep);
  });
});
