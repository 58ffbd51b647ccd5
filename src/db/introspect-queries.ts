/**
 * The catalog queries behind `introspect`, one per object kind. Each returns a single row whose
 * `rows` column is a JSON array, so nested lists (enum labels, parents) arrive as arrays without
 * postgres.js having to load array types, and 64-bit values are cast to text before JSON sees them.
 * They run with `search_path = pg_catalog`, so every name the server prints is schema-qualified.
 */

/** Namespaces that hold user objects: not the system ones, not TOAST, not other sessions' temp. */
export const userSchema = (n: string) => `${n}.nspname not in ('pg_catalog', 'information_schema') and ${n}.nspname !~ '^pg_(toast|temp)'`;

/** Objects an extension created (pg_depend deptype 'e') belong to it, not to the schema. */
export const notExtensionMember = (catalog: string, oid: string) =>
  `not exists (select 1 from pg_depend e where e.classid = '${catalog}'::regclass and e.objid = ${oid} and e.deptype = 'e')`;

/** Qualified, quoted collation name when `coll` differs from the type's default collation. */
const collationUnlessDefault = (coll: string, typeColl: string) => `case when ${coll} <> 0 and ${coll} <> ${typeColl} then
  (select quote_ident(cn.nspname) || '.' || quote_ident(co.collname) from pg_collation co
     join pg_namespace cn on cn.oid = co.collnamespace where co.oid = ${coll}) end`;

/** `"schema"."name"`, quoted as QualifiedName keys are, from a namespace and a name column. */
export const qualified = (nsp: string, name: string) => `'"' || replace(${nsp}, '"', '""') || '"."' || replace(${name}, '"', '""') || '"'`;

/** User functions (as `FunctionKey`s) that the pg_depend rows `where` selects depend on, as a sorted JSON array. */
export const functionsDependedOn = (where: string) => `coalesce((select json_agg(f.key order by f.key collate "C") from (
       select distinct ${qualified("fn.nspname", "fp.proname")} || '(' || oidvectortypes(fp.proargtypes) || ')' as key
         from pg_depend dep join pg_proc fp on fp.oid = dep.refobjid join pg_namespace fn on fn.oid = fp.pronamespace
        where dep.refclassid = 'pg_proc'::regclass and (${where}) and ${userSchema("fn")}) f), '[]'::json)`;

/** Aclitem texts sorted bytewise (not by the database collation, so two databases agree), or null for default privileges. */
/**
 * An ACL as sorted aclitem texts, or null when it grants exactly what the object kind's defaults
 * do (`acldefault`): an object whose grants were changed and changed back compares equal to one
 * never touched. `kind` is acldefault's letter: n schema, r relation, s sequence, f function, T type.
 */
export const aclText = (acl: string, kind: string, owner: string) => {
  const sorted = (expr: string) => `(select array_agg(a::text order by a::text collate "C") from unnest(${expr}) a)`;
  return `(case when ${acl} is null or ${sorted(acl)} = ${sorted(`acldefault('${kind}', ${owner})`)} then null else ${sorted(acl)} end)`;
};

/**
 * A left join of an object's comment as `<alias>.description`. obj_description() and
 * col_description() look each comment up with a query of their own, which with thousands of
 * columns costs more than the rest of the read.
 */
export const describedBy = (alias: string, catalog: string, objoid: string, subid = "0") =>
  `left join pg_description ${alias} on ${alias}.objoid = ${objoid} and ${alias}.classoid = '${catalog}'::regclass and ${alias}.objsubid = ${subid}`;

/** Wraps a select so its rows come back as one JSON array in a deterministic order. */
export const jsonRows = (select: string, orderBy: string) => `select coalesce(json_agg(x order by ${orderBy}), '[]'::json) as rows from (${select}) x`;

/** Sequence options as text, shared by standalone and identity sequences. */
const sequenceColumns = `format_type(s.seqtypid, null) as type, s.seqstart::text as start, s.seqincrement::text as increment,
  s.seqmin::text as min, s.seqmax::text as max, s.seqcache::text as cache, s.seqcycle as cycle`;

/** The caller's search_path, restored after reading. */
export const currentSettings = `select current_setting('search_path') as path, current_setting('jit') as jit`;

