import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/sql";
import { withTenant, type TenantContext, type TenantTransaction, type WithTenant } from "../../db/tenant";
import { createCompany, createMember } from "../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { streamInTenant } from "./tenant-stream.server";

/**
 * The transaction behind a streamed body ends however the body ends: read to the
 * end, cancelled, aborted with the request, or broken by an error. One pooled
 * connection: a transaction left open would make the next one wait forever.
 */
let db: TestDatabase;
let member: TenantContext;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 1 });
  member = await createMember(db, await createCompany(db, "Streaming"), "owner");
});
afterAll(() => db.close());

/** withTenant, noting how the transaction ended. */
function tracked() {
  let ended: Promise<string> | undefined;
  const run: WithTenant = (context, work) => {
    const transaction = withTenant(db, context, work);
    ended = transaction.then(
      () => "committed",
      () => "rolled back",
    );
    return transaction;
  };
  return { run, ended: () => ended ?? Promise.reject(new Error("no transaction started")) };
}

/** Lines "1\n" … "n\n", one query each; `failAt` throws instead of yielding that line. */
function lines(count: number, log: string[], failAt?: number) {
  return async function* (tx: TenantTransaction) {
    try {
      for (let line = 1; line <= count; line++) {
        const [row] = await tx.query<{ n: number }>(sql`select ${line}::int as n`);
        if (line === failAt) throw new Error(`line ${line} failed`);
        log.push(`read ${row!.n}`);
        yield `${row!.n}\n`;
      }
    } finally {
      log.push("closed");
    }
  };
}

async function nextTransactionRuns(): Promise<boolean> {
  return withTenant(db, member, async (tx) => (await tx.query(sql`select true as ok`))[0]!.ok as boolean);
}

const noErrors = (errors: unknown[]) => ({ signal: new AbortController().signal, onError: (error: unknown) => errors.push(error) });

describe("streamInTenant", () => {
  it("gives every chunk in order, then commits", async () => {
    const transaction = tracked();
    const errors: unknown[] = [];
    const body = await streamInTenant(transaction.run, member, lines(5, []), noErrors(errors));
    expect(await new Response(body).text()).toBe("1\n2\n3\n4\n5\n");
    expect(await transaction.ended()).toBe("committed");
    expect(errors).toEqual([]);
    expect(await nextTransactionRuns()).toBe(true);
  });

  it("produces chunks as they are read, not all at once", async () => {
    const log: string[] = [];
    const body = await streamInTenant(tracked().run, member, lines(1000, log), noErrors([]));
    const reader = body.getReader();
    await reader.read();
    // The first chunk, and at most one queued ahead of the reader.
    expect(log.filter((entry) => entry.startsWith("read")).length).toBeLessThanOrEqual(3);
    await reader.cancel();
  });

  it("ends the transaction when the request is aborted mid-download", async () => {
    const transaction = tracked();
    const log: string[] = [];
    const abort = new AbortController();
    const body = await streamInTenant(transaction.run, member, lines(1000, log), { signal: abort.signal, onError: () => undefined });
    const reader = body.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("1\n");
    abort.abort();
    expect(await transaction.ended()).toBe("committed");
    expect(log.at(-1)).toBe("closed");
    expect(log.length).toBeLessThan(10);
    expect(await nextTransactionRuns()).toBe(true);
    // The reader sees the end, however far it had got.
    for (let read = await reader.read(); !read.done; read = await reader.read());
  });

  it("ends the transaction when the reader cancels", async () => {
    const transaction = tracked();
    const log: string[] = [];
    const body = await streamInTenant(transaction.run, member, lines(1000, log), noErrors([]));
    const reader = body.getReader();
    await reader.read();
    await reader.cancel();
    expect(await transaction.ended()).toBe("committed");
    expect(log.at(-1)).toBe("closed");
    expect(await nextTransactionRuns()).toBe(true);
  });

  it("ends at once for a request aborted before it answered", async () => {
    const transaction = tracked();
    const abort = new AbortController();
    abort.abort();
    await streamInTenant(transaction.run, member, lines(1000, []), { signal: abort.signal, onError: () => undefined });
    expect(await transaction.ended()).toBe("committed");
  });

  it("fails the call itself when the first chunk fails, so the loader answers with an error", async () => {
    const transaction = tracked();
    const errors: unknown[] = [];
    await expect(streamInTenant(transaction.run, member, lines(5, [], 1), noErrors(errors))).rejects.toThrow("line 1 failed");
    expect(await transaction.ended()).toBe("rolled back");
    expect(errors).toEqual([]);
    expect(await nextTransactionRuns()).toBe(true);
  });

  it("breaks the body off, rolls back and reports a later failure", async () => {
    const transaction = tracked();
    const errors: unknown[] = [];
    const body = await streamInTenant(transaction.run, member, lines(5, [], 3), noErrors(errors));
    await expect(new Response(body).text()).rejects.toThrow("line 3 failed");
    expect(await transaction.ended()).toBe("rolled back");
    expect(errors).toEqual([expect.objectContaining({ message: "line 3 failed" })]);
    expect(await nextTransactionRuns()).toBe(true);
  });
});
