/**
 * Default privileges (ALTER DEFAULT PRIVILEGES) for roles of the test's own: the diff writes them
 * in both directions, the global form starting from acldefault, and objects the owner creates
 * afterwards get what they say. Roles are cluster-wide, so their names are unique to the run and
 * they are dropped with the databases.
 */
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffSchemas, unsupportedDifferences } from "../src/core/diff/diff.ts";
import { introspect } from "../src/db/introspect.ts";
import { adminUrl, createTestDatabase, type TestDatabase } from "./support/database.ts";
import { applySteps } from "./support/diff-cases.ts";

const suffix = `${process.pid}_${Math.floor(Math.random() * 1e6)}`;
const owner = `retort_dp_owner_${suffix}`;
const reader = `retort_dp_reader_${suffix}`;

let a: TestDatabase;
let b: TestDatabase;

const base = `CREATE SCHEMA app; GRANT CREATE, USAGE ON SCHEMA app TO "${owner}";`;

beforeAll(async () => {
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create role "${owner}" nologin; create role "${reader}" nologin`);
  await admin.end();
  [a, b] = await Promise.all([createTestDatabase("defprivs_a"), createTestDatabase("defprivs_b")]);
  await a.sql.unsafe(base);
  await b.sql.unsafe(`${base}
ALTER DEFAULT PRIVILEGES FOR ROLE "${owner}" IN SCHEMA app GRANT SELECT, UPDATE ON TABLES TO "${reader}" WITH GRANT OPTION;
ALTER DEFAULT PRIVILEGES FOR ROLE "${owner}" REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE "${owner}" GRANT EXECUTE ON FUNCTIONS TO "${reader}";`);
});

afterAll(async () => {
  await Promise.all([a?.drop(), b?.drop()]);
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop role if exists "${owner}"; drop role if exists "${reader}"`);
  await admin.end();
});

describe("default privileges in the diff", () => {
  it("are granted and revoked both ways, the global form from acldefault, and nothing is left between a schema and itself", async () => {
    const [A, B] = await Promise.all([introspect(a.sql), introspect(b.sql)]);
    expect(unsupportedDifferences(A, B)).toEqual([]);
    expect(diffSchemas(B, B)).toEqual([]);
    const alter = `ALTER DEFAULT PRIVILEGES FOR ROLE "${owner}"`;
    expect(diffSchemas(A, B).map((s) => s.sql)).toEqual([
      `${alter} REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;`,
      `${alter} GRANT EXECUTE ON FUNCTIONS TO "${reader}";`,
      `${alter} IN SCHEMA "app" GRANT SELECT ON TABLES TO "${reader}" WITH GRANT OPTION;`,
      `${alter} IN SCHEMA "app" GRANT UPDATE ON TABLES TO "${reader}" WITH GRANT OPTION;`,
    ]);
    expect(diffSchemas(B, A).map((s) => s.sql)).toEqual([
      `${alter} REVOKE EXECUTE ON FUNCTIONS FROM "${reader}";`,
      `${alter} GRANT EXECUTE ON FUNCTIONS TO PUBLIC;`,
      `${alter} IN SCHEMA "app" REVOKE SELECT ON TABLES FROM "${reader}";`,
      `${alter} IN SCHEMA "app" REVOKE UPDATE ON TABLES FROM "${reader}";`,
    ]);

    await applySteps(a.sql, diffSchemas(A, B));
    expect(await introspect(a.sql)).toEqual(B);
    // What they are for: the owner's next table and function get them.
    await a.sql.unsafe(`SET ROLE "${owner}"; CREATE TABLE app.t (id int); CREATE FUNCTION app.f() RETURNS int LANGUAGE sql AS 'SELECT 1'; RESET ROLE;`);
    const acls = await a.sql<{ acl: string[] }[]>`select relacl::text[] as acl from pg_class where oid = 'app.t'::regclass
      union all select proacl::text[] from pg_proc where oid = 'app.f'::regproc`;
    expect(acls.map((r) => r.acl)).toEqual([
      [`${owner}=arwdDxt/${owner}`, `${reader}=r*w*/${owner}`],
      [`${owner}=X/${owner}`, `${reader}=X/${owner}`],
    ]);
    await a.sql.unsafe("DROP TABLE app.t; DROP FUNCTION app.f();");

    await applySteps(a.sql, diffSchemas(B, A));
    expect(await introspect(a.sql)).toEqual(A);
  });
});
