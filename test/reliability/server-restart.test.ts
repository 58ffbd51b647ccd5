/**
 * The server restarted with `pg_ctl restart -m immediate` (a throwaway cluster) while a revision
 * runs: retort exits 4 with a clear message, not a stack trace; nothing of the run is committed,
 * and a re-run after the restart completes with every revision applied once.
 */
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRetort, startRetort, tempProject } from "../support/binary.ts";
import { startCluster, type Cluster } from "../support/cluster.ts";
import { writeEnv, writeSqlRevision } from "../support/project.ts";

let cluster: Cluster;
let url: string;

beforeAll(async () => {
  cluster = await startCluster();
  const admin = postgres(cluster.url, { max: 1, onnotice: () => {} });
  await admin.unsafe("create database restart_test");
  await admin.end();
  url = cluster.url.replace(/\/postgres$/, "/restart_test");
});

afterAll(() => {
  cluster?.stop();
});

const id = (i: number): string => `5e5e${String(i).padStart(8, "0")}`;

describe("the server restarted in the middle of a revision", () => {
  it("exits 4 with a message, commits nothing, and a re-run completes", async () => {
    const dir = tempProject("restart");
    writeEnv(dir, url);
    writeSqlRevision(dir, { id: id(1), message: "one", upgrade: "CREATE TABLE applied (revision text PRIMARY KEY);\nINSERT INTO applied VALUES ('one');", downgrade: "DROP TABLE applied;" });
    writeSqlRevision(dir, { id: id(2), down: id(1), message: "slow", upgrade: "INSERT INTO applied VALUES ('slow');\nSELECT pg_sleep(5);", downgrade: "SELECT 1;" });
    const run = startRetort(["upgrade", "head"], { cwd: dir });
    await run.waitForStderr(/Running upgrade .*slow/);
    cluster.restart("immediate");
    const r = await run.done;
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/^error: (Lost the connection to|Cannot connect to) postgres:\/\//m);
    expect(r.stderr).toMatch(/^hint: /m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const tables = await sql`select to_regclass('applied') is not null as applied, to_regclass('alembic_version') is not null as versions`;
      expect(tables[0]).toEqual({ applied: false, versions: false });
      const again = await runRetort(["upgrade", "head", "--wait", "--wait-timeout", "30s"], { cwd: dir });
      expect(again.code, again.stderr).toBe(0);
      const rows = await sql<{ revision: string }[]>`select revision from applied order by revision`;
      expect(rows.map((x) => x.revision)).toEqual(["one", "slow"]);
      const versions = await sql<{ v: string }[]>`select version_num as v from alembic_version`;
      expect(versions.map((x) => x.v)).toEqual([id(2)]);
    } finally {
      await sql.end();
    }
  });
});
