/**
 * Round trip of the online split on a real database, over the diff corpus (test/diff-cases/), in
 * both directions: apply the transactional part (the plain diff to the intermediate schema), then
 * the online statements one at a time outside a transaction, as a `transaction: false` revision
 * runs them; the database must then introspect equal to the target. Then the online downgrade
 * must give back the intermediate schema, and the transactional downgrade the start.
 */
import type postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffSchemas, type DiffStep } from "../src/core/diff/diff.ts";
import type { SchemaModel } from "../src/core/diff/model.ts";
import { splitOnline } from "../src/core/diff/online.ts";
import { introspect } from "../src/db/introspect.ts";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";
import { applySteps, diffCases, normaliseModel, resetDatabase } from "./support/diff-cases.ts";

let db1: TestDatabase;
let db2: TestDatabase;

beforeAll(async () => {
  [db1, db2] = await Promise.all([createTestDatabase("online_rt_1"), createTestDatabase("online_rt_2")]);
});

afterAll(async () => {
  await Promise.all([db1?.drop(), db2?.drop()]);
});

/** The cases with an index, foreign key, CHECK, NOT NULL, UNIQUE or PRIMARY KEY change on a table both sides have. */
const USES_ONLINE_FORM = new Set([
  "check-constraint-validate",
  "collation-in-index-expressions-and-view",
  "column-defaults-expressions-and-arrays",
  "column-drop-with-indexes-and-serial",
  "column-type-default-notnull-generated-changes",
  "comments-kept-across-rebuilds",
  "constraint-unique-fk-check-changes",
  "fk-deferrable-on-delete-change",
  "index-include-expression-and-desc",
  "index-method-and-partial-changes",
  "online-safe-forms",
  "partitioned-primary-key-dropped-leaves-not-null",
  "partitioning-list-to-hash-with-type-change-and-dependants",
  "pg-check-and-fk-not-valid",
  "pg-column-defaults-nullability-and-renames",
  "pg-deferrable-unique-and-exclusion",
  "pg-extension-types-and-opclasses",
  "pg-fk-actions-and-set-null-columns",
  "pg-index-expression-opclass-and-collation",
  "pg-index-nulls-not-distinct-covering-partial",
  "pg-names-with-dots-spaces-and-quotes",
  "pg-range-type-with-own-diff-function",
  "pg-reserved-words-and-unicode-names",
  "primary-key-change-with-fk",
  "quoted-names-index-and-primary-key",
  "replica-identity-index-recreated",
  "replica-identity-kinds",
  "replident-every-kind-rotated",
  "replident-identity-index-dropped-and-added",
  "replident-using-index-renamed",
  "replident-using-primary-key-index-replaced",
  "retype-column-read-by-view-index-check-generated",
  "retype-enum-to-other-enum-with-index-check-default",
  "retype-enum-to-text-and-back",
  "retype-int-boolean-text-jsonb-json",
  "seq-owned-by-moves-and-owner-dropped",
  "sequence-options-create-drop",
  "view-calling-function-and-function-change",
]);

/** Each statement on its own, committing as it goes. */
async function applyOneByOne(sql: postgres.Sql, steps: readonly DiffStep[]): Promise<void> {
  for (const s of steps) await sql.unsafe(s.sql);
}

/** Upgrades `sql` (at `from`) to `to` through the split, checks, and downgrades back; the number of online statements run. */
async function roundTrip(sql: postgres.Sql, from: SchemaModel, to: SchemaModel): Promise<number> {
  const split = splitOnline(from, to);
  if (split === null) return 0;
  await applySteps(sql, diffSchemas(from, split.intermediate));
  const middle = await introspect(sql);
  await applyOneByOne(sql, split.upgrade);
  expect(normaliseModel(await introspect(sql))).toEqual(normaliseModel(to));
  await applyOneByOne(sql, split.downgrade);
  expect(normaliseModel(await introspect(sql))).toEqual(normaliseModel(middle));
  await applySteps(sql, diffSchemas(split.intermediate, from));
  expect(normaliseModel(await introspect(sql))).toEqual(normaliseModel(from));
  return split.upgrade.length;
}

describe.each(diffCases)("online round trip: $name", ({ name, a, b }) => {
  it("A→B and B→A through the online split", async () => {
    await Promise.all([resetDatabase(db1.sql), resetDatabase(db2.sql)]);
    await Promise.all([db1.sql.unsafe(a), db2.sql.unsafe(b)]);
    const [A, B] = await Promise.all([introspect(db1.sql), introspect(db2.sql)]);
    const [up, down] = await Promise.all([roundTrip(db1.sql, A, B), roundTrip(db2.sql, B, A)]);
    // Which cases have changes on existing tables that take the online form is part of the contract.
    expect(up + down > 0, `${name}: ${up} online statements up, ${down} down`).toBe(USES_ONLINE_FORM.has(name));
    if (name === "online-safe-forms") expect(up).toBeGreaterThanOrEqual(20);
  });
});
