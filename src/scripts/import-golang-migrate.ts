/**
 * golang-migrate's migrations: `<version>_<title>.up.sql` and `<version>_<title>.down.sql` pairs,
 * ordered by the version as an unsigned number (`source/parse.go`).
 */
import { ForeignMigrationError } from "./errors-import.ts";
import { compareNumeric, messageOf, normaliseForeignText, timestampDate, type ForeignFile, type ForeignHistory, type ForeignMigration, type SkippedFile } from "./foreign-migration.ts";

const FILE_NAME = /^([0-9]+)_(.*)\.(down|up)\.(.*)$/;

interface Pair {
  version: string;
  title: string;
  up?: ForeignFile;
  down?: ForeignFile;
}

/** Reads a golang-migrate source directory's files into migrations in version order. */
export function parseGolangMigrateMigrations(files: readonly ForeignFile[]): ForeignHistory {
  const skipped: SkippedFile[] = [];
  const pairs = new Map<string, Pair>();
  for (const file of files) {
    const m = FILE_NAME.exec(file.name);
    if (!m) {
      skipped.push({ file: file.name, reason: "golang-migrate reads only files named <version>_<title>.up.sql or .down.sql" });
      continue;
    }
    const [, digits, title, direction, ext] = m as unknown as [string, string, string, "up" | "down", string];
    if (ext !== "sql") throw new ForeignMigrationError("golang-migrate", file.name, undefined, `a ".${ext}" migration is not SQL`, "retort imports SQL migrations only");
    // golang-migrate reads the version as a number: 001 and 1 are the same version.
    const version = BigInt(digits).toString();
    const pair = pairs.get(version) ?? { version, title };
    if (pair[direction]) {
      throw new ForeignMigrationError("golang-migrate", file.name, undefined, `version ${version} already has ${direction === "up" ? "an up" : "a down"} file, "${pair[direction].name}"`);
    }
    pair[direction] = file;
    pairs.set(version, pair);
  }
  const migrations = [...pairs.values()].sort((a, b) => compareNumeric(a.version, b.version)).map(toMigration);
  return { migrations, skipped };
}

function toMigration(pair: Pair): ForeignMigration {
  if (!pair.up) {
    throw new ForeignMigrationError("golang-migrate", pair.down!.name, undefined, `version ${pair.version} has a down file but no up file`);
  }
  const down = pair.down === undefined ? "" : normaliseForeignText(pair.down.text).trim();
  return {
    version: pair.version,
    message: messageOf(pair.title, `golang-migrate ${pair.version}`),
    files: pair.down ? [pair.up.name, pair.down.name] : [pair.up.name],
    upSql: normaliseForeignText(pair.up.text).trim(),
    downSql: down === "" ? undefined : down,
    transaction: true,
    createDate: timestampDate(pair.version),
  };
}
