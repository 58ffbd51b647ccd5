/**
 * Diff of privileges: GRANT and REVOKE from the ACLs the model holds. An ACL is compared as a set
 * of (grantee, privilege, with grant option), without grantors and without the owner's own
 * entry: the owner differs between databases (a scratch database's objects belong to whoever
 * built them), and GRANT run by the owner or a superuser records the owner as grantor. A null ACL
 * stands for the object kind's defaults: EXECUTE on functions and USAGE on types for PUBLIC.
 * Column privileges of tables, views and materialized views are compared the same way, column by
 * column; the owner's revoking of its own privileges is not covered. A new object starts from what
 * the target's default privileges give it (see default-privileges.ts).
 */
import { type Acl, type DefaultPrivilegesObjectType, type SchemaModel, quoteIdent } from "./model.ts";
import { Phase, type PhasedStep, phased, sortedKeys } from "./step.ts";

/** Privilege letters of aclitem, in the order PostgreSQL prints them. */
const PRIVILEGES: Readonly<Record<string, string>> = {
  r: "SELECT",
  a: "INSERT",
  w: "UPDATE",
  d: "DELETE",
  D: "TRUNCATE",
  x: "REFERENCES",
  t: "TRIGGER",
  X: "EXECUTE",
  U: "USAGE",
  C: "CREATE",
  c: "CONNECT",
  T: "TEMPORARY",
  m: "MAINTAIN",
};

/** One granted privilege: `grantee` is "" for PUBLIC. */
interface Grant {
  readonly grantee: string;
  readonly privilege: string;
  readonly grantable: boolean;
}

/** Reads a role name at `i` of an aclitem (quoted or bare); returns it and the index after it. */
function readRole(text: string, i: number): [string, number] {
  if (text[i] !== '"') {
    let j = i;
    while (j < text.length && text[j] !== "=" && text[j] !== "/") j++;
    return [text.slice(i, j), j];
  }
  let name = "";
  let j = i + 1;
  while (j < text.length) {
    if (text[j] === '"' && text[j + 1] === '"') {
      name += '"';
      j += 2;
    } else if (text[j] === '"') {
      return [name, j + 1];
    } else {
      name += text[j++];
    }
  }
  return [name, j];
}

/** Parses `grantee=privs/grantor` (grantee empty for PUBLIC). */
export function parseAclItem(item: string): { grantee: string; grantor: string; grants: Grant[] } {
  const [grantee, afterGrantee] = readRole(item, 0);
  const slash = item.lastIndexOf("/");
  const letters = item.slice(afterGrantee + 1, slash);
  const [grantor] = readRole(item, slash + 1);
  const grants: Grant[] = [];
  for (let i = 0; i < letters.length; i++) {
    const privilege = PRIVILEGES[letters[i]!];
    if (privilege === undefined) continue;
    const grantable = letters[i + 1] === "*";
    if (grantable) i++;
    grants.push({ grantee, privilege, grantable });
  }
  return { grantee, grantor, grants };
}

/** What a null ACL grants to PUBLIC, by the kind of object. */
export type AclKind = "schema" | "table" | "column" | "sequence" | "function" | "type";

const DEFAULT_PUBLIC: Readonly<Record<AclKind, readonly string[]>> = {
  schema: [],
  table: [],
  column: [],
  sequence: [],
  function: ["EXECUTE"],
  type: ["USAGE"],
};

/** The ACL as comparable grant keys: `grantee\0privilege\0grantable`, owner's own entry left out. */
function grantSet(acl: Acl, kind: AclKind): Set<string> {
  const out = new Set<string>();
  if (acl === null) {
    for (const p of DEFAULT_PUBLIC[kind]) out.add(`\u0000${p}\u0000false`);
    return out;
  }
  for (const item of acl) {
    const { grantee, grantor, grants } = parseAclItem(item);
    // The owner's own privileges: a grantee granting to itself is the owner.
    if (grantee !== "" && grantee === grantor) continue;
    for (const g of grants) out.add(`${g.grantee}\u0000${g.privilege}\u0000${g.grantable}`);
  }
  return out;
}

