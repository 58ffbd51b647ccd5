/**
 * A column type change with no cast path is refused by name: `diff` fails with exit 3 naming the
 * column and the reason, with the hint to write the USING expression by hand, and `check` reports
 * it as a difference. One enum to another goes through text instead (see the diff corpus).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { check, SchemaDriftError } from "../src/index.ts";
import { refusedDiff } from "./support/refused-diff.ts";
import { tempProject } from "./support/binary.ts";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";
import { writeSqlRevision } from "./support/project.ts";

let from: TestDatabase;
let to: TestDatabase;
let scratch: TestDatabase;
let dir: string;

beforeAll(async () => {
  [from, to, scratch] = await Promise.all([createTestDatabase("refuse_from"), createTestDatabase("refuse_to"), createTestDatabase("refuse_scratch")]);
  await from.sql.unsafe("CREATE TABLE events (id int PRIMARY KEY, at bigint NOT NULL, flag boolean)");
  await to.sql.unsafe("CREATE TABLE events (id int PRIMARY KEY, at timestamp NOT NULL, flag boolean)");
  dir = tempProject("refuse");
  writeFileSync(join(dir, "retort.toml"), 'schema = "schema.sql"\n');
  writeSqlRevision(dir, { id: "aa11bb22cc33", message: "events", upgrade: "CREATE TABLE events (id int PRIMARY KEY, at bigint NOT NULL, flag boolean);", downgrade: "DROP TABLE events;" });
  writeFileSync(join(dir, "schema.sql"), "CREATE TABLE events (id int PRIMARY KEY, at timestamp NOT NULL, flag date);\n");
});

afterAll(async () => {
  await Promise.all([from?.drop(), to?.drop(), scratch?.drop()]);
});

const project = () => ({ cwd: dir, url: from.url, env: { SCRATCH_DATABASE_URL: scratch.url } });

describe("type changes with no cast path", () => {
  it("diff refuses with exit 3, naming the column and the reason, and hints at USING", async () => {
    const e = await refusedDiff({ ...project(), from: from.url, to: to.url });
    expect(e.differences).toEqual([
      {
        what: "type change from bigint to timestamp without time zone, which has no cast (no expression is right for every row: write ALTER COLUMN … TYPE … USING <expression> by hand)",
        object: '"public"."events"."at"',
      },
    ]);
    expect(e.message).toContain('"public"."events"."at"');
    expect(e.hint).toContain("by hand in a revision");
  });

  it("check reports each as a difference, and leaves the refused statements out of its SQL", async () => {
    const err = await check(project()).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(SchemaDriftError);
    const findings = (err as SchemaDriftError).findings;
    expect(findings.unsupported.map((d) => [d.object, d.what.split(",")[0]])).toEqual([
      ['"public"."events"."at"', "type change from bigint to timestamp without time zone"],
      ['"public"."events"."flag"', "type change from boolean to date"],
    ]);
    expect(findings.sql).toContain('-- not written as SQL yet: type change from bigint to timestamp without time zone');
    expect(findings.steps).toEqual([]);
  });
});
