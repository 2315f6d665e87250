/**
 * Values no browser form would send, and the seeded sampling that spreads them over
 * fields: the same seed draws the same mutations on every machine, so a finding
 * reproduces and a run's figures compare with the last one.
 */

/** One name=value of a form or query. `encoded` values go on the wire as they are. */
export interface Pair {
  name: string;
  value: string;
  encoded?: boolean;
}

export type ValueMutation =
  | { label: string; kind: "replace"; value: string }
  // Bytes a string can't hold (invalid UTF-8, lone surrogates) travel percent-encoded.
  | { label: string; kind: "encoded"; value: string }
  | { label: string; kind: "repeat" }
  | { label: string; kind: "remove" };

const replace = (label: string, value = label): ValueMutation => ({ label, kind: "replace", value });

export const valueMutations: readonly ValueMutation[] = [
  replace("NUL inside text", "a\u0000b"),
  replace("control characters", "a\u0001\u0008\u001b\u007f\u0085b"),
  replace("100 000 characters", "x".repeat(100_000)),
  replace("9999-12-31"),
  replace("0000-01-01"),
  replace("1900-01-01"),
  replace("2024-02-30"),
  replace("-1"),
  replace("1e309"),
  replace("NaN"),
  replace("99999999999999999999"),
  replace("not-a-uuid"),
  replace("unknown uuid", "7f3e0e4a-1c2b-4d5e-8f90-123456789abc"),
  { label: "repeated", kind: "repeat" },
  { label: "missing", kind: "remove" },
  replace("emoji and RTL", "👩🏽‍💻 \u202Eevil\u202C שלום"),
  replace("../../etc/passwd"),
  replace("<script>alert(1)</script>"),
  replace("only whitespace", " \t\n "),
  { label: "invalid UTF-8", kind: "encoded", value: "%C0%AE%FF" },
  { label: "lone surrogate", kind: "encoded", value: "%ED%A0%80" },
];

/** mulberry32 seeded from a string: tiny, and stable across Node versions. */
export function seededRandom(seed: string): () => number {
  let state = 2166136261;
  for (let i = 0; i < seed.length; i++) state = Math.imul(state ^ seed.charCodeAt(i), 16777619);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sample<T>(random: () => number, items: readonly T[], count: number): T[] {
  const pool = [...items];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}

/** What a value of this shape most likely trips over: always tried, whatever the draw. */
function likelyTrouble(name: string, value: string): string[] {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value) || /date|from|to$|week|day|start|end|until|since/i.test(name)) return ["9999-12-31", "0000-01-01"];
  if (/^[0-9a-f]{8}-[0-9a-f-]{27}$/i.test(value)) return ["not-a-uuid"];
  if (/^-?\d+(\.\d+)?$/.test(value)) return ["1e309"];
  return ["NUL inside text"];
}

export interface Planned {
  /** The form or query the mutation goes to. */
  target: string;
  name: string;
  mutation: ValueMutation;
}

/**
 * Which mutations each name of each target gets: the likely trouble for its value plus
 * `drawn` more at random; then each mutation nothing drew goes to a drawn name, so a
 * role meets every mutation without sending names × mutations.
 */
export function planMutations(seed: string, targets: { key: string; pairs: readonly Pair[]; names: readonly string[] }[], drawn: number): Planned[] {
  const random = seededRandom(seed);
  const planned = targets.flatMap(({ key, pairs, names }) =>
    onePerShape(names).flatMap((name) => {
      const value = pairs.find((pair) => pair.name === name)?.value ?? "";
      const likely = likelyTrouble(name, value);
      const others = valueMutations.filter((m) => !likely.includes(m.label));
      const chosen = [...valueMutations.filter((m) => likely.includes(m.label)), ...sample(random, others, drawn)];
      return chosen.map((mutation) => ({ target: key, name, mutation }));
    }),
  );
  const used = new Set(planned.map((p) => p.mutation.label));
  const named = targets.filter((t) => t.names.length > 0);
  for (const mutation of valueMutations) {
    const target = named[Math.floor(random() * named.length)];
    if (used.has(mutation.label) || !target) continue;
    planned.push({ target: target.key, name: target.names[Math.floor(random() * target.names.length)]!, mutation });
  }
  return planned;
}

/** `cell:<project>:<task>:<day>` stands for the whole week grid: its fields differ only in ids and dates. */
function onePerShape(names: readonly string[]): string[] {
  const shapes = new Map<string, string>();
  for (const name of names) {
    const shape = name.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/gi, "<id>").replace(/\d{4}-\d{2}-\d{2}/g, "<date>").replace(/\d+/g, "<n>");
    if (!shapes.has(shape)) shapes.set(shape, name);
  }
  return [...shapes.values()];
}

/** A seeded few of `choices` for each item, and every choice for some item. */
export function assignChoices<T extends { label: string }>(seed: string, items: readonly string[], choices: readonly T[], perItem: number) {
  if (items.length === 0) return [];
  const random = seededRandom(seed);
  const assigned = items.flatMap((item) => sample(random, choices, perItem).map((choice) => ({ item, choice })));
  const used = new Set(assigned.map((a) => a.choice.label));
  for (const choice of choices) {
    if (!used.has(choice.label)) assigned.push({ item: items[Math.floor(random() * items.length)]!, choice });
  }
  return assigned;
}

/** Runs `work` over `items` in order, at most `concurrency` at once. */
export async function inPool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** The pairs with the first `name` mutated; a mutation of a name that isn't there adds it. */
export function mutatePairs(pairs: readonly Pair[], name: string, mutation: ValueMutation): Pair[] {
  const index = pairs.findIndex((pair) => pair.name === name);
  const original = pairs[index] ?? { name, value: "" };
  const at = index === -1 ? pairs.length : index;
  const before = pairs.slice(0, at);
  const after = pairs.slice(index === -1 ? at : at + 1);
  switch (mutation.kind) {
    case "replace":
      return [...before, { name, value: mutation.value }, ...after];
    case "encoded":
      return [...before, { name, value: mutation.value, encoded: true }, ...after];
    case "repeat":
      return [...before, original, original, ...after];
    case "remove":
      return pairs.filter((pair) => pair.name !== name);
  }
}

export function encodePairs(pairs: readonly Pair[]): string {
  return pairs
    .map(({ name, value, encoded }) => `${encodeURIComponent(name)}=${encoded ? value : encodeURIComponent(value)}`)
    .join("&");
}

/** How a mutated value reads in a finding: short, and showing what an invisible byte was. */
export function describePairs(pairs: readonly Pair[], limit = 160): string {
  const text = pairs.map(({ name, value }) => `${name}=${JSON.stringify(value.length > 40 ? `${value.slice(0, 20)}…(${value.length} chars)` : value)}`).join("&");
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}
