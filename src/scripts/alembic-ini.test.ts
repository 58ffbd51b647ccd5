import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { alembicConfigToml, findAlembicIni, parseIni, readAlembicSettings } from "./alembic-ini.ts";
import { ForeignDirectoryError } from "./errors-import.ts";

function project(ini: string): string {
  const dir = mkdtempSync(join(tmpdir(), "retort-alembic-ini-"));
  mkdirSync(join(dir, "db", "versions"), { recursive: true });
  writeFileSync(join(dir, "alembic.ini"), ini);
  return dir;
}

describe("alembic.ini", () => {
  it("reads sections, both separators, continuation lines and comments as configparser does", () => {
    const s = parseIni("# top\n[alembic]\nscript_location = db\nversion_locations: a\n  b\n; note\n\n[other]\nkey=1\n");
    expect(s.get("alembic")).toEqual(new Map([["script_location", "db"], ["version_locations", "a\nb"]]));
    expect(s.get("other")?.get("key")).toBe("1");
  });

  it("interpolates %(here)s, other keys and %%, and resolves paths against the ini's directory", async () => {
    const dir = project(
      "[DEFAULT]\nbase = %(here)s/db\n[alembic]\nscript_location = %(base)s\nversion_locations = %(here)s/db/versions %(here)s/extra\n" +
        "file_template = %%(year)d_%%(rev)s\ntruncate_slug_length = 20\nversion_table = my_version\nversion_table_schema = meta\nsqlalchemy.url = postgresql://u:secret@h/db\n",
    );
    const s = await readAlembicSettings(join(dir, "alembic.ini"));
    expect(s.scriptLocation).toBe(join(dir, "db"));
    expect(s.versionLocations).toEqual([join(dir, "db", "versions"), join(dir, "extra")]);
    expect(s.fileTemplate).toBe("%(year)d_%(rev)s");
    expect(s.truncateSlugLength).toBe(20);
    const toml = alembicConfigToml(s, dir);
    expect(toml).toContain('script_location = "db"\nversion_locations = ["db/versions", "extra"]\nfile_template = "%(year)d_%(rev)s"\nversion_table = "my_version"\nversion_table_schema = "meta"\n');
    expect(toml).not.toContain("secret");
  });

  it("splits version_locations by version_path_separator, and defaults to <script_location>/versions", async () => {
    const dir = project("[alembic]\nscript_location = db\nversion_path_separator = ;\nversion_locations = a b;c\n");
    expect((await readAlembicSettings(join(dir, "alembic.ini"))).versionLocations).toEqual([join(dir, "a b"), join(dir, "c")]);
    const plain = project("[alembic]\nscript_location = db\n");
    const s = await readAlembicSettings(join(plain, "alembic.ini"));
    expect(s.versionLocations).toEqual([join(plain, "db", "versions")]);
    expect(alembicConfigToml(s, plain)).not.toContain("version_locations");
  });

  it("finds the ini from the project directory or the script directory, and refuses a folder without one", async () => {
    const dir = project("[alembic]\nscript_location = db\n");
    expect(await findAlembicIni(".", dir)).toBe(join(dir, "alembic.ini"));
    expect(await findAlembicIni("db", dir)).toBe(join(dir, "alembic.ini"));
    await expect(findAlembicIni("db/versions", dir)).rejects.toBeInstanceOf(ForeignDirectoryError);
    await expect(findAlembicIni("missing", dir)).rejects.toThrow('Cannot import alembic migrations from "missing": it does not exist');
  });

  it("refuses an ini without script_location", async () => {
    const dir = project("[alembic]\nsqlalchemy.url = x\n");
    await expect(readAlembicSettings(join(dir, "alembic.ini"))).rejects.toThrow("it sets no script_location");
  });
});
