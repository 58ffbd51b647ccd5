/**
 * Reading an Alembic project's `alembic.ini` the way Python's configparser and Alembic read it
 * (sections, `key = value` or `key: value`, indented continuation lines, `%(here)s` and `%(key)s`
 * interpolation, `%%`), and the `retort.toml` that says the same. `sqlalchemy.url` is read by no one
 * here: it often holds a password, and retort takes its database from DATABASE_URL.
 */
import { readFile, stat } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { DEFAULT_FILE_TEMPLATE, DEFAULT_SLUG_LENGTH } from "./file-name.ts";
import { ForeignDirectoryError } from "./errors-import.ts";

/** The settings of an Alembic project that have a retort equivalent, paths made absolute. */
export interface AlembicSettings {
  /** The ini file itself. */
  readonly iniPath: string;
  readonly scriptLocation: string;
  /** Absolute; at least one (Alembic's default is `<script_location>/versions`). */
  readonly versionLocations: readonly string[];
  /** True when the ini names them (so retort.toml names them too). */
  readonly versionLocationsSet: boolean;
  readonly versionTable: string | undefined;
  readonly versionTableSchema: string | undefined;
  readonly fileTemplate: string | undefined;
  readonly truncateSlugLength: number;
}

type Sections = Map<string, Map<string, string>>;

/** configparser's sections and raw values (continuation lines joined with "\n", comments dropped). */
export function parseIni(text: string): Sections {
  const sections: Sections = new Map([["DEFAULT", new Map()]]);
  let current: Map<string, string> | undefined;
  let lastKey: string | undefined;
  for (const raw of text.replace(/\r\n/g, "\n").split("\n")) {
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#") || trimmed.startsWith(";")) {
      if (trimmed === "") lastKey = undefined;
      continue;
    }
    if (/^\s/.test(raw) && current !== undefined && lastKey !== undefined) {
      current.set(lastKey, `${current.get(lastKey)}\n${trimmed}`);
      continue;
    }
    const section = /^\[(.+)\]\s*$/.exec(trimmed);
    if (section) {
      const name = section[1]!.trim();
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      lastKey = undefined;
      continue;
    }
    const eq = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(trimmed);
    if (!eq || current === undefined) continue;
    lastKey = eq[1]!.toLowerCase();
    current.set(lastKey, eq[2]!);
  }
  return sections;
}

/** A value with configparser's basic interpolation against its section, DEFAULT and `here`. */
function interpolate(value: string, lookup: (key: string) => string | undefined, depth = 0): string {
  return value.replace(/%%|%\(([^)]+)\)s/g, (whole, key: string | undefined) => {
    if (whole === "%%") return "%";
    const found = lookup(key!.toLowerCase());
    if (found === undefined || depth > 10) return whole;
    return interpolate(found, lookup, depth + 1);
  });
}

/** Splits version_locations as Alembic does for the ini's `version_path_separator`. */
function splitLocations(value: string, separator: string | undefined): string[] {
  const by: Record<string, RegExp> = { os: /:/, ":": /:/, colon: /:/, ";": /;/, semicolon: /;/, space: / +/, newline: /\n/ };
  const pattern = separator === undefined ? /[\s,]+/ : (by[separator.trim()] ?? /[\s,]+/);
  return value.split(pattern).map((s) => s.trim()).filter((s) => s !== "");
}

/**
 * The ini of an `import alembic` argument: the file itself, or `alembic.ini` in the directory
 * given (a project directory), or in the parent of a script directory (which holds `env.py`).
 */
export async function findAlembicIni(argument: string, base: string): Promise<string> {
  const path = resolve(base, argument);
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) throw new ForeignDirectoryError("alembic", argument, "it does not exist");
  if (info.isFile()) return path;
  for (const candidate of [join(path, "alembic.ini"), join(dirname(path), "alembic.ini")]) {
    if ((await stat(candidate).catch(() => undefined))?.isFile()) return candidate;
  }
  throw new ForeignDirectoryError("alembic", argument, "no alembic.ini there or in its parent directory", "Give the path of the project's alembic.ini");
}

/** Reads the `[alembic]` section of `iniPath`. */
export async function readAlembicSettings(iniPath: string, section = "alembic"): Promise<AlembicSettings> {
  const sections = parseIni(await readFile(iniPath, "utf8"));
  const here = dirname(iniPath);
  const own = sections.get(section);
  if (own === undefined) throw new ForeignDirectoryError("alembic", iniPath, `it has no [${section}] section`);
  const defaults = sections.get("DEFAULT")!;
  const raw = (key: string): string | undefined => (key === "here" ? here : (own.get(key) ?? defaults.get(key)));
  const get = (key: string): string | undefined => {
    const v = own.get(key) ?? defaults.get(key);
    return v === undefined ? undefined : interpolate(v, raw).trim() || undefined;
  };
  const location = get("script_location");
  if (location === undefined) throw new ForeignDirectoryError("alembic", iniPath, "it sets no script_location", "Alembic needs it too: the directory that holds env.py");
  // Alembic resolves relative paths against the directory it runs in, which is the ini's.
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(here, p));
  const scriptLocation = abs(location);
  const locations = get("version_locations");
  const versionLocations = locations === undefined ? [join(scriptLocation, "versions")] : splitLocations(locations, get("version_path_separator")).map(abs);
  const truncate = Number(get("truncate_slug_length") ?? DEFAULT_SLUG_LENGTH);
  return {
    iniPath,
    scriptLocation,
    versionLocations,
    versionLocationsSet: locations !== undefined,
    versionTable: get("version_table"),
    versionTableSchema: get("version_table_schema"),
    fileTemplate: get("file_template"),
    truncateSlugLength: Number.isInteger(truncate) && truncate > 0 ? truncate : DEFAULT_SLUG_LENGTH,
  };
}

/** The text of a retort.toml for `projectDir` that says what the ini says (paths relative to the project). */
export function alembicConfigToml(s: AlembicSettings, projectDir: string): string {
  const rel = (p: string) => relative(projectDir, p) || ".";
  const lines = [
    `# retort configuration, written by \`retort import alembic\` from ${rel(s.iniPath)}.`,
    "# Precedence: command-line flag > environment variable > .env > this file > default.",
    "# sqlalchemy.url is not copied: set DATABASE_URL in the environment or in .env",
    "# (postgresql+psycopg2://… and postgresql+asyncpg://… are accepted as they are).",
    "",
    `script_location = ${JSON.stringify(rel(s.scriptLocation))}`,
  ];
  if (s.versionLocationsSet) lines.push(`version_locations = [${s.versionLocations.map((p) => JSON.stringify(rel(p))).join(", ")}]`);
  if (s.fileTemplate !== undefined && s.fileTemplate.replaceAll("%%", "%") !== DEFAULT_FILE_TEMPLATE.replaceAll("%%", "%")) lines.push(`file_template = ${JSON.stringify(s.fileTemplate)}`);
  if (s.versionTable !== undefined) lines.push(`version_table = ${JSON.stringify(s.versionTable)}`);
  if (s.versionTableSchema !== undefined) lines.push(`version_table_schema = ${JSON.stringify(s.versionTableSchema)}`);
  if (s.truncateSlugLength !== DEFAULT_SLUG_LENGTH) lines.push(`# truncate_slug_length = ${s.truncateSlugLength} in alembic.ini: retort's slugs are cut at ${DEFAULT_SLUG_LENGTH}`);
  return `${lines.join("\n")}\n`;
}
