import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { jobs } from "./queues";
import { createBullmqRunner } from "./runners/bullmq";
import { testLogger } from "./testing/helpers";
import { deleteKeys, testRedisUrl, uniquePrefix } from "./testing/redis";
import { describeReportSchedulers } from "./testing/report-scheduler-scenario";

describeReportSchedulers("BullMQ", async () => {
  const redisUrl = testRedisUrl();
  const prefix = uniquePrefix("report-schedulers");
  const runner = createBullmqRunner({ catalog: jobs, redisUrl, prefix, logger: testLogger });
  // Read back with BullMQ's own API, not the runner's: what Redis really holds.
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queues = [...new Set(Object.values(jobs).map((job) => job.queue))].map((name) => new Queue(name, { connection, prefix }));
  return {
    runner,
    async schedulers() {
      const found = (await Promise.all(queues.map((queue) => queue.getJobSchedulers()))).flat();
      return found
        .filter((scheduler) => scheduler.key.startsWith("report-schedule:"))
        .map((scheduler) => ({ id: scheduler.key, schedule: { pattern: scheduler.pattern ?? "", tz: scheduler.tz ?? "" } }));
    },
    async close() {
      await runner.close();
      await Promise.all(queues.map((queue) => queue.close()));
      connection.disconnect();
      await deleteKeys(redisUrl, prefix);
    },
  };
});
