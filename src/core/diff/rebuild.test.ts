import { describe, expect, it } from "vitest";
import { col, con, idx, modelOf, seq, tbl } from "./_model-builders.ts";
import { diffSchemas } from "./diff.ts";
import type { TableDef } from "./model.ts";
import { droppedWithRebuilt, rebuiltTables } from "./rebuild.ts";

const T = '"public"."t"';
const part = (name: string, parent: string, bound: string, extra: Partial<TableDef> = {}): TableDef =>
  tbl("public", name, [col("id", "integer", { notNull: true, local: false, inherited: true }), col("at", "date", { notNull: true, local: false, inherited: true })], [], [], {
    partitionOf: { parent: `"public"."${parent}"`, bound },
    ...extra,
  });
const columns = () => [col("id", "integer", { notNull: true }), col("at", "date", { notNull: true })];

/** The index in `sql` of the first statement starting with `prefix`; fails the test when there is none. */
function at(sql: readonly string[], prefix: string): number {
  const i = sql.findIndex((s) => s.startsWith(prefix));
  expect(i, `no statement starts with ${prefix}\n${sql.join("\n")}`).toBeGreaterThanOrEqual(0);
  return i;
}

describe("which tables are rebuilt", () => {
  const from = {
    [T]: tbl("public", "t", columns(), [], [], { partitionKey: "RANGE (at)" }),
    '"public"."t_1"': part("t_1", "t", "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"),
    '"public"."t_2"': part("t_2", "t", "FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')"),
    '"public"."t_3"': part("t_3", "t", "DEFAULT"),
  };
  const to = {
    [T]: tbl("public", "t", columns(), [], [], { partitionKey: "LIST (at)" }),
    '"public"."t_1"': part("t_1", "t", "FOR VALUES IN ('2024-01-01')"),
    '"public"."t_2"': tbl("public", "t_2", columns()),
  };

  it("rebuilds the table whose key changes and the partitions that stay under it, not those that leave it", () => {
    const rebuilt = rebuiltTables(from, to);
    expect([...rebuilt].sort()).toEqual(['"public"."t"', '"public"."t_1"']);
    expect([...droppedWithRebuilt(from, to, rebuilt)]).toEqual(['"public"."t_3"']);
  });

  it("detaches a partition that leaves before the rows are saved, and drops the old table alone (its partitions go with it)", () => {
    const sql = diffSchemas(modelOf({ tables: Object.values(from) }), modelOf({ tables: Object.values(to) })).map((s) => s.sql);
    expect(at(sql, 'ALTER TABLE "public"."t" DETACH PARTITION "public"."t_2"')).toBeLessThan(at(sql, "CREATE TEMPORARY TABLE"));
    expect(sql.filter((s) => s.startsWith("DROP TABLE \"public\""))).toEqual([`DROP TABLE ${T};`]);
    expect(at(sql, `DROP TABLE ${T}`)).toBeLessThan(at(sql, `CREATE TABLE ${T}`));
    expect(at(sql, 'CREATE TABLE "public"."t_1" PARTITION OF "public"."t"')).toBeLessThan(at(sql, `INSERT INTO ${T}`));
  });
});

