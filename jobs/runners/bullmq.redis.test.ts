import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { definitionOf } from "../queues";
import type { JobRunner } from "../runner";
import { testLogger } from "../testing/helpers";
import { deleteKeys, testRedisUrl, uniquePrefix } from "../testing/redis";
import { contractCatalog, describeRunnerContract, type ContractCatalog } from "../testing/runner-contract";
import { createBullmqRunner } from "./bullmq";

describeRunnerContract("BullMQ", async () => {
  const redisUrl = testRedisUrl();
  const prefix = uniquePrefix("runner");
  const runners: JobRunner<ContractCatalog>[] = [];
  return {
    runner(retry) {
      const runner = createBullmqRunner({ catalog: contractCatalog, redisUrl, prefix, logger: testLogger, retry });
      runners.push(runner);
      return runner;
    },
    async injectRaw(name, data, jobId, attempts) {
      const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
      const queue = new Queue(definitionOf(contractCatalog, name).queue, { connection, prefix });
      await queue.add(name, data, { jobId, attempts, backoff: { type: "exponential", delay: 10 } });
      await queue.close();
      connection.disconnect();
    },
    async cleanup() {
      await Promise.all(runners.map((runner) => runner.close()));
      await deleteKeys(redisUrl, prefix);
    },
  };
});
