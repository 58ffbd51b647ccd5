import { lstat, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExitCode } from "../core/errors.ts";
import { FileTemplateError, InvalidRevIdOptionError, RevisionWriteError, VersionsDirectoryError } from "./errors.ts";
import {
  DEFAULT_FILE_TEMPLATE,
  generateRevisionId,
  renderFileName,
  renderSqlRevision,
  renderTsRevision,
  slugify,
  validateRevisionId,
  writeRevisionFile,
  type NewSqlRevision,
} from "./new-revision.ts";
import { readRevisionFile } from "./revision-files.ts";
import { parseSqlRevision } from "./sql-revision.ts";
import { loadTsRevision } from "./ts-revision.ts";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "retort-new-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("generateRevisionId", () => {
  it("returns 12 hex characters from the injected random bytes", () => {
    expect(generateRevisionId(() => new Uint8Array([0x1a, 0x2b, 0x3c, 0x4d, 0x5e, 0x06]))).toBe("1a2b3c4d5e06");
  });

  it("returns a different valid id each time by default", () => {
    const a = generateRevisionId();
    expect(a).toMatch(/^[0-9a-f]{12}$/);
    expect(validateRevisionId(a)).toBe(a);
    expect(generateRevisionId()).not.toBe(a);
  });
});

describe("validateRevisionId", () => {
  it.each(["1a2b3c4d5e6f", "0001", "add_users", "ÄÖ99"])("accepts %s", (id) => {
    expect(validateRevisionId(id)).toBe(id);
  });

  it.each([
    ["", /it is empty/],
    ["a@b", /"@" separates a branch label/],
    ["a-b", /"-" marks relative targets/],
    ["a+b", /"\+" marks relative targets/],
    ["a:b", /":" separates the ends of a range/],
    ["a,b", /"," separates revisions/],
    ["a b", /white space/],
    ["a\tb", /white space/],
    ["head", /"head" is a reserved word/],
    ["HEADS", /"heads" is a reserved word/],
    ["Base", /"base" is a reserved word/],
    ["current", /"current" is a reserved word/],
    ["a/b", /path separator/],
    ["a\\b", /path separator/],
    ["..", /ids become file names/],
    ["v1.2", /ids become file names/],
    ["x".repeat(33), /longer than 32 characters/],
  ])("rejects %j", (id, why) => {
    const error = (() => {
      try {
        validateRevisionId(id);
      } catch (e) {
        return e;
      }
      throw new Error("accepted");
    })();
    expect(error).toBeInstanceOf(InvalidRevIdOptionError);
    const e = error as InvalidRevIdOptionError;
    expect(e.message).toMatch(why);
    expect(e.message.startsWith(`Invalid revision id "${id}": `)).toBe(true);
    expect(e.exitCode).toBe(ExitCode.usage);
    expect(e.code).toBe("invalid-rev-id");
  });
});

describe("slugify", () => {
  it.each([
    ["add users table", "add_users_table"],
    ["Add 'email' column -- and index it!", "add_email_column_and_index_it"],
    ["  fix: users.email (v2)  ", "fix_users_email_v2"],
    ["snake_case__kept", "snake_case__kept"],
    ["Ajouter la table «utilisateurs» à café", "ajouter_la_table_utilisateurs_à_café"],
    ["ユーザー追加 table", "ユーザー追加_table"],
    ["x²³ ½", "x²³_½"],
    // Python's \w has no combining marks, so Alembic splits Devanagari words at them; so do we.
    ["हिन्दी नाम", "ह_न_द_न_म"],
    ["!!!", ""],
    ["", ""],
  ])("%j -> %j", (message, slug) => {
    expect(slugify(message)).toBe(slug);
  });

  it("truncates a long message on a word boundary and keeps the underscore, as Alembic does", () => {
    const slug = slugify("Add a column named email to the users table and index it");
    expect(slug).toBe("add_a_column_named_email_to_the_users_");
    expect(slug.length).toBeLessThanOrEqual(40);
    expect(slugify("one two three", 8)).toBe("one_two_");
    expect(slugify("abcdefghijklmnop", 5)).toBe("abcde_");
  });

  it("counts code points, not UTF-16 units", () => {
    expect(slugify("𝔘𝔫𝔦𝔠𝔬𝔡𝔢 word", 7)).toBe("𝔘𝔫𝔦𝔠𝔬𝔡𝔢_");
    expect(slugify("𝔘𝔫𝔦𝔠𝔬𝔡𝔢 word", 12)).toBe("𝔘𝔫𝔦𝔠𝔬𝔡𝔢_word");
  });
});

