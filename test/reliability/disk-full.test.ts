/**
 * The disk fills up in the middle of a `transaction: false` revision. A throwaway cluster keeps one
 * table in a tablespace on a 1 MiB tmpfs, so the server's own write fails with "No space left on
 * device". The report names the statements already committed and the one that failed; the
 * revision is not marked applied; once the disk has room, a re-run completes and nothing runs twice.
 *
 * Mounting a tmpfs needs root; elsewhere the test is skipped.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRetort, tempProject } from "../support/binary.ts";
import { startCluster, type Cluster } from "../support/cluster.ts";
import { writeEnv, writeSqlRevision } from "../support/project.ts";

/** Mounts a tmpfs of the given size, or says why it cannot. */
function mountTmpfs(dir: string, size: string): string | undefined {
  if (process.getuid?.() !== 0) return "mounting a tmpfs needs root";
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${size},mode=0700`, "tmpfs", dir], { encoding: "utf8" });
  return r.status === 0 ? undefined : `mount failed: ${r.stderr.trim()}`;
}

const mountPoint = mkdtempSync(join(tmpdir(), "retort-small-disk-"));
const cannotMount = mountTmpfs(mountPoint, "1m");
let cluster: Cluster | undefined;
let url = "";

beforeAll(async () => {
  if (cannotMount) return;
  execFileSync("chown", ["postgres", mountPoint]);
  cluster = await startCluster();
  const admin = postgres(cluster.url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create tablespace small_disk location '${mountPoint}'`);
    await admin.unsafe("create database disk_full_test");
  } finally {
    await admin.end();
  }
  url = cluster.url.replace(/\/postgres$/, "/disk_full_test");
});

afterAll(() => {
  cluster?.stop();
  if (!cannotMount) spawnSync("umount", [mountPoint]);
  chmodSync(mountPoint, 0o700);
  rmSync(mountPoint, { recursive: true, force: true });
});

const id = (i: number): string => `d15cf011${String(i).padStart(4, "0")}`;

describe("the disk fills up during a transaction: false revision", () => {
  // Mounting needs root: without it the test fails, unless RETORT_TEST_SKIP_ROOT=1 asks to skip it.
  const skip = cannotMount !== undefined && process.env.RETORT_TEST_SKIP_ROOT === "1";
  it.skipIf(skip)(`reports exactly which statements ran, and a re-run completes once there is room${skip ? ` (skipped: ${cannotMount})` : ""}`, async () => {
    if (cannotMount) throw new Error(`${cannotMount}: run the suite as root, or set RETORT_TEST_SKIP_ROOT=1 to skip this test`);
    const dir = tempProject("disk-full");
    writeEnv(dir, url);
    writeSqlRevision(dir, { id: id(1), message: "ledger", upgrade: "CREATE TABLE ledger (id int PRIMARY KEY, note text);", downgrade: "DROP TABLE ledger;" });
    // Each statement can run again after a partial run: that is what a transaction: false revision asks of its author.
    const upgrade = [
      "INSERT INTO ledger VALUES (1, 'before the load') ON CONFLICT DO NOTHING;",
      "CREATE TABLE IF NOT EXISTS archive (id int, payload text) TABLESPACE small_disk;",
      "INSERT INTO archive SELECT i, md5(i::text) || md5((i * 7)::text) || md5((i * 13)::text) FROM generate_series(1, 40000) i;",
      "INSERT INTO ledger VALUES (2, 'after the load') ON CONFLICT DO NOTHING;",
    ].join("\n");
    const path = writeSqlRevision(dir, { id: id(2), down: id(1), message: "load archive", upgrade, downgrade: "DROP TABLE archive;\nDELETE FROM ledger WHERE id IN (1, 2);", transactional: false });

    const r = await runRetort(["upgrade", "head"], { cwd: dir });
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(new RegExp(`${path}:\\d+:\\d+: could not extend file .*No space left on device`));
    expect(r.stderr).toContain("Already committed (the revision is not marked applied):");
    expect(r.stderr).toMatch(/line \d+: INSERT INTO ledger VALUES \(1, 'before the load'\)/);
    expect(r.stderr).toMatch(/line \d+: CREATE TABLE IF NOT EXISTS archive/);
    expect(r.stderr).not.toMatch(/line \d+: INSERT INTO ledger VALUES \(2/);
    expect(r.stderr).not.toMatch(/\n\s+at /);

    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      expect((await sql`select version_num from alembic_version`).map((v) => v.version_num)).toEqual([id(1)]);
      expect((await sql`select id from ledger order by id`).map((v) => v.id)).toEqual([1]);
      expect((await sql`select count(*)::int as n from archive`)[0]?.n).toBe(0);

      execFileSync("mount", ["-o", "remount,size=64m", mountPoint]);
      const again = await runRetort(["upgrade", "head"], { cwd: dir });
      expect(again.code, again.stderr).toBe(0);
      expect((await sql`select version_num from alembic_version`).map((v) => v.version_num)).toEqual([id(2)]);
      expect((await sql`select id from ledger order by id`).map((v) => v.id)).toEqual([1, 2]);
      expect((await sql`select count(*)::int as n from archive`)[0]?.n).toBe(40000);
    } finally {
      await sql.end();
    }
  });
});
