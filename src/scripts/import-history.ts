/** Reads another tool's migrations directory and hands its files to that tool's parser. */
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { ForeignDirectoryError, ForeignMigrationError } from "./errors-import.ts";
import type { ForeignFile, ForeignHistory, ForeignTool } from "./foreign-migration.ts";
import { parseDbmateMigrations } from "./import-dbmate.ts";
import { parseFlywayMigrations } from "./import-flyway.ts";
import { parseGolangMigrateMigrations } from "./import-golang-migrate.ts";
import { parseGooseMigrations } from "./import-goose.ts";

const PARSERS: Record<ForeignTool, (files: readonly ForeignFile[]) => ForeignHistory> = {
  dbmate: parseDbmateMigrations,
  "golang-migrate": parseGolangMigrateMigrations,
  goose: parseGooseMigrations,
  flyway: parseFlywayMigrations,
};

/** The migrations of `tool` in `directory` (`shown` is how to name it to the user), in the tool's order. */
export async function readForeignHistory(tool: ForeignTool, directory: string, shown: string): Promise<ForeignHistory> {
  const info = await stat(directory).catch((error: unknown) => {
    throw new ForeignDirectoryError(tool, shown, (error as NodeJS.ErrnoException).code === "ENOENT" ? "it does not exist" : (error as Error).message, undefined, { cause: error });
  });
  if (!info.isDirectory()) throw new ForeignDirectoryError(tool, shown, "it is not a directory");
  const files: ForeignFile[] = [];
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    // The tools read only the files directly in the directory, and none reads hidden ones.
    if (!entry.isFile() || entry.name.startsWith(".")) continue;
    const bytes = await readFile(join(directory, entry.name));
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw new ForeignMigrationError(tool, entry.name, undefined, "it is not UTF-8 text");
    }
    files.push({ name: entry.name, text });
  }
  const history = PARSERS[tool](files);
  if (history.migrations.length === 0) {
    throw new ForeignDirectoryError(tool, shown, `it holds no ${tool} migration`, history.skipped.length ? `It holds ${history.skipped.map((s) => `"${s.file}"`).join(", ")}` : undefined);
  }
  return history;
}
