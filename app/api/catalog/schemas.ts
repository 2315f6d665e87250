import { z } from "zod";
import { pageSchema, timestamp } from "../schemas";

/**
 * Clients, projects and tasks as the API shows them. Money is an integer of minor
 * units (cents) of the currency named beside it; budgets are whole minutes. The pages
 * take the same values typed as amounts and hours; the API takes them as it shows them.
 */

const minorUnits = z.int().min(0).meta({ description: "Minor units (cents) of `currency`" });

export const clientSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    contactName: z.string().nullable(),
    contactEmail: z.string().nullable(),
    currency: z.string().meta({ description: "ISO 4217, upper case" }),
    hourlyRateMinor: minorUnits.nullable().meta({ description: "The default rate of its projects, in minor units of `currency`" }),
    billingAddress: z.string().nullable(),
    taxId: z.string().nullable(),
    liveProjectCount: z.int().min(0),
    archivedAt: timestamp.nullable(),
    createdAt: timestamp,
  })
  .meta({ id: "Client", description: "A client: who the company bills, in which currency and at what default rate" });

export const clientPageSchema = pageSchema(clientSchema, "ClientPage");

const projectFields = {
  id: z.uuid(),
  clientId: z.uuid().nullable(),
  clientName: z.string().nullable(),
  name: z.string(),
  code: z.string().nullable(),
  color: z.string().meta({ description: "#rrggbb, lower case" }),
  billable: z.boolean(),
  hourlyRateMinor: minorUnits.nullable().meta({ description: "The project's own rate, in minor units of `currency`; null uses the client's" }),
  effectiveRateMinor: minorUnits.nullable().meta({ description: "The project's rate, else its client's: what approval charges billable time at" }),
  currency: z.string().meta({ description: "The client's currency, else the company's" }),
  budgetMinutes: z.int().min(1).nullable().meta({ description: "The budget in minutes (the pages show it in hours); null when it has none" }),
  access: z.enum(["everyone", "assigned"]).meta({ description: "Who may log time: everyone in the company, or only the people and teams assigned" }),
  archivedAt: timestamp.nullable(),
  createdAt: timestamp,
};

export const projectSummarySchema = z
  .object(projectFields)
  .meta({ id: "ProjectSummary", description: "A project as a list shows it" });

export const projectPageSchema = pageSchema(projectSummarySchema, "ProjectPage");

export const projectSchema = z
  .object({
    ...projectFields,
    assignments: z
      .object({
        members: z.array(z.object({ userId: z.uuid(), name: z.string() })),
        teams: z.array(z.object({ teamId: z.uuid(), name: z.string(), memberCount: z.int().min(0) })),
      })
      .meta({ description: "Who is assigned; with access `assigned` only they (and everyone in a live team named) may log time" }),
  })
  .meta({ id: "Project", description: "A project with who is assigned to it" });

export const taskSchema = z
  .object({ id: z.uuid(), projectId: z.uuid(), name: z.string(), billable: z.boolean(), archivedAt: timestamp.nullable() })
  .meta({ id: "Task", description: "A kind of work within a project" });

export const taskPageSchema = pageSchema(taskSchema, "TaskPage");

export const projectAssignmentSchema = z
  .object({ projectId: z.uuid(), userId: z.uuid() })
  .meta({ id: "ProjectAssignment", description: "A person assigned to a project" });

// Bodies: rates and budgets as the API shows them, in place of the pages' typed amounts and hours.
const rateMessage = "Give the rate in minor units: a whole number from 0 to 999999999, such as 12050 for 120.50";
const budgetMessage = "Give the budget in minutes: a whole number from 1 to 59999999, or null for none";

export const rateBodyField = z
  .int({ error: rateMessage })
  .min(0, { error: rateMessage })
  .max(999_999_999, { error: rateMessage })
  .nullish()
  .transform((minor) => minor ?? null)
  .meta({ description: "Minor units (cents); null or left out for none" });

export const budgetBodyField = z
  .int({ error: budgetMessage })
  .min(1, { error: budgetMessage })
  .max(59_999_999, { error: budgetMessage })
  .nullish()
  .transform((minutes) => minutes ?? null)
  .meta({ description: "Minutes; null or left out for none" });
