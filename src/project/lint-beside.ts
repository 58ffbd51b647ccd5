/**
 * What decides, before the plan is known, whether and how the lint of `lint_on_upgrade` will run,
 * and how it keeps out of the server's way when it runs beside the statements (lint-upgrade.ts).
 */
import { lowerPriority } from "../config/runtime.ts";
import type { Context } from "./context.ts";

/** Whether a run in `direction` lints what it runs. */
export function lintsOnUpgrade(ctx: Context, direction: "upgrade" | "downgrade"): boolean {
  return direction === "upgrade" && ctx.config.lintOnUpgrade !== "off";
}

/** Whether the settings let the lint run beside the statements of a run that commits once ("warn", one transaction). */
export function lintsBesideOneTransaction(ctx: Context): boolean {
  return ctx.config.lintOnUpgrade === "warn" && !ctx.config.transactionPerMigration;
}

/**
 * The lint beside the statements (its compile and parsing, and what this process does after them)
 * yields the CPU to the server: on a 2-core machine shared with the server, the server spent
 * 581 ms of its own time on the statements of 300 revisions beside the lint at the same priority,
 * 538 ms beside it at a lower one, and 535 ms with no lint. Called before the grammar's first
 * compile, whose threads take the priority they start with. Not for an embedded database, whose
 * engine is this process.
 */
export function yieldToServer(ctx: Context): void {
  if (ctx.config.databaseUrl?.embedded === undefined) lowerPriority();
}
