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

interface ReplyOptions {
  formErrors?: string[];
  fieldErrors?: Record<string, string[]>;
  hideFields?: string[];
}

// A reply carries the submitted values back so the form keeps them; a password must
// never travel back (it would sit in the page's data and the browser's history).
const secretField = /password/i;

/** The reply for a rejected submission: Conform's errors with a 4xx status, and no secret sent back. */
export function rejected(
  submission: { payload: Record<string, unknown>; reply: (options?: ReplyOptions) => SubmissionResult<string[]> },
  options: { formErrors?: string[]; fieldErrors?: Record<string, string[]>; status?: number; headers?: HeadersInit } = {},
) {
  const { status = 400, headers, ...errors } = options;
  const hideFields = Object.keys(submission.payload).filter((name) => secretField.test(name));
  return data(submission.reply({ ...errors, hideFields }), { status, headers });
}
