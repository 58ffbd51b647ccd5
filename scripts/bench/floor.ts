/**
 * Floors: programs compiled the way retort is (`bun build --compile --minify --bytecode`) that do
 * only the part of a command no tool written for this runtime and driver can skip. Their times are
 * what retort's would be with no CLI, configuration or project of its own, so a target below them
 * cannot be met by retort's code.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import type { Command } from "./measure.ts";

/** The floor programs, compiled into `workDir`. */
export interface Floors {
  /** Prints one line: the runtime's start-up. */
  readonly hello: string;
  /** Connects with postgres.js, reads `alembic_version` of DATABASE_URL and prints it. */
  readonly readVersionTable: string;
  /** Connects with postgres.js and runs the statements of a JSON file in one transaction, pipelined. */
  readonly pipelineStatements: string;
}

/** Compiles the floor programs with the Bun running the bench; throws when it cannot. */
export function buildFloors(workDir: string): Floors {
  const compile = (name: string): string => {
    const out = join(workDir, `floor-${name}`);
    const args = ["build", join(import.meta.dirname, "floor", `${name}.ts`), "--compile", "--minify", "--bytecode", "--format=esm", `--outfile=${out}`];
    const r = spawnSync(process.execPath, args, { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`cannot compile the ${name} floor: ${r.stderr || r.error?.message}`);
    return out;
  };
  return { hello: compile("hello"), readVersionTable: compile("read-version-table"), pipelineStatements: compile("pipeline-statements") };
}

/** The command that reads the version table of `url` as the floor does. */
export function readVersionTableFloor(floors: Floors, url: string, cwd: string): Command {
  return { file: floors.readVersionTable, args: [], cwd, env: { DATABASE_URL: url } };
}

/** The command that runs the statements of the JSON file `statements` on `url` as the floor does. */
export function pipelineStatementsFloor(floors: Floors, url: string, statements: string, cwd: string): Command {
  return { file: floors.pipelineStatements, args: [], cwd, env: { DATABASE_URL: url, STATEMENTS: statements } };
}
