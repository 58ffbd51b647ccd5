/** What `upgrade` and `downgrade` share: their options, what runs before them, and how they report. */
import type { Command, OptionValues } from "@commander-js/extra-typings";
import type { Context } from "../../project/context.ts";
import type { MigrateResult } from "../../project/migrate.ts";
import type { Invocation } from "../verb.ts";
import { NO_LOCK_HELP, sayConnection, VERBOSE_CONNECTION_HELP } from "./_connection.ts";

/** The flags `withMigrationOptions` declares. */
export interface MigrationFlags {
  readonly sql?: true;
  readonly wait?: true;
  readonly waitTimeout?: string;
  /** False with `--no-lock`. */
  readonly lock: boolean;
  readonly verbose?: true;
}

/** Declares `--sql`, `--wait`, `--wait-timeout`, `--no-lock`, the lock-retry settings and `--verbose` on `command`. */
export function withMigrationOptions<Args extends unknown[], Opts extends OptionValues>(command: Command<Args, Opts>) {
  return command
    .option("--sql", "print the SQL script instead of running it (offline mode)")
    .option("--wait", "first wait until the server accepts connections")
    .option("--wait-timeout <duration>", "how long --wait waits (default: 60s)")
    .option("--no-lock", NO_LOCK_HELP)
    .option("--revision-lock-timeout <time>", "how long each attempt of the revisions' SQL waits for a table lock before retrying (default: 500ms)")
    .option("--lock-retry-budget <time>", "how long to keep retrying after lock timeouts before giving up with exit 5 (default: 5m)")
    .option("--revision-statement-timeout <time>", "the longest a revision's statement may run; 0s for no limit (default: 10m)")
    .option("--lint-on-upgrade <mode>", "lint what an upgrade is about to run: off, warn (print the findings) or error (refuse on an error finding) (default: warn)")
    .option("--verbose", VERBOSE_CONNECTION_HELP);
}

/** What runs before a migration: with `--verbose` where it connects, with `--wait` the wait for the server. */
export async function beforeMigration(run: Invocation, ctx: Context, flags: MigrationFlags): Promise<void> {
  if (flags.verbose) await sayConnection(run, ctx, flags.lock === false);
  if (!flags.wait) return;
  const [{ wait }, { parseDuration }] = await Promise.all([import("../../commands/wait.ts"), import("../../config/duration.ts")]);
  await wait(ctx, { timeoutMs: parseDuration(flags.waitTimeout ?? "60s", "--wait-timeout"), timeoutOption: "--wait-timeout" });
}

/** The migration's JSON document, or one line saying where the database is now. */
export async function reportMigration(run: Invocation, r: MigrateResult): Promise<void> {
  if (run.json) return run.document(r.direction, r);
  const at = r.headsAfter.length ? r.headsAfter.join(", ") : "base";
  if (r.steps.length === 0) return run.output().info(`Nothing to ${r.direction}: the database is at ${at}`);
  run.output().info(`${r.direction === "upgrade" ? "Upgraded" : "Downgraded"} to ${at} (${r.steps.length} revision${r.steps.length === 1 ? "" : "s"})`);
}
