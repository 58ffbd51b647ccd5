/**
 * Which column type changes PostgreSQL makes without touching the rows. `ALTER COLUMN … TYPE`
 * skips the table rewrite (and the scan) when the old type is binary-coercible to the new one and
 * any length or precision check can only pass: varchar to text or to a wider varchar, a numeric
 * with more precision and the same scale, a wider bit varying, time and timestamp with more
 * fractional digits (their `_support` functions drop the coercion), and cidr to inet. Everything
 * else rewrites the table and can fail on rows that do not convert.
 *
 * Types arrive as `format_type` prints them under `search_path = pg_catalog`, e.g.
 * `character varying(200)`, `numeric(12,2)`, `timestamp(3) with time zone`, `text[]`.
 */

/** A type name split into its base name, modifiers and array suffix. */
interface TypeName {
  /** The name without modifiers: `character varying`, `timestamp with time zone`. */
  readonly base: string;
  /** The numbers in parentheses, or [] when there are none. */
  readonly modifiers: readonly number[];
  /** The `[]` suffix, kept whole: an array changes element-wise. */
  readonly array: string;
}

/** Splits format_type output; null for a shape it does not print for built-in types. */
function parseTypeName(text: string): TypeName | null {
  const arrayAt = text.indexOf("[");
  const array = arrayAt < 0 ? "" : text.slice(arrayAt);
  const scalar = arrayAt < 0 ? text : text.slice(0, arrayAt);
  const open = scalar.indexOf("(");
  if (open < 0) return { base: scalar, modifiers: [], array };
  const close = scalar.indexOf(")", open);
  if (close < 0) return null;
  const modifiers = scalar.slice(open + 1, close).split(",").map((m) => Number(m.trim()));
  if (modifiers.some((m) => !Number.isInteger(m))) return null;
  // `timestamp(3) with time zone`: the modifier sits inside the name.
  const base = `${scalar.slice(0, open)}${scalar.slice(close + 1)}`;
  return { base, modifiers, array };
}

const VARCHAR = "character varying";
/** Types whose modifier is a length or a number of fractional digits, widened in place. */
const WIDENED_IN_PLACE = new Set([VARCHAR, "bit varying", "time without time zone", "time with time zone", "timestamp without time zone", "timestamp with time zone"]);

/** True when the modifier `want` accepts every value `have` does: none is the widest. */
function wider(have: readonly number[], want: readonly number[]): boolean {
  if (want.length === 0) return true;
  if (have.length === 0) return false;
  return want[0]! >= have[0]!;
}

/**
 * True when PostgreSQL changes a column from type `have` to type `want` without rewriting or
 * scanning the table: nothing can fail and no data changes.
 */
export function changesTypeInPlace(have: string, want: string): boolean {
  const a = parseTypeName(have);
  const b = parseTypeName(want);
  if (a === null || b === null || a.array !== "" || b.array !== "") return false;
  if (a.base === b.base) {
    if (a.base === "numeric") {
      // numeric(p,s) → numeric(p2,s) with p2 ≥ p, or → numeric with no limit.
      if (b.modifiers.length === 0) return true;
      return a.modifiers.length === 2 && b.modifiers.length === 2 && b.modifiers[1] === a.modifiers[1] && b.modifiers[0]! >= a.modifiers[0]!;
    }
    return WIDENED_IN_PLACE.has(a.base) && wider(a.modifiers, b.modifiers);
  }
  // varchar(n) and text are binary-coercible both ways; only an unlimited target cannot fail.
  if ((a.base === VARCHAR && b.base === "text") || (a.base === "text" && b.base === VARCHAR && b.modifiers.length === 0)) return true;
  return a.base === "cidr" && b.base === "inet";
}
