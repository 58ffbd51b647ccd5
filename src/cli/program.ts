/**
 * The commander program: the global options and the verbs. Each verb is a module of its own in
 * `verbs/` that declares its options and maps them onto one command call; the command itself is
 * imported only when it runs, so a run loads only what it uses (a start-up cost every deploy pays).
 */
import { Command, Option } from "@commander-js/extra-typings";
import { addHelpExamples } from "./help-examples.ts";
import { verbWord } from "./argv.ts";
import { invoker, type ProgramIo, type Verb } from "./verb.ts";
import { branchesCommand } from "./verbs/branches.ts";
import { checkCommand } from "./verbs/check.ts";
import { completeCommand } from "./verbs/complete.ts";
import { completionCommand } from "./verbs/completion.ts";
import { currentCommand } from "./verbs/current.ts";
import { diffCommand } from "./verbs/diff.ts";
import { downgradeCommand } from "./verbs/downgrade.ts";
import { dumpCommand } from "./verbs/dump.ts";
import { headsCommand } from "./verbs/heads.ts";
import { historyCommand } from "./verbs/history.ts";
import { importCommand } from "./verbs/import.ts";
import { initCommand } from "./verbs/init.ts";
import { lintCommand } from "./verbs/lint.ts";
import { mergeCommand } from "./verbs/merge.ts";
import { rehashCommand } from "./verbs/rehash.ts";
import { revisionCommand } from "./verbs/revision.ts";
import { showCommand } from "./verbs/show.ts";
import { stampCommand } from "./verbs/stamp.ts";
import { upgradeCommand } from "./verbs/upgrade.ts";
import { waitCommand } from "./verbs/wait.ts";
import { watchCommand } from "./verbs/watch.ts";

/** The verbs by the name each declares, in the order `--help` lists them. */
const VERBS: readonly (readonly [name: string, verb: Verb])[] = [
  ["init", initCommand],
  ["import", importCommand],
  ["revision", revisionCommand],
  ["diff", diffCommand],
  ["dump", dumpCommand],
  ["check", checkCommand],
  ["lint", lintCommand],
  ["watch", watchCommand],
  ["merge", mergeCommand],
  ["upgrade", upgradeCommand],
  ["downgrade", downgradeCommand],
  ["stamp", stampCommand],
  ["rehash", rehashCommand],
  ["current", currentCommand],
  ["history", historyCommand],
  ["heads", headsCommand],
  ["branches", branchesCommand],
  ["show", showCommand],
  ["wait", waitCommand],
  ["completion", completionCommand],
];

/** Verbs for the completion scripts rather than for people: left out of `--help` and of completion. */
const HIDDEN_VERBS: readonly Verb[] = [completeCommand];

/** Verbs that read the whole program (the completion script is generated from it); the hidden ones always get it. */
const WHOLE_PROGRAM_VERBS: ReadonlySet<string> = new Set(["completion"]);

/**
 * Builds the program; `run.ts` parses `argv` with it. When `argv` names a verb, only that verb is
 * declared: declaring all twenty with their options costs a deploy's `upgrade head` about 8 ms
 * (a tenth of a no-op run). Help, completion and an unknown word get every verb.
 */
export function buildProgram(io: ProgramIo, argv?: readonly string[]): Command {
  const program = new Command("retort")
    .description("PostgreSQL schema migrations with Alembic's commands, in one binary")
    .option("-c, --config <file>", "config file (default: ./retort.toml)")
    .option("--env-file <file>", "read environment variables from this file (default: .env next to the config)")
    .option("--url <url>", "database URL (overrides DATABASE_URL)")
    .option("--json", "print one JSON document on stdout")
    .option("-q, --quiet", "print errors only")
    .option("--no-color", "no colours in output")
    .option("--version-table <name>", "version table name (default: alembic_version)")
    .option("--migration-lock-timeout <duration>", "how long to wait for retort's own migration lock, e.g. 30s (default: 60s)")
    .addOption(new Option("--lock-timeout <duration>", "deprecated name of --migration-lock-timeout").hideHelp())
    .option("--migration-lock <kind>", "how the migration lock is held: session, or transaction behind a transaction-pooling proxy such as PgBouncer (default: session)")
    .version(io.versionText(), "-v, --version", "print the version")
    .configureOutput({ writeOut: io.writeOut, writeErr: io.writeErr })
    .showHelpAfterError("(run retort --help for usage)")
    .exitOverride();
  const invoke = invoker(io);
  // A verb takes the program's output, exit and help settings, as `program.command()` would give it.
  const add = (verb: Verb, hidden: boolean): void => {
    const command = verb(invoke).copyInheritedSettings(program);
    // A usage error points to that verb's own help (`retort merge --help`), where its options are.
    command.showHelpAfterError(`(run retort ${command.name()} --help for usage)`);
    program.addCommand(command, { hidden });
  };
  const word = argv === undefined ? undefined : verbWord(program as unknown as Command, argv);
  const only = word !== undefined && !WHOLE_PROGRAM_VERBS.has(word) && VERBS.some(([name]) => name === word) ? word : undefined;
  for (const [name, verb] of VERBS) if (only === undefined || name === only) add(verb, false);
  if (only === undefined) for (const verb of HIDDEN_VERBS) add(verb, true);
  addHelpExamples(program as unknown as Command);
  return program as unknown as Command;
}
