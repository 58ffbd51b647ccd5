/** `retort wait`: wait until the database server accepts connections. */
import { Command } from "@commander-js/extra-typings";
import type { Invocation, Verb } from "../verb.ts";

/** Declares `wait`. */
export const waitCommand: Verb = (invoke) =>
  new Command("wait")
    .description("wait until the database server accepts connections")
    .option("--timeout <duration>", "give up after this long (exit 4)", "60s")
    .action((flags, cmd) => waitRun(invoke(cmd), flags));

/** Waits for the server and says it is there. */
async function waitRun(run: Invocation, flags: { readonly timeout: string }): Promise<void> {
  const [{ wait }, { parseDuration }] = await Promise.all([import("../../commands/wait.ts"), import("../../config/duration.ts")]);
  const r = await wait(await run.context(), { timeoutMs: parseDuration(flags.timeout, "--timeout"), timeoutOption: "--timeout" });
  if (run.json) return run.document("wait", r);
  run.output().info(`${r.database} accepts connections`);
}
