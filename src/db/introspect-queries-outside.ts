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
 * Event triggers, foreign tables, the privileges of views' and materialized views' columns, and
 * default privileges.
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
   -- A table's column privileges are in the model; a view's and a materialized view's are not.
   select 'column privileges', g.object, g.grants from (
     select ${columnName("n.nspname", "c.relname", "a.attname")} as object, ${grantsText("a.attacl", "c.relowner")} as grants
       from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('v', 'm') and a.attnum > 0 and not a.attisdropped and a.attacl is not null
        and ${userSchema("n")} and ${notExtensionMember("pg_class", "c.oid")}) g
    -- Grants to the owner alone read as none.
    where g.grants is not null
   union all
   select 'default privileges', 'for role ' || d.defaclrole::regrole::text || coalesce(' in schema ' || quote_ident(n.nspname), '')
       || ' on ' || case d.defaclobjtype when 'r' then 'tables' when 'S' then 'sequences' when 'f' then 'functions' when 'T' then 'types' when 'n' then 'schemas' else d.defaclobjtype::text end,
       coalesce(${grantsText("d.defaclacl", "0::oid")}, '')
     from pg_default_acl d left join pg_namespace n on n.oid = d.defaclnamespace`,
  `x.what collate "C", x.object collate "C"`,
);
