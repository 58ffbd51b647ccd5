import { describe, expect, it } from "vitest";
import { col, idx, modelOf, tbl } from "./_model-builders.ts";
import { diffSchemas } from "./diff.ts";
import type { TableDef } from "./model.ts";

const parent = tbl("public", "log", [col("at", "date", { notNull: true }), col("client", "inet")], [], [idx("log_client", "CREATE INDEX log_client ON ONLY public.log USING btree (client)")], {
  partitionKey: "RANGE (at)",
});
const columns = [col("at", "date", { notNull: true, local: false, inherited: true }), col("client", "inet", { local: false, inherited: true })];

/** Partition `name` of `of` whose index is attached to `parentIndex`. */
function partition(name: string, indexName: string, of = "log", parentIndex = '"public"."log_client"', extra: Partial<TableDef> = {}): TableDef {
  const onOnly = extra.partitionKey ? "ONLY " : "";
  return tbl("public", name, columns, [], [idx(indexName, `CREATE INDEX ${indexName} ON ${onOnly}public.${name} USING btree (client)`, { partitionOf: parentIndex })], {
    partitionOf: { parent: `"public"."${of}"`, bound: `FOR VALUES FROM ('2025-01-01') TO ('2025-02-01')` },
    ...extra,
  });
}

describe("indexes attached to a parent's index", () => {
  it("leaves the index PostgreSQL makes on a new partition under an indexed parent alone", () => {
    const steps = diffSchemas(modelOf({ tables: [parent] }), modelOf({ tables: [parent, partition("log_jan", "log_jan_client_idx")] }));
    expect(steps.map((s) => s.kind)).toEqual(["create-table"]);
  });

  it("renames it, looked up by the server, when the wanted name is one of its own", () => {
    const steps = diffSchemas(modelOf({ tables: [parent] }), modelOf({ tables: [parent, partition("log_jan", "jan_client")] }));
    expect(steps.map((s) => s.kind)).toEqual(["create-table", "rename-index"]);
    expect(steps[1]!.sql).toContain(`h.inhparent = '"public"."log_client"'::regclass AND x.indrelid = '"public"."log_jan"'::regclass);`);
    // Renamed only when the server chose another name: a rename to its own name is an error.
    expect(steps[1]!.sql).toContain(`WHERE oid = i) <> 'jan_client' THEN EXECUTE format('ALTER INDEX %s RENAME TO %I', i, 'jan_client');`);
  });

  it("renames a kept partition's attached index by name, never creating a second one", () => {
    const steps = diffSchemas(modelOf({ tables: [parent, partition("log_jan", "log_jan_client_idx")] }), modelOf({ tables: [parent, partition("log_jan", "jan_client")] }));
    expect(steps.map((s) => s.sql)).toEqual(['ALTER INDEX "public"."log_jan_client_idx" RENAME TO "jan_client";']);
  });

  it("creates a new parent index's partition indexes deepest first, a sub-partitioned one without ONLY", () => {
    const bare = (t: TableDef): TableDef => ({ ...t, indexes: {} });
    const mid = partition("log_eu", "log_eu_client", "log", '"public"."log_client"', { partitionKey: "RANGE (at)" });
    const leaf = partition("log_eu_jan", "eu_jan_client", "log_eu", '"public"."log_eu_client"');
    const steps = diffSchemas(modelOf({ tables: [bare(parent), bare(mid), bare(leaf)] }), modelOf({ tables: [parent, mid, leaf] }));
    expect(steps.map((s) => s.sql)).toEqual([
      "CREATE INDEX eu_jan_client ON public.log_eu_jan USING btree (client);",
      "CREATE INDEX log_eu_client ON public.log_eu USING btree (client);",
      "CREATE INDEX log_client ON public.log USING btree (client);",
    ]);
  });
});
