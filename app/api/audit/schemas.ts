import { z } from "zod";
import { pageSchema, timestamp } from "../schemas";

export const auditEventSchema = z
  .object({
    seq: z.int().min(1).meta({ description: "The event's place in the company's log: later events have higher numbers" }),
    occurredAt: timestamp,
    actorKind: z.enum(["person", "api_key", "system"]).meta({ description: "api_key: a change made with a personal access token" }),
    actorId: z.string().nullable().meta({ description: "The person's id, or the token's for api_key" }),
    actorName: z.string().nullable().meta({ description: "The person's name, or the token's for api_key, as it was then" }),
    action: z.string().meta({ example: "member.role_change" }),
    entityType: z.string().meta({ example: "member" }),
    entityId: z.string().nullable(),
    changes: z
      .record(z.string(), z.object({ old: z.unknown(), new: z.unknown() }))
      .meta({ description: "Each changed field's value before and after" }),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    requestId: z.string().nullable(),
  })
  .meta({ id: "AuditEvent", description: "One entry of the company's audit log" });

export const auditEventPageSchema = pageSchema(auditEventSchema, "AuditEventPage");
