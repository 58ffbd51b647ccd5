/**
 * Diff of default privileges (`ALTER DEFAULT PRIVILEGES FOR ROLE r [IN SCHEMA s] GRANT/REVOKE …`).
 * Each entry is compared as a set of (grantee, privilege, with grant option); a missing entry
 * stands for its baseline (see `DefaultPrivilegesDef.baseline`), so the global form starts from
 * what `acldefault` gives and may revoke from it, as PostgreSQL does. The steps run before anything
 * is created (those in a schema once it exists): objects the script creates get the target's
 * defaults (privileges.ts starts their grants from them).
 */
import type { DefaultPrivilegesDef, SchemaModel } from "./model.ts";
import { quoteIdent } from "./model.ts";
import { parseAclItem } from "./privileges.ts";
import { Phase, type PhasedStep, phased, sortedKeys } from "./step.ts";

/** One granted privilege as a comparable key: `grantee\0privilege\0grantable`, grantee "" for PUBLIC. */
function grantKeys(acl: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const item of acl) for (const g of parseAclItem(item).grants) out.add(`${g.grantee}\u0000${g.privilege}\u0000${g.grantable}`);
  return out;
}

function splitKey(key: string): { grantee: string; privilege: string; grantable: boolean } {
  const [grantee, privilege, grantable] = key.split("\u0000") as [string, string, string];
  return { grantee, privilege, grantable: grantable === "true" };
}

/** `ALTER DEFAULT PRIVILEGES FOR ROLE "r" [IN SCHEMA "s"]`. */
function alterSql(d: DefaultPrivilegesDef): string {
  return `ALTER DEFAULT PRIVILEGES FOR ROLE ${quoteIdent(d.role)}${d.schema === null ? "" : ` IN SCHEMA ${quoteIdent(d.schema)}`}`;
}

const grantee = (name: string) => (name === "" ? "PUBLIC" : quoteIdent(name));

/** The steps turning the default privileges of `from` into those of `to`. */
export function diffDefaultPrivileges(from: SchemaModel, to: SchemaModel): PhasedStep[] {
  const out: PhasedStep[] = [];
  for (const key of [...new Set([...sortedKeys(from.defaultPrivileges), ...sortedKeys(to.defaultPrivileges)])].sort()) {
    const have = from.defaultPrivileges[key];
    const want = to.defaultPrivileges[key];
    const d = (want ?? have)!;
    // Dropping the schema drops its entries.
    if (!want && d.schema !== null && !to.schemas[d.schema]) continue;
    const before = grantKeys(have?.acl ?? d.baseline);
    const after = grantKeys(want?.acl ?? d.baseline);
    const on = `ON ${d.objectType.toUpperCase()}`;
    const phase = d.schema === null ? Phase.globalDefaultPrivileges : Phase.defaultPrivileges;
    for (const k of [...before].sort()) {
      if (after.has(k)) continue;
      const g = splitKey(k);
      // Losing only the grant option keeps the privilege.
      const option = g.grantable && after.has(`${g.grantee}\u0000${g.privilege}\u0000false`) ? "GRANT OPTION FOR " : "";
      out.push(phased(phase, { sql: `${alterSql(d)} REVOKE ${option}${g.privilege} ${on} FROM ${grantee(g.grantee)};`, kind: "revoke-default", object: key, destructive: false }));
    }
    for (const k of [...after].sort()) {
      if (before.has(k)) continue;
      const g = splitKey(k);
      if (!g.grantable && before.has(`${g.grantee}\u0000${g.privilege}\u0000true`)) continue; // the REVOKE GRANT OPTION FOR above
      const option = g.grantable ? " WITH GRANT OPTION" : "";
      out.push(phased(phase, { sql: `${alterSql(d)} GRANT ${g.privilege} ${on} TO ${grantee(g.grantee)}${option};`, kind: "grant-default", object: key, destructive: false }));
    }
  }
  return out;
}
