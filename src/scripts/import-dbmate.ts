/**
 * dbmate's migrations: `<digits>…​.sql` files, in file-name order, each with a `-- migrate:up`
 * block and an optional `-- migrate:down` block; `transaction:false` after a marker runs that
 * block outside a transaction (dbmate's `pkg/dbmate/migration.go`).
 */
import { ForeignMigrationError } from "./errors-import.ts";
import { messageOf, normaliseForeignText, timestampDate, type ForeignFile, type ForeignHistory, type ForeignMigration, type SkippedFile } from "./foreign-migration.ts";

const FILE_NAME = /^(\d+)(.*)\.sql$/;
const MARKER = /^--\s*migrate:(up|down)(?:\s+(.*?))?\s*$/;

/** Reads a dbmate migrations directory's files into migrations in dbmate's order. */
export function parseDbmateMigrations(files: readonly ForeignFile[]): ForeignHistory {
  const migrations: ForeignMigration[] = [];
  const skipped: SkippedFile[] = [];
  const seen = new Map<string, string>();
  for (const file of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const m = FILE_NAME.exec(file.name);
    if (!m) {
      skipped.push({ file: file.name, reason: "dbmate reads only files named <version>_<name>.sql" });
      continue;
    }
    const version = m[1]!;
    const other = seen.get(version);
    if (other !== undefined) throw new ForeignMigrationError("dbmate", file.name, undefined, `version ${version} is also the version of "${other}"`);
    seen.set(version, file.name);
    migrations.push(parseDbmateFile(file, version, m[2]!));
  }
  return { migrations, skipped };
}

interface Block {
  readonly options: ReadonlyMap<string, string>;
  readonly lines: string[];
}

/** One dbmate file: its up and down blocks and their options. */
export function parseDbmateFile(file: ForeignFile, version: string, description: string): ForeignMigration {
  const fail = (line: number | undefined, reason: string, hint?: string) => new ForeignMigrationError("dbmate", file.name, line, reason, hint);
  const blocks: Partial<Record<"up" | "down", Block>> = {};
  let current: Block | undefined;
  const lines = normaliseForeignText(file.text).split("\n");
  for (const [i, line] of lines.entries()) {
    const marker = MARKER.exec(line);
    if (marker) {
      const kind = marker[1] as "up" | "down";
      if (blocks[kind]) throw fail(i + 1, `a second "-- migrate:${kind}" block`);
      if (kind === "down" && !blocks.up) throw fail(i + 1, '"-- migrate:down" comes before "-- migrate:up"');
      current = { options: blockOptions(marker[2] ?? "", (reason) => fail(i + 1, reason)), lines: [] };
      blocks[kind] = current;
    } else if (current) {
      current.lines.push(line);
    } else if (line.trim() !== "" && !/^\s*--/.test(line)) {
      throw fail(i + 1, 'a statement before "-- migrate:up"', "dbmate runs only what is inside the up and down blocks");
    }
  }
  if (!blocks.up) throw fail(undefined, 'no "-- migrate:up" block', "dbmate requires each migration to define an up block");
  const transactional = (b: Block | undefined) => b === undefined || b.options.get("transaction") !== "false";
  const down = blocks.down?.lines.join("\n").trim();
  return {
    version,
    message: messageOf(description, `dbmate ${version}`),
    files: [file.name],
    upSql: blocks.up.lines.join("\n").trim(),
    downSql: down === undefined || down === "" ? undefined : down,
    // One flag covers both directions in retort: a block dbmate runs outside a transaction keeps the whole revision out.
    transaction: transactional(blocks.up) && transactional(blocks.down),
    createDate: timestampDate(version),
  };
}

/** `transaction:false` and the like after a marker. */
function blockOptions(text: string, fail: (reason: string) => Error): Map<string, string> {
  const options = new Map<string, string>();
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    const [key, value, ...rest] = word.split(":");
    if (key === undefined || value === undefined || rest.length > 0) throw fail(`option "${word}" is not key:value`);
    if (key !== "transaction") throw fail(`unknown option "${word}"`);
    if (value !== "true" && value !== "false") throw fail(`option "${word}" must be transaction:true or transaction:false`);
    options.set(key, value);
  }
  return options;
}
