import { createTeam } from "~/kernel/teams/teams.server";
import type { ContractCases, ContractWorld } from "~/testing/api-contract";

async function team(w: ContractWorld, name = `Team ${Math.random()}`): Promise<string> {
  const created = await w.context.withTenant(w.owner, (tx) => createTeam(tx, name));
  if (!created.ok) throw new Error(created.message);
  return created.id;
}

export const teamCases: ContractCases = {
  listTeams: async (w) => {
    await team(w);
    await team(w);
    return [
      { path: "/api/v1/teams?limit=1", expect: 200 },
      { path: "/api/v1/teams?archived=false", expect: 200 },
      { path: "/api/v1/teams?limit=201", expect: 400 },
      { path: "/api/v1/teams?cursor=not-ours", expect: 400 },
    ];
  },
  createTeam: async () => {
    const name = `Created ${Math.random()}`;
    return [
      { path: "/api/v1/teams", body: { name }, expect: 201 },
      { path: "/api/v1/teams", body: { name }, expect: 409 },
      { path: "/api/v1/teams", body: { name: " " }, expect: 400 },
      { path: "/api/v1/teams", body: "{name:", expect: 400 },
    ];
  },
  getTeam: async (w) => {
    const teamId = await team(w);
    const etag = (await w.call("GET", `/api/v1/teams/${teamId}`)).headers.get("ETag")!;
    return [
      { path: `/api/v1/teams/${teamId}`, expect: 200 },
      { path: `/api/v1/teams/${teamId}`, headers: { "If-None-Match": etag }, expect: 304 },
    ];
  },
  renameTeam: async (w) => {
    const teamId = await team(w);
    const taken = `Taken ${Math.random()}`;
    await team(w, taken);
    return [
      { path: `/api/v1/teams/${teamId}`, body: { name: `Renamed ${Math.random()}` }, expect: 200 },
      { path: `/api/v1/teams/${teamId}`, body: { name: "Stale" }, headers: { "If-Match": '"stale"' }, expect: 412 },
      { path: `/api/v1/teams/${teamId}`, body: { name: taken }, expect: 409 },
    ];
  },
  archiveTeam: async (w) => {
    const teamId = await team(w);
    return [
      { path: `/api/v1/teams/${teamId}/archive`, headers: { "If-Match": '"stale"' }, expect: 412 },
      { path: `/api/v1/teams/${teamId}/archive`, expect: 200 },
    ];
  },
  restoreTeam: async (w) => {
    const name = `Restored ${Math.random()}`;
    const teamId = await team(w, name);
    const clash = await team(w);
    for (const id of [teamId, clash]) await w.call("POST", `/api/v1/teams/${id}/archive`);
    await team(w, `Clash ${name}`);
    await w.call("PATCH", `/api/v1/teams/${clash}`, { body: { name: `Clash ${name}` } });
    return [
      { path: `/api/v1/teams/${teamId}/restore`, expect: 200 },
      { path: `/api/v1/teams/${clash}/restore`, expect: 409 },
      { path: `/api/v1/teams/${clash}/restore`, headers: { "If-Match": '"stale"' }, expect: 412 },
    ];
  },
  putTeamMember: async (w) => {
    const teamId = await team(w);
    return [
      { path: `/api/v1/teams/${teamId}/members/${w.employee.userId}`, body: { isManager: true }, expect: 200 },
      { path: `/api/v1/teams/${teamId}/members/${w.employee.userId}`, body: { isManager: "yes" }, expect: 400 },
    ];
  },
  removeTeamMember: async (w) => {
    const teamId = await team(w);
    await w.call("PUT", `/api/v1/teams/${teamId}/members/${w.employee.userId}`, { body: {} });
    return [
      { path: `/api/v1/teams/${teamId}/members/${w.employee.userId}`, expect: 204 },
      { path: `/api/v1/teams/${teamId}/members/${w.employee.userId}`, expect: 404 },
    ];
  },
};
