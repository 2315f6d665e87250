import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Decision records are how a newcomer learns why; one without a status, or missing
// from the index, is one nobody finds or knows whether to trust.
const dir = fileURLToPath(new URL("./decisions", import.meta.url));
const recordName = /^(\d{3})-[a-z0-9-]+\.md$/;
const link = String.raw`\[(\d{3})\]\((\d{3}-[a-z0-9-]+\.md)\)`;
const links = `${link}(?:, ${link})*`;
const statusLine = new RegExp(
  String.raw`^Status: (?:Accepted(?:, (?:extended|partly superseded) by ${links})?|Superseded by ${links}) · Date: (\d{4}-\d{2}-\d{2})$`,
);

const records = readdirSync(dir)
  .filter((name) => name.endsWith(".md") && name !== "README.md")
  .sort()
  .map((name) => ({ name, text: readFileSync(join(dir, name), "utf8") }));
const index = readFileSync(join(dir, "README.md"), "utf8");

describe("docs/decisions", () => {
  it("names every record NNN-what-it-decides.md, numbered once", () => {
    const numbers = records.map(({ name }) => {
      expect(name, "a record's file name").toMatch(recordName);
      return name.slice(0, 3);
    });
    expect(new Set(numbers).size, "two records share a number").toBe(numbers.length);
  });

  it.each(records)("$name has its number in the title and a status line under it", ({ name, text }) => {
    const [title, blank, status] = text.split("\n");
    expect(title, "the first line").toMatch(new RegExp(`^# ${name.slice(0, 3)} — \\S`));
    expect(blank, "the line between title and status").toBe("");
    expect(status, "the line under the title: Status: Accepted · Date: YYYY-MM-DD").toMatch(statusLine);
    for (const [, number, target] of (status ?? "").matchAll(new RegExp(link, "g"))) {
      expect(target?.startsWith(`${number}-`), `${target} is linked as ${number}`).toBe(true);
      expect(existsSync(join(dir, target ?? "")), `${target} exists`).toBe(true);
      expect(Number(number), "a record is extended or superseded by a later one").toBeGreaterThan(Number(name.slice(0, 3)));
    }
  });

  it.each(records)("$name is in the index with the same title, status and date", ({ name, text }) => {
    const [title = "", , status = ""] = text.split("\n");
    const heading = title.replace(/^# \d{3} — /, "").replaceAll("|", "\\|");
    const [, statusText, date] = /^Status: (.*) · Date: (.*)$/.exec(status) ?? [];
    const row = `| ${name.slice(0, 3)} | [${heading}](${name}) | ${statusText} | ${date} |`;
    expect(index.split("\n").includes(row), `docs/decisions/README.md lacks the row ${row}`).toBe(true);
  });

  it("indexes no record that doesn't exist", () => {
    const indexed = [...index.matchAll(/^\| \d{3} \| \[.*?\]\(([^)]+)\)/gm)].map((match) => match[1]);
    expect(indexed).toEqual(records.map(({ name }) => name));
  });
});
