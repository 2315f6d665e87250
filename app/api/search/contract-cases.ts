import { sql } from "../../../db/sql";
import { createEntry, createProject } from "../../../db/testing/time-fixtures";
import type { ContractCases } from "~/testing/api-contract";

export const searchCases: ContractCases = {
  search: async (w) => {
    const projectId = await createProject(w.db, w.owner.companyId, { name: "Lighthouse redesign" });
    const { id } = await createEntry(w.db, { companyId: w.owner.companyId, userId: w.owner.userId, projectId, day: "2026-11-16", minutes: 60 });
    await w.db.query(sql`update time_entries set notes = 'Lighthouse wireframes with the client' where id = ${id}`);
    return [
      { path: "/api/v1/search?q=lighthouse", expect: 200 },
      { path: "/api/v1/search?q=lightho&kinds=project,entry&limit=5", expect: 200 },
      { path: "/api/v1/search?q=%20%20", expect: 400 },
      { path: `/api/v1/search?q=${"a".repeat(500)}`, expect: 400 },
      { path: "/api/v1/search?q=lighthouse&kinds=invoice", expect: 400 },
      { path: "/api/v1/search?q=lighthouse&limit=51", expect: 400 },
    ];
  },
};
