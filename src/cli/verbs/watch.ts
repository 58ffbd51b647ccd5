/** `retort watch`: re-apply the head revision in the scratch database on every save. */
import { Command } from "@commander-js/extra-typings";
import { useNormalJitPolicy } from "../../config/runtime.ts";
import type { Invocation, Verb } from "../verb.ts";

/** Declares `watch`. */
export const watchCommand: Verb = (invoke) =>
  new Command("watch")
    .description("re-apply the head revision in the scratch database on every save, and check its downgrade")
    .option("--revision <rev>", "the revision to watch when there are several heads")
    .option("--drop-on-exit", "drop the scratch database when the watch ends (default: keep it for inspection)")
    .action((flags, cmd) => watchRun(invoke(cmd), flags));

/** Watches until Ctrl-C, which ends it normally: reports on stdout, failures on stderr. */
async function watchRun(run: Invocation, flags: { readonly revision?: string; readonly dropOnExit?: true }): Promise<void> {
  const [{ watch }, { failureLines }] = await Promise.all([import("../../watch/watch.ts"), import("../failure.ts")]);
  run.interruptIsExit();
  // The same code runs again on every save, for as long as the watch lasts: worth compiling.
  useNormalJitPolicy();
  await watch(
    await run.context(),
    { ...(flags.revision !== undefined ? { revision: flags.revision } : {}), dropOnExit: flags.dropOnExit === true },
    {
      report: (line) => run.output().data(line),
      info: (line) => run.output().info(line),
      failure: (err) => {
        for (const line of failureLines(err)) run.output().error(line);
      },
    },
  );
}