/**
 * Makes every name printed by the server qualified, so output never depends on the caller's
 * search_path; and turns JIT off: the catalog queries of a large schema cost enough to cross
 * jit_above_cost, and compiling them took longer (~200 ms) than running them (~10 ms).
 */
export const setReadSettings = `set local search_path = pg_catalog; set local jit = off`;

/** The session's prepared catalog queries (see introspect.ts's keepPrepared). */
export const preparedStatementNames = `select name from pg_prepared_statements where name like 'retort\\_schema\\_%'`;

/** Puts the caller's search_path and jit back for the rest of its transaction. */
export const restoreSettings = `select set_config('search_path', $1, true), set_config('jit', $2, true)`;

/** Schemas. */
export const schemasQuery = jsonRows(
  `select n.nspname as name, cm.description as comment, ${aclText("n.nspacl", "n", "n.nspowner")} as acl
     from pg_namespace n ${describedBy("cm", "pg_namespace", "n.oid")}
    where ${userSchema("n")} and ${notExtensionMember("pg_namespace", "n.oid")}`,
  "x.name",
);

/** Installed extensions. */
export const extensionsQuery = jsonRows(
  `select e.extname as name, n.nspname as schema, e.extversion as version
     from pg_extension e join pg_namespace n on n.oid = e.extnamespace`,
  "x.name",
);

/** Enum types with labels in sort order. */
export const enumsQuery = jsonRows(
  `select n.nspname as schema, t.typname as name, cm.description as comment, ${aclText("t.typacl", "T", "t.typowner")} as acl,
     coalesce((select json_agg(l.enumlabel order by l.enumsortorder) from pg_enum l where l.enumtypid = t.oid), '[]'::json) as labels
     from pg_type t join pg_namespace n on n.oid = t.typnamespace
     ${describedBy("cm", "pg_type", "t.oid")}
    where t.typtype = 'e' and ${userSchema("n")} and ${notExtensionMember("pg_type", "t.oid")}`,
  "x.schema, x.name",
);

/** Domains with their check constraints. */
export const domainsQuery = jsonRows(
  `select n.nspname as schema, t.typname as name, cm.description as comment, ${aclText("t.typacl", "T", "t.typowner")} as acl,
     format_type(t.typbasetype, t.typtypmod) as "baseType", ${collationUnlessDefault("t.typcollation", "b.typcollation")} as collation,
     t.typnotnull as "notNull", pg_get_expr(t.typdefaultbin, 0) as default,
     coalesce((select json_agg(json_build_object('name', c.conname, 'definition', pg_get_constraintdef(c.oid),
       'notValid', not c.convalidated) order by c.conname) from pg_constraint c where c.contypid = t.oid), '[]'::json) as constraints,
     ${functionsDependedOn(`(dep.classid = 'pg_type'::regclass and dep.objid = t.oid)
       or (dep.classid = 'pg_constraint'::regclass and dep.objid in (select c.oid from pg_constraint c where c.contypid = t.oid))`)} as "functionsUsed"
     from pg_type t join pg_namespace n on n.oid = t.typnamespace join pg_type b on b.oid = t.typbasetype
     ${describedBy("cm", "pg_type", "t.oid")}
    where t.typtype = 'd' and ${userSchema("n")} and ${notExtensionMember("pg_type", "t.oid")}`,
  "x.schema, x.name",
);

/**
 * Collations made with CREATE COLLATION. Read through to_jsonb, since the ICU locale's column is
 * `colliculocale` in PostgreSQL 15 and 16 and `colllocale` from 17 (before 15 it is collcollate).
 */
export const collationsQuery = jsonRows(
  `select n.nspname as schema, co.collname as name, cm.description as comment,
     case co.collprovider when 'i' then 'icu' else 'libc' end as provider,
     case when co.collprovider = 'i' then null else co.collcollate end as "lcCollate",
     case when co.collprovider = 'i' then null else co.collctype end as "lcCtype",
     case when co.collprovider = 'i' then coalesce(to_jsonb(co) ->> 'colllocale', to_jsonb(co) ->> 'colliculocale', co.collcollate) end as locale,
     co.collisdeterministic as deterministic
     from pg_collation co join pg_namespace n on n.oid = co.collnamespace
     ${describedBy("cm", "pg_collation", "co.oid")}
    where ${userSchema("n")} and ${notExtensionMember("pg_collation", "co.oid")}`,
  "x.schema, x.name",
);

