import { z } from "zod";
import { teamNameField } from "../fields";

/** The teams' operation inputs; the pages validate their forms with the same schemas in the browser. */
const teamId = z.uuid();
const teamMember = { teamId, userId: z.uuid({ error: "Choose a person" }) };

export const createTeamInput = z.object({ name: teamNameField });
export const renameTeamInput = z.object({ teamId, name: teamNameField });
export const teamInput = z.object({ teamId });
export const putTeamMemberInput = z.object({ ...teamMember, isManager: z.boolean().default(false) });
export const removeTeamMemberInput = z.object(teamMember);
