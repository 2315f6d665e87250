import { notFound, operation, outcomeOf, succeeded } from "../operations";
import { createTeamInput, putTeamMemberInput, removeTeamMemberInput, renameTeamInput, teamInput } from "./inputs";
import { createTeam, putTeamMember, removeTeamMember, renameTeam, setTeamArchived } from "./teams.server";


export const createTeamOperation = operation({
  name: "team.create",
  permission: "team:manage",
  input: createTeamInput,
  run: async (tx, input) => outcomeOf(await createTeam(tx, input.name), "Team"),
});

export const renameTeamOperation = operation({
  name: "team.rename",
  permission: "team:manage",
  input: renameTeamInput,
  run: async (tx, input) => outcomeOf(await renameTeam(tx, input.teamId, input.name), "Team"),
});

/** Archived teams keep their members (history) but no longer grant a manager authority. */
export const archiveTeamOperation = operation({
  name: "team.archive",
  permission: "team:manage",
  input: teamInput,
  run: async (tx, input) => outcomeOf(await setTeamArchived(tx, input.teamId, true), "Team"),
});

/** Fails with 409 when a live team has taken its name meanwhile. */
export const restoreTeamOperation = operation({
  name: "team.restore",
  permission: "team:manage",
  input: teamInput,
  run: async (tx, input) => outcomeOf(await setTeamArchived(tx, input.teamId, false), "Team"),
});

/** Adds a member, or changes whether they manage the team. */
export const putTeamMemberOperation = operation({
  name: "team.put-member",
  permission: "team:manage",
  input: putTeamMemberInput,
  run: async (tx, input) =>
    (await putTeamMember(tx, input.teamId, input.userId, input.isManager)) ? succeeded(input) : notFound("Team or member"),
});

export const removeTeamMemberOperation = operation({
  name: "team.remove-member",
  permission: "team:manage",
  input: removeTeamMemberInput,
  run: async (tx, input) => ((await removeTeamMember(tx, input.teamId, input.userId)) ? succeeded(input) : notFound("Team or member")),
});
