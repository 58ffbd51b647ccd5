/**
 * The catalog query for what the schema model leaves out (see `NotModelledDef`): each such object or
 * setting as a name and a definition to compare, so that a diff refuses a change to it by name
 * instead of leaving it out. Same conventions as introspect-queries.ts.
 */
import { jsonRows, notExtensionMember, qualified, userSchema } from "./introspect-queries.ts";

/** `"schema"."table"."column"`. */
const columnName = (nsp: string, rel: string, att: string) => `${qualified(nsp, rel)} || '."' || replace(${att}, '"', '""') || '"'`;

/**
 * Foreign tables, and per-column storage, compression and statistics targets.
 * Column settings are read only where they differ from the default (attstattarget is -1 by
 * default before PostgreSQL 17 and null from it: nullif covers both).
 */
export const notModelledQuery = jsonRows(
  `select 'foreign table' as what, ${qualified("n.nspname", "c.relname")} as object, '' as definition
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind = 'f' and ${userSchema("n")} and ${notExtensionMember("pg_class", "c.oid")}
   union all
   select k.what, ${columnName("n.nspname", "c.relname", "a.attname")}, k.value
     from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace join pg_type t on t.oid = a.atttypid
     cross join lateral (values
       ('column storage', case when a.attstorage <> t.typstorage then a.attstorage::text end),
       ('column compression', nullif(a.attcompression::text, '')),
       ('column statistics target', nullif(a.attstattarget, -1)::text)) k(what, value)
    where c.relkind in ('r', 'p', 'v', 'm') and a.attnum > 0 and not a.attisdropped
      -- Most columns have none of these: they are left out before the lateral list is built.
      and (a.attstorage <> t.typstorage or a.attcompression <> '' or a.attstattarget >= 0)
      and k.value is not null and ${userSchema("n")} and ${notExtensionMember("pg_class", "c.oid")}`,
  `x.what collate "C", x.object collate "C"`,
);
