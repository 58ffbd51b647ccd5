/**
 * The schema-diff corpus in test/diff-cases/<case>/ (a.sql and b.sql), and what the round-trip
 * tests do with it: empty a database, apply steps as the diff orders them, compare models.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type postgres from "postgres";
import { expect } from "vitest";
import { diffSchemas, type DiffStep } from "../../src/core/diff/diff.ts";
import type { SchemaModel } from "../../src/core/diff/model.ts";
import { databaseLevelReset } from "../../src/db/database-level-reset.ts";
import { introspect } from "../../src/db/introspect.ts";

const casesDir = join(import.meta.dirname, "..", "diff-cases");

/** Every case of the corpus, sorted by name. */
export const diffCases: readonly { readonly name: string; readonly a: string; readonly b: string }[] = readdirSync(casesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort()
  .map((name) => ({
    name,
    a: readFileSync(join(casesDir, name, "a.sql"), "utf8"),
    b: readFileSync(join(casesDir, name, "b.sql"), "utf8"),
  }));

/** One case of the corpus by name. */
export function diffCase(name: string): { readonly a: string; readonly b: string } {
  const found = diffCases.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no diff case ${name} in ${casesDir}`);
  return found;
}

/**
 * Builds `from` in `db` and `to` in `target` (both emptied first), applies the diff from one to the
 * other to `db`, and checks that its schema arrived: the rows it then holds are the caller's to check.
 */
export async function migrateWithDiff(db: postgres.Sql, target: postgres.Sql, from: string, to: string): Promise<void> {
  await Promise.all([resetDatabase(db), resetDatabase(target)]);
  await Promise.all([db.unsafe(from), target.unsafe(to)]);
  const [a, b] = await Promise.all([introspect(db), introspect(target)]);
  await applySteps(db, diffSchemas(a, b));
  expect(normaliseModel(await introspect(db))).toEqual(normaliseModel(b));
}

/** Drops every event trigger, non-system schema (with its extensions, types, tables…) and global default privileges, and recreates an empty public. */
export async function resetDatabase(sql: postgres.Sql): Promise<void> {
  const schemas = await sql<{ name: string }[]>`
    select nspname as name from pg_namespace
    where nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and nspname not like 'pg\_temp\_%' and nspname not like 'pg\_toast\_temp\_%'`;
  // Event triggers first: they belong to the database, and would fire on the drops.
  const databaseLevel = await databaseLevelReset(sql);
  const drops = [...databaseLevel.statements.map((s) => `${s};`), ...schemas.map((s) => `drop schema ${quoteIdent(s.name)} cascade;`)].join("\n");
  // Recreated as PostgreSQL 15+ creates it, so all the databases stay alike.
  await sql.unsafe(`${drops}\ncreate schema public authorization pg_database_owner;\ngrant usage on schema public to public;`);
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Applies the steps in transactions. `ALTER TYPE … ADD VALUE` may run in a transaction, but the new
 * label cannot be used before it commits, so the transaction is committed after each run of them.
 */
export async function applySteps(sql: postgres.Sql, steps: readonly DiffStep[]): Promise<void> {
  const batches: string[][] = [[]];
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    batches[batches.length - 1]!.push(s.sql);
    const addsValue = /\bADD VALUE\b/.test(s.sql);
    const nextAddsValue = i + 1 < steps.length && /\bADD VALUE\b/.test(steps[i + 1]!.sql);
    if (addsValue && !nextAddsValue) batches.push([]);
  }
  for (const batch of batches) {
    if (batch.length === 0) continue;
    await sql.begin(async (tx) => {
      for (const stmt of batch) await tx.unsafe(stmt);
    });
  }
}

/**
 * The diff matches columns by name and adds (re-added) columns last; column order is not diffed yet
 * (see the TODO in diff.ts), so columns are compared sorted by name. Nothing else is normalised:
 * the models hold no OIDs or database names.
 */
export function normaliseModel(model: SchemaModel): SchemaModel {
  const byName = (x: { name: string }, y: { name: string }) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0);
  const tables = Object.fromEntries(Object.entries(model.tables).map(([k, t]) => [k, { ...t, columns: [...t.columns].sort(byName) }]));
  return { ...model, tables };
}
