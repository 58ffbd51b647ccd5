/**
 * The catalog query for what the schema model leaves out (see `NotModelledDef`): each such object or
 * setting as a name and a definition to compare, so that a diff refuses a change to it by name
 * instead of leaving it out. Same conventions as introspect-queries.ts.
 */
import { jsonRows, notExtensionMember, qualified, userSchema } from "./introspect-queries.ts";

/** An aclitem array without grantors or the owner's entry, sorted: two databases built by different roles agree. */
const grantsText = (acl: string, owner: string) => `(select string_agg(case when x.grantee = 0 then 'PUBLIC' else x.grantee::regrole::text end
       || ' ' || x.privilege_type || case when x.is_grantable then ' WITH GRANT OPTION' else '' end, ', '
       order by case when x.grantee = 0 then 'PUBLIC' else x.grantee::regrole::text end collate "C", x.privilege_type collate "C")
     from aclexplode(${acl}) x where x.grantee <> ${owner})`;

/** `"schema"."table"."column"`. */
const columnName = (nsp: string, rel: string, att: string) => `${qualified(nsp, rel)} || '."' || replace(${att}, '"', '""') || '"'`;

/**
 * Event triggers, foreign tables, typed tables' types, and per-column storage, compression, statistics targets and privileges, and default
 * privileges. Column settings are read only where they differ from the default (attstattarget is
 * -1 by default before PostgreSQL 17 and null from it: nullif covers both).
 */
export const notModelledQuery = jsonRows(
  `select 'event trigger' as what, '"' || replace(et.evtname, '"', '""') || '"' as object,
       et.evtevent || ' ' || coalesce(array_to_string(et.evttags, ', '), '') || ' ' || et.evtfoid::regprocedure::text || ' ' || et.evtenabled::text as definition
     from pg_event_trigger et where ${notExtensionMember("pg_event_trigger", "et.oid")}
   union all
   select 'foreign table', ${qualified("n.nspname", "c.relname")}, ''
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind = 'f' and ${userSchema("n")} and ${notExtensionMember("pg_class", "c.oid")}
   union all
   -- A typed table (CREATE TABLE … OF type) is read as a plain one; its type is what the model lacks.
   select 'typed table', ${qualified("n.nspname", "c.relname")}, c.reloftype::regtype::text
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.reloftype <> 0 and c.relkind in ('r', 'p') and ${userSchema("n")} and ${notExtensionMember("pg_class", "c.oid")}
   union all
   select k.what, ${columnName("n.nspname", "c.relname", "a.attname")}, k.value
     from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace join pg_type t on t.oid = a.atttypid
     cross join lateral (values
       ('column storage', case when a.attstorage <> t.typstorage then a.attstorage::text end),
       ('column compression', nullif(a.attcompression::text, '')),
       ('column statistics target', nullif(a.attstattarget, -1)::text),
       -- A table's column privileges are in the model; a view's are not.
       ('column privileges', case when c.relkind in ('v', 'm') then ${grantsText("a.attacl", "c.relowner")} end)) k(what, value)
    where c.relkind in ('r', 'p', 'v', 'm') and a.attnum > 0 and not a.attisdropped
      -- Most columns have none of these: they are left out before the lateral list is built.
      and (a.attstorage <> t.typstorage or a.attcompression <> '' or a.attstattarget >= 0 or (a.attacl is not null and c.relkind in ('v', 'm')))
      and k.value is not null and ${userSchema("n")} and ${notExtensionMember("pg_class", "c.oid")}
   union all
   select 'default privileges', 'for role ' || d.defaclrole::regrole::text || coalesce(' in schema ' || quote_ident(n.nspname), '')
       || ' on ' || case d.defaclobjtype when 'r' then 'tables' when 'S' then 'sequences' when 'f' then 'functions' when 'T' then 'types' when 'n' then 'schemas' else d.defaclobjtype::text end,
       coalesce(${grantsText("d.defaclacl", "0::oid")}, '')
     from pg_default_acl d left join pg_namespace n on n.oid = d.defaclnamespace`,
  `x.what collate "C", x.object collate "C"`,
);
