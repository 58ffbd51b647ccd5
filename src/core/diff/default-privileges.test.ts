import { describe, expect, it } from "vitest";
import { col, modelOf, tbl } from "./_model-builders.ts";
import { diffSchemas } from "./diff.ts";
import { type DefaultPrivilegesDef, defaultPrivilegesKey, type SchemaModel } from "./model.ts";

const entry = (schema: string | null, acl: string[], baseline: string[] = []): DefaultPrivilegesDef => ({ role: "app", schema, objectType: "tables", acl, baseline });

function model(entries: DefaultPrivilegesDef[], parts: Parameters<typeof modelOf>[0] = { schemas: ["public", "api"] }): SchemaModel {
  return { ...modelOf(parts), defaultPrivileges: Object.fromEntries(entries.map((d) => [defaultPrivilegesKey(d), d])) };
}

describe("default privileges in the diff", () => {
  it("revokes only the grant option when the privilege stays, and skips entries their dropped schema takes along", () => {
    const a = model([entry("api", ["reader=r*/app", "writer=a/app"])]);
    const b = model([entry("api", ["reader=r/app"])]);
    expect(diffSchemas(a, b).map((s) => s.sql)).toEqual([
      'ALTER DEFAULT PRIVILEGES FOR ROLE "app" IN SCHEMA "api" REVOKE GRANT OPTION FOR SELECT ON TABLES FROM "reader";',
      'ALTER DEFAULT PRIVILEGES FOR ROLE "app" IN SCHEMA "api" REVOKE INSERT ON TABLES FROM "writer";',
    ]);
    expect(diffSchemas(a, model([], { schemas: ["public"] })).map((s) => s.sql)).toEqual(['DROP SCHEMA "api";']);
  });

  it("brings a global entry that goes back to acldefault, the owner's own privileges included", () => {
    const global = entry(null, ["app=r/app"], ["app=arwdDxt/app"]);
    expect(diffSchemas(model([global]), model([])).map((s) => s.sql.replace('ALTER DEFAULT PRIVILEGES FOR ROLE "app" ', ""))).toEqual([
      'GRANT DELETE ON TABLES TO "app";',
      'GRANT INSERT ON TABLES TO "app";',
      'GRANT REFERENCES ON TABLES TO "app";',
      'GRANT TRIGGER ON TABLES TO "app";',
      'GRANT TRUNCATE ON TABLES TO "app";',
      'GRANT UPDATE ON TABLES TO "app";',
    ]);
  });

  it("starts a new table's grants from what the defaults may give it: revokes what it must not have, grants all it must", () => {
    const t = (acl: string[] | null) => ({ tables: [{ ...tbl("api", "t", [col("id", "integer")]), acl }], schemas: ["public", "api"] });
    const defaults = [entry("api", ["reader=r/app", "auditor=r/app"])];
    expect(diffSchemas(model(defaults), model(defaults, t(["o=arwdDxt/o", "reader=r/o", "writer=a/o"]))).map((s) => s.sql).slice(1)).toEqual([
      'REVOKE SELECT ON TABLE "api"."t" FROM "auditor";',
      'GRANT SELECT ON TABLE "api"."t" TO "reader";',
      'GRANT INSERT ON TABLE "api"."t" TO "writer";',
    ]);
    // Without defaults in its schema, a new table starts from none, as before.
    expect(diffSchemas(model([]), model([], t(["o=arwdDxt/o", "reader=r/o"]))).map((s) => s.sql).slice(1)).toEqual(['GRANT SELECT ON TABLE "api"."t" TO "reader";']);
  });
});
