/**
 * A tiny SQL template tag shared by both backends.
 *
 * Values become positional parameters ($1, $2, …); nested `sql` fragments are
 * inlined with their parameters renumbered, so queries can be composed without
 * ever concatenating user input into SQL text.
 */
export type SqlValue =
  | string
  | number
  | boolean
  | null
  | Date
  | readonly unknown[]
  | { readonly [key: string]: unknown }
  | SqlFragment
  | undefined;

export class SqlFragment {
  constructor(
    readonly strings: readonly string[],
    readonly values: readonly SqlValue[],
  ) {}

  /** Render to text with $n placeholders and the flat parameter list. */
  compile(): { text: string; params: unknown[] } {
    const params: unknown[] = [];
    const text = this.render(params);
    return { text, params };
  }

  private render(params: unknown[]): string {
    let text = this.strings[0] ?? "";
    this.values.forEach((value, index) => {
      if (value instanceof SqlFragment) {
        text += value.render(params);
      } else {
        if (value === undefined) {
          throw new TypeError(
            `sql: parameter ${index + 1} is undefined (use null for SQL NULL)`,
          );
        }
        params.push(value);
        text += `$${params.length}`;
      }
      text += this.strings[index + 1] ?? "";
    });
    return text;
  }
}

export function sql(
  strings: TemplateStringsArray,
  ...values: SqlValue[]
): SqlFragment {
  return new SqlFragment(strings, values);
}

/** A quoted identifier, for the rare query whose table or column is data (tests, sort keys). */
export function identifier(name: string): SqlFragment {
  return new SqlFragment([`"${name.replace(/"/g, '""')}"`], []);
}

/** Join fragments with a separator, e.g. a list of conditions with AND. */
export function join(fragments: readonly SqlFragment[], separator: string): SqlFragment {
  if (fragments.length === 0) return new SqlFragment([""], []);
  const strings = ["", ...Array(fragments.length - 1).fill(separator), ""];
  return new SqlFragment(strings, fragments);
}
