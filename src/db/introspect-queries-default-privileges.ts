/**
 * The catalog query for ALTER DEFAULT PRIVILEGES entries (pg_default_acl, a small catalog). Same
 * conventions as introspect-queries.ts.
 */
import { jsonRows, userSchema } from "./introspect-queries.ts";

/** An aclitem array as its texts sorted bytewise, so two databases agree. */
const sortedAcl = (acl: string) => `coalesce((select json_agg(a::text order by a::text collate "C") from unnest(${acl}) a), '[]'::json)`;

/**
 * Every entry: its role, schema (null for the global form) and kind, its ACL and, for the global
 * form, `acldefault` of the kind for the role. pg_default_acl's kind letters are acldefault's but
 * for sequences: `S` there, `s` for acldefault (whose `S` is a foreign server).
 */
export const defaultPrivilegesQuery = jsonRows(
  `select pg_get_userbyid(d.defaclrole) as role, n.nspname as schema,
     case d.defaclobjtype when 'r' then 'tables' when 'S' then 'sequences' when 'f' then 'functions' when 'T' then 'types' when 'n' then 'schemas' when 'L' then 'large objects' end as "objectType",
     ${sortedAcl("d.defaclacl")} as acl,
     case when d.defaclnamespace = 0 then ${sortedAcl(`acldefault(case d.defaclobjtype when 'S' then 's'::"char" else d.defaclobjtype end, d.defaclrole)`)} else '[]'::json end as baseline
     from pg_default_acl d left join pg_namespace n on n.oid = d.defaclnamespace
    where d.defaclnamespace = 0 or ${userSchema("n")}`,
  `x.role collate "C", x.schema collate "C" nulls first, x."objectType" collate "C"`,
);
