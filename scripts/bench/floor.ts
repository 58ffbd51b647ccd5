/**
 * Floors: programs compiled the way retort is (scripts/build/executable.ts: the same Bun.build
 * options and plugin) that do only the part of a command no tool written for this runtime and
 * driver can skip. Their times are what retort's would be with no CLI, configuration or project of
 * its own. They connect on the sockets postgres.js makes itself (node:net's), where retort's
 * executable hands it Bun's own (src/db/bun-socket.ts), so retort can come in under them.
 */
import { join } from "node:path";
import { executableBuild } from "../build/executable.ts";
import type { Command } from "./measure.ts";

/** The floor programs, compiled into `workDir`. */
export interface Floors {
  /** Prints one line: the runtime's start-up. */
  readonly hello: string;
  /** Connects with postgres.js, reads `alembic_version` of DATABASE_URL and prints it. */
  readonly readVersionTable: string;
  /** Connects with postgres.js and runs the statements of a JSON file in one transaction, pipelined. */
  readonly pipelineStatements: string;
  /** The same, after taking the migration lock on a second connection as retort must (its contract's round trips and backend). */
  readonly applyUnderLock: string;
}

/** Compiles the floor programs with the Bun running the bench; throws when it cannot. */
export async function buildFloors(workDir: string): Promise<Floors> {
  const compile = async (name: string): Promise<string> => {
    const outfile = join(workDir, `floor-${name}`);
    const result = await Bun.build(executableBuild(join(import.meta.dirname, "floor", `${name}.ts`), { outfile }));
    if (!result.success) throw new Error(`cannot compile the ${name} floor: ${result.logs.join("\n")}`);
    return outfile;
  };
  return {
    hello: await compile("hello"),
    readVersionTable: await compile("read-version-table"),
    pipelineStatements: await compile("pipeline-statements"),
    applyUnderLock: await compile("apply-under-lock"),
  };
}

/** The command that reads the version table of `url` as the floor does. */
export function readVersionTableFloor(floors: Floors, url: string, cwd: string): Command {
  return { file: floors.readVersionTable, args: [], cwd, env: { DATABASE_URL: url } };
}

/** The command that runs the statements of the JSON file `statements` on `url` as the floor `program` (pipelineStatements or applyUnderLock) does. */
export function pipelineStatementsFloor(program: string, url: string, statements: string, cwd: string): Command {
  return { file: program, args: [], cwd, env: { DATABASE_URL: url, STATEMENTS: statements } };
}
