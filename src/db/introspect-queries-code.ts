/**
 * Catalog queries for objects defined by code rather than by columns: views, materialized views,
 * functions and procedures, triggers and policies. Same conventions as introspect-queries.ts.
 */
import { aggregateDefinition } from "./introspect-queries-aggregate.ts";
import { aclText, columnSettings, describedBy, functionsDependedOn, jsonRows, notExtensionMember, qualified, userSchema } from "./introspect-queries.ts";

/** The relations an object (`classid`, `objid`) depends on, as a sorted JSON array of qualified names. */
const relationsUsed = (classid: string, objid: string, self = "0") => `coalesce((select json_agg(d.name order by d.name collate "C") from (
       select distinct ${qualified("dn.nspname", "dc.relname")} as name
         from pg_depend dep join pg_class dc on dc.oid = dep.refobjid join pg_namespace dn on dn.oid = dc.relnamespace
        where dep.classid = ${classid} and dep.objid = ${objid} and dep.refclassid = 'pg_class'::regclass and dep.refobjid <> ${self}) d), '[]'::json)`;

/**
 * The relations a function depends on, as a sorted JSON array: those a SQL-standard body reads, and
 * those whose row type (or an array of it) it takes or returns. Either way the function can only be
 * created once the relation exists, and has to go before the relation is dropped.
 */
const functionRelationsUsed = (objid: string) => `coalesce((select json_agg(d.name order by d.name collate "C") from (
       select distinct ${qualified("dn.nspname", "dc.relname")} as name
         from pg_depend dep
         left join pg_type dt on dep.refclassid = 'pg_type'::regclass and dt.oid = dep.refobjid
         left join pg_type de on de.oid = dt.typelem and dt.typcategory = 'A'
         join pg_class dc on dc.oid = case when dep.refclassid = 'pg_class'::regclass then dep.refobjid else coalesce(nullif(dt.typrelid, 0), de.typrelid) end
         join pg_namespace dn on dn.oid = dc.relnamespace
        where dep.classid = 'pg_proc'::regclass and dep.objid = ${objid} and dep.refclassid in ('pg_class'::regclass, 'pg_type'::regclass)
          and (dep.refclassid = 'pg_class'::regclass or dc.relkind in ('r', 'p', 'v', 'm', 'f'))) d), '[]'::json)`;

/**
 * The domains, enums, range types and composite types (not a table's row type) a function depends on, through its
 * signature or body, with arrays read as their element type: a sorted JSON array of qualified names.
 */
const typesUsed = (objid: string) => `coalesce((select json_agg(d.name order by d.name collate "C") from (
       select distinct ${qualified("tn.nspname", "t.typname")} as name
         from pg_depend dep join pg_type rt on rt.oid = dep.refobjid
         join pg_type t on t.oid = case when rt.typcategory = 'A' and rt.typelem <> 0 then rt.typelem else rt.oid end
         join pg_namespace tn on tn.oid = t.typnamespace
        where dep.classid = 'pg_proc'::regclass and dep.objid = ${objid} and dep.refclassid = 'pg_type'::regclass
          and (t.typtype in ('d', 'e', 'r') or (t.typtype = 'c' and exists (select 1 from pg_class tc where tc.oid = t.typrelid and tc.relkind = 'c')))
          and ${userSchema("tn")}) d), '[]'::json)`;

/** Views (kind 'v') and materialized views (kind 'm') with their columns, definition and column privileges. */
export const viewsQuery = jsonRows(
  `select n.nspname as schema, c.relname as name, c.relkind as kind, cm.description as comment,
     ${aclText("c.relacl", "r", "c.relowner")} as acl, pg_get_viewdef(c.oid) as definition,
     coalesce((select json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod)) order by a.attnum)
       from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped), '[]'::json) as columns,
     -- A materialized view's columns whose storage, compression or statistics target is not the
     -- default, as the columns query reads a table's.
     coalesce((select json_object_agg(s.name, s.settings order by s.attnum) from (
         select a.attname as name, a.attnum, ${columnSettings("a", "t")} as settings
           from pg_attribute a join pg_type t on t.oid = a.atttypid
          where c.relkind = 'm' and a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) s
       where s.settings is not null), '{}'::json) as "columnSettings",
     coalesce((select json_agg(o order by o collate "C") from unnest(c.reloptions) o), '[]'::json) as options,
     ${relationsUsed("'pg_rewrite'::regclass", "(select r.oid from pg_rewrite r where r.ev_class = c.oid and r.rulename = '_RETURN')", "c.oid")} as "dependsOn",
     coalesce((select json_agg(k.key order by k.key collate "C") from (
       select distinct ${qualified("dn.nspname", "dc.relname")} || '."' || replace(da.attname, '"', '""') || '"' as key
         from pg_rewrite r
         join pg_depend dep on dep.classid = 'pg_rewrite'::regclass and dep.objid = r.oid and dep.refclassid = 'pg_class'::regclass and dep.refobjsubid > 0
         join pg_class dc on dc.oid = dep.refobjid join pg_namespace dn on dn.oid = dc.relnamespace
         join pg_attribute da on da.attrelid = dep.refobjid and da.attnum = dep.refobjsubid
        where r.ev_class = c.oid and r.rulename = '_RETURN' and dep.refobjid <> c.oid) k), '[]'::json) as "columnsRead",
     ${functionsDependedOn("dep.classid = 'pg_rewrite'::regclass and dep.objid in (select r.oid from pg_rewrite r where r.ev_class = c.oid)")} as "functionsUsed",
     coalesce((select json_object_agg(a.attname, (select array_agg(x::text order by x::text collate "C") from unnest(a.attacl) x) order by a.attname collate "C")
       from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and cardinality(a.attacl) > 0), '{}'::json) as "columnAcls"
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     ${describedBy("cm", "pg_class", "c.oid")}
    where c.relkind in ('v', 'm') and ${userSchema("n")} and ${notExtensionMember("pg_class", "c.oid")}`,
  "x.schema, x.name",
);

