import { createInProcessRunner } from "./runners/in-process";
import { jobs } from "./queues";
import { createTestDatabase } from "../db/testing/test-database";
import { testLogger } from "./testing/helpers";
import { describeReportSchedulers } from "./testing/report-scheduler-scenario";

describeReportSchedulers("in-process runner", async () => {
  // The runner's own store; its schedules live in the process, which listSchedules reports.
  const store = await createTestDatabase();
  const runner = createInProcessRunner({ catalog: jobs, db: store, logger: testLogger });
  return {
    runner,
    schedulers: async () => (await runner.listSchedules("report-schedule:")).map(({ id, schedule }) => ({ id, schedule })),
    async close() {
      await runner.close();
      await store.close();
    },
  };
});
