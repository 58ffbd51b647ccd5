import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExitCode } from "../core/errors.ts";
import { RevisionFileError, VersionsDirectoryError } from "./errors.ts";
import { listRevisionFiles, readRevisionFiles, revisionFileKind } from "./revision-files.ts";

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

const sqlFile = (id: string, parent: string, upgrade: string) =>
  `-- revision ${id}\n--\n-- revision: ${id}\n-- down_revision: ${parent}\n-- transaction: false\n\n-- migrate:upgrade\n${upgrade}\n\n-- migrate:downgrade\nselect 'down';\n`;

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "retort-files-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function makeDir(name: string, files: Record<string, string>): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) await writeFile(join(dir, file), text);
  return dir;
}

describe("readRevisionFiles", () => {
  it("reads .sql and .ts revisions sorted by path, skipping everything else", async () => {
    const dir = await makeDir("mixed", {
      "b2_second.sql": sqlFile("b2", "a1", "create table b();"),
      "a1_first.sql": sqlFile("a1", "", "create table a();"),
      "c3_third.ts": `export const revision = "c3";\nexport const down_revision = "b2";\nexport const message = "third";\nexport async function upgrade() {}\n`,
      "types.d.ts": "export {};\n",
      ".a1_first.sql.swp": "swap",
      ".#a1_first.sql": "lock",
      "a1_first.sql~": "backup",
      "README.md": "notes",
    });
    await mkdir(join(dir, "__pycache__"));
    await mkdir(join(dir, "nested.sql"));
    await writeFile(join(dir, "__pycache__", "x.sql"), "not read");

    const files = await readRevisionFiles([dir]);
    expect(files.map((f) => [f.kind, f.revision.id])).toEqual([
      ["sql", "a1"],
      ["sql", "b2"],
      ["ts", "c3"],
    ]);
    const [a1, b2, c3] = files;
    expect(a1!.revision).toEqual({
      id: "a1",
      downRevisions: [],
      branchLabels: [],
      dependsOn: [],
      message: "revision a1",
      source: join(dir, "a1_first.sql"),
    });
    expect(b2!.revision.downRevisions).toEqual(["a1"]);
    expect(a1!.transaction).toBe(false);
    expect(a1!.checksum).toBe(sha("create table a();"));
    if (a1!.kind !== "sql" || c3!.kind !== "ts") throw new Error("unexpected kinds");
    expect(a1!.upgrade.sql).toBe("create table a();");
    expect(a1!.downgrade?.sql).toBe("select 'down';");
    expect(a1!.text.slice(a1!.upgrade.offset)).toMatch(/^create table a\(\);/);
    expect(typeof c3!.upgrade).toBe("function");
    expect(c3!.downgrade).toBeUndefined();
    expect(c3!.transaction).toBe(true);
    expect(c3!.revision.message).toBe("third");
  });

  it("checksums only the upgrade section of a SQL file, and the whole normalised TS file", async () => {
    const one = await makeDir("sum1", { "x.sql": sqlFile("x1", "", "select 1;") });
    const two = await makeDir("sum2", {
      "x.sql": `\uFEFF${sqlFile("x1", "", "select 1;").replace("select 'down';", "select 'other';").replaceAll("\n", "\r\n")}`,
    });
    const [a] = await readRevisionFiles([one]);
    const [b] = await readRevisionFiles([two]);
    expect(a!.checksum).toBe(b!.checksum);
    const ts = `export const revision = "t1";\nexport const down_revision = null;\nexport function upgrade() {}\n`;
    const tsDir = await makeDir("sum3", { "t.ts": `\uFEFF${ts.replaceAll("\n", "\r\n")}` });
    expect((await readRevisionFiles([tsDir]))[0]!.checksum).toBe(sha(ts));
  });

  it("reads several directories in the order given, each by name, and a file reached twice once", async () => {
    const left = await makeDir("multi/left", { "l1.sql": sqlFile("l1", "", "select 1;") });
    const right = await makeDir("multi/right", { "r1.sql": sqlFile("r1", "l1", "select 2;"), "r0.sql": sqlFile("r0", "l1", "select 3;") });
    await symlink(join(left, "l1.sql"), join(right, "alias.sql"));
    // As Alembic lists version_locations; which path of a file reached twice is kept does not depend on that order.
    const files = await readRevisionFiles([right, left, left]);
    expect(files.map((f) => f.path)).toEqual([join(right, "r0.sql"), join(right, "r1.sql"), join(left, "l1.sql")]);
    expect((await readRevisionFiles([left, right])).map((f) => f.path)).toEqual([join(left, "l1.sql"), join(right, "r0.sql"), join(right, "r1.sql")]);
  });

  it("says whether a listing holds a TypeScript revision, in one directory or several, through a symlink too", async () => {
    const sql = await makeDir("kinds/sql", { "a.sql": sqlFile("a", "", "select 1;"), "types.d.ts": "export {};\n", "notes.ts~": "backup" });
    const ts = await makeDir("kinds/ts", { "b.ts": "export {};\n" });
    const linked = await makeDir("kinds/linked", { "c.sql": sqlFile("c", "", "select 1;") });
    await symlink(join(ts, "b.ts"), join(linked, "b.ts"));
    expect(listRevisionFiles([sql]).typescript).toBe(false);
    expect(listRevisionFiles([ts]).typescript).toBe(true);
    expect(listRevisionFiles([sql, ts]).typescript).toBe(true);
    expect(listRevisionFiles([linked]).typescript).toBe(true);
    expect(listRevisionFiles([linked]).paths).toEqual([join(linked, "b.ts"), join(linked, "c.sql")]);
  });

  it("fails on a missing directory, naming it and pointing at retort init", async () => {
    const missing = join(root, "nope", "versions");
    const error = await readRevisionFiles([missing]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VersionsDirectoryError);
    const e = error as VersionsDirectoryError;
    expect(e.dir).toBe(missing);
    expect(e.message).toBe(`Cannot read versions directory "${missing}": it does not exist`);
    expect(e.hint).toMatch(/retort init/);
    expect(e.exitCode).toBe(ExitCode.scripts);
    expect(e.code).toBe("versions-directory");
  });

  it("passes on a parse error naming the file", async () => {
    const dir = await makeDir("broken", { "bad.sql": "-- revision: abcd\nselect 1;\n" });
    const error = await readRevisionFiles([dir]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RevisionFileError);
    expect((error as Error).message).toBe(`${join(dir, "bad.sql")}:2: missing "-- migrate:upgrade" marker`);
  });
});

describe("revisionFileKind", () => {
  it.each([
    ["1a2b_add_users.sql", "sql"],
    ["1a2b_backfill.ts", "ts"],
    ["env.d.ts", undefined],
    [".hidden.sql", undefined],
    [".#lock.sql", undefined],
    ["x.sql~", undefined],
    ["x.sql.swp", undefined],
    ["#x.sql#", undefined],
    ["x.py", undefined],
  ] as const)("%s is %s", (name, kind) => {
    expect(revisionFileKind(name)).toBe(kind);
  });
});
