/**
 * Breadth-first over what a role can reach by following links: every page once per
 * path and set of query keys, a few pages per route pattern, every form on them.
 */
import { type HTMLElement, parse } from "node-html-parser";
import type { RoleClient } from "./client";
import type { Pair } from "./mutations";

export interface FormCase {
  /** Same for the same form on another entity's page, so each form is tried once. */
  key: string;
  page: string;
  method: "GET" | "POST";
  action: URL;
  pairs: Pair[];
  /** Every name the form can send, checked or not. */
  names: string[];
  intent?: string;
}

export interface Site {
  pages: URL[];
  forms: FormCase[];
}

const maxPages = 150;
const maxPagesPerPattern = 3;

/** Never followed or submitted: they end the crawler's session or change its password. */
export function isOffLimits(url: URL, intent?: string): boolean {
  if (url.pathname === "/logout") return true;
  if (url.pathname === "/account" && (url.searchParams.get("intent") === "password" || intent?.startsWith("sign-out"))) return true;
  return false;
}

/** `/c/acme/invoices/3f…` and `/c/acme/audit/42` stand for every invoice and entry. */
export function routePattern(url: URL): string {
  return url.pathname
    .split("/")
    .map((segment) => (/^[0-9a-f]{8}-[0-9a-f-]{27}$/i.test(segment) || /^\d+$/.test(segment) || segment.length > 40 ? ":id" : segment))
    .join("/");
}

function visitKey(url: URL): string {
  return `${url.pathname}?${[...new Set(url.searchParams.keys())].sort().join("&")}`;
}

export async function crawl(client: RoleClient, seeds: string[]): Promise<Site> {
  const queue = seeds.map((seed) => new URL(seed, client.baseUrl));
  const queued = new Set(queue.map(visitKey));
  const perPattern = new Map<string, number>();
  const pages: URL[] = [];
  const forms = new Map<string, FormCase>();
  const enqueue = (url: URL) => {
    const key = visitKey(url);
    if (url.origin !== client.baseUrl || queued.has(key) || isOffLimits(url) || url.pathname.startsWith("/build/")) return;
    queued.add(key);
    queue.push(url);
  };

  for (let url = queue.shift(); url && pages.length < maxPages; url = queue.shift()) {
    const pattern = routePattern(url);
    if ((perPattern.get(pattern) ?? 0) >= maxPagesPerPattern) continue;
    perPattern.set(pattern, (perPattern.get(pattern) ?? 0) + 1);
    pages.push(url);
    const answer = await client.fetch("crawl", { method: "GET", url: url.href, what: "crawl" }, { wantBody: true });
    if (answer?.location) enqueue(new URL(answer.location, url));
    if (!answer?.body) continue;
    const document = parse(answer.body);
    for (const link of document.querySelectorAll("a[href]")) enqueue(new URL(link.getAttribute("href")!, url));
    for (const form of formsOf(document, url)) {
      if (form.method === "GET") enqueue(withQuery(form.action, form.pairs));
      if (!forms.has(form.key) && !isOffLimits(form.action, form.intent)) forms.set(form.key, form);
    }
  }
  return { pages, forms: [...forms.values()] };
}

export function withQuery(action: URL, query: string | Pair[]): URL {
  const url = new URL(action);
  url.search = typeof query === "string" ? query : new URLSearchParams(query.map((p) => [p.name, p.value])).toString();
  return url;
}

/** A form per submit button that names an intent, as a browser would send each. */
function formsOf(document: HTMLElement, page: URL): FormCase[] {
  return document.querySelectorAll("form").flatMap((form) => {
    const method = form.getAttribute("method")?.toUpperCase() === "POST" ? "POST" : "GET";
    const action = new URL(form.getAttribute("action") ?? page.href, page);
    const controls = controlsOf(document, form);
    const pairs = controls.flatMap(valuesOf);
    const buttons = controls.filter(isSubmitButton).filter((button) => button.getAttribute("name"));
    const submissions = buttons.length ? buttons.map((b) => ({ name: b.getAttribute("name")!, value: b.getAttribute("value") ?? "" })) : [undefined];
    return submissions.map((button) => {
      const names = [...new Set([...controls.filter((c) => !isSubmitButton(c)).map((c) => c.getAttribute("name")), button?.name])]
        .filter((name): name is string => Boolean(name))
        .sort();
      const all = button ? [...pairs, button] : pairs;
      const intent = all.find((pair) => pair.name === "intent")?.value;
      const key = [method, routePattern(action), action.search.includes("intent=") ? action.search : "", names.join(","), intent ?? ""].join(" ");
      return { key, page: page.href, method, action, pairs: all, names, intent };
    });
  });
}

function controlsOf(document: HTMLElement, form: HTMLElement): HTMLElement[] {
  const inside = form.querySelectorAll("input, select, textarea, button");
  const id = form.getAttribute("id");
  // Controls elsewhere on the page can join a form through their form attribute.
  const outside = id ? document.querySelectorAll(`[form="${id}"]`) : [];
  return [...inside, ...outside].filter((control) => isSubmitButton(control) || (control.getAttribute("name") && !control.hasAttribute("disabled")));
}

function isSubmitButton(control: HTMLElement): boolean {
  const type = control.getAttribute("type")?.toLowerCase();
  if (control.tagName === "BUTTON") return !type || type === "submit";
  return control.tagName === "INPUT" && (type === "submit" || type === "image");
}

/** What a browser sends for the control as the page left it. */
function valuesOf(control: HTMLElement): Pair[] {
  const name = control.getAttribute("name");
  if (!name || isSubmitButton(control) || control.hasAttribute("disabled")) return [];
  if (control.tagName === "TEXTAREA") return [{ name, value: control.textContent }];
  if (control.tagName === "SELECT") {
    const options = control.querySelectorAll("option");
    const selected = options.filter((option) => option.hasAttribute("selected"));
    const chosen = selected.length ? selected : options.slice(0, control.hasAttribute("multiple") ? 0 : 1);
    return chosen.map((option) => ({ name, value: option.getAttribute("value") ?? option.textContent }));
  }
  const type = control.getAttribute("type")?.toLowerCase() ?? "text";
  if ((type === "checkbox" || type === "radio") && !control.hasAttribute("checked")) return [];
  if (type === "file" || type === "button" || type === "reset") return [];
  return [{ name, value: control.getAttribute("value") ?? (type === "checkbox" || type === "radio" ? "on" : "") }];
}
