import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { memberRoles } from "../../db/tenant";
import { projectRoot } from "../../db/project-root";
import { can, permissionDescriptions, permissions, type Permission } from "./permissions";

/**
 * The product's answer for every role × permission, written out by hand: changing
 * the map in permissions.ts without changing this table (and the README's) fails.
 */
const expected: Record<Permission, string> = {
  //                          owner admin manager finance employee
  "company:view": "             Y     Y     Y       Y       Y",
  "company:manage-settings": "  Y     Y     -       -       -",
  "company:manage-security": "  Y     -     -       -       -",
  "member:view": "              Y     Y     Y       Y       -",
  "member:manage": "            Y     Y     -       -       -",
  "member:transfer-ownership": "Y     -     -       -       -",
  "invitation:manage": "        Y     Y     -       -       -",
  "team:view": "                Y     Y     Y       Y       Y",
  "team:manage": "              Y     Y     -       -       -",
  "project:view": "             Y     Y     Y       Y       Y",
  "project:manage": "           Y     Y     -       -       -",
  "time:view": "                Y     Y     Y       Y       Y",
  "time:log": "                 Y     Y     Y       Y       Y",
  "time:log-for-others": "      Y     Y     -       -       -",
  "timesheet:approve": "        Y     Y     Y       -       -",
  "timesheet:reopen": "         Y     Y     -       -       -",
  "time:lock": "                Y     Y     -       -       -",
  "time:view-all": "            Y     Y     -       Y       -",
  "report:view": "              Y     Y     Y       Y       Y",
  "report:schedule": "          Y     Y     -       Y       -",
  "report:manage-shared": "     Y     Y     -       -       -",
  "dashboard:company": "        Y     Y     -       Y       -",
  "notification:view": "        Y     Y     Y       Y       Y",
  "job:manage": "               Y     Y     -       -       -",
  "audit:read": "               Y     Y     -       Y       -",
  "audit:export": "             Y     Y     -       -       -",
  "billing:view": "             Y     Y     -       Y       -",
  "billing:manage": "           Y     Y     -       -       -",
  "invoice:view": "             Y     Y     -       Y       -",
  "invoice:manage": "           Y     Y     -       Y       -",
  "api-token:manage": "         Y     Y     -       -       -",
  "webhook:manage": "           Y     Y     -       -       -",
};

describe("the permission map", () => {
  it.each(permissions)("%s is granted to exactly the expected roles", (permission) => {
    const row = expected[permission].trim().split(/\s+/);
    memberRoles.forEach((role, index) => {
      expect({ role, allowed: can(role, permission) }).toEqual({ role, allowed: row[index] === "Y" });
    });
  });

  it("lists every permission in this test and describes each one", () => {
    expect(Object.keys(expected).sort()).toEqual([...permissions].sort());
    for (const permission of permissions) expect(permissionDescriptions[permission].length).toBeGreaterThan(5);
  });

  it("is documented in the README as a table", () => {
    const readme = readFileSync(`${projectRoot()}/README.md`, "utf8");
    for (const permission of permissions) {
      const cells = memberRoles.map((role) => (can(role, permission) ? "✓" : " "));
      expect(readme).toContain(`| \`${permission}\` | ${cells.join(" | ")} |`);
    }
  });
});