describe("renderFileName", () => {
  const tokens = { rev: "1a2b3c4d5e6f", slug: "add_users", createDate: new Date(2026, 2, 4, 5, 6, 7) };

  it("renders Alembic's default template", () => {
    expect(renderFileName(DEFAULT_FILE_TEMPLATE, tokens)).toBe("1a2b3c4d5e6f_add_users");
  });

  it.each([
    ["%(rev)s_%(slug)s", "1a2b3c4d5e6f_add_users"],
    ["%%(year)d_%%(month).2d_%%(day).2d_%%(hour).2d%%(minute).2d-%%(rev)s_%%(slug)s", "2026_03_04_0506-1a2b3c4d5e6f_add_users"],
    ["%(second).2d_%(month)d_%(month)02d_%(rev).4s", "07_3_03_1a2b"],
    ["%(epoch)s_%(slug)s", `${Math.floor(tokens.createDate.getTime() / 1000)}_add_users`],
    ["100%%_%(rev)s", "100%_1a2b3c4d5e6f"],
  ])("%s", (template, name) => {
    expect(renderFileName(template, tokens)).toBe(name);
  });

  it.each([
    ["%(revision)s_%(slug)s", /unknown token "%\(revision\)s"/],
    ["%%(rev)s_%%(nope)d", /unknown token "%%\(nope\)d"/],
    ["%(rev)_x", /needs a conversion/],
    ["%(slug)d", /formats a string as a number/],
    ["50%_%(rev)s", /"%" at position 3 does not start a token/],
    ["%(year)d/%(rev)s", /path separator/],
    [".%(rev)s", /hidden or backup file/],
    ["", /not a file name/],
  ])("rejects %j", (template, why) => {
    expect(() => renderFileName(template, tokens)).toThrow(FileTemplateError);
    expect(() => renderFileName(template, tokens)).toThrow(why);
    try {
      renderFileName(template, tokens);
    } catch (e) {
      expect((e as FileTemplateError).exitCode).toBe(ExitCode.usage);
      expect((e as FileTemplateError).message).toContain(`Invalid file_template "${template}"`);
    }
  });
});

const NEW: NewSqlRevision = {
  id: "1a2b3c4d5e6f",
  downRevisions: ["aaaa1111", "bbbb2222"],
  branchLabels: ["billing"],
  dependsOn: ["cccc3333", "audit"],
  message: "merge billing: and audit",
  createDate: "2026-11-24 10:00:00",
  transaction: false,
  upgradeSql: "CREATE TABLE t (id int);\r\n\r\nCREATE INDEX ON t (id);",
  downgradeSql: "DROP TABLE t;",
};

describe("renderSqlRevision", () => {
  it("round-trips through parseSqlRevision", () => {
    const parsed = parseSqlRevision(renderSqlRevision(NEW), "new.sql");
    expect(parsed.header).toEqual({
      id: NEW.id,
      downRevisions: NEW.downRevisions,
      branchLabels: NEW.branchLabels,
      dependsOn: NEW.dependsOn,
      message: NEW.message,
      createDate: NEW.createDate,
      transaction: false,
    });
    expect(parsed.upgrade.sql).toBe("CREATE TABLE t (id int);\n\nCREATE INDEX ON t (id);");
    expect(parsed.downgrade?.sql).toBe("DROP TABLE t;");
  });

  it("writes the design's layout, with empty sections for a new revision", () => {
    const text = renderSqlRevision({ ...NEW, downRevisions: [], branchLabels: [], dependsOn: [], message: "add users table", transaction: true, upgradeSql: undefined, downgradeSql: undefined, createDate: new Date(2026, 10, 24, 10, 0, 0) });
    expect(text).toBe(
      "-- add users table\n--\n-- revision: 1a2b3c4d5e6f\n-- down_revision:\n-- branch_labels:\n-- depends_on:\n" +
        "-- create_date: 2026-11-24 10:00:00\n-- transaction: true\n\n-- migrate:upgrade\n\n-- migrate:downgrade\n",
    );
    const parsed = parseSqlRevision(text, "new.sql");
    expect(parsed.upgrade.sql).toBe("");
    expect(parsed.downgrade?.sql).toBe("");
    expect(parsed.header.downRevisions).toEqual([]);
  });

  it("writes 'empty message' for a blank message, as Alembic does", () => {
    expect(parseSqlRevision(renderSqlRevision({ ...NEW, message: " " }), "x.sql").header.message).toBe("empty message");
  });
});

