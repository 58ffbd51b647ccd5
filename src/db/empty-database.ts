/**
 * The schema a new, empty database on a server holds, read without creating one, so that `dump`
 * of a live database needs no scratch database. It mirrors what `resetScratchDatabase` leaves:
 * PL/pgSQL, and a `public` schema with its standard comment and the server's default grants.
 */
import { emptySchemaModel, type SchemaModel } from "../core/diff/model.ts";
import { queryRow, type Sql } from "./connect.ts";

/** The model of an empty database on the server `sql` is connected to, as this role would create it. */
export async function emptyDatabaseModel(sql: Sql): Promise<SchemaModel> {
  // As in resetScratchDatabase: public is owned by pg_database_owner (14+) when this role owns the
  // database, else by the role itself; PostgreSQL 15 stopped granting CREATE on it to everyone.
  const row = await queryRow<{ acl: string[]; plpgsql: string | null }>(
    sql,
    `with owner as (
       select case when current_setting('server_version_num')::int >= 140000 and pg_has_role('pg_database_owner', 'MEMBER')
                   then 'pg_database_owner'::regrole else current_user::regrole end as oid,
              case when current_setting('server_version_num')::int >= 150000 then 'U' else 'UC' end as everyone)
     select (select array_agg(a::text order by a::text collate "C")
               from owner o, unnest(acldefault('n', o.oid) || ('=' || o.everyone || '/' || o.oid::regrole::text)::aclitem) a) as acl,
            (select default_version from pg_available_extensions where name = 'plpgsql') as plpgsql`,
  );
  return {
    ...emptySchemaModel(),
    schemas: { public: { name: "public", comment: "standard public schema", acl: row.acl } },
    extensions: row.plpgsql === null ? {} : { plpgsql: { name: "plpgsql", schema: "pg_catalog", version: row.plpgsql } },
  };
}
