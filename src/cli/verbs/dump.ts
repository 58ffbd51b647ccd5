/** `retort dump [--from …]`: SQL that recreates a schema in an empty database. */
import { Command } from "@commander-js/extra-typings";
import type { Invocation, Verb } from "../verb.ts";
import { printSql, SOURCE_HELP } from "./_schema-sql.ts";

/** Declares `dump`. */
export const dumpCommand: Verb = (invoke) =>
  new Command("dump")
    .description("print SQL that recreates a schema in an empty database")
    .option("--from <source>", `the schema to dump: ${SOURCE_HELP}`, "migrations")
    .action((flags, cmd) => dumpRun(invoke(cmd), flags));

/** Prints the schema as SQL, or says it is empty. */
async function dumpRun(run: Invocation, flags: { readonly from: string }): Promise<void> {
  const { dump } = await import("../../commands/dump.ts");
  const r = await dump(await run.context(), { from: flags.from });
  if (run.json) return run.document("dump", r);
  printSql(run, r.sql, "The schema is empty");
}