describe("the rebuild's warning", () => {
  it("names the parents whose row triggers, cloned onto a rebuilt partition, fire for the copied rows", () => {
    const trigger = { name: "audit", definition: "CREATE TRIGGER audit AFTER INSERT ON public.p FOR EACH ROW EXECUTE FUNCTION public.audit()", enabled: "O", comment: null };
    const parent = tbl("public", "p", columns(), [], [], { partitionKey: "RANGE (at)", triggers: { audit: trigger } });
    const leaf = part("t", "p", "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
    const subPartitioned = { ...leaf, partitionKey: "LIST (id)" };
    const steps = diffSchemas(modelOf({ tables: [parent, leaf] }), modelOf({ tables: [parent, subPartitioned] }));
    expect(steps.find((s) => s.kind === "save-rows")!.warning).toMatch(/; the triggers of "public"\."p" fire for the copied rows$/);
    const quiet = diffSchemas(modelOf({ tables: [{ ...parent, triggers: {} }, leaf] }), modelOf({ tables: [{ ...parent, triggers: {} }, subPartitioned] }));
    expect(quiet.find((s) => s.kind === "save-rows")!.warning).not.toContain("triggers");
  });
});

describe("rebuilding a table into a partitioned one", () => {
  const plain = tbl(
    "public",
    "t",
    [
      col("id", "bigint", { notNull: true, identity: { kind: "always", sequence: '"public"."t_id_seq"', options: { type: "bigint", start: "1", increment: "1", min: "1", max: "9223372036854775807", cache: "1", cycle: false } } }),
      col("at", "date", { notNull: true }),
      col("n", "integer", { default: "nextval('public.t_n_seq'::regclass)" }),
      col("size", "integer"),
      col("twice", "integer", { generated: "(size * 2)" }),
    ],
    [con("t_pkey", "primaryKey", "PRIMARY KEY (id, at)")],
    [idx("t_size", "CREATE INDEX t_size ON public.t USING btree (size)")],
  );
  const partitioned: TableDef = {
    ...plain,
    partitionKey: "RANGE (at)",
    columns: plain.columns.map((c) => (c.name === "size" ? { ...c, type: "bigint" } : c)),
    indexes: { t_size: idx("t_size", "CREATE INDEX t_size ON ONLY public.t USING btree (size)") },
  };
  const referrer = tbl("public", "r", [col("id", "bigint"), col("at", "date")], [con("r_fk", "foreignKey", "FOREIGN KEY (id, at) REFERENCES public.t(id, at)", { references: T })]);
  const counter = seq("public", "t_n_seq", { ownedBy: { table: T, column: "n" } });
  const from = modelOf({ tables: [plain, referrer], sequences: [counter] });
  const to = modelOf({ tables: [partitioned, part("t_1", "t", "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"), referrer], sequences: [counter] });
  const steps = diffSchemas(from, to);
  const sql = steps.map((s) => s.sql);

  it("saves the rows and the identity's value, then drops the old table once nothing holds on to it", () => {
    const save = at(sql, `CREATE TEMPORARY TABLE "retort_rebuild_1" AS SELECT * FROM ${T}`);
    expect(steps[save]!.warning).toContain("ACCESS EXCLUSIVE");
    expect(steps[save]!.warning).toContain("fits no partition");
    expect(at(sql, 'CREATE TEMPORARY TABLE "retort_rebuild_1_1" AS SELECT last_value, is_called FROM "public"."t_id_seq"')).toBeLessThan(at(sql, `DROP TABLE ${T}`));
    expect(at(sql, 'ALTER SEQUENCE "public"."t_n_seq" OWNED BY NONE')).toBeLessThan(at(sql, `DROP TABLE ${T}`));
    expect(at(sql, 'ALTER TABLE "public"."r" DROP CONSTRAINT "r_fk"')).toBeLessThan(at(sql, `DROP TABLE ${T}`));
  });

  it("copies the rows once the partitions exist, naming the columns, keeping identity values and casting a changed type", () => {
    const copy = at(sql, `INSERT INTO ${T}`);
    expect(sql[copy]).toBe(`INSERT INTO ${T} ("id", "at", "n", "size") OVERRIDING SYSTEM VALUE SELECT "id", "at", "n", "size"::bigint FROM pg_temp."retort_rebuild_1";`);
    expect(at(sql, 'CREATE TABLE "public"."t_1" PARTITION OF')).toBeLessThan(copy);
    expect(copy).toBeLessThan(at(sql, "SELECT setval('\"public\".\"t_id_seq\"', last_value, is_called) FROM pg_temp.\"retort_rebuild_1_1\""));
  });

  it("builds the indexes, owns the sequence and adds the foreign keys back after the copy", () => {
    const copy = at(sql, `INSERT INTO ${T}`);
    expect(copy).toBeLessThan(at(sql, "CREATE INDEX t_size ON public.t"));
    expect(copy).toBeLessThan(at(sql, 'ALTER SEQUENCE "public"."t_n_seq" OWNED BY "public"."t"."n"'));
    expect(copy).toBeLessThan(at(sql, 'ALTER TABLE "public"."r" ADD CONSTRAINT "r_fk"'));
    expect(at(sql, 'DROP TABLE pg_temp."retort_rebuild_1"')).toBeGreaterThan(copy);
  });
});

describe("a table becoming a partition", () => {
  const parent = tbl("public", "p", columns(), [con("p_check", "check", "CHECK ((id > 0))")], [idx("p_at", "CREATE INDEX p_at ON ONLY public.p USING btree (at)")], { partitionKey: "RANGE (at)" });
  const standalone = tbl("public", "c", [col("id", "integer"), col("at", "date", { notNull: true })], [], [idx("c_at", "CREATE INDEX c_at ON public.c USING btree (at)")]);
  const partition = part("c", "p", "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')", {
    constraints: { p_check: con("p_check", "check", "CHECK ((id > 0))", { local: false, inherited: true }) },
    indexes: { c_at: idx("c_at", "CREATE INDEX c_at ON public.c USING btree (at)", { partitionOf: '"public"."p_at"' }) },
  });

  it("gets the parent's NOT NULL and CHECK constraints before ATTACH, and keeps the index ATTACH adopts", () => {
    const sql = diffSchemas(modelOf({ tables: [parent, standalone] }), modelOf({ tables: [parent, partition] })).map((s) => s.sql);
    expect(sql).toEqual([
      'ALTER TABLE "public"."c" ALTER COLUMN "id" SET NOT NULL;',
      'ALTER TABLE "public"."c" ADD CONSTRAINT "p_check" CHECK ((id > 0));',
      `ALTER TABLE "public"."p" ATTACH PARTITION "public"."c" FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');`,
    ]);
  });

  it("is detached, then changed from what DETACH leaves, when it ceases to be one", () => {
    const sql = diffSchemas(modelOf({ tables: [parent, partition] }), modelOf({ tables: [parent, standalone] })).map((s) => s.sql);
    expect(sql).toEqual([
      'ALTER TABLE "public"."p" DETACH PARTITION "public"."c";',
      'ALTER TABLE "public"."c" DROP CONSTRAINT "p_check";',
      'ALTER TABLE "public"."c" ALTER COLUMN "id" DROP NOT NULL;',
    ]);
  });
});
