/**
 * A piece of parameterized SQL: trusted text between bound values, in the shape of a tagged
 * template (strings.length === values.length + 1). User input only ever travels in `values`;
 * the repository hands both to Kysely's `sql(strings, ...values)`, which binds them as $n.
 */
export interface SqlFragment {
  readonly strings: readonly string[];
  readonly values: readonly unknown[];
}

const FRAGMENT = Symbol('sql-fragment');

function isFragment(v: unknown): v is SqlFragment {
  return typeof v === 'object' && v !== null && FRAGMENT in v;
}

function make(strings: string[], values: unknown[]): SqlFragment {
  const f = { strings, values };
  Object.defineProperty(f, FRAGMENT, { value: true });
  return f;
}

/** Tagged template: nested fragments are spliced in, every other value becomes a parameter. */
export function sqlf(strings: TemplateStringsArray, ...values: unknown[]): SqlFragment {
  const outStrings: string[] = [strings[0]!];
  const outValues: unknown[] = [];
  values.forEach((v, k) => {
    if (isFragment(v)) {
      outStrings[outStrings.length - 1] += v.strings[0]!;
      for (let j = 0; j < v.values.length; j++) {
        outValues.push(v.values[j]);
        outStrings.push(v.strings[j + 1]!);
      }
      outStrings[outStrings.length - 1] += strings[k + 1]!;
    } else {
      outValues.push(v);
      outStrings.push(strings[k + 1]!);
    }
  });
  return make(outStrings, outValues);
}

/** Trusted SQL text (identifiers from a whitelist, keywords). Never pass user input. */
export function trusted(text: string): SqlFragment {
  return make([text], []);
}

/** Joins fragments with a trusted separator such as ' AND '. */
export function joinSql(parts: SqlFragment[], separator: string): SqlFragment {
  if (parts.length === 0) return trusted('');
  let out = parts[0]!;
  for (const p of parts.slice(1)) out = sqlf`${out}${trusted(separator)}${p}`;
  return out;
}

/** The fragment as PostgreSQL text with $1..$n placeholders (tests, logging, EXPLAIN). */
export function toSqlText(f: SqlFragment): { text: string; values: unknown[] } {
  let text = f.strings[0]!;
  f.values.forEach((_, k) => {
    text += `$${k + 1}${f.strings[k + 1]!}`;
  });
  return { text, values: [...f.values] };
}
