/**
 * A domain over an enum changes type as its enum does: to another enum domain through text (see the
 * diff corpus), but to a number there is no cast at all, so the diff refuses it by name (exit 3)
 * rather than print a `USING col::integer` that fails, and `check` reports it as a difference.
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

const types = "CREATE TYPE size AS ENUM ('s', 'm', 'l'); CREATE DOMAIN shirt_size AS size;";
const before = `${types} CREATE TABLE shirts (id int PRIMARY KEY, size shirt_size, sizes size[]);`;
const after = `${types} CREATE TABLE shirts (id int PRIMARY KEY, size integer, sizes integer[]);`;

beforeAll(async () => {
  [from, to, scratch] = await Promise.all([createTestDatabase("refuse_enum_from"), createTestDatabase("refuse_enum_to"), createTestDatabase("refuse_enum_scratch")]);
  await Promise.all([from.sql.unsafe(before), to.sql.unsafe(after)]);
  dir = tempProject("refuse-enum");
  writeFileSync(join(dir, "retort.toml"), 'schema = "schema.sql"\n');
  writeSqlRevision(dir, { id: "ab12cd34ef56", message: "shirts", upgrade: before, downgrade: "DROP TABLE shirts; DROP DOMAIN shirt_size; DROP TYPE size;" });
  writeFileSync(join(dir, "schema.sql"), `${after}\n`);
});

afterAll(async () => {
  await Promise.all([from?.drop(), to?.drop(), scratch?.drop()]);
});

const project = () => ({ cwd: dir, url: from.url, env: { SCRATCH_DATABASE_URL: scratch.url } });

describe("an enum domain or enum array to a number", () => {
  it("diff refuses with exit 3, naming both columns and the reason", async () => {
    const e = await refusedDiff({ ...project(), from: from.url, to: to.url });
    expect(e.differences.map((d) => [d.object, d.what.split(",")[0]])).toEqual([
      ['"public"."shirts"."size"', "type change from public.shirt_size to integer"],
      ['"public"."shirts"."sizes"', "type change from public.size[] to integer[]"],
    ]);
    expect(e.message).toContain('"public"."shirts"."size"');
  });

  it("check reports them as differences and writes no statement for them", async () => {
    const err = await check(project()).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(SchemaDriftError);
    const findings = (err as SchemaDriftError).findings;
    expect(findings.unsupported.map((d) => d.object)).toEqual(['"public"."shirts"."size"', '"public"."shirts"."sizes"']);
    expect(findings.steps).toEqual([]);
  });
});