describe("renderTsRevision", () => {
  it("starts with the type import and round-trips through loadTsRevision", async () => {
    const text = renderTsRevision({ ...NEW, upgradeBody: "await sql`select 1`;", downgradeBody: undefined });
    expect(text.startsWith(`import type { MigrationContext } from "retort";\n`)).toBe(true);
    const dir = await mkdtemp(join(root, "ts-"));
    const path = join(dir, "1a2b3c4d5e6f_merge.ts");
    await writeFile(path, text);
    const m = await loadTsRevision(path);
    expect(m).toMatchObject({
      id: NEW.id,
      downRevisions: NEW.downRevisions,
      branchLabels: NEW.branchLabels,
      dependsOn: NEW.dependsOn,
      message: NEW.message,
      createDate: NEW.createDate,
      transaction: false,
    });
    expect(typeof m.downgrade).toBe("function");
  });
});

describe("writeRevisionFile", () => {
  it("creates the file with mode 0644 at most and returns its path", async () => {
    const dir = await mkdtemp(join(root, "write-"));
    const path = await writeRevisionFile(dir, "1a2b_add.sql", renderSqlRevision(NEW));
    expect(await readFile(path, "utf8")).toBe(renderSqlRevision(NEW));
    const mode = (await lstat(path)).mode & 0o777;
    expect(mode & ~0o644).toBe(0);
    expect((await readRevisionFile(path)).revision.id).toBe(NEW.id);
  });

  it("refuses to overwrite a file or follow a symlink at the name", async () => {
    const dir = await mkdtemp(join(root, "exists-"));
    await writeFile(join(dir, "taken.sql"), "old");
    await symlink(join(root, "elsewhere.sql"), join(dir, "dangling.sql"));
    for (const name of ["taken.sql", "dangling.sql"]) {
      const error = await writeRevisionFile(dir, name, "new").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RevisionWriteError);
      expect((error as RevisionWriteError).code).toBe("revision-file-exists");
      expect((error as Error).message).toMatch(/already exists/);
    }
    expect(await readFile(join(dir, "taken.sql"), "utf8")).toBe("old");
    await expect(lstat(join(root, "elsewhere.sql"))).rejects.toThrow();
  });

  it.each(["../escape.sql", "sub/x.sql", "..", "a\\b.sql", ""])("refuses the name %j", async (name) => {
    const dir = await mkdtemp(join(root, "unsafe-"));
    const error = await writeRevisionFile(dir, name, "x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RevisionWriteError);
    expect((error as RevisionWriteError).code).toBe("unsafe-revision-path");
    expect((error as RevisionWriteError).exitCode).toBe(ExitCode.usage);
  });

  it("writes through a symlinked versions directory into its real target", async () => {
    const real = await mkdtemp(join(root, "real-"));
    const link = join(root, "linked-versions");
    await symlink(real, link);
    const path = await writeRevisionFile(link, "x.sql", "content");
    expect(path).toBe(join(link, "x.sql"));
    expect(await readFile(join(real, "x.sql"), "utf8")).toBe("content");
  });

  it("fails on a missing directory, pointing at retort init", async () => {
    const error = await writeRevisionFile(join(root, "missing", "versions"), "x.sql", "x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VersionsDirectoryError);
    expect((error as VersionsDirectoryError).hint).toMatch(/retort init/);
  });
});