function roleSql(grantee: string): string {
  return grantee === "" ? "PUBLIC" : quoteIdent(grantee);
}

/** The object as GRANT names it: `TABLE "s"."t"`, `FUNCTION "s"."f"(integer)`, `SCHEMA "s"`… */
export interface AclTarget {
  readonly key: string;
  readonly kind: AclKind;
  /** e.g. `TABLE "s"."t"`. */
  readonly target: string;
  /** For column privileges, the quoted column name: `GRANT SELECT ("c") ON TABLE …`. */
  readonly column?: string;
  /** The schema the object is in; null for a schema. */
  readonly schema: string | null;
  readonly acl: Acl;
}

/** `SELECT` or, for a column, `SELECT ("c")`. */
function privilegeSql(privilege: string, t: AclTarget): string {
  return t.column === undefined ? privilege : `${privilege} (${t.column})`;
}

/**
 * The steps turning the grants of `have` (undefined: the object is new or recreated) into those of
 * `want`. `given` is what default privileges may have given a new object (see `defaultGrants`):
 * whether they did depends on the role that runs the script, so each of those the object must not
 * have is revoked, and each it must have is granted, even where the kind's defaults give it.
 */
function grantSteps(want: AclTarget, have: Acl | undefined, given: readonly string[] | null = null): PhasedStep[] {
  const before = grantSet(have === undefined ? null : have, want.kind);
  if (given !== null) for (const key of grantSet(given, want.kind)) before.add(key);
  const after = grantSet(want.acl, want.kind);
  const out: PhasedStep[] = [];
  const split = (key: string) => {
    const [grantee, privilege, grantable] = key.split("\u0000") as [string, string, string];
    return { grantee, privilege, grantable: grantable === "true" };
  };
  for (const key of [...before].sort()) {
    if (after.has(key)) continue;
    const g = split(key);
    // Losing only the grant option keeps the privilege.
    const keepsPrivilege = g.grantable && after.has(`${g.grantee}\u0000${g.privilege}\u0000false`);
    const sql = keepsPrivilege
      ? `REVOKE GRANT OPTION FOR ${privilegeSql(g.privilege, want)} ON ${want.target} FROM ${roleSql(g.grantee)};`
      : `REVOKE ${privilegeSql(g.privilege, want)} ON ${want.target} FROM ${roleSql(g.grantee)};`;
    out.push(phased(Phase.grant, { sql, kind: "revoke", object: want.key, destructive: false }));
  }
  for (const key of [...after].sort()) {
    if (given === null && before.has(key)) continue;
    const g = split(key);
    if (given === null && !g.grantable && before.has(`${g.grantee}\u0000${g.privilege}\u0000true`)) continue; // handled by the REVOKE GRANT OPTION above
    const sql = `GRANT ${privilegeSql(g.privilege, want)} ON ${want.target} TO ${roleSql(g.grantee)}${g.grantable ? " WITH GRANT OPTION" : ""};`;
    out.push(phased(Phase.grant, { sql, kind: "grant", object: want.key, destructive: false }));
  }
  return out;
}

function columnTarget(relation: string, schema: string, column: string, acl: Acl): AclTarget {
  // A partition's or child's inherited column has its own privileges all the same. GRANT … ON TABLE
  // names views and materialized views too.
  return { key: `${relation}.${quoteIdent(column)}`, kind: "column", target: `TABLE ${relation}`, column: quoteIdent(column), schema, acl };
}

