import { z } from "zod";

/** The failed jobs' operation inputs. A job id is the queue's own, not a uuid. */
export const retryFailedJobInput = z.object({ jobId: z.string().min(1).max(200) });
