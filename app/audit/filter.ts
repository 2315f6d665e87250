import { z } from "zod";
import { day, text } from "~/kernel/fields";

/**
 * The audit log's filters, as the page's query string: shared by the log page and
 * the export form, so both refuse the same things with the same messages.
 */
const date = day();
const blankToUndefined = (value: unknown) => (value === "" || value === "all" ? undefined : value);

export const auditFilterSchema = z
  .object({
    actor: z.preprocess(blankToUndefined, text().max(200).optional()),
    action: z.preprocess(
      blankToUndefined,
      z.string().trim().toLowerCase().max(100).regex(/^[a-z][a-z0-9_.]*$/, "Use an action such as member.role_change, or its first part (member)").optional(),
    ),
    entity: z.preprocess(blankToUndefined, z.string().max(100).regex(/^[a-z][a-z0-9_]*$/, "Choose a kind of record from the list").optional()),
    entityId: z.preprocess(blankToUndefined, text().trim().max(200).optional()),
    from: z.preprocess(blankToUndefined, date.optional()),
    to: z.preprocess(blankToUndefined, date.optional()),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ["to"], message: "The end date must not be before the start date" });

export type AuditFilterInput = z.infer<typeof auditFilterSchema>;

export function toModelFilter(input: AuditFilterInput) {
  return { actorId: input.actor, action: input.action, entityType: input.entity, entityId: input.entityId, from: input.from, to: input.to };
}

/** The field errors of a failed parse, by field name. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    (errors[field] ??= []).push(issue.message);
  }
  return errors;
}