/**
 * Functions, procedures, window functions and aggregates, not those another object holds (a range
 * type's constructors). An aggregate's definition is built from pg_aggregate (pg_get_functiondef
 * refuses them).
 */
export const functionsQuery = jsonRows(
  `select n.nspname as schema, p.proname as name, p.prokind as kind, cm.description as comment,
     ${aclText("p.proacl", "f", "p.proowner")} as acl, pg_get_function_identity_arguments(p.oid) as "identityArguments",
     oidvectortypes(p.proargtypes) as "argumentTypes",
     -- A function's RETURNS line says it already; an aggregate's definition does not.
     case when p.prokind = 'a' then pg_get_function_result(p.oid) end as result,
     case when p.prokind = 'a' then ${aggregateDefinition} else pg_get_functiondef(p.oid) end as definition,
     ${functionRelationsUsed("p.oid")} as "dependsOn",
     ${functionsDependedOn("dep.classid = 'pg_proc'::regclass and dep.objid = p.oid and dep.refobjid <> p.oid")} as "functionsUsed",
     ${typesUsed("p.oid")} as "typesUsed"
     from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     ${describedBy("cm", "pg_proc", "p.oid")}
    where p.prokind in ('f', 'p', 'w', 'a') and ${userSchema("n")} and ${notExtensionMember("pg_proc", "p.oid")}
      -- A range type's constructors belong to it (an internal dependency), as its members to an extension.
      and not exists (select 1 from pg_depend i where i.classid = 'pg_proc'::regclass and i.objid = p.oid and i.deptype = 'i')`,
  `x.schema, x.name, x."argumentTypes"`,
);

/**
 * User triggers on tables. Internal ones (foreign keys) are constraints already, and clones on
 * partitions (tgparentid, PostgreSQL 13+) come back by themselves when the parent's is created.
 */
export const triggersQuery = jsonRows(
  `select n.nspname as schema, c.relname as "table", t.tgname as name, pg_get_triggerdef(t.oid) as definition,
     t.tgenabled as enabled, cm.description as comment
     from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
     ${describedBy("cm", "pg_trigger", "t.oid")}
    where not t.tgisinternal and t.tgparentid = 0 and c.relkind in ('r', 'p', 'v')
      and ${userSchema("n")} and ${notExtensionMember("pg_class", "c.oid")}`,
  "x.schema, x.table, x.name",
);

/**
 * Event triggers (a small catalog of the database's own), with the function each runs as a
 * `FunctionKey` and the tags of WHEN TAG IN sorted.
 */
export const eventTriggersQuery = jsonRows(
  `select et.evtname as name, et.evtevent as event,
     (select json_agg(t order by t collate "C") from unnest(et.evttags) t) as tags,
     ${qualified("fn.nspname", "fp.proname")} || '(' || oidvectortypes(fp.proargtypes) || ')' as function,
     et.evtenabled as enabled, cm.description as comment
     from pg_event_trigger et join pg_proc fp on fp.oid = et.evtfoid join pg_namespace fn on fn.oid = fp.pronamespace
     ${describedBy("cm", "pg_event_trigger", "et.oid")}
    where ${notExtensionMember("pg_event_trigger", "et.oid")}`,
  `x.name collate "C"`,
);

/** Rules other than a view's own `_RETURN`, with the relations they read. */
export const rulesQuery = jsonRows(
  `select r.rulename as name, ${qualified("n.nspname", "c.relname")} as relation, pg_get_ruledef(r.oid) as definition,
     r.ev_enabled as enabled, cm.description as comment,
     ${relationsUsed("'pg_rewrite'::regclass", "r.oid", "c.oid")} as "dependsOn"
     from pg_rewrite r join pg_class c on c.oid = r.ev_class join pg_namespace n on n.oid = c.relnamespace
     ${describedBy("cm", "pg_rewrite", "r.oid")}
    where r.rulename <> '_RETURN' and ${userSchema("n")} and ${notExtensionMember("pg_class", "c.oid")}`,
  "x.relation, x.name",
);

/** Row-level security policies; role 0 in polroles means PUBLIC. */
export const policiesQuery = jsonRows(
  `select n.nspname as schema, c.relname as "table", p.polname as name, p.polpermissive as permissive,
     case p.polcmd when 'r' then 'SELECT' when 'a' then 'INSERT' when 'w' then 'UPDATE' when 'd' then 'DELETE' else 'ALL' end as command,
     coalesce((select json_agg(r.role order by r.role collate "C") from (select case when o = 0 then 'public'
       else pg_get_userbyid(o)::text end as role from unnest(p.polroles) o) r), '[]'::json) as roles,
     pg_get_expr(p.polqual, p.polrelid) as using, pg_get_expr(p.polwithcheck, p.polrelid) as "withCheck"
     from pg_policy p join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace
    where ${userSchema("n")} and ${notExtensionMember("pg_class", "c.oid")}`,
  "x.schema, x.table, x.name",
);
