/**
 * Reading libpg-query's JSON trees: the few shapes every rule needs (a node's kind, a table's
 * qualified name, a type's name as `format_type` prints it). Fields follow PostgreSQL's
 * parsenodes.h; absent booleans and empty lists are left out of the JSON by the parser.
 */
import { quoteIdent } from "../sql-quote.ts";
import type { AstNode } from "./types.ts";

/** A node's kind and body: `{ IndexStmt: {…} }` → `["IndexStmt", {…}]`. */
export function unwrap(node: AstNode | undefined): [kind: string, body: AstNode] | undefined {
  if (node === undefined) return undefined;
  const [kind] = Object.keys(node);
  if (kind === undefined) return undefined;
  return [kind, node[kind] as AstNode];
}

/** The body of `node` when it is of `kind`, else undefined. */
export function nodeOf(node: AstNode | undefined, kind: string): AstNode | undefined {
  const body = node?.[kind];
  return body !== undefined && body !== null && typeof body === "object" ? (body as AstNode) : undefined;
}

/** A field that holds a list of nodes (absent → empty). */
export function listOf(body: AstNode | undefined, field: string): readonly AstNode[] {
  const value = body?.[field];
  return Array.isArray(value) ? (value as AstNode[]) : [];
}

/** A field that holds one node. */
export function childOf(body: AstNode | undefined, field: string): AstNode | undefined {
  const value = body?.[field];
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as AstNode) : undefined;
}

/** A string field ("" when absent). */
export function stringOf(body: AstNode | undefined, field: string): string {
  const value = body?.[field];
  return typeof value === "string" ? value : "";
}

/** A boolean field (the parser omits false). */
export function flagOf(body: AstNode | undefined, field: string): boolean {
  return body?.[field] === true;
}

/** The parser's character offset of a node body's `location` (undefined when -1 or absent). */
export function locationOf(body: AstNode | undefined): number | undefined {
  const value = body?.["location"];
  return typeof value === "number" && value >= 0 ? value : undefined;
}

/**
 * Adds to `into` every string of `node`, at any depth, short enough to be a name: PostgreSQL cuts
 * a name to 63 bytes, and no string of more UTF-16 units than that has fewer bytes. So it holds
 * every relation the statement names, whichever node names it (a RangeVar, DROP's list of names, a
 * foreign key's table), and some strings that name nothing.
 */
export function collectNameStrings(node: unknown, into: Set<string>): void {
  if (typeof node === "string") {
    if (node.length <= MAX_NAME_BYTES) into.add(node);
  } else if (Array.isArray(node)) {
    for (const item of node) collectNameStrings(item, into);
  } else if (node !== null && typeof node === "object") {
    for (const value of Object.values(node)) collectNameStrings(value, into);
  }
}

/** NAMEDATALEN - 1. */
const MAX_NAME_BYTES = 63;

/** `[{String:{sval:"a"}}, {String:{sval:"b"}}]` → `["a", "b"]`. */
export function names(list: readonly AstNode[]): string[] {
  return list.map((item) => stringOf(nodeOf(item, "String"), "sval"));
}

/** The schema tables are taken to be in when a statement does not name one. */
export const DEFAULT_SCHEMA = "public";

/** A RangeVar body → `schema.table` (unqualified names are taken to be in `public`). */
export function qualifiedName(rangeVar: AstNode | undefined): string {
  return `${stringOf(rangeVar, "schemaname") || DEFAULT_SCHEMA}.${stringOf(rangeVar, "relname")}`;
}

/** A qualified name from a name list (`["s", "t"]` or `["t"]`). */
export function qualifiedFromNames(parts: readonly string[]): string {
  return parts.length >= 2 ? parts.slice(-2).join(".") : `${DEFAULT_SCHEMA}.${parts[0] ?? ""}`;
}

/** A qualified name as SQL would quote it where needed (`public.users` → `users`, `My.T` → `"My"."T"`). */
export function displayName(qualified: string): string {
  const dot = qualified.indexOf(".");
  const schema = qualified.slice(0, dot);
  const name = qualified.slice(dot + 1);
  return schema === DEFAULT_SCHEMA ? readableIdent(name) : `${readableIdent(schema)}.${readableIdent(name)}`;
}

/** An identifier for SQL shown to a person: bare when it reads back the same, else quoted. */
export function readableIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : quoteIdent(name);
}

// pg_catalog's internal names → the names format_type prints.
const BUILTIN_TYPE_NAMES: Readonly<Record<string, string>> = {
  int2: "smallint",
  int4: "integer",
  int8: "bigint",
  float4: "real",
  float8: "double precision",
  bool: "boolean",
  varchar: "character varying",
  bpchar: "character",
  numeric: "numeric",
  timestamp: "timestamp without time zone",
  timestamptz: "timestamp with time zone",
  time: "time without time zone",
  timetz: "time with time zone",
  interval: "interval",
  bit: "bit",
  varbit: "bit varying",
};

// Names a user may write that PostgreSQL resolves to a built-in type.
const ALIASES: Readonly<Record<string, string>> = {
  int: "integer",
  integer: "integer",
  smallint: "smallint",
  bigint: "bigint",
  serial: "integer",
  bigserial: "bigint",
  smallserial: "smallint",
  serial4: "integer",
  serial8: "bigint",
  serial2: "smallint",
  text: "text",
  varchar: "character varying",
  timestamptz: "timestamp with time zone",
  timestamp: "timestamp without time zone",
  boolean: "boolean",
  bool: "boolean",
  decimal: "numeric",
  json: "json",
  jsonb: "jsonb",
  uuid: "uuid",
  date: "date",
  bytea: "bytea",
  citext: "citext",
  int2: "smallint",
  int4: "integer",
  int8: "bigint",
  float4: "real",
  float8: "double precision",
  varbit: "bit varying",
  timetz: "time with time zone",
  bpchar: "bpchar",
};

/** A TypeName body as `format_type` prints it: `character varying(20)`, `integer[]`, `public.mood`. */
export function typeNameText(typeName: AstNode | undefined): string {
  const parts = names(listOf(typeName, "names"));
  const modifiers = listOf(typeName, "typmods").map(constantText).filter((m) => m !== "");
  const array = listOf(typeName, "arrayBounds").length > 0 ? "[]" : "";
  let base: string;
  if (parts.length === 2 && parts[0] === "pg_catalog") base = BUILTIN_TYPE_NAMES[parts[1]!] ?? parts[1]!;
  else if (parts.length === 1) base = ALIASES[parts[0]!] ?? `${DEFAULT_SCHEMA}.${parts[0]}`;
  else base = parts.join(".");
  // format_type puts the modifiers of the time types before "with(out) time zone".
  const zone = /^(timestamp|time) (with(?:out)? time zone)$/.exec(base);
  if (zone && modifiers.length > 0) return `${zone[1]}(${modifiers.join(",")}) ${zone[2]}${array}`;
  return `${base}${modifiers.length > 0 ? `(${modifiers.join(",")})` : ""}${array}`;
}

/** An A_Const's value as text ("" for anything else). */
export function constantText(node: AstNode): string {
  const constant = nodeOf(node, "A_Const");
  if (constant === undefined) return "";
  const ival = childOf(constant, "ival");
  if (ival !== undefined) return String(ival["ival"] ?? 0);
  const sval = childOf(constant, "sval");
  if (sval !== undefined) return stringOf(sval, "sval");
  const fval = childOf(constant, "fval");
  if (fval !== undefined) return stringOf(fval, "fval");
  return "";
}
