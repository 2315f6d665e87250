/**
 * The regression net for malformed input: as each role and anonymously, crawl what the
 * role can reach, then send every form, query and route malformed values, methods,
 * paths, headers and bodies. Whatever the server refuses must be a 4xx; any 5xx,
 * reset or hang is a finding, and each role's test lists all of its findings at once.
 * Runs against its own server (playwright.config.ts), whose data it is free to disturb.
 */
import { writeFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { type Finding, type Role, RoleClient } from "./robustness/client";
import { crawl, routePattern, type Site } from "./robustness/crawl";
import { probeRoutes } from "./robustness/probes";
import { mutateQueries, submitForms } from "./robustness/submissions";
import { robustnessBaseUrl } from "./robustness-env";

// Least privileged first: what an admin or owner submits may demote, deactivate or
// reassign the people who run before them, never the other way round.
const roles: Role[] = [
  { name: "anonymous" },
  { name: "employee", email: "employee@acme.example" },
  { name: "finance", email: "finance@acme.example" },
  { name: "manager", email: "manager@acme.example" },
  { name: "admin", email: "admin@acme.example" },
  { name: "owner", email: "owner@acme.example" },
];

// No link leads to the emailed-token pages, so they start from a token that isn't one.
const anonymousSeeds = ["/", "/login", "/signup", "/forgot-password", "/invitations/robustness-unknown-token", "/reset-password/robustness-unknown-token"];
const memberSeeds = ["/", "/c/acme", "/account"];

// In this order, one worker: each role's submissions change what the next one meets.
// A retry would replay the same seeded requests against data the first try changed.
test.describe.configure({ mode: "default", retries: 0 });

for (const role of roles) {
  test(`malformed input as ${role.name} gets no 5xx`, async () => {
    test.setTimeout(8 * 60_000);
    const started = Date.now();
    const client = await RoleClient.open(role, robustnessBaseUrl);
    try {
      const site = await crawl(client, role.email ? memberSeeds : anonymousSeeds);
      await submitForms(client, site.forms);
      await mutateQueries(client, site.pages, site.forms);
      await probeRoutes(client, routesOf(site));
      report(client, site, Date.now() - started);
      const findings = client.findings.map(describeFinding).sort();
      writeFileSync(test.info().outputPath("findings.json"), JSON.stringify(client.findings, null, 2));
      expect(findings, `requests ${role.name} sent that got a 5xx, a reset or no answer`).toEqual([]);
    } finally {
      await client.close();
    }
  });
}

/** One path per route pattern, pages and form actions alike. */
function routesOf(site: Site): string[] {
  const byPattern = new Map<string, string>();
  for (const url of [...site.pages, ...site.forms.map((form) => form.action)]) {
    const pattern = routePattern(url);
    if (!byPattern.has(pattern)) byPattern.set(pattern, `${url.pathname}${url.search}`);
  }
  return [...byPattern.values()];
}

function report(client: RoleClient, site: Site, elapsedMs: number) {
  const counts = [...client.sentBy].map(([kind, n]) => `${kind} ${n}`).join(", ");
  const summary =
    `${client.role.name}: ${client.sent} requests (${counts}) over ${site.pages.length} pages and ${site.forms.length} forms ` +
    `in ${(elapsedMs / 1000).toFixed(1)} s, ${client.signIns} sign-ins, ${client.findings.length} findings`;
  console.log(`robustness ${summary}`);
  test.info().annotations.push({ type: "robustness", description: summary });
}

function describeFinding(finding: Finding): string {
  const url = finding.url.length > 200 ? `${finding.url.slice(0, 200)}…(${finding.url.length} chars)` : finding.url;
  return `${finding.outcome} ${finding.method} ${url} — ${finding.what}`;
}
