/** `retort diff --from … --to …`: the SQL that turns one schema into another. */
import { Command } from "@commander-js/extra-typings";
import type { Invocation, Verb } from "../verb.ts";
import { printSql, SOURCE_HELP } from "./_schema-sql.ts";

/** Declares `diff`. */
export const diffCommand: Verb = (invoke) =>
  new Command("diff")
    .description("print the SQL that turns one schema into another")
    .option("--from <source>", `where to start: ${SOURCE_HELP}`, "migrations")
    .option("--to <source>", `where to end: ${SOURCE_HELP}`, "schema")
    .action((flags, cmd) => diffRun(invoke(cmd), flags));

/** Prints the diff's SQL, or says there is none. */
async function diffRun(run: Invocation, flags: { readonly from: string; readonly to: string }): Promise<void> {
  const { diff } = await import("../../commands/diff.ts");
  const r = await diff(await run.context(), { from: flags.from, to: flags.to });
  if (run.json) return run.document("diff", r);
  printSql(run, r.sql, "No differences");
}
