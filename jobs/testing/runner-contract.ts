import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { JobPayloadError, type RetryPolicy } from "../queues";
import type { JobRunner, Processor, Processors } from "../runner";
import { deferred, eventually } from "./helpers";

/**
 * What both runners promise, run against each (runners/*.test.ts): the same retry
 * policy, the same dedupe by id, the same validation, the same graceful close.
 */
export const contractCatalog = {
  task: { queue: "contract", payload: z.strictObject({ key: z.string(), companyId: z.uuid().optional() }) },
  other: { queue: "contract-other", payload: z.strictObject({ key: z.string() }) },
} as const;
export type ContractCatalog = typeof contractCatalog;

export interface RunnerHarness {
  /** Runners made by one harness share their store, as processes sharing Redis or Postgres do. */
  runner(retry: RetryPolicy): JobRunner<ContractCatalog>;
  /** Put a job into the store past validation, as older or foreign code could have. */
  injectRaw(name: string, data: unknown, jobId: string, attempts: number): Promise<void>;
  cleanup(): Promise<void>;
}

const fastRetries: RetryPolicy = { attempts: 3, backoffMs: 40 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const idle: Processor = async () => undefined;

function processors(task: Processor<{ key: string; companyId?: string }>): Processors<ContractCatalog> {
  return { task, other: idle };
}

export function describeRunnerContract(label: string, createHarness: () => Promise<RunnerHarness>) {
  describe(`${label} runner`, () => {
    let harness: RunnerHarness;
    beforeEach(async () => {
      harness = await createHarness();
    });
    afterEach(() => harness.cleanup());

    it("retries a failing job with exponential backoff and keeps it failed, with its error, after the last attempt", async () => {
      const runner = harness.runner(fastRetries);
      const companyId = randomUUID();
      const starts: number[] = [];
      runner.work(
        processors(async (job) => {
          starts.push(Date.now());
          throw new Error(`boom on attempt ${job.attempt} of ${job.maxAttempts}`);
        }),
        { concurrency: 2 },
      );
      const id = await runner.enqueue({ name: "task", payload: { key: "always-fails", companyId } });

      const [failed] = await eventually(async () => {
        const found = await runner.listFailed(companyId);
        return found.length ? found : undefined;
      });
      expect(failed).toMatchObject({ id, name: "task", queue: "contract", error: "boom on attempt 3 of 3", attempts: 3 });
      expect(failed?.failedAt).toBeInstanceOf(Date);
      expect(starts).toHaveLength(3);
      const [first = 0, second = 0, third = 0] = starts;
      expect(second - first).toBeGreaterThanOrEqual(35); // backoff 40 ms …
      expect(third - second).toBeGreaterThanOrEqual(75); // … then doubled
      await sleep(200);
      expect(starts).toHaveLength(3);
      const counts = await runner.counts();
      expect(counts.find((c) => c.queue === "contract")).toMatchObject({ failed: 1, waiting: 0, active: 0 });
    });

    it("completes a job that succeeds on a later attempt, and doesn't list it as failed", async () => {
      const runner = harness.runner(fastRetries);
      const companyId = randomUUID();
      const attempts: number[] = [];
      const done = deferred();
      runner.work(
        processors(async (job) => {
          attempts.push(job.attempt);
          if (job.attempt < 2) throw new Error("not yet");
          done.resolve();
        }),
        { concurrency: 1 },
      );
      await runner.enqueue({ name: "task", payload: { key: "flaky", companyId } });
      await done.promise;
      expect(attempts).toEqual([1, 2]);
      await eventually(async () => (await runner.counts()).find((c) => c.queue === "contract")?.active === 0);
      expect(await runner.listFailed(companyId)).toEqual([]);
    });

    it("runs a job enqueued twice with the same id once", async () => {
      const runner = harness.runner(fastRetries);
      const jobId = `once-${randomUUID()}`;
      const runs: string[] = [];
      await runner.enqueue({ name: "task", payload: { key: "first" }, jobId });
      await runner.enqueue({ name: "task", payload: { key: "second" }, jobId });
      runner.work(
        processors(async (job) => {
          runs.push(job.data.key);
        }),
        { concurrency: 5 },
      );
      await eventually(() => runs.length === 1);
      // Once more after it ran: a completed job is kept, so the id is still taken.
      await runner.enqueueMany([{ name: "task", payload: { key: "third" }, jobId }]);
      await sleep(200);
      expect(runs).toEqual(["first"]);
    });

    it("refuses a payload that fails its schema when it is enqueued, naming the problem", async () => {
      const runner = harness.runner(fastRetries);
      await expect(runner.enqueue({ name: "task", payload: { key: 42 } as never })).rejects.toThrow(
        /Invalid payload for job "task".*key/,
      );
      // Strict schemas: personal data slipped into a payload is refused, not carried to Redis.
      await expect(
        runner.enqueue({ name: "task", payload: { key: "x", email: "ada@example.com" } as never }),
      ).rejects.toBeInstanceOf(JobPayloadError);
      await expect(
        runner.enqueueMany([
          { name: "other", payload: { key: "fine" } },
          { name: "other", payload: {} as never },
        ]),
      ).rejects.toBeInstanceOf(JobPayloadError);
      expect((await runner.counts()).every((c) => c.waiting === 0 && c.delayed === 0)).toBe(true);
    });

    it("fails a malformed job found in the store at once, without retries, with the validation message", async () => {
      const runner = harness.runner(fastRetries);
      const companyId = randomUUID();
      const processor = vi.fn(async () => undefined);
      runner.work(processors(processor), { concurrency: 1 });
      const jobId = `malformed-${randomUUID()}`;
      await harness.injectRaw("task", { key: 42, companyId }, jobId, 5);

      const [failed] = await eventually(async () => {
        const found = await runner.listFailed(companyId);
        return found.length ? found : undefined;
      });
      expect(failed).toMatchObject({ id: jobId, attempts: 1 });
      expect(failed?.error).toMatch(/^Invalid payload for job "task": .*key/);
      expect(processor).not.toHaveBeenCalled();
    });

    it("on close, lets the running job finish and takes no new one", async () => {
      const runner = harness.runner(fastRetries);
      const started = deferred();
      const release = deferred();
      const finished: string[] = [];
      runner.work(
        processors(async (job) => {
          started.resolve();
          await release.promise;
          finished.push(job.data.key);
        }),
        { concurrency: 1 },
      );
      await runner.enqueue({ name: "task", payload: { key: "running" } });
      await started.promise;
      await runner.enqueue({ name: "task", payload: { key: "waiting" } });

      let closed = false;
      const closing = runner.close().then(() => {
        closed = true;
      });
      await sleep(100);
      expect(closed).toBe(false);
      release.resolve();
      await closing;
      expect(finished).toEqual(["running"]);
    });

    it("runs a queue's own concurrency instead of the default", async () => {
      const runner = harness.runner(fastRetries);
      let running = 0;
      let most = 0;
      let done = 0;
      runner.work(
        processors(async () => {
          running += 1;
          most = Math.max(most, running);
          await sleep(30);
          running -= 1;
          done += 1;
        }),
        { concurrency: 5, concurrencyByQueue: { contract: 1 } },
      );
      await runner.enqueueMany([1, 2, 3].map((n) => ({ name: "task" as const, payload: { key: `job ${n}` } })));
      await eventually(() => done === 3);
      expect(most).toBe(1);
    });

    it("lists a company's failed jobs to that company only, and retries one with fresh attempts", async () => {
      const runner = harness.runner({ attempts: 2, backoffMs: 10 });
      const companyId = randomUUID();
      const otherCompany = randomUUID();
      let healthy = false;
      const succeeded = deferred();
      runner.work(
        processors(async () => {
          if (!healthy) throw new Error("Resend is down");
          succeeded.resolve();
        }),
        { concurrency: 1 },
      );
      const id = await runner.enqueue({ name: "task", payload: { key: "email", companyId } });
      await eventually(async () => (await runner.listFailed(companyId)).length === 1);

      expect(await runner.listFailed(otherCompany)).toEqual([]);
      expect(await runner.retryFailed(otherCompany, id)).toBe(false);
      expect(await runner.retryFailed(companyId, "no-such-job")).toBe(false);

      healthy = true;
      expect(await runner.retryFailed(companyId, id)).toBe(true);
      await succeeded.promise;
      await eventually(async () => (await runner.listFailed(companyId)).length === 0);
      expect(await runner.retryFailed(companyId, id)).toBe(false);
    });

    it("repeats a scheduled job, once per interval however many processes upsert the schedule", async () => {
      const every = 150;
      const first = harness.runner(fastRetries);
      const second = harness.runner(fastRetries);
      const due: number[] = [];
      const record = processors(async (job) => {
        due.push(job.scheduledAt?.getTime() ?? Number.NaN);
      });
      first.work(record, { concurrency: 1 });
      second.work(record, { concurrency: 1 });
      const schedulerId = `every-${randomUUID()}`;
      await first.upsertSchedule(schedulerId, { every }, { name: "task", payload: { key: "tick" } });
      await second.upsertSchedule(schedulerId, { every }, { name: "task", payload: { key: "tick" } });

      await eventually(() => due.length >= 4);
      // Judged by the slot each run was due in, not by when it ran: on a loaded
      // machine two slots' runs can start moments apart, and a slot fired by both
      // processes would show up as the same instant twice.
      expect(due.every(Number.isFinite)).toBe(true);
      expect(new Set(due).size).toBe(due.length);
      const sorted = [...due].sort((a, b) => a - b);
      expect(Math.min(...sorted.slice(1).map((at, i) => at - sorted[i]!))).toBeGreaterThanOrEqual(every);
      await first.removeSchedule(schedulerId);
      await second.removeSchedule(schedulerId);
    });

    it("runs a cron schedule at the instants its pattern names, once per instant however many processes upsert it, telling the job when it was due", async () => {
      const first = harness.runner(fastRetries);
      const second = harness.runner(fastRetries);
      const due: number[] = [];
      const record = processors(async (job) => {
        due.push(job.scheduledAt?.getTime() ?? Number.NaN);
      });
      first.work(record, { concurrency: 1 });
      second.work(record, { concurrency: 1 });
      const schedulerId = `cron-${randomUUID()}`;
      // Six fields: every second, so the test needn't wait a minute.
      const schedule = { pattern: "* * * * * *", tz: "America/New_York" };
      await first.upsertSchedule(schedulerId, schedule, { name: "task", payload: { key: "tick" } });
      await second.upsertSchedule(schedulerId, schedule, { name: "task", payload: { key: "tick" } });

      await eventually(() => due.length >= 3);
      expect(due.every((at) => at % 1000 === 0)).toBe(true);
      expect(new Set(due).size).toBe(due.length);
      await first.removeSchedule(schedulerId);
      await second.removeSchedule(schedulerId);
    });

    it("keeps one schedule per id through a change of interval, pattern and zone, and runs nothing more once it is removed", async () => {
      const runner = harness.runner(fastRetries);
      const prefix = `report-${randomUUID()}:`;
      const id = `${prefix}one`;
      const job = { name: "task" as const, payload: { key: "weekly" } };
      await runner.upsertSchedule(id, { every: 60_000 }, job);
      await runner.upsertSchedule(`other-${randomUUID()}`, { every: 60_000 }, job);
      expect((await runner.listSchedules(prefix)).map((s) => [s.id, s.schedule])).toEqual([[id, { every: 60_000 }]]);

      await runner.upsertSchedule(id, { pattern: "0 9 * * 1", tz: "Europe/Berlin" }, job);
      await runner.upsertSchedule(id, { pattern: "0 9 * * 1", tz: "America/New_York" }, job);
      const [changed, ...more] = await runner.listSchedules(prefix);
      expect(more).toEqual([]);
      expect(changed?.schedule).toEqual({ pattern: "0 9 * * 1", tz: "America/New_York" });
      // Monday 09:00 in New York is 13:00 or 14:00 UTC, depending on the season.
      expect(changed?.next?.getUTCDay()).toBe(1);
      expect([13, 14]).toContain(changed?.next?.getUTCHours());

      const runs: string[] = [];
      runner.work(
        processors(async (ran) => {
          runs.push(ran.data.key);
        }),
        { concurrency: 1 },
      );
      await runner.upsertSchedule(id, { every: 100 }, job);
      await eventually(() => runs.length >= 1);
      expect(await runner.removeSchedule(id)).toBe(true);
      expect(await runner.removeSchedule(id)).toBe(false);
      expect(await runner.listSchedules(prefix)).toEqual([]);
      await sleep(150);
      const after = runs.length;
      await sleep(350);
      expect(runs.length).toBe(after);
    });
  });
}
