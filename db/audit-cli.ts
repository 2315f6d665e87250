/**
 * npm run audit:verify -- <company slug or id>
 * Built to build/server/audit-cli.js, so an operator can run it in production.
 * Exits 0 when the chain is intact, 1 when a link is broken, 2 on bad usage.
 */
import { loadConfigOrExit } from "../platform/config";
import { describeChainReport, verifyAuditChain } from "./audit-verify";
import { openDatabase } from "./connect";
import { sql } from "./sql";

async function main(): Promise<number> {
  const [command, company] = process.argv.slice(2);
  if (command !== "verify" || !company) {
    console.error("Usage: audit-cli verify <company slug or id>");
    return 2;
  }
  const config = loadConfigOrExit();
  const db = await openDatabase(config);
  try {
    const [found] = await db.query<{ id: string; slug: string }>(sql`
      select id, slug from companies where slug = ${company} or id::text = ${company}`);
    if (!found) {
      console.error(`No company with slug or id "${company}"`);
      return 2;
    }
    const report = await verifyAuditChain(db, found.id);
    console.log(describeChainReport(found.slug, report));
    return report.ok ? 0 : 1;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
