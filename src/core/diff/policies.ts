/** Diff of row-level security: whether a table enables and forces it, and its policies. */
import { type PolicyDef, type QualifiedName, type TableDef, quoteIdent } from "./model.ts";
import { Phase, type PhasedStep, phased, sortedKeys } from "./step.ts";
import { sameJson } from "./same-json.ts";

type Tables = Readonly<Record<QualifiedName, TableDef>>;

function policyObject(table: QualifiedName, p: PolicyDef): string {
  return `${table}.${quoteIdent(p.name)}`;
}

function roleList(roles: readonly string[]): string {
  return roles.map((r) => (r === "public" ? "PUBLIC" : quoteIdent(r))).join(", ");
}

function createSql(table: QualifiedName, p: PolicyDef): string {
  let sql = `CREATE POLICY ${quoteIdent(p.name)} ON ${table} AS ${p.permissive ? "PERMISSIVE" : "RESTRICTIVE"} FOR ${p.command}`;
  if (p.roles.length > 0) sql += ` TO ${roleList(p.roles)}`;
  if (p.using !== null) sql += ` USING (${p.using})`;
  if (p.withCheck !== null) sql += ` WITH CHECK (${p.withCheck})`;
  return `${sql};`;
}

/**
 * RLS and policy steps for every table in `to`; a dropped table takes its policies with it.
 * Policies on `rebuiltTables` (columns changing type or going) are rebuilt: PostgreSQL refuses to
 * alter a column a policy uses.
 */
export function diffPolicies(from: Tables, to: Tables, rebuiltTables: ReadonlySet<QualifiedName>): PhasedStep[] {
  const out: PhasedStep[] = [];
  for (const key of sortedKeys(to)) {
    const have = from[key];
    const want = to[key]!;
    const rls = have?.rowSecurity ?? { enabled: false, forced: false };
    const alter = (action: string) => out.push(phased(Phase.rowSecurity, { sql: `ALTER TABLE ${key} ${action};`, kind: "alter-table", object: key, destructive: false }));
    if (rls.enabled !== want.rowSecurity.enabled) alter(want.rowSecurity.enabled ? "ENABLE ROW LEVEL SECURITY" : "DISABLE ROW LEVEL SECURITY");
    if (rls.forced !== want.rowSecurity.forced) alter(want.rowSecurity.forced ? "FORCE ROW LEVEL SECURITY" : "NO FORCE ROW LEVEL SECURITY");
    const havePolicies = have?.policies ?? {};
    for (const name of sortedKeys(havePolicies)) {
      const next = want.policies[name];
      if (next && sameJson(next, havePolicies[name]!) && !rebuiltTables.has(key)) continue;
      out.push(phased(Phase.dropPolicy, { sql: `DROP POLICY ${quoteIdent(name)} ON ${key};`, kind: "drop-policy", object: policyObject(key, havePolicies[name]!), destructive: false }));
    }
    for (const name of sortedKeys(want.policies)) {
      const p = want.policies[name]!;
      const prev = havePolicies[name];
      if (prev && sameJson(prev, p) && !rebuiltTables.has(key)) continue;
      out.push(phased(Phase.createPolicy, { sql: createSql(key, p), kind: "create-policy", object: policyObject(key, p), destructive: false }));
    }
  }
  return out;
}
