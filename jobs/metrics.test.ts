import { describe, expect, it } from "vitest";
import { z } from "zod";
import { executeJob } from "./execute";
import { metricsText, reportQueueCounts } from "./metrics";
import { UnrecoverableError, type JobInfo } from "./runner";
import { testLogger } from "./testing/helpers";

const catalog = { measure: { queue: "metrics-test", payload: z.strictObject({ n: z.number() }) } };
const job = (attempt: number, maxAttempts = 3): JobInfo => ({
  id: `job-${attempt}`,
  name: "measure",
  queue: "metrics-test",
  data: { n: 1 },
  attempt,
  maxAttempts,
});

function sample(text: string, metric: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${metric}{queue="metrics-test"`));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

describe("job metrics", () => {
  it("count completed, retried and failed jobs per queue, with their durations, and the queues' depth", async () => {
    const ok = async () => undefined;
    const boom = async () => {
      throw new Error("boom");
    };
    await executeJob(job(1), catalog, { measure: ok }, testLogger);
    await expect(executeJob(job(1), catalog, { measure: boom }, testLogger)).rejects.toThrow("boom");
    await expect(executeJob(job(3), catalog, { measure: boom }, testLogger)).rejects.toThrow("boom");
    await expect(
      executeJob(job(1), catalog, { measure: () => Promise.reject(new UnrecoverableError("no")) }, testLogger),
    ).rejects.toThrow("no");
    reportQueueCounts(async () => [{ queue: "metrics-test", waiting: 4, active: 1, delayed: 0, failed: 2 }]);

    const text = await metricsText();
    expect(sample(text, "hourbook_jobs_completed_total")).toBe(1);
    expect(sample(text, "hourbook_jobs_retried_total")).toBe(1);
    expect(sample(text, "hourbook_jobs_failed_total")).toBe(2);
    expect(text).toMatch(/hourbook_job_duration_seconds_count\{queue="metrics-test",outcome="completed"\} 1/);
    expect(text).toContain('hourbook_jobs{queue="metrics-test",state="waiting"} 4');
    expect(text).toContain('hourbook_jobs{queue="metrics-test",state="failed"} 2');
  });

  it("fail a job whose payload doesn't match, without running the processor or retrying", async () => {
    let ran = false;
    const error = await executeJob({ ...job(1), data: { n: "one" } }, catalog, { measure: async () => void (ran = true) }, testLogger).catch(
      (caught: unknown) => caught,
    );
    expect(ran).toBe(false);
    expect(error).toMatchObject({ name: "UnrecoverableError", message: expect.stringMatching(/^Invalid payload for job "measure"/) });
  });
});
