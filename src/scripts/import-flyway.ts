/**
 * Flyway's SQL migrations: versioned `V<version>__<description>.sql` with their optional undo
 * `U<version>__<description>.sql`, ordered by version (`1.2.10` after `1.2.9`; `_` in a version is
 * a dot). A `<file>.sql.conf` with `executeInTransaction=false` runs it outside a transaction.
 * Repeatable `R__` migrations run again whenever they change, which has no equivalent in a
 * revision chain: they are refused by name.
 */
import { ForeignMigrationError } from "./errors-import.ts";
import { messageOf, normaliseForeignText, timestampDate, type ForeignFile, type ForeignHistory, type ForeignMigration, type SkippedFile } from "./foreign-migration.ts";

const FILE_NAME = /^([VUR])([^_]*(?:_[^_]+)*?)__(.*)\.sql$/;
const CONF_NAME = /\.sql\.conf$/;

/**
 * The version Flyway compares: numeric parts without leading zeros, trailing zero parts dropped
 * (Flyway's MigrationVersion holds `1.0` and `1` equal). Undefined when `raw` is not a version.
 */
export function normaliseFlywayVersion(raw: string): string | undefined {
  const parts = raw.replace(/_/g, ".").split(".");
  if (parts.some((p) => !/^\d+$/.test(p))) return undefined;
  const numbers = parts.map((p) => BigInt(p));
  while (numbers.length > 1 && numbers[numbers.length - 1] === 0n) numbers.pop();
  return numbers.join(".");
}

/** Orders two normalised Flyway versions part by part. */
export function compareFlywayVersions(a: string, b: string): number {
  const x = a.split(".").map((p) => BigInt(p));
  const y = b.split(".").map((p) => BigInt(p));
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const p = x[i] ?? 0n;
    const q = y[i] ?? 0n;
    if (p !== q) return p < q ? -1 : 1;
  }
  return 0;
}

interface Versioned {
  readonly version: string;
  readonly description: string;
  up?: ForeignFile;
  undo?: ForeignFile;
}

/** Reads a Flyway locations directory's files into migrations in version order. */
export function parseFlywayMigrations(files: readonly ForeignFile[]): ForeignHistory {
  const skipped: SkippedFile[] = [];
  const confs = new Map(files.filter((f) => CONF_NAME.test(f.name)).map((f) => [f.name.replace(/\.conf$/, ""), f] as const));
  const byVersion = new Map<string, Versioned>();
  for (const file of files) {
    if (CONF_NAME.test(file.name)) {
      if (!files.some((f) => f.name === file.name.replace(/\.conf$/, ""))) skipped.push({ file: file.name, reason: "it configures no migration of this directory" });
      continue;
    }
    const m = FILE_NAME.exec(file.name);
    if (!m) {
      skipped.push({ file: file.name, reason: "Flyway reads only files named V<version>__<description>.sql, U… or R…" });
      continue;
    }
    const [, prefix, rawVersion, description] = m as unknown as [string, "V" | "U" | "R", string, string];
    if (prefix === "R") {
      throw new ForeignMigrationError(
        "flyway",
        file.name,
        undefined,
        "a repeatable migration runs again whenever it changes, which a revision chain cannot express",
        "Move its SQL into a versioned migration (or a retort revision that recreates it), then import",
      );
    }
    const version = normaliseFlywayVersion(rawVersion);
    if (version === undefined) throw new ForeignMigrationError("flyway", file.name, undefined, `"${rawVersion}" is not a version such as 1, 1.2 or 1_2_3`);
    const entry = byVersion.get(version) ?? { version, description };
    const slot = prefix === "V" ? "up" : "undo";
    if (entry[slot]) throw new ForeignMigrationError("flyway", file.name, undefined, `version ${version} is also the version of "${entry[slot].name}"`);
    entry[slot] = file;
    byVersion.set(version, entry);
  }
  const migrations = [...byVersion.values()].sort((a, b) => compareFlywayVersions(a.version, b.version)).map((v) => toMigration(v, confs));
  return { migrations, skipped };
}

function toMigration(entry: Versioned, confs: ReadonlyMap<string, ForeignFile>): ForeignMigration {
  if (!entry.up) {
    throw new ForeignMigrationError("flyway", entry.undo!.name, undefined, `undo migration of version ${entry.version}, which has no V${entry.version}__ migration`);
  }
  const conf = confs.get(entry.up.name);
  const undo = entry.undo === undefined ? "" : normaliseForeignText(entry.undo.text).trim();
  return {
    version: entry.version,
    message: messageOf(entry.description, `flyway ${entry.version}`),
    files: [entry.up.name, ...(entry.undo ? [entry.undo.name] : []), ...(conf ? [conf.name] : [])],
    upSql: normaliseForeignText(entry.up.text).trim(),
    downSql: undo === "" ? undefined : undo,
    transaction: conf === undefined || executesInTransaction(conf),
    createDate: timestampDate(entry.version),
  };
}

/** `executeInTransaction=false` in a script configuration file (Java properties syntax). */
function executesInTransaction(conf: ForeignFile): boolean {
  for (const [i, line] of normaliseForeignText(conf.text).split("\n").entries()) {
    const m = /^\s*executeInTransaction\s*[=:]\s*(\S*)\s*$/.exec(line);
    if (!m) continue;
    const value = m[1]!.toLowerCase();
    if (value !== "true" && value !== "false") throw new ForeignMigrationError("flyway", conf.name, i + 1, `executeInTransaction must be true or false, not "${m[1]}"`);
    return value === "true";
  }
  return true;
}
