/**
 * Whether ALTER COLUMN … TYPE rewrites the table, judged from the old and new types as
 * `format_type` prints them. PostgreSQL skips the rewrite when the old type is binary coercible
 * to the new one and the new type modifier cannot reject or change a value (the length,
 * precision and time-precision "support functions" say so): varchar(n) → varchar(m ≥ n) / text,
 * numeric(p,s) → numeric(p' ≥ p, s) / numeric, varbit widened, cidr → inet, xml → text,
 * text → bpchar, time precision raised. character(n) → anything else pads or trims: a rewrite. timestamp ↔ timestamptz needs no rewrite only when the session TimeZone is UTC
 * (PostgreSQL 12+). Everything else rewrites.
 */

/** A type as `format_type` prints it, taken apart. */
interface TypeParts {
  readonly base: string;
  readonly modifiers: readonly number[];
  readonly array: boolean;
}

/** `character varying(20)` → base `character varying`, modifiers [20]; `timestamp(3) with time zone` → `timestamp with time zone`, [3]. */
export function typeParts(type: string): TypeParts {
  // format_type leaves out the schema of a type on the search path; the parser's names keep it.
  let text = type.trim();
  for (const schema of ["pg_catalog.", "public."]) if (text.startsWith(schema)) text = text.slice(schema.length);
  const array = text.endsWith("[]");
  if (array) text = text.slice(0, -2);
  const open = text.indexOf("(");
  const close = text.indexOf(")", open);
  if (open < 0 || close < 0) return { base: text, modifiers: [], array };
  const modifiers = text
    .slice(open + 1, close)
    .split(",")
    .map((m) => Number(m.trim()));
  const base = `${text.slice(0, open)}${text.slice(close + 1)}`.replace(/\s+/g, " ").trim();
  return { base, modifiers, array };
}

export type TypeChangeCost = "none" | "rewrite" | "timezone";

const LENGTH_LIMITED = new Set(["character varying", "bit varying"]);
const TIME_PRECISION = new Set(["timestamp without time zone", "timestamp with time zone", "time without time zone", "time with time zone"]);
const TIMESTAMPS = new Set(["timestamp without time zone", "timestamp with time zone"]);

/** What changing a column from `from` to `to` costs (`none`: a catalog change, indexes kept or rebuilt). */
export function typeChangeCost(from: string, to: string): TypeChangeCost {
  const old = typeParts(from);
  const next = typeParts(to);
  if (old.array !== next.array) return "rewrite";
  if (old.base === next.base && sameModifiers(old.modifiers, next.modifiers)) return "none";
  if (old.array) return "rewrite";
  if (old.base === next.base) {
    if (LENGTH_LIMITED.has(old.base) || TIME_PRECISION.has(old.base)) return widens(old.modifiers[0], next.modifiers[0]) ? "none" : "rewrite";
    if (old.base === "numeric") {
      if (next.modifiers.length === 0) return "none";
      if (old.modifiers.length === 0) return "rewrite";
      const [oldPrecision = 0, oldScale = 0] = old.modifiers;
      const [newPrecision = 0, newScale = 0] = next.modifiers;
      return newScale === oldScale && newPrecision >= oldPrecision ? "none" : "rewrite";
    }
    return "rewrite";
  }
  if (old.base === "character varying" && next.base === "text") return "none";
  if (old.base === "text" && next.base === "character varying" && next.modifiers.length === 0) return "none";
  if (old.base === "cidr" && next.base === "inet") return "none";
  if (old.base === "xml" && next.base === "text") return "none";
  // Unconstrained bpchar (format_type's name; `char` alone is character(1)) takes any text as it is.
  if ((old.base === "text" || old.base === "character varying") && next.base === "bpchar") return "none";
  if (TIMESTAMPS.has(old.base) && TIMESTAMPS.has(next.base)) return widens(old.modifiers[0], next.modifiers[0]) ? "timezone" : "rewrite";
  return "rewrite";
}

function sameModifiers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((m, i) => m === b[i]);
}

/** A length or precision that can hold every old value: unlimited, or at least as large. */
function widens(from: number | undefined, to: number | undefined): boolean {
  if (to === undefined) return true;
  return from !== undefined && to >= from;
}
