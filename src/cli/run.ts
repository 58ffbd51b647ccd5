/** Runs one retort invocation and returns its exit code; main.ts supplies the real process. */
import { CommanderError } from "@commander-js/extra-typings";
import { urlSecrets } from "../config/database-url.ts";
import { ExitCode, RetortError } from "../core/errors.ts";
import { InterruptedError, LockRetryBudgetError } from "../db/errors.ts";
import { failureLines } from "./failure.ts";
import type { Context } from "../project/context.ts";
import { createContext, type GlobalFlags, type ProcessInfo } from "./context.ts";
import { createOutput, type Output, type Stream } from "./output.ts";
import { verbVerboseArgv } from "./argv.ts";
import { buildProgram } from "./program.ts";
import { versionLine, type BuildInfo } from "./version.ts";

export interface RunIo extends ProcessInfo {
  readonly argv: readonly string[];
  readonly stdout: Stream;
  readonly stderr: Stream;
  /** Commit and target of the build, for `--version`. */
  readonly build: BuildInfo;
}

/** Parses `argv` (without the executable), runs the command, prints, and maps errors to codes. */
export async function run(io: RunIo): Promise<number> {
  const secrets: string[] = [];
  // Passwords in the raw arguments and the environment are redacted even if loading the config
  // fails on them (a --url with a typo, say).
  for (const text of [...io.argv, io.env.DATABASE_URL, io.env.SCRATCH_DATABASE_URL]) {
    if (text?.includes("://")) secrets.push(...urlSecrets(text));
  }
  const wantsJson = io.argv.includes("--json");
  // `--version --verbose` also names the embedded engine's PostgreSQL, which differs from a server's.
  const wantsVersion = io.argv.some((a) => a === "--version" || a === "-v");
  const versionText = wantsVersion && io.argv.includes("--verbose") ? `${versionLine(io.build)}\n${await embeddedVersionLine()}` : versionLine(io.build);
  let output: Output | undefined;
  let flags: GlobalFlags = {};
  let interruptIsExit = false;
  // Every context built for this run, so that what they opened is closed when it ends.
  const contexts: Context[] = [];
  const getOutput = (): Output =>
    (output ??= createOutput({
      stdout: io.stdout,
      stderr: io.stderr,
      quiet: flags.quiet === true,
      get color() {
        return flags.color !== false && io.env.NO_COLOR === undefined && io.stderr.isTTY === true;
      },
      secrets: () => secrets,
    }));
  const program = buildProgram({
    output: getOutput,
    context: async (f) => {
      flags = f;
      const ctx = await createContext(f, io, getOutput(), secrets);
      contexts.push(ctx);
      return ctx;
    },
    versionText: () => versionText,
    writeOut: (s) => io.stdout.write(s),
    writeErr: (s) => io.stderr.write(s),
    interruptIsExit: () => {
      interruptIsExit = true;
    },
  }, io.argv);
  // `history -v` is history's --verbose, as in Alembic, not the program's --version.
  const argv = verbVerboseArgv(program, io.argv);
  try {
    await program.parseAsync(argv, { from: "user" });
    // A command with nothing to cancel still ran to its end; the signal still decides the code.
    if (io.signal?.aborted && !interruptIsExit) return reportError(new InterruptedError(String(io.signal.reason)), getOutput(), wantsJson ? (await import("../project/documents.ts")).jsonDocument : undefined);
    return ExitCode.ok;
  } catch (err) {
    return reportError(err, getOutput(), wantsJson ? (await import("../project/documents.ts")).jsonDocument : undefined);
  } finally {
    // A pglite: data directory is consistent on disk only once its engine has stopped.
    for (const ctx of contexts) await ctx.embedded.close();
  }
}

/** The embedded engine's version, read from its files (it is not started). */
async function embeddedVersionLine(): Promise<string> {
  const { engineVersion } = await import("../db/embedded/engine-files.ts");
  return `embedded database (pglite: URLs): ${await engineVersion()}; servers may run another major version`;
}

/** Prints an error for a person (and, with --json, as a document on stdout); returns its exit code. */
function reportError(err: unknown, output: Output, json: typeof import("../project/documents.ts").jsonDocument | undefined): number {
  if (err instanceof CommanderError) {
    // Commander has already printed help, the version, or the usage error.
    return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  // stdout holds one document: a command that printed its own (a failed check, with its findings)
  // has said it there, and the error goes to stderr only.
  if (json && !output.hasDocument()) {
    const e = err instanceof RetortError ? err : undefined;
    const message = err instanceof Error ? err.message : String(err);
    // A unit that ran out of lock retries also gives every wait it met, with who was in the way.
    const lockWaits = err instanceof LockRetryBudgetError ? { lockWaits: err.waits } : {};
    output.document(json("error", { error: { code: e?.code ?? "internal", message, hint: e?.hint ?? null, exitCode: e?.exitCode ?? 1, ...lockWaits } }));
  }
  for (const line of failureLines(err)) output.error(line);
  return err instanceof RetortError ? err.exitCode : 1;
}

