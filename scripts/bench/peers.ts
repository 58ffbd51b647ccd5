/**
 * The tools under comparison: retort's binary, dbmate's Go binary (from @dbmate/linux-x64),
 * node-pg-migrate and plain `psql`, each run with its defaults the way a user runs it.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { databaseUrl } from "./database.ts";
import {
  writeDbmateProject,
  writePgMigrateProject,
  writePsqlScripts,
  writeRetortProject,
  type Migration,
} from "./generate.ts";
import type { Command } from "./measure.ts";

/** The names tools go by in the report; retort is the one every ratio is taken against. */
export type ToolName = "retort" | "psql" | "dbmate" | "node-pg-migrate";

/** How to drive one tool: its project layout and its commands, or why it has no such command. */
export interface Tool {
  readonly name: ToolName;
  /** The database this tool gets to itself. */
  readonly database: string;
  /** Prints the tool's version. */
  version(cwd: string): Command;
  /** Writes `migrations` into `dir` in the tool's own layout. */
  writeProject(dir: string, migrations: readonly Migration[]): void;
  /** Applies every pending migration in `dir` to `database`. */
  upgrade(dir: string, database: string): Command;
  /** Upgrades when nothing is pending, or a string saying why the tool has no such thing. */
  noopUpgrade(dir: string, database: string): Command | string;
  /** Reverts all `count` migrations, or a string saying why the tool has no such command. */
  downgradeAll(dir: string, database: string, count: number): Command | string;
  /** Lists the applied and pending migrations (dbmate's `status`, which (l) compares `current` and `heads` with). */
  status?(dir: string, database: string): Command;
}

/** Paths of the binaries, found inside the repository. */
export interface ToolPaths {
  readonly retort: string;
  readonly psql: string;
  readonly dbmate: string;
  readonly nodePgMigrate: string;
}

/** Locates dist/retort and the peers' executables under `repo`; throws naming what is missing. */
export function findToolPaths(repo: string): ToolPaths {
  const paths = {
    retort: join(repo, "dist", "retort"),
    psql: postgresBinary("psql"),
    // The npm package `dbmate` is a JS shim that spawns this Go binary; run the binary itself.
    dbmate: join(repo, "node_modules", "@dbmate", "linux-x64", "bin", "dbmate"),
    nodePgMigrate: join(repo, "node_modules", ".bin", "node-pg-migrate"),
  };
  for (const [name, path] of Object.entries(paths)) {
    if (!existsSync(path)) throw new Error(`Cannot find ${name} at "${path}": run npm install (and npm run build)`);
  }
  return paths;
}

/** The four tools, retort first. */
export function allTools(paths: ToolPaths): Tool[] {
  return [retortTool(paths.retort), psqlTool(paths.psql), dbmateTool(paths.dbmate), pgMigrateTool(paths.nodePgMigrate)];
}

/**
 * A PostgreSQL client program itself (psql, pgbench) from the newest major version installed. On
 * Debian, /usr/bin/psql is pg_wrapper, a Perl script that adds ~70 ms to every call on this
 * machine; a lower bound should not pay for that.
 */
export function postgresBinary(name: "psql" | "pgbench"): string {
  const root = "/usr/lib/postgresql";
  const majors = existsSync(root) ? readdirSync(root).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a)) : [];
  const found = majors.map((m) => join(root, m, "bin", name)).find((p) => existsSync(p));
  return found ?? `/usr/bin/${name}`;
}

function envFor(database: string): Record<string, string> {
  return { DATABASE_URL: databaseUrl(database) };
}

function retortTool(bin: string): Tool {
  const run = (cwd: string, database: string, ...args: string[]): Command => ({ file: bin, args, cwd, env: envFor(database) });
  return {
    name: "retort",
    database: "bench_retort",
    version: (cwd) => ({ file: bin, args: ["--version"], cwd }),
    writeProject: writeRetortProject,
    upgrade: (dir, db) => run(dir, db, "upgrade", "head"),
    noopUpgrade: (dir, db) => run(dir, db, "upgrade", "head"),
    downgradeAll: (dir, db) => run(dir, db, "downgrade", "base"),
  };
}

function psqlTool(bin: string): Tool {
  // -X: no ~/.psqlrc; ON_ERROR_STOP so that a failing script is a failing run.
  const run = (dir: string, db: string, file: string): Command => ({
    file: bin,
    args: ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-1", "-f", file, "-d", databaseUrl(db)],
    cwd: dir,
  });
  return {
    name: "psql",
    database: "bench_psql",
    version: (cwd) => ({ file: bin, args: ["--version"], cwd }),
    writeProject: writePsqlScripts,
    upgrade: (dir, db) => run(dir, db, "up.sql"),
    noopUpgrade: () => "no equivalent: psql keeps no record of what was applied",
    downgradeAll: (dir, db) => run(dir, db, "down.sql"),
  };
}

function dbmateTool(bin: string): Tool {
  // lib/pq asks for TLS unless told otherwise; the bench server has none.
  const run = (dir: string, db: string, ...args: string[]): Command => ({
    file: bin,
    args: ["--url", `${databaseUrl(db)}?sslmode=disable`, "--no-dump-schema", ...args],
    cwd: dir,
  });
  return {
    name: "dbmate",
    database: "bench_dbmate",
    version: (cwd) => ({ file: bin, args: ["--version"], cwd }),
    writeProject: writeDbmateProject,
    upgrade: (dir, db) => run(dir, db, "up"),
    noopUpgrade: (dir, db) => run(dir, db, "up"),
    downgradeAll: () => "no equivalent: `dbmate rollback` reverts one migration per run and has no count",
    status: (dir, db) => run(dir, db, "status"),
  };
}

function pgMigrateTool(bin: string): Tool {
  const run = (dir: string, db: string, ...args: string[]): Command => ({ file: bin, args, cwd: dir, env: envFor(db) });
  return {
    name: "node-pg-migrate",
    database: "bench_pgmigrate",
    version: (cwd) => ({ file: bin, args: ["--version"], cwd }),
    writeProject: writePgMigrateProject,
    upgrade: (dir, db) => run(dir, db, "up"),
    noopUpgrade: (dir, db) => run(dir, db, "up"),
    downgradeAll: (dir, db, count) => run(dir, db, "down", String(count)),
  };
}
