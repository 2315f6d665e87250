import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/sql";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import type { RetryPolicy } from "../queues";
import type { JobRunner } from "../runner";
import { deferred, testLogger } from "../testing/helpers";
import { contractCatalog, describeRunnerContract, type ContractCatalog } from "../testing/runner-contract";
import { createInProcessRunner } from "./in-process";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

function makeRunner(retry: RetryPolicy): JobRunner<ContractCatalog> {
  return createInProcessRunner({ catalog: contractCatalog, db, logger: testLogger, retry, pollIntervalMs: 20 });
}

describeRunnerContract("in-process", async () => {
  await db.query(sql`delete from in_process_jobs`);
  const runners: JobRunner<ContractCatalog>[] = [];
  return {
    runner(retry) {
      const runner = makeRunner(retry);
      runners.push(runner);
      return runner;
    },
    async injectRaw(name, data, jobId, attempts) {
      await db.query(sql`
        insert into in_process_jobs (id, queue, name, data, max_attempts, backoff_ms)
        values (${jobId}, ${contractCatalog.task.queue}, ${name}, ${data as Record<string, unknown>}, ${attempts}, 10)`);
    },
    async cleanup() {
      await Promise.all(runners.map((runner) => runner.close()));
    },
  };
});

describe("in-process runner, across restarts", () => {
  it("runs jobs a stopped process left waiting, and takes over jobs whose process died mid-run", async () => {
    await db.query(sql`delete from in_process_jobs`);
    const before = makeRunner({ attempts: 3, backoffMs: 10 });
    await before.enqueue({ name: "task", payload: { key: "left waiting" }, jobId: "left-waiting" });
    await before.close();
    // A job a crashed process was running: active, its lease run out.
    await db.query(sql`
      insert into in_process_jobs (id, queue, name, data, status, max_attempts, backoff_ms, locked_until)
      values ('abandoned', 'contract', 'task', ${{ key: "abandoned" }}, 'active', 3, 10, now() - interval '1 second')`);

    const after = makeRunner({ attempts: 3, backoffMs: 10 });
    const seen: string[] = [];
    const both = deferred();
    after.work(
      {
        task: async (job) => {
          seen.push(job.data.key);
          if (seen.length === 2) both.resolve();
        },
        other: async () => undefined,
      },
      { concurrency: 2 },
    );
    await both.promise;
    await after.close();
    expect(seen.sort()).toEqual(["abandoned", "left waiting"]);
  });
});
