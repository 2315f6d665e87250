import { callOut, notFound, succeeded } from "../operations";
import { retryFailedJobInput } from "./inputs";

/**
 * Runs a job that used up its attempts again, with fresh attempts. Another company's
 * job is "not found", the same as one that doesn't exist.
 */
export const retryFailedJobOperation = callOut({
  name: "job.retry",
  permission: "job:manage",
  input: retryFailedJobInput,
  call: async (input, { member, services }) =>
    (await services.failedJobs.retry(member.company.companyId, input.jobId)) ? succeeded(input) : notFound("Job"),
});
