/**
 * What emptying a database's schemas leaves behind, as statements that remove it: event triggers
 * and global default privileges (ALTER DEFAULT PRIVILEGES without IN SCHEMA) belong to the
 * database, not to a schema, and both are in the schema model.
 */
import { quoteIdent } from "../core/sql-quote.ts";
import type { Sql } from "./connect.ts";

/** Statements that drop every event trigger and bring every global default privileges entry back to acldefault, which removes it; with what the caller may not change. */
export interface DatabaseLevelReset {
  readonly statements: readonly string[];
  /** Objects the connected role can neither drop nor reset, as `event trigger "n"` or `default privileges for role "r"`. */
  readonly notOwned: readonly string[];
}

/**
 * Reads the event triggers and global default privileges entries of `sql`'s database. An entry is
 * reset by revoking everything from every grantee and granting back what acldefault gives (the
 * role's own privileges, and PUBLIC's on functions and types); PostgreSQL then removes it.
 */
export async function databaseLevelReset(sql: Sql): Promise<DatabaseLevelReset> {
  const [triggers, entries] = await Promise.all([
    sql.unsafe<{ name: string; owned: boolean }[]>(
      "select evtname as name, pg_has_role(evtowner, 'USAGE') as owned from pg_event_trigger order by evtname",
    ),
    sql.unsafe<{ role: string; kind: string; grantees: string[]; member: boolean }[]>(
      `select pg_get_userbyid(d.defaclrole) as role, pg_has_role(d.defaclrole, 'MEMBER') as member,
         case d.defaclobjtype when 'r' then 'tables' when 'S' then 'sequences' when 'f' then 'functions' when 'T' then 'types' when 'n' then 'schemas' when 'L' then 'large objects' end as kind,
         -- JSON rather than an array: connections that do not load array types read it all the same.
         (select coalesce(json_agg(distinct case when x.grantee = 0 then '' else pg_get_userbyid(x.grantee)::text end), '[]') from aclexplode(d.defaclacl) x) as grantees
       from pg_default_acl d where d.defaclnamespace = 0 order by 1, 3`,
    ),
  ]);
  const grantee = (name: string) => (name === "" ? "public" : quoteIdent(name));
  const statements = [
    ...triggers.map((t) => `drop event trigger if exists ${quoteIdent(t.name)}`),
    ...entries.flatMap((e) => {
      const alter = `alter default privileges for role ${quoteIdent(e.role)}`;
      const publicToo = e.kind === "functions" || e.kind === "types" ? ", public" : "";
      return [...e.grantees.map((g) => `${alter} revoke all on ${e.kind} from ${grantee(g)}`), `${alter} grant all on ${e.kind} to ${quoteIdent(e.role)}${publicToo}`];
    }),
  ];
  const notOwned = [
    ...triggers.filter((t) => !t.owned).map((t) => `event trigger ${quoteIdent(t.name)}`),
    ...entries.filter((e) => !e.member).map((e) => `default privileges for role ${quoteIdent(e.role)}`),
  ];
  return { statements, notOwned: [...new Set(notOwned)] };
}