/**
 * Range types. The multirange type's column is read through to_jsonb (PostgreSQL 14 added it); an
 * option is null when CREATE TYPE would pick it by itself.
 */
export const rangeTypesQuery = jsonRows(
  `select n.nspname as schema, t.typname as name, cm.description as comment, ${aclText("t.typacl", "T", "t.typowner")} as acl,
     format_type(r.rngsubtype, null) as subtype,
     case when not oc.opcdefault then quote_ident(ocn.nspname) || '.' || quote_ident(oc.opcname) end as "subtypeOpclass",
     ${collationUnlessDefault("r.rngcollation", "st.typcollation")} as collation,
     case when r.rngcanonical <> 0 then r.rngcanonical::regproc::text end as canonical,
     case when r.rngsubdiff <> 0 then r.rngsubdiff::regproc::text end as "subtypeDiff",
     (select json_build_object('schema', mn.nspname, 'name', mt.typname) from pg_type mt join pg_namespace mn on mn.oid = mt.typnamespace
       where mt.oid = (to_jsonb(r) ->> 'rngmultitypid')::oid) as multirange,
     ${functionsDependedOn("dep.classid = 'pg_type'::regclass and dep.objid = t.oid")} as "functionsUsed"
     from pg_range r join pg_type t on t.oid = r.rngtypid join pg_namespace n on n.oid = t.typnamespace
     join pg_type st on st.oid = r.rngsubtype join pg_opclass oc on oc.oid = r.rngsubopc join pg_namespace ocn on ocn.oid = oc.opcnamespace
     ${describedBy("cm", "pg_type", "t.oid")}
    where ${userSchema("n")} and ${notExtensionMember("pg_type", "t.oid")}`,
  "x.schema, x.name",
);

/** Extended statistics objects; the target is -1 by default before PostgreSQL 17 and null from it. */
export const statisticsQuery = jsonRows(
  `select n.nspname as schema, s.stxname as name, cm.description as comment,
     ${qualified("tn.nspname", "tc.relname")} as "table", pg_get_statisticsobjdef(s.oid) as definition,
     nullif(s.stxstattarget, -1)::text as target,
     -- Listed columns and those its expressions read: each has an automatic dependency.
     coalesce((select json_agg(a.attname order by a.attname collate "C") from pg_attribute a where a.attrelid = s.stxrelid
       and a.attnum in (select dep.refobjsubid from pg_depend dep where dep.classid = 'pg_statistic_ext'::regclass and dep.objid = s.oid
         and dep.refclassid = 'pg_class'::regclass and dep.refobjid = s.stxrelid and dep.refobjsubid > 0)), '[]'::json) as columns
     from pg_statistic_ext s join pg_namespace n on n.oid = s.stxnamespace
     join pg_class tc on tc.oid = s.stxrelid join pg_namespace tn on tn.oid = tc.relnamespace
     ${describedBy("cm", "pg_statistic_ext", "s.oid")}
    where ${userSchema("n")} and ${notExtensionMember("pg_statistic_ext", "s.oid")}`,
  "x.schema, x.name",
);

/** Standalone composite types (not the row types every table has). */
export const compositeTypesQuery = jsonRows(
  `select n.nspname as schema, t.typname as name, cm.description as comment, ${aclText("t.typacl", "T", "t.typowner")} as acl,
     coalesce((select json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod),
       'collation', ${collationUnlessDefault("a.attcollation", "at.typcollation")}) order by a.attnum)
       from pg_attribute a join pg_type at on at.oid = a.atttypid
      where a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped), '[]'::json) as attributes
     from pg_type t join pg_namespace n on n.oid = t.typnamespace join pg_class r on r.oid = t.typrelid
     ${describedBy("cm", "pg_type", "t.oid")}
    where t.typtype = 'c' and r.relkind = 'c' and ${userSchema("n")} and ${notExtensionMember("pg_type", "t.oid")}`,
  "x.schema, x.name",
);

/**
 * All sequences. `ownerKind` is the pg_depend deptype towards a column: 'a' for OWNED BY
 * (serial, explicit), 'i' for an identity column's sequence, which the column then carries.
 */
