import { useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";

type FormOptions<Input extends Record<string, unknown>, Output> = Parameters<typeof useForm<Input, Output>>[0];

/**
 * One zod schema checks a form twice: in the browser on blur (quick feedback) and in
 * the action (the check that counts). The action's reply carries field errors back.
 */
export function useValidatedForm<Schema extends z.ZodObject>(
  schema: Schema,
  lastResult: SubmissionResult<string[]> | null | undefined,
  options: Pick<FormOptions<z.input<Schema>, z.output<Schema>>, "id" | "defaultValue"> = {},
) {
  return useForm<z.input<Schema>, z.output<Schema>>({
    ...options,
    lastResult: lastResult ?? undefined,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
}

/** What a text field needs from a Conform field: its name, the value to start from, and the errors to show. */
export function fieldProps(field: { name: string; initialValue?: unknown; errors?: string[] }) {
  return {
    name: field.name,
    defaultValue: typeof field.initialValue === "string" ? field.initialValue : undefined,
    errors: field.errors,
  };
}

/**
 * On a page with several forms, the action's reply belongs to the one it was submitted
 * from: the one whose intent (and ids, for a form per row) it carries.
 */
export function replyFor(reply: SubmissionResult<string[]> | undefined, match: Record<string, string>) {
  const submitted = reply?.initialValue ?? {};
  return Object.entries(match).every(([name, value]) => submitted[name] === value) ? reply : undefined;
}
