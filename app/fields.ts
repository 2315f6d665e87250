import { z } from "zod";

/** Field rules for company data, shared by forms (client-side hints) and actions. */
export const teamNameField = z
  .string({ error: "Enter a team name" })
  .trim()
  .min(1, "Enter a team name")
  .max(100, "Use at most 100 characters");