export const sequencesQuery = jsonRows(
  `select n.nspname as schema, c.relname as name, cm.description as comment, ${aclText("c.relacl", "s", "c.relowner")} as acl,
     ${sequenceColumns}, d.deptype as "ownerKind", tn.nspname as "ownerSchema", tc.relname as "ownerTable", a.attname as "ownerColumn"
     from pg_sequence s join pg_class c on c.oid = s.seqrelid join pg_namespace n on n.oid = c.relnamespace
     left join pg_depend d on d.classid = 'pg_class'::regclass and d.objid = c.oid and d.refclassid = 'pg_class'::regclass
       and d.refobjsubid > 0 and d.deptype in ('a', 'i')
     left join pg_class tc on tc.oid = d.refobjid left join pg_namespace tn on tn.oid = tc.relnamespace
     left join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
     ${describedBy("cm", "pg_class", "c.oid")}
    where ${userSchema("n")} and ${notExtensionMember("pg_class", "c.oid")}`,
  "x.schema, x.name",
);

/** Relations with columns, constraints and triggers here; views live in introspect-queries-code.ts. */
const tableKinds = `('r', 'p')`;

/** Relations whose indexes are read: tables and materialized views. */
const indexedKinds = `('r', 'p', 'm')`;

/** Ordinary and partitioned tables, with partition bound and inheritance parents. */
export const tablesQuery = jsonRows(
  `select n.nspname as schema, c.relname as name, d.description as comment, ${aclText("c.relacl", "r", "c.relowner")} as acl,
     c.relpersistence = 'u' as unlogged, c.relrowsecurity as "rlsEnabled", c.relforcerowsecurity as "rlsForced",
     c.relreplident as "replicaIdentity",
     case when c.relreplident = 'i' then (select ic.relname from pg_index ri join pg_class ic on ic.oid = ri.indexrelid
       where ri.indrelid = c.oid and ri.indisreplident) end as "replicaIdentityIndex",
     case when c.relkind = 'p' then pg_get_partkeydef(c.oid) end as "partitionKey",
     case when c.relispartition then pg_get_expr(c.relpartbound, c.oid) end as "partitionBound",
     coalesce(inh.parents, '[]'::json) as parents,
     case when c.reloptions is null then '[]'::json else (select json_agg(o order by o collate "C") from unnest(c.reloptions) o) end as options
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     -- Joined, not looked up row by row: most tables have no parent, no comment and no options.
     left join (select i.inhrelid, json_agg(json_build_object('schema', pn.nspname, 'name', pc.relname) order by i.inhseqno) as parents
       from pg_inherits i join pg_class pc on pc.oid = i.inhparent join pg_namespace pn on pn.oid = pc.relnamespace
      group by i.inhrelid) inh on inh.inhrelid = c.oid
     ${describedBy("d", "pg_class", "c.oid")}
    where c.relkind in ${tableKinds} and ${userSchema("n")} and ${notExtensionMember("pg_class", "c.oid")}`,
  "x.schema, x.name",
);

/**
 * A column's storage, compression and statistics target as one JSON object, or null when all are
 * the default (most columns: one null keeps the rows small). Each setting is null at its default;
 * attstattarget is -1 by default before PostgreSQL 17 and null from it. `a` is the pg_attribute
 * row, `t` its pg_type row.
 */
export const columnSettings = (a: string, t: string) => `case when ${a}.attstorage <> ${t}.typstorage or ${a}.attcompression <> '' or ${a}.attstattarget >= 0
     then json_build_object('storage', case when ${a}.attstorage <> ${t}.typstorage then ${a}.attstorage::text end, 'typeStorage', ${t}.typstorage::text,
       'compression', nullif(${a}.attcompression::text, ''), 'statisticsTarget', nullif(${a}.attstattarget, -1)) end`;

