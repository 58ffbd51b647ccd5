/**
 * The migration lock behind a real PgBouncer in `pool_mode = transaction`, where consecutive
 * transactions of one client may run on different server connections and a session advisory lock
 * protects nothing. With `migration_lock = "transaction"`, every transaction takes the lock first
 * and re-reads the version table, and a `transaction: false` revision runs while a lock
 * transaction of its own holds the lock.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRetort, tempProject } from "../support/binary.ts";
import { adminUrl, createTestDatabase, type TestDatabase } from "../support/database.ts";
import { startPgBouncer, type PgBouncer } from "../support/pgbouncer.ts";
import { writeEnv, writeSqlRevision } from "../support/project.ts";

let bouncer: PgBouncer;
const dbs: TestDatabase[] = [];

beforeAll(async () => {
  bouncer = await startPgBouncer({ server: adminUrl(), poolMode: "transaction", poolSize: 20 });
});
afterAll(async () => {
  await bouncer?.stop();
  for (const db of dbs) await db.drop();
});

const id = (i: number): string => `b0cce7${String(i).padStart(6, "0")}`;

/** A project of 30 revisions through PgBouncer, each inserting its id into `ran` (whose primary key refuses a second run); `noTransaction` revisions also build an index concurrently. */
async function project(label: string, settings: string, noTransaction: readonly number[] = []): Promise<{ db: TestDatabase; dir: string }> {
  const db = await createTestDatabase(label);
  dbs.push(db);
  const dir = tempProject(label);
  writeEnv(dir, bouncer.url(db.name));
  writeFileSync(join(dir, "retort.toml"), settings);
  writeSqlRevision(dir, { id: id(1), message: "ran", upgrade: `CREATE TABLE ran (revision text PRIMARY KEY);\nINSERT INTO ran VALUES ('${id(1)}');`, downgrade: "DROP TABLE ran;" });
  for (let i = 2; i <= 30; i++) {
    const upgrade = noTransaction.includes(i)
      ? `CREATE INDEX CONCURRENTLY ran_${i} ON ran (revision);\nINSERT INTO ran VALUES ('${id(i)}');`
      : `INSERT INTO ran VALUES ('${id(i)}');`;
    writeSqlRevision(dir, { id: id(i), down: id(i - 1), message: `r${i}`, upgrade, downgrade: `DELETE FROM ran WHERE revision = '${id(i)}';`, transactional: !noTransaction.includes(i) });
  }
  return { db, dir };
}

/** Runs 8 `upgrade head` at once and checks that all exit 0 and that every revision ran exactly once. */
async function eightAtOnce({ db, dir }: { db: TestDatabase; dir: string }): Promise<void> {
  const runs = await Promise.all(Array.from({ length: 8 }, () => runRetort(["upgrade", "head"], { cwd: dir })));
  for (const r of runs) expect(r.code, r.stderr).toBe(0);
  const ran = await db.sql<{ revision: string }[]>`select revision from ran order by 1`;
  expect(ran.map((r) => r.revision)).toEqual(Array.from({ length: 30 }, (_, i) => id(i + 1)));
  const versions = await db.sql`select version_num from alembic_version`;
  expect(versions.map((v) => v.version_num)).toEqual([id(30)]);
  const history = await db.sql<{ revision: string; n: number }[]>`select revision, count(*)::int as n from retort_history where direction = 'upgrade' group by revision order by revision`;
  expect(history).toEqual(Array.from({ length: 30 }, (_, i) => ({ revision: id(i + 1), n: 1 })));
  // Every revision was run by exactly one of the processes.
  const ranBy = runs.map((r) => (r.stderr.match(/Running upgrade/g) ?? []).length);
  expect(ranBy.reduce((a, b) => a + b, 0)).toBe(30);
}

describe('behind PgBouncer in transaction mode, with migration_lock = "transaction"', () => {
  it("8 concurrent upgrade head, one transaction per run: all exit 0 and every revision is applied exactly once", async () => {
    await eightAtOnce(await project("bouncer_run", 'migration_lock = "transaction"\n'));
  });

  it("8 concurrent upgrade head, one transaction per migration: all exit 0 and every revision is applied exactly once", async () => {
    await eightAtOnce(await project("bouncer_per_migration", 'migration_lock = "transaction"\ntransaction_per_migration = true\n'));
  });

  it("8 concurrent upgrade head with transaction: false revisions building indexes concurrently: all exit 0, each applied once, the indexes valid", async () => {
    const p = await project("bouncer_no_tx", 'migration_lock = "transaction"\n', [5, 17, 30]);
    await eightAtOnce(p);
    const indexes = await p.db.sql<{ relname: string; indisvalid: boolean }[]>`select c.relname, i.indisvalid from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname ~ '^ran_[0-9]+$' order by 1`;
    expect(indexes).toEqual([
      { relname: "ran_17", indisvalid: true },
      { relname: "ran_30", indisvalid: true },
      { relname: "ran_5", indisvalid: true },
    ]);
  });

  it("stamp holds the lock in a transaction of its own for the whole command, and a waiting upgrade then finds nothing to do", async () => {
    const { db, dir } = await project("bouncer_stamp", 'migration_lock = "transaction"\n');
    const runs = await Promise.all([runRetort(["stamp", "head"], { cwd: dir }), runRetort(["stamp", "head"], { cwd: dir })]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const versions = await db.sql`select version_num from alembic_version`;
    expect(versions.map((v) => v.version_num)).toEqual([id(30)]);
    const upgrade = await runRetort(["upgrade", "head"], { cwd: dir });
    expect(upgrade.code, upgrade.stderr).toBe(0);
    expect(upgrade.stderr).not.toContain("Running upgrade");
    const locks = await db.sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())`;
    expect(locks[0]!.n).toBe(0);
  });
});
