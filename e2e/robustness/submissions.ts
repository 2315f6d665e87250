/**
 * Every crawled form and query, sent again with one value at a time made malformed,
 * then each form whole in shapes its action never expects.
 */
import type { RoleClient } from "./client";
import { type FormCase, routePattern, withQuery } from "./crawl";
import { type Pair, describePairs, encodePairs, inPool, mutatePairs, planMutations } from "./mutations";

/** Random mutations per name beside the likely trouble for its value. */
const drawnPerName = 1;
const unknownIntent = "robustness-unknown-intent";
// GETs change nothing, so a few at once keep the server busy while the runner waits.
const queryConcurrency = 3;

/** One after another: a submission may change what the next one finds. */
export async function submitForms(client: RoleClient, forms: FormCase[]): Promise<void> {
  const posts = forms.filter((f) => f.method === "POST");
  const plan = planMutations(`${client.role.name} forms`, posts, drawnPerName);
  for (const form of posts) {
    for (const { name, mutation } of plan.filter((p) => p.target === form.key)) {
      await postForm(client, form, mutatePairs(form.pairs, name, mutation), `${name}: ${mutation.label}`);
    }
    await postWholeFormOddities(client, form);
  }
}

async function postForm(client: RoleClient, form: FormCase, pairs: Pair[], what: string) {
  await client.fetch(
    "forms",
    { method: "POST", url: form.action.href, what: `${what} · ${describePairs(pairs)}` },
    { headers: { origin: client.baseUrl, "content-type": "application/x-www-form-urlencoded" }, body: encodePairs(pairs) },
  );
}

async function postWholeFormOddities(client: RoleClient, form: FormCase) {
  const sent = (what: string) => ({ method: "POST", url: form.action.href, what });
  const origin = { origin: client.baseUrl };
  await postForm(client, form, mutatePairs(form.pairs, "intent", { label: unknownIntent, kind: "replace", value: unknownIntent }), "unknown intent");
  await postForm(client, form, [...form.pairs, { name: "__proto__.polluted", value: "1" }, { name: "constructor[prototype][polluted]", value: "1" }], "prototype keys");
  await client.fetch("forms", sent("empty body"), { headers: { ...origin, "content-type": "application/x-www-form-urlencoded" }, body: "" });
  // Multipart and JSON carry a NUL too, so they test parsing rather than redo the action.
  const first = form.names[0];
  const pairs = first ? mutatePairs(form.pairs, first, { label: "NUL", kind: "replace", value: "a\u0000b" }) : form.pairs;
  const boundary = "----hourbook-robustness";
  await client.fetch("forms", sent(`multipart · ${describePairs(pairs)}`), {
    headers: { ...origin, "content-type": `multipart/form-data; boundary=${boundary}` },
    body: multipartBody(pairs, boundary),
  });
  await client.fetch("forms", sent(`JSON · ${describePairs(pairs)}`), {
    headers: { ...origin, "content-type": "application/json" },
    body: JSON.stringify(Object.fromEntries(pairs.map((p) => [p.name, p.value]))),
  });
}

function multipartBody(pairs: Pair[], boundary: string): Buffer {
  const parts = pairs.map((p) => `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.encoded ? decodeURIComponentLoosely(p.value) : p.value}\r\n`);
  return Buffer.from(`${parts.join("")}--${boundary}--\r\n`);
}

function decodeURIComponentLoosely(value: string) {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Each query parameter of every crawled URL and GET form, mutated the same way. Pages
 * of one pattern read the same parameters, so one URL per pattern is enough: a GET
 * form's, which names every filter, or else the crawled URL with the most parameters.
 */
export async function mutateQueries(client: RoleClient, pages: URL[], forms: FormCase[]): Promise<void> {
  const targets = new Map<string, { key: string; url: URL; pairs: Pair[]; names: string[] }>();
  const consider = (url: URL, pairs: Pair[], names: string[]) => {
    const key = routePattern(url);
    if (names.length > (targets.get(key)?.names.length ?? 0)) targets.set(key, { key, url, pairs, names });
  };
  for (const form of forms.filter((f) => f.method === "GET")) consider(form.action, form.pairs, form.names);
  for (const url of pages) {
    const pairs = [...url.searchParams].map(([name, value]) => ({ name, value }));
    consider(url, pairs, [...new Set(pairs.map((p) => p.name))]);
  }
  const plan = planMutations(`${client.role.name} queries`, [...targets.values()], drawnPerName);
  await inPool(plan, queryConcurrency, async ({ target, name, mutation }) => {
    const { url, pairs } = targets.get(target)!;
    const mutated = withQuery(url, encodePairs(mutatePairs(pairs, name, mutation)));
    await client.fetch("queries", { method: "GET", url: mutated.href, what: `${name}: ${mutation.label}` });
  });
}
