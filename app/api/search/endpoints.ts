import { z } from "zod";
import { searchKinds } from "~/search/kinds";
import type { Endpoint } from "../endpoint";
import { searchResultsSchema } from "./schemas";

export const maxSearchLength = 200;
export const maxSearchResults = 50;

const kindList = new RegExp(`^(${searchKinds.join("|")})(,(${searchKinds.join("|")}))*$`);
const limitMessage = `Choose a limit from 1 to ${maxSearchResults}`;

export const searchEndpoints = {
  search: {
    method: "get",
    path: "/api/v1/search",
    operationId: "search",
    tag: "Search",
    summary: "Search people, projects, clients, tasks and time entry notes",
    description:
      "Full-text search over what the token's person may see, best matches first. Words match whole words in any language " +
      '(no stemming); the last word also matches as the start of a word. `"a phrase"`, `-excluded` and `or` work as in web search. ' +
      "Each kind needs its own read permission as well: people `member:view` (members:read), entries `report:view` " +
      "(reports:read: your own time, a manager's teams', everyone's for time:view-all); kinds the token can't read are left out, " +
      "and the answer's `kinds` says which were searched. Projects, clients and tasks are every one for owners, admins and finance, " +
      "and for others those of the projects they may log time on.",
    permission: "project:view",
    query: z.object({
      q: z
        .string({ error: "Enter what to search for" })
        .trim()
        .min(1, { error: "Enter what to search for", abort: true })
        .max(maxSearchLength, { error: `Search for at most ${maxSearchLength} characters`, abort: true })
        .regex(/[\p{L}\p{N}]/u, { error: "Enter a word or a number to search for" })
        .meta({ description: `What to search for, up to ${maxSearchLength} characters`, example: "design review" }),
      kinds: z
        .string()
        .regex(kindList, { error: `Choose kinds from ${searchKinds.join(", ")}, separated by commas` })
        .optional()
        .meta({ description: `Only these kinds, comma-separated (${searchKinds.join(", ")}); every kind the token may read when left out` }),
      limit: z.coerce
        .number({ error: limitMessage })
        .int({ error: limitMessage })
        .min(1, { error: limitMessage })
        .max(maxSearchResults, { error: limitMessage })
        .default(20)
        .meta({ description: "How many results at most" }),
    }),
    success: { status: 200, description: "The best matches", schema: searchResultsSchema },
  },
} as const satisfies Record<string, Endpoint>;
