/**
 * Whether a command line begins its work by connecting to DATABASE_URL's server as `retort`, so
 * that the start-up message can go out before the command line is loaded (early-start.ts), and
 * where DATABASE_URL can then be found. Read from the words alone, before commander is: a command
 * line it misjudges only loses that head start, or opens one connection that is closed unused.
 */

/** Verbs whose first step reads the database of the URL they are given. */
const CONNECTING_VERBS: ReadonlySet<string> = new Set(["upgrade", "downgrade", "current", "stamp"]);

/** Of those, the verbs that write, and so take the migration lock on a connection of its own once the database is read. */
const LOCKING_VERBS: ReadonlySet<string> = new Set(["upgrade", "downgrade", "stamp"]);

/** Flags after which the command connects elsewhere (`--url`), not at all (`--sql`: offline scripts), or only prints help. */
const ELSEWHERE_FLAGS: readonly string[] = ["--url", "--sql", "--help", "-h"];

/** Flags that move retort.toml or .env away from the working directory. */
const SETTINGS_FILE_FLAGS: readonly string[] = ["--config", "-c", "--env-file"];

/** The program's own options (program.ts), which may come before the verb: those that take a value, and those that do not. */
export const PROGRAM_OPTIONS = {
  withValue: ["-c", "--config", "--env-file", "--url", "--version-table", "--migration-lock-timeout", "--lock-timeout", "--migration-lock"],
  without: ["--json", "-q", "--quiet", "--no-color"],
} as const satisfies Record<string, readonly string[]>;

/** Whether `arg` is one of `flags`, alone or as `flag=value`. */
function isFlag(arg: string, flags: readonly string[]): boolean {
  return flags.some((flag) => arg === flag || arg.startsWith(`${flag}=`));
}

/** The first word of `argv` after the program's own options; undefined when anything else comes first. */
function verbOf(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("-")) return arg;
    // An option taking a value takes the next word, unless it came as `--option=value`.
    if ((PROGRAM_OPTIONS.withValue as readonly string[]).includes(arg)) i++;
    else if (!isFlag(arg, PROGRAM_OPTIONS.withValue) && !(PROGRAM_OPTIONS.without as readonly string[]).includes(arg)) return undefined;
  }
  return undefined;
}

/** True when `argv`'s verb (after any of the program's own options) is a connecting one, and it names no other route. */
export function connectsFirst(argv: readonly string[]): boolean {
  const verb = verbOf(argv);
  if (verb === undefined || !CONNECTING_VERBS.has(verb)) return false;
  return !argv.some((arg) => arg === "--" || isFlag(arg, ELSEWHERE_FLAGS));
}

/**
 * Whether a command line that connects first (see connectsFirst) goes on to open the migration
 * lock's connection: a verb that writes, without `--no-lock`. It may yet find nothing to do, and
 * then never opens it.
 */
export function locksAfterConnecting(argv: readonly string[]): boolean {
  const verb = verbOf(argv);
  return verb !== undefined && LOCKING_VERBS.has(verb) && !argv.includes("--no-lock");
}

/**
 * Whether the .env the run reads is the working directory's: it is unless a flag names another
 * config or env file (.env is read beside retort.toml). The environment's DATABASE_URL wins over
 * it wherever it is.
 */
export function readsWorkingDirectoryDotenv(argv: readonly string[]): boolean {
  return !argv.some((arg) => isFlag(arg, SETTINGS_FILE_FLAGS));
}
