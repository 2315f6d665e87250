import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import type { z } from "zod";

/** The submitted form, or a 400 when the body is not a form at all. */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw data("The form could not be read. Reload the page and try again.", { status: 400 });
  }
}

/** Parse a submission against the same schema the page validates with. */
export async function parseSubmission<Schema extends z.ZodType>(request: Request, schema: Schema) {
  return parseWithZod(await readForm(request), { schema });
}

/** The reply for a rejected submission: Conform's errors with a 4xx status. */
interface ReplyOptions {
  formErrors?: string[];
  fieldErrors?: Record<string, string[]>;
  /** Fields left out of the reply's values (passwords), so they never travel back to the page. */
  hideFields?: string[];
}

export function rejected(
  submission: { reply: (options?: ReplyOptions) => SubmissionResult<string[]> },
  options: ReplyOptions & { status?: number; headers?: HeadersInit } = {},
) {
  const { status = 400, headers, ...errors } = options;
  return data(submission.reply(errors), { status, headers });
}
