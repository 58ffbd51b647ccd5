/** Edited applied revisions are refused, and `rehash` accepts them deliberately. */
import { readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRetort, tempProject } from "../support/binary.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { expectEditRefused, writeEnv, writeSqlRevision } from "../support/project.ts";
import { checksumDigest, readVersionState } from "../../src/db/read-state.ts";

let db: TestDatabase;
let dir: string;
let first: string;
const retort = (...args: string[]) => runRetort(args, { cwd: dir });

beforeAll(async () => {
  db = await createTestDatabase("checksums");
  dir = tempProject("checksums");
  writeEnv(dir, db.url);
  first = writeSqlRevision(dir, { id: "5ca1ab1e0001", message: "users", upgrade: "CREATE TABLE users (id int);", downgrade: "DROP TABLE users;" });
  writeSqlRevision(dir, { id: "5ca1ab1e0002", down: "5ca1ab1e0001", message: "posts", upgrade: "CREATE TABLE posts (id int);", downgrade: "DROP TABLE posts;" });
});
afterAll(async () => {
  await db.drop();
});

describe("checksums of applied revisions", () => {
  it("upgrade records each revision's checksum in retort_history", async () => {
    expect((await retort("upgrade", "5ca1ab1e0001")).code).toBe(0);
    const rows = await db.sql`select revision, checksum from retort_history`;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it("editing an applied revision makes upgrade refuse with exit 3, naming the file", async () => {
    writeFileSync(first, readFileSync(first, "utf8").replace("CREATE TABLE users (id int);", "CREATE TABLE users (id bigint);"));
    const r = await retort("upgrade", "head");
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("An applied revision has changed since it was applied");
    expect(r.stderr).toContain(`${first} (revision "5ca1ab1e0001")`);
    expect(r.stderr).toContain("retort rehash");
    expect(await db.sql`select 1 from pg_tables where tablename = 'posts'`).toHaveLength(0);
  });

  it("rehash accepts the new content, and upgrade proceeds", async () => {
    const r = await retort("rehash");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`Accepted the new content of ${first} (revision "5ca1ab1e0001")`);
    const rows = await db.sql`select direction from retort_history where revision = '5ca1ab1e0001' order by id`;
    expect(rows.map((x) => x.direction)).toEqual(["upgrade", "rehash"]);
    const up = await retort("upgrade", "head");
    expect(up.code, up.stderr).toBe(0);
    expect(await db.sql`select 1 from pg_tables where tablename = 'posts'`).toHaveLength(1);
  });

  it("an edit to the downgrade section alone is not a change", async () => {
    const text = readFileSync(first, "utf8");
    writeFileSync(first, text.replace("DROP TABLE users;", "DROP TABLE IF EXISTS users;"));
    const r = await retort("upgrade", "head");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("Nothing to upgrade");
  });

  it("at every head, an edit to an applied revision is still refused, and restoring it is accepted", async () => {
    await expectEditRefused(first, "5ca1ab1e0001", { from: "CREATE TABLE users (id bigint);", to: "CREATE TABLE users (id text);" }, () => retort("upgrade", "head"));
    const back = await retort("upgrade", "head");
    expect(back.code, back.stderr).toBe(0);
    expect(back.stderr).toContain("Nothing to upgrade");
  });

  it("rehash of an unchanged revision is an error", async () => {
    const r = await retort("rehash", "5ca1ab1e0002");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Revision "5ca1ab1e0002" has not changed since it was applied');
  });

  it("the server's digest of the recorded checksums is the one made of the files' checksums", async () => {
    const present = { version: true, history: true, historyCurrent: true };
    const state = await readVersionState(db.sql, { table: "alembic_version", schema: undefined }, present);
    const recorded = await state.checksums.all();
    expect([...recorded.keys()].sort()).toEqual(["5ca1ab1e0001", "5ca1ab1e0002"]);
    // The latest row of each revision counts: 5ca1ab1e0001's rehash, not its first upgrade.
    const latest = await db.sql<{ checksum: string }[]>`select checksum from retort_history where revision = '5ca1ab1e0001' order by id desc limit 1`;
    expect(recorded.get("5ca1ab1e0001")).toBe(latest[0]!.checksum);
    expect(state.checksums.count).toBe(2);
    expect(state.checksums.digest).toBe(checksumDigest(recorded.keys(), (id) => recorded.get(id)!));
    expect(state.checksums.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it("a downgraded revision keeps its recorded checksum: upgrades compare one by one and still find an edit", async () => {
    expect((await retort("downgrade", "-1")).code).toBe(0);
    // One applied revision, two recorded: the digests cannot agree, so the rows decide.
    const up = await retort("upgrade", "5ca1ab1e0001");
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toContain("Nothing to upgrade");
    await expectEditRefused(first, "5ca1ab1e0001", { from: "CREATE TABLE users (id bigint);", to: "CREATE TABLE users (id numeric);" }, () => retort("upgrade", "head"));
    const back = await retort("upgrade", "head");
    expect(back.code, back.stderr).toBe(0);
  });

  it("history --indicate-current --verbose says when, by whom and how fast each revision was applied", async () => {
    const r = await retort("history", "--indicate-current", "--verbose");
    expect(r.code, r.stderr).toBe(0);
    // From this machine: the host name is looked up only by a run that records one.
    const host = hostname().replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    expect(r.stdout).toMatch(new RegExp(String.raw`Rev: 5ca1ab1e0002 \(head\) \(current\)\n[\s\S]*Applied: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z by postgres from ${host} in \d+\.\d ms \(retort \d+\.\d+\.\d+\)`));
    expect(r.stdout).toMatch(/Rev: 5ca1ab1e0001\n[\s\S]*Applied: /);
  });
});
