/**
 * How a column changes type when PostgreSQL has no cast between the two: `ALTER COLUMN … TYPE new
 * USING col::new` fails then, even on an empty table. Between built-in types and enums the path
 * is known: a direct cast, through `text` (one enum to another: the labels are the text), or none
 * (`bigint` to `timestamp`: no expression is right for every table's data, so the diff refuses and
 * names the column). For other types (domains, composites, extension types) the direct cast is
 * written as before.
 *
 * Types arrive as `format_type` prints them under `search_path = pg_catalog`.
 */

import { formattedTypeName } from "./enums.ts";

/** The way from one column type to another: cast directly, cast through text, or no known way. */
export type CastPath = "direct" | "text" | "none";

const NUMERIC = new Set(["smallint", "integer", "bigint", "numeric", "real", "double precision"]);
const STRING = new Set(["text", "character varying", "character", '"char"', "name"]);
const DATETIME = new Set(["date", "timestamp without time zone", "timestamp with time zone", "time without time zone", "time with time zone", "interval"]);
const OTHER = new Set(["boolean", "json", "jsonb", "uuid", "bytea", "inet", "cidr", "macaddr", "macaddr8", "bit", "bit varying", "xml", "money", "oid"]);

/** The casts pg_cast has between the date and time types (source → targets). */
const DATETIME_CASTS: Readonly<Record<string, readonly string[]>> = {
  date: ["timestamp without time zone", "timestamp with time zone"],
  "timestamp without time zone": ["date", "time without time zone", "timestamp with time zone"],
  "timestamp with time zone": ["date", "time without time zone", "time with time zone", "timestamp without time zone"],
  "time without time zone": ["interval", "time with time zone"],
  "time with time zone": ["time without time zone"],
  interval: ["time without time zone"],
};

/** The casts pg_cast has among the other known types (source → targets). */
const OTHER_CASTS: Readonly<Record<string, readonly string[]>> = {
  boolean: ["integer"],
  integer: ["boolean", "bit", "money", "oid"],
  bigint: ["bit", "money", "oid"],
  numeric: ["money"],
  money: ["numeric"],
  bit: ["integer", "bigint", "bit varying"],
  "bit varying": ["bit"],
  json: ["jsonb"],
  jsonb: ["json", "boolean", "smallint", "integer", "bigint", "numeric", "real", "double precision"],
  inet: ["cidr"],
  cidr: ["inet"],
  macaddr: ["macaddr8"],
  macaddr8: ["macaddr"],
  oid: ["integer", "bigint"],
};

/** The type without modifiers (`character varying(20)` → `character varying`, `timestamp(3) with time zone` → `timestamp with time zone`). */
function baseName(type: string): string {
  const open = type.indexOf("(");
  if (open < 0) return type;
  const close = type.indexOf(")", open);
  return close < 0 ? type : `${type.slice(0, open)}${type.slice(close + 1)}`;
}

/**
 * The path from column type `have` to `want`; `enums` holds the enum types as format_type prints
 * them (`public.mood`). An array changes element by element, so it takes its element's path.
 */
export function castPath(have: string, want: string, enums: ReadonlySet<string>): CastPath {
  const haveArray = have.endsWith("[]");
  const wantArray = want.endsWith("[]");
  if (haveArray !== wantArray) return arrayAndScalar(have, want);
  const a = baseName(haveArray ? have.slice(0, have.indexOf("[")) : have);
  const b = baseName(wantArray ? want.slice(0, want.indexOf("[")) : want);
  if (a === b) return "direct";
  const known = (t: string) => NUMERIC.has(t) || STRING.has(t) || DATETIME.has(t) || OTHER.has(t) || enums.has(t);
  // Domains, composites and extension types: not judged here.
  if (!known(a) || !known(b)) return "direct";
  // Every type has text input and output, so casts to and from the string types always exist.
  if (STRING.has(a) || STRING.has(b)) return "direct";
  if (enums.has(a) && enums.has(b)) return "text";
  if (NUMERIC.has(a) && NUMERIC.has(b)) return "direct";
  if ((DATETIME_CASTS[a] ?? []).includes(b) || (OTHER_CASTS[a] ?? []).includes(b)) return "direct";
  return "none";
}

/** An array to a scalar or back: PostgreSQL casts neither way, except to and from the string types (text I/O). */
function arrayAndScalar(have: string, want: string): CastPath {
  return STRING.has(baseName(want)) || STRING.has(baseName(have)) ? "direct" : "none";
}

type TypeNamed = { readonly schema: string; readonly name: string };

/**
 * All the enum types of the models, as format_type prints them in column types, and the domains
 * over them (or over such domains): a domain's value casts as its base type's does, so one enum
 * domain to another goes through text as well.
 */
export function enumTypeNames(
  ...models: readonly { readonly enums: Readonly<Record<string, TypeNamed>>; readonly domains?: Readonly<Record<string, TypeNamed & { readonly baseType: string }>> }[]
): Set<string> {
  const out = new Set(models.flatMap((m) => Object.values(m.enums).map((e) => formattedTypeName(e.schema, e.name))));
  const domains = models.flatMap((m) => Object.values(m.domains ?? {}));
  // Domains over domains: repeat until no more join.
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of domains) {
      const name = formattedTypeName(d.schema, d.name);
      if (!out.has(name) && out.has(d.baseType)) {
        out.add(name);
        grew = true;
      }
    }
  }
  return out;
}
