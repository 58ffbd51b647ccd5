/** `retort init [directory]`: create the migrations directory and a commented retort.toml. */
import { mkdir, readdir, stat, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import type { Context } from "../project/context.ts";
import { InitTargetExistsError } from "./errors.ts";

export interface InitResult {
  readonly directory: string;
  readonly versions: string;
  /** The retort.toml written, or undefined when one existed already. */
  readonly configFile: string | null;
  /** The folder's alembic.ini (relative to it), when it is an Alembic project: its history can be imported. */
  readonly alembicIni: string | null;
}

/** The commented retort.toml `init` (and `import`) writes for a project whose scripts live in `scriptLocation`. */
export function configTemplate(scriptLocation: string): string {
  return `# retort configuration. Every key is optional; the values shown are the defaults.
# Precedence: command-line flag > environment variable > .env > this file > default.

script_location = ${JSON.stringify(scriptLocation)}
# version_locations = [${JSON.stringify(`${scriptLocation}/versions`)}]
# file_template = "%%(rev)s_%%(slug)s"
# version_table = "alembic_version"
# version_table_schema = "public"
# history_table = "retort_history"             # retort's own record of every step, next to the version table
# transaction_per_migration = false
# migration_lock_timeout = "60s"              # waiting for another retort's migration lock
# revision_lock_timeout = "500ms"             # each attempt of revision SQL waiting for a table lock
# lock_retry_budget = "5m"                    # how long to keep retrying after lock timeouts
# revision_statement_timeout = "10m"          # the longest a revision's statement may run
# lint_on_upgrade = "warn"                    # upgrade prints the lint's findings ("error": refuses; "off")
# lint_small_table_rows = 10000               # below this many rows, lock findings are warnings
# schema = "schema.sql"
# scratch_url = "postgres://localhost/myapp_scratch"
# database_url = "postgres://localhost/myapp"   # DATABASE_URL (environment or .env) wins
# database_url = "pglite:./.retort/dev"         # or an embedded PostgreSQL, no server needed
`;
}

async function isEmptyOrMissing(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return true;
    throw err;
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

/** Creates `<directory>/versions` and, when the project has none, a retort.toml pointing at it. */
export async function init(ctx: Context, opts: { readonly directory?: string }): Promise<InitResult> {
  const base = ctx.config.projectDir;
  const directory = resolve(base, opts.directory ?? "migrations");
  // An Alembic project keeps alembic.ini next to its script directory: the way in is the import.
  const alembicIni = (await exists(join(base, "alembic.ini"))) ? "alembic.ini" : null;
  if (!(await isEmptyOrMissing(directory))) throw new InitTargetExistsError(relative(base, directory) || directory, alembicIni);
  const versions = join(directory, "versions");
  await mkdir(versions, { recursive: true });
  const configPath = ctx.config.configFile ?? join(base, "retort.toml");
  let configFile: string | null = null;
  if (!(await exists(configPath))) {
    await writeFile(configPath, configTemplate(relative(base, directory) || "."), { flag: "wx", mode: 0o644 });
    configFile = configPath;
  }
  return { directory, versions, configFile, alembicIni };
}
