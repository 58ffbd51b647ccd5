/**
 * goose's SQL migrations: `<version>_<name>.sql`, ordered by the version as a number, with
 * `-- +goose Up` / `-- +goose Down` sections, `-- +goose StatementBegin` / `StatementEnd` around a
 * statement that holds semicolons, and `-- +goose NO TRANSACTION` (goose's `internal/sqlparser`).
 * retort's statement splitter reads dollar quoting and `BEGIN ATOMIC` itself, so the statement
 * markers are dropped and their statements kept as they are.
 */
import { ForeignMigrationError } from "./errors-import.ts";
import { compareNumeric, messageOf, normaliseForeignText, timestampDate, type ForeignFile, type ForeignHistory, type ForeignMigration, type SkippedFile } from "./foreign-migration.ts";

const FILE_NAME = /^(\d+)_(.*)\.(sql|go)$/;
const ANNOTATION = /^--\s*\+goose\s+(.*?)\s*$/i;

/** Reads a goose migrations directory's files into migrations in version order. */
export function parseGooseMigrations(files: readonly ForeignFile[]): ForeignHistory {
  const skipped: SkippedFile[] = [];
  const byVersion = new Map<string, ForeignMigration>();
  for (const file of files) {
    const m = FILE_NAME.exec(file.name);
    if (!m) {
      skipped.push({ file: file.name, reason: "goose reads only files named <version>_<name>.sql or .go" });
      continue;
    }
    const [, digits, description, ext] = m as unknown as [string, string, string, string];
    if (ext === "go") {
      throw new ForeignMigrationError("goose", file.name, undefined, "a Go migration cannot be converted", "Port it to SQL (a goose .sql migration or a retort revision) before importing");
    }
    const version = BigInt(digits).toString();
    if (version === "0") throw new ForeignMigrationError("goose", file.name, undefined, "goose versions start at 1");
    const other = byVersion.get(version);
    if (other) throw new ForeignMigrationError("goose", file.name, undefined, `version ${version} is also the version of "${other.files[0]}"`);
    byVersion.set(version, parseGooseFile(file, version, description));
  }
  const migrations = [...byVersion.values()].sort((a, b) => compareNumeric(a.version, b.version));
  return { migrations, skipped };
}

/** One goose SQL file: its Up and Down sections and whether it runs in a transaction. */
export function parseGooseFile(file: ForeignFile, version: string, description: string): ForeignMigration {
  const fail = (line: number | undefined, reason: string, hint?: string) => new ForeignMigrationError("goose", file.name, line, reason, hint);
  const sections: Partial<Record<"up" | "down", string[]>> = {};
  let current: string[] | undefined;
  let inStatement = false;
  let transaction = true;
  for (const [i, line] of normaliseForeignText(file.text).split("\n").entries()) {
    const annotation = ANNOTATION.exec(line);
    if (!annotation) {
      if (current) current.push(line);
      else if (line.trim() !== "" && !/^\s*--/.test(line)) throw fail(i + 1, 'a statement before "-- +goose Up"');
      continue;
    }
    const command = annotation[1]!.toLowerCase().replace(/\s+/g, " ");
    if (command === "up" || command === "down") {
      if (inStatement) throw fail(i + 1, `"-- +goose ${annotation[1]}" inside a StatementBegin/StatementEnd block`);
      if (sections[command]) throw fail(i + 1, `a second "-- +goose ${annotation[1]}"`);
      if (command === "down" && !sections.up) throw fail(i + 1, '"-- +goose Down" comes before "-- +goose Up"');
      current = sections[command] = [];
    } else if (command === "statementbegin") {
      if (!current) throw fail(i + 1, '"-- +goose StatementBegin" before "-- +goose Up"');
      if (inStatement) throw fail(i + 1, "a StatementBegin inside another");
      inStatement = true;
    } else if (command === "statementend") {
      if (!inStatement) throw fail(i + 1, "a StatementEnd without its StatementBegin");
      inStatement = false;
    } else if (command === "no transaction") {
      transaction = false;
    } else if (command.startsWith("envsub")) {
      throw fail(i + 1, "ENVSUB substitutes environment variables when goose runs, which a revision file cannot do", "Write the values into the SQL before importing");
    } else {
      throw fail(i + 1, `unknown annotation "${annotation[1]}"`);
    }
  }
  if (inStatement) throw fail(undefined, "a StatementBegin without its StatementEnd");
  if (!sections.up) throw fail(undefined, 'no "-- +goose Up" section');
  const down = sections.down?.join("\n").trim();
  return {
    version,
    message: messageOf(description, `goose ${version}`),
    files: [file.name],
    upSql: sections.up.join("\n").trim(),
    downSql: down === undefined || down === "" ? undefined : down,
    transaction,
    createDate: timestampDate(version),
  };
}
