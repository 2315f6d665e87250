import { sql } from "../../../db/sql";
import type { TenantTransaction } from "../../../db/tenant";

/** A member asked for something their role doesn't allow: recorded, then answered 403. */
export async function recordPermissionRefusal(
  tx: TenantTransaction,
  refusal: { permission: string; method: string; path: string },
): Promise<void> {
  await tx.query(sql`
    insert into audit_entries (company_id, action, entity_type, entity_id, changes)
    values (${tx.tenant.companyId}, 'permission.refuse', 'permission', ${refusal.permission},
            ${{ request: { old: null, new: `${refusal.method} ${refusal.path.slice(0, 300)}` } }})`);
}