/** Every object of `model` that has an ACL, as GRANT names it (columns only when they have privileges). */
export function aclTargets(model: SchemaModel): AclTarget[] {
  const out: AclTarget[] = [];
  const add = (kind: AclKind, keyword: string, objects: Readonly<Record<string, { readonly schema: string; readonly acl: Acl }>>) => {
    for (const key of sortedKeys(objects)) out.push({ key, kind, target: `${keyword} ${key}`, schema: objects[key]!.schema, acl: objects[key]!.acl });
  };
  for (const name of sortedKeys(model.schemas)) out.push({ key: name, kind: "schema", target: `SCHEMA ${quoteIdent(name)}`, schema: null, acl: model.schemas[name]!.acl });
  add("type", "TYPE", model.enums);
  add("type", "TYPE", model.compositeTypes);
  add("type", "TYPE", model.rangeTypes);
  add("type", "DOMAIN", model.domains);
  add("sequence", "SEQUENCE", model.sequences);
  add("table", "TABLE", model.tables);
  // Only columns with privileges of their own: a few among thousands (see diffPrivileges for those that lose them).
  for (const key of sortedKeys(model.tables)) {
    const t = model.tables[key]!;
    for (const c of t.columns) {
      if (c.acl !== null) out.push(columnTarget(key, t.schema, c.name, c.acl));
    }
  }
  add("table", "TABLE", model.views);
  add("table", "TABLE", model.materializedViews);
  for (const views of [model.views, model.materializedViews]) {
    for (const key of sortedKeys(views)) {
      const acls = views[key]!.columnAcls;
      for (const column of sortedKeys(acls)) out.push(columnTarget(key, views[key]!.schema, column, acls[column]!));
    }
  }
  for (const key of sortedKeys(model.functions)) {
    const f = model.functions[key]!;
    // GRANT … ON FUNCTION names aggregates too (there is no ON AGGREGATE).
    out.push({ key, kind: "function", target: `${f.kind === "procedure" ? "PROCEDURE" : "FUNCTION"} ${key}`, schema: f.schema, acl: f.acl });
  }
  return out;
}

/** The kind of object ALTER DEFAULT PRIVILEGES names for each ACL kind (views count as tables). */
const DEFAULT_PRIVILEGES_TYPE: Readonly<Record<AclKind, DefaultPrivilegesObjectType | null>> = {
  schema: "schemas",
  table: "tables",
  column: null,
  sequence: "sequences",
  function: "functions",
  type: "types",
};

/**
 * The aclitem texts the default privileges of `model` may give a new object like `t`, from every
 * role's entries (which role runs the script is not known); null when no entry applies, so the
 * object starts from its kind's own defaults.
 */
function defaultGrants(model: SchemaModel, t: AclTarget): readonly string[] | null {
  const objectType = DEFAULT_PRIVILEGES_TYPE[t.kind];
  const entries = Object.values(model.defaultPrivileges).filter((d) => d.objectType === objectType && (d.schema === null || d.schema === t.schema));
  return entries.length === 0 ? null : entries.flatMap((d) => d.acl);
}

/**
 * GRANT/REVOKE steps for every object of `to`; `created` (see comments.ts `createdObjects`) names
 * the objects the other steps create or drop and create again: their grants start from the defaults.
 */
export function diffPrivileges(from: SchemaModel, to: SchemaModel, created: ReadonlySet<string>): PhasedStep[] {
  const id = (t: AclTarget) => (t.column === undefined ? t.target : `${t.target} ${t.column}`);
  const fromTargets = aclTargets(from);
  const toTargets = aclTargets(to);
  const before = new Map(fromTargets.map((t) => [id(t), t.acl] as const));
  // A kept column that loses all its privileges is listed by `from` alone: it is revoked as one with none.
  const listed = new Set(toTargets.map(id));
  for (const t of fromTargets) {
    if (t.column === undefined || listed.has(id(t))) continue;
    const relation = t.target.slice("TABLE ".length);
    const columns = to.tables[relation]?.columns ?? to.views[relation]?.columns ?? to.materializedViews[relation]?.columns;
    const column = columns?.find((c) => quoteIdent(c.name) === t.column);
    if (column) toTargets.push(columnTarget(relation, t.schema!, column.name, null));
  }
  const out: PhasedStep[] = [];
  for (const want of toTargets) {
    const table = want.column === undefined ? undefined : want.key.slice(0, -want.column.length - 1);
    const recreated = created.has(`object ${want.key}`) || (table !== undefined && (created.has(`object ${table}`) || created.has(`column ${want.key}`)));
    const have = recreated ? undefined : before.get(id(want));
    out.push(...grantSteps(want, have, have === undefined ? defaultGrants(to, want) : null));
  }
  return out;
}
