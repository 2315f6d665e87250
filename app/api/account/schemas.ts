import { z } from "zod";
import { apiScopes } from "~/kernel/api-tokens/scopes";
import { role, timestamp } from "../schemas";

export const meSchema = z
  .object({
    person: z.object({ id: z.uuid(), name: z.string(), email: z.email() }),
    company: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
    role,
    scopes: z.array(z.enum(apiScopes)),
    token: z.object({ id: z.uuid(), name: z.string(), expiresAt: timestamp.nullable() }),
  })
  .meta({ id: "Me", description: "Who the token acts as, and what it may do" });

export const companySchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    timezone: z.string().meta({ description: "IANA time zone", example: "Europe/Berlin" }),
    weekStart: z.int().min(0).max(6).meta({ description: "First day of the week: 0 is Sunday, 1 Monday" }),
  })
  .meta({ id: "Company" });
