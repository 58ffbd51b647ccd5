/**
 * The catalog query for what the schema model leaves out (see `NotModelledDef`): each such object or
 * setting as a name and a definition to compare, so that a diff refuses a change to it by name
 * instead of leaving it out. Same conventions as introspect-queries.ts.
 */
import { jsonRows, notExtensionMember, qualified, userSchema } from "./introspect-queries.ts";

/**
 * Foreign tables, and typed tables' types (a typed table, CREATE TABLE … OF type, is read as a
 * plain one; its type is what the model lacks).
 */
export const notModelledQuery = jsonRows(
  `select 'foreign table' as what, ${qualified("n.nspname", "c.relname")} as object, '' as definition
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind = 'f' and ${userSchema("n")} and ${notExtensionMember("pg_class", "c.oid")}
   union all
   select 'typed table', ${qualified("n.nspname", "c.relname")}, c.reloftype::regtype::text
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.reloftype <> 0 and c.relkind in ('r', 'p') and ${userSchema("n")} and ${notExtensionMember("pg_class", "c.oid")}`,
  `x.what collate "C", x.object collate "C"`,
);
