import { z } from "zod";
import { daysBetween } from "~/kernel/clock/weeks";
import { day } from "~/kernel/fields";

/** The audit exports' operation inputs; the page validates its form with the same schema in the browser. */

/** A year, leap day included: longer exports are slow to write and to open; ask for several. */
export const maxExportDays = 366;

export const requestAuditExportInput = z
  .object({
    from: day("Enter the first day as YYYY-MM-DD", { nonexistent: "That date doesn't exist" }),
    to: day("Enter the last day as YYYY-MM-DD", { nonexistent: "That date doesn't exist" }),
    format: z.enum(["csv", "jsonl"], { error: "Choose CSV or JSON Lines" }),
  })
  .superRefine((value, ctx) => {
    const span = daysBetween(value.from, value.to);
    if (span < 0) ctx.addIssue({ code: "custom", path: ["to"], message: "The last day can't be before the first" });
    else if (span + 1 > maxExportDays) {
      ctx.addIssue({ code: "custom", path: ["to"], message: `An export covers at most ${maxExportDays} days; request several` });
    }
  });

export const retryAuditExportInput = z.object({ exportId: z.uuid() });
