/**
 * Whether a command line begins its work by connecting to DATABASE_URL's server as `retort`, so
 * that the start-up message can go out before the command line is loaded (early-start.ts). Read
 * from the words alone, before commander is: a command line it misjudges only loses that head
 * start, or opens one connection that is closed unused.
 */

/** Verbs whose first step reads the database of the URL they are given. */
const CONNECTING_VERBS: ReadonlySet<string> = new Set(["upgrade", "downgrade", "current", "stamp"]);

/** Flags after which the command connects elsewhere (`--url`), not at all (`--sql`: offline scripts), or only prints help. */
const ELSEWHERE_FLAGS: readonly string[] = ["--url", "--sql", "--help", "-h"];

/** True when `argv` starts with a connecting verb, names no other route, and the environment gives DATABASE_URL (which wins over .env and retort.toml). */
export function connectsFirst(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): boolean {
  if (!env.DATABASE_URL || argv[0] === undefined || !CONNECTING_VERBS.has(argv[0])) return false;
  return !argv.some((arg) => arg === "--" || ELSEWHERE_FLAGS.some((flag) => arg === flag || arg.startsWith(`${flag}=`)));
}
