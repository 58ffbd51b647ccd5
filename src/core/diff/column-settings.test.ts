import { describe, expect, it } from "vitest";
import { col, modelOf, tbl } from "./_model-builders.ts";
import { diffSchemas } from "./diff.ts";
import type { ColumnDef } from "./model.ts";

const external = { mode: "external", typeMode: "extended" } as const;
const docs = (body: ColumnDef) => modelOf({ tables: [tbl("public", "docs", [col("id", "integer"), body])] });

describe("column storage, compression and statistics target", () => {
  it("sets each on the table alone, and goes back to the type's storage by naming it", () => {
    const plain = docs(col("body", "text"));
    const tuned = docs(col("body", "text", { storage: external, compression: "lz4", statisticsTarget: 500 }));
    expect(diffSchemas(plain, tuned).map((s) => s.sql)).toEqual([
      'ALTER TABLE ONLY "public"."docs" ALTER COLUMN "body" SET STORAGE EXTERNAL;',
      'ALTER TABLE ONLY "public"."docs" ALTER COLUMN "body" SET COMPRESSION lz4;',
      'ALTER TABLE ONLY "public"."docs" ALTER COLUMN "body" SET STATISTICS 500;',
    ]);
    expect(diffSchemas(tuned, plain).map((s) => s.sql)).toEqual([
      'ALTER TABLE ONLY "public"."docs" ALTER COLUMN "body" SET STORAGE EXTENDED;',
      'ALTER TABLE ONLY "public"."docs" ALTER COLUMN "body" SET COMPRESSION DEFAULT;',
      'ALTER TABLE ONLY "public"."docs" ALTER COLUMN "body" SET STATISTICS -1;',
    ]);
  });

  it("sets storage and compression again after a type change, which resets them, and not the statistics target, which it keeps", () => {
    const before = docs(col("body", "text", { storage: external, compression: "pglz", statisticsTarget: 50 }));
    const after = docs(col("body", "character varying(20)", { storage: external, compression: "pglz", statisticsTarget: 50 }));
    expect(diffSchemas(before, after).map((s) => s.sql).filter((sql) => sql.includes(" SET "))).toEqual([
      'ALTER TABLE ONLY "public"."docs" ALTER COLUMN "body" SET STORAGE EXTERNAL;',
      'ALTER TABLE ONLY "public"."docs" ALTER COLUMN "body" SET COMPRESSION pglz;',
    ]);
  });
});