/** Columns of every table, in attnum order, with their storage, compression and statistics target. Generated columns keep their expression in pg_attrdef. */
export const columnsQuery = jsonRows(
  `select n.nspname as schema, c.relname as "table", a.attnum as position, a.attname as name,
     format_type(a.atttypid, a.atttypmod) as type, ${collationUnlessDefault("a.attcollation", "t.typcollation")} as collation,
     a.attnotnull as "notNull", a.attidentity as identity, a.attgenerated as generated, pg_get_expr(ad.adbin, ad.adrelid) as expression,
     -- A partition has only its parent's columns: one attached (ATTACH PARTITION) reads as one created PARTITION OF.
     a.attislocal and not c.relispartition as local, a.attinhcount > 0 as inherited, d.description as comment,
     case when a.attacl is not null then (select array_agg(x::text order by x::text collate "C") from unnest(a.attacl) x) end as acl,
     ${columnSettings("a", "t")} as settings
     from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
     join pg_type t on t.oid = a.atttypid left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
     ${describedBy("d", "pg_class", "c.oid", "a.attnum")}
    where c.relkind in ${tableKinds} and a.attnum > 0 and not a.attisdropped
      and ${userSchema("n")} and ${notExtensionMember("pg_class", "c.oid")}`,
  "x.schema, x.table, x.position",
);

/** Table constraints of every kind but constraint triggers ('t'), which belong with triggers. */
export const constraintsQuery = jsonRows(
  `select n.nspname as schema, c.relname as "table", k.conname as name, k.contype as kind,
     pg_get_constraintdef(k.oid) as definition, k.condeferrable as deferrable, k.condeferred as "initiallyDeferred",
     not k.convalidated as "notValid", k.conislocal and not (c.relispartition and k.coninhcount > 0) as local, k.coninhcount > 0 as inherited,
     fn.nspname as "refSchema", fc.relname as "refTable", d.description as comment,
     k.conkey as "columnNumbers", k.confkey as "refColumnNumbers"
     from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
     left join pg_class fc on fc.oid = k.confrelid left join pg_namespace fn on fn.oid = fc.relnamespace
     ${describedBy("d", "pg_constraint", "k.oid")}
    where k.contype in ('p', 'u', 'c', 'f', 'x') and c.relkind in ${tableKinds}
      and ${userSchema("n")} and ${notExtensionMember("pg_class", "c.oid")}`,
  "x.schema, x.table, x.name",
);

/** Indexes of every table and materialized view, with the constraint each one backs and the partitioned index it is attached to. */
export const indexesQuery = jsonRows(
  `select n.nspname as schema, c.relname as "table", ic.relname as name, pg_get_indexdef(i.indexrelid) as definition,
     am.amname as method, i.indisunique as unique, pg_get_expr(i.indpred, i.indrelid) as predicate,
     k.conname as constraint,
     case when pc.oid is not null then json_build_object('schema', pn.nspname, 'name', pc.relname) end as parent,
     -- A table's plain index gives its key and INCLUDE columns as numbers, named from the columns
     -- query's rows (looking each name up here costs more than the rest of the index's row).
     case when i.indexprs is null and i.indpred is null and c.relkind <> 'm' then i.indkey::int2[] end as "columnNumbers",
     case when i.indexprs is null and i.indpred is null and c.relkind <> 'm' then null
       when i.indexprs is null and i.indpred is null
       then (select json_agg(a.attname order by a.attname collate "C") from unnest(i.indkey) k(n) join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.n)
       else coalesce((select json_agg(a.attname order by a.attname collate "C") from pg_attribute a
        where a.attrelid = i.indrelid and a.attnum > 0 and (a.attnum = any (i.indkey) or exists (select 1 from pg_depend dep
          where dep.classid = 'pg_class'::regclass and dep.objid = i.indexrelid and dep.refclassid = 'pg_class'::regclass
            and dep.refobjid = i.indrelid and dep.refobjsubid = a.attnum))), '[]'::json) end as columns,
     d.description as comment
     from pg_index i join pg_class ic on ic.oid = i.indexrelid join pg_class c on c.oid = i.indrelid
     join pg_namespace n on n.oid = c.relnamespace join pg_am am on am.oid = ic.relam
     left join pg_constraint k on k.conindid = i.indexrelid and k.conrelid = i.indrelid and k.contype in ('p', 'u', 'x')
     left join pg_inherits h on h.inhrelid = ic.oid left join pg_class pc on pc.oid = h.inhparent
     left join pg_namespace pn on pn.oid = pc.relnamespace
     ${describedBy("d", "pg_class", "ic.oid")}
    where c.relkind in ${indexedKinds} and ${userSchema("n")} and ${notExtensionMember("pg_class", "c.oid")}`,
  "x.schema, x.table, x.name",
);
