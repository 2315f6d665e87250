import { z } from "zod";
import { searchKinds } from "~/search/kinds";

export const searchKind = z.enum(searchKinds).meta({ id: "SearchKind" });

export const searchHitSchema = z
  .object({
    kind: searchKind,
    id: z.uuid().meta({ description: "The person's user id, or the project's, client's, task's or entry's id" }),
    title: z.string().meta({ description: "A name; for an entry, its project (and task)" }),
    detail: z
      .string()
      .nullable()
      .meta({ description: "A second line: a person's email, a project's client, a task's project, an entry's person" }),
    snippet: z.string().nullable().meta({ description: "An entry's notes around what matched, as plain text; null for other kinds" }),
    date: z.iso.date().nullable().meta({ description: "An entry's day; null for other kinds" }),
    archived: z.boolean().meta({ description: "Archived (projects, clients, tasks) or deactivated (people)" }),
    rank: z.number().min(0).meta({ description: "How well it matches (higher is better); comparable within one answer only" }),
  })
  .meta({ id: "SearchHit" });

export const searchResultsSchema = z
  .object({
    data: z.array(searchHitSchema).meta({ description: "The best matches, best first" }),
    kinds: z.array(searchKind).meta({ description: "The kinds searched: those asked for (all by default) that the token may read" }),
  })
  .meta({ id: "SearchResults" });
