/**
 * Workload (g): introspect and diff a generated schema of `tables` tables (columns, indexes,
 * foreign keys, views and functions) against a copy with 50 changes, between two live databases:
 * `retort diff --from A --to B` against `migra A B` (@pgkit/migra) on the same pair.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Admin } from "./database.ts";
import { databaseUrl } from "./database.ts";
import { measureCases, type Command, type Outcome, type Repetitions } from "./measure.ts";

/** The base schema: `tables` tables, a view per 20 tables, a function per 20 tables. */
export function baseSchema(tables: number): string {
  const out: string[] = ["CREATE TYPE status AS ENUM ('new', 'active', 'closed');"];
  for (let i = 1; i <= tables; i++) {
    const fk = i > 1 && i % 3 === 0 ? `,\n  parent_id bigint REFERENCES t_${i - 1} (id)` : "";
    out.push(
      `CREATE TABLE t_${i} (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n  name text NOT NULL,\n  code varchar(20) UNIQUE,\n  amount numeric(12,2) NOT NULL DEFAULT 0,\n  status status NOT NULL DEFAULT 'new',\n  created_at timestamptz NOT NULL DEFAULT now()${fk}\n);`,
      `CREATE INDEX t_${i}_created ON t_${i} (created_at);`,
    );
  }
  for (let i = 20; i <= tables; i += 20) {
    out.push(`CREATE VIEW v_${i} AS SELECT id, name, amount FROM t_${i} WHERE status = 'active';`);
    out.push(`CREATE FUNCTION total_${i}() RETURNS numeric LANGUAGE sql STABLE AS $$ SELECT coalesce(sum(amount), 0) FROM t_${i} $$;`);
  }
  return `${out.join("\n")}\n`;
}

/** 50 changes on top of `baseSchema(tables)` (which needs at least 200 tables). */
export function changes(tables: number): string {
  const out: string[] = [];
  const pick = (k: number) => Math.max(1, Math.floor((tables * (k + 1)) / 53));
  for (let k = 0; k < 10; k++) out.push(`ALTER TABLE t_${pick(k)} ADD COLUMN note_${k} text;`);
  for (let k = 10; k < 20; k++) out.push(`ALTER TABLE t_${pick(k)} ALTER COLUMN code TYPE varchar(40);`);
  for (let k = 20; k < 30; k++) out.push(`CREATE INDEX t_${pick(k)}_name ON t_${pick(k)} (lower(name));`);
  for (let k = 30; k < 35; k++) out.push(`ALTER TABLE t_${pick(k)} DROP COLUMN created_at;`);
  for (let k = 35; k < 40; k++) out.push(`CREATE TABLE extra_${k} (id int PRIMARY KEY, t_id bigint REFERENCES t_${pick(k)} (id));`);
  for (let k = 40; k < 45; k++) {
    const i = 20 * (k - 39);
    out.push(`CREATE OR REPLACE VIEW v_${i} AS SELECT id, name, amount, status FROM t_${i} WHERE status <> 'closed';`);
  }
  for (let k = 45; k < 50; k++) {
    const i = 20 * (k - 44);
    out.push(`CREATE OR REPLACE FUNCTION total_${i}() RETURNS numeric LANGUAGE sql STABLE AS $$ SELECT coalesce(sum(amount), 0) FROM t_${i} WHERE status = 'active' $$;`);
  }
  return `${out.join("\n")}\n`;
}

/** The @pgkit/migra command line, if the package is installed. */
export function migraCommand(repo: string): string | undefined {
  const path = join(repo, "node_modules", "@pgkit", "migra", "dist", "command.js");
  return existsSync(path) ? path : undefined;
}

/** Builds the two databases, then times both tools on them. */
export async function schemaDiffWorkload(
  admin: Admin,
  opts: { readonly tables: number; readonly retort: string; readonly repo: string; readonly workDir: string; readonly reps: Repetitions; readonly log: (line: string) => void },
): Promise<{ key: string; title: string; outcomes: { name: string; outcome: Outcome }[] }> {
  const title = `(g) introspect and diff ${opts.tables.toLocaleString("en-US")} tables against a copy with 50 changes`;
  opts.log(title);
  const [a, b] = ["bench_diff_a", "bench_diff_b"];
  await admin.fresh(a);
  await admin.fresh(b);
  const schema = baseSchema(opts.tables);
  await admin.run(a, schema);
  await admin.run(b, schema + changes(opts.tables));
  const retort: Command = { file: opts.retort, args: ["diff", "--from", databaseUrl(a), "--to", databaseUrl(b)], cwd: opts.workDir, env: {} };
  const cases = [{ name: "retort", command: retort }];
  const migra = migraCommand(opts.repo);
  if (migra) cases.push({ name: "migra", command: { file: process.env.NODE_BINARY ?? "node", args: [migra, "run", databaseUrl(a), databaseUrl(b), "--unsafe"], cwd: opts.workDir, env: {} } });
  const outcomes = await measureCases(cases, { ...opts.reps, rss: "timed-runs" });
  await admin.drop(a);
  await admin.drop(b);
  return {
    key: "g",
    title,
    outcomes: [
      { name: "retort", outcome: outcomes.get("retort")! },
      { name: "migra", outcome: migra ? outcomes.get("migra")! : { kind: "failed", error: "@pgkit/migra is not installed" } },
    ],
  };
}
