/** The project's schema files: the paths `schema` names in retort.toml (files, or folders of .sql files). */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import type { SqlFile } from "../db/apply-sql-files.ts";
import { MissingSchemaFileError } from "./errors.ts";

/** The .sql files under `dir`, recursively, sorted by path (code-unit order). */
function sqlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".sql")) out.push(path);
    }
  };
  walk(dir);
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Reads the schema files named by `paths` (absolute), in order; `cwd` shortens the names shown. */
export function readSchemaFiles(paths: readonly string[], cwd: string): SqlFile[] {
  const files: string[] = [];
  for (const p of paths) {
    const stat = statSync(p, { throwIfNoEntry: false });
    if (!stat) throw new MissingSchemaFileError(relative(cwd, p) || p);
    files.push(...(stat.isDirectory() ? sqlFilesUnder(p) : [p]));
  }
  return files.map((path) => ({ path: relative(cwd, path).startsWith("..") ? path : relative(cwd, path), text: readFileSync(path, "utf8") }));
}
