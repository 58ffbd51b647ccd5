/** `retort revision -m …`: write a new revision file, empty or filled from the schema files. */
import { Command } from "@commander-js/extra-typings";
import type { Invocation, Verb } from "../verb.ts";
import { collectList } from "./_list-option.ts";

interface RevisionFlags {
  readonly message: string;
  readonly head: string;
  readonly splice?: true;
  readonly branchLabel?: string[];
  readonly dependsOn?: string[];
  readonly revId?: string;
  readonly ts?: true;
  readonly versionPath?: string;
  readonly autogenerate?: true;
  readonly online: boolean;
}

/** Declares `revision`. */
export const revisionCommand: Verb = (invoke) =>
  new Command("revision")
    .description("create a new revision file")
    .requiredOption("-m, --message <message>", "what the revision does")
    .option("--head <rev>", "base the revision on this head (head, base, label@head, a revision)", "head")
    .option("--splice", "allow --head to name a revision that is not a head")
    .option("--branch-label <label>", "branch label(s) for the new revision", collectList)
    .option("--depends-on <rev>", "revision(s) this one depends on", collectList)
    .option("--rev-id <id>", "use this revision id instead of a random one")
    .option("--ts", "write a TypeScript revision instead of SQL")
    .option("--version-path <dir>", "write the file into this versions directory")
    .option("--autogenerate", "fill the revision with the SQL that turns the schema of the revisions into the schema files")
    .option("--no-online", "with --autogenerate: write the plain form, without concurrent indexes, NOT VALID and a transaction: false revision")
    .action((flags, cmd) => revisionRun(invoke(cmd), flags));

/** Writes the revision and names its file, or says that autogenerate found nothing to write. */
async function revisionRun(run: Invocation, flags: RevisionFlags): Promise<void> {
  const { revision } = await import("../../commands/revision.ts");
  const r = await revision(await run.context(), {
    message: flags.message,
    head: flags.head,
    splice: flags.splice === true,
    branchLabels: flags.branchLabel ?? [],
    dependsOn: flags.dependsOn ?? [],
    ts: flags.ts === true,
    ...(flags.revId !== undefined ? { revId: flags.revId } : {}),
    ...(flags.versionPath !== undefined ? { versionPath: flags.versionPath } : {}),
    autogenerate: flags.autogenerate === true,
    online: flags.online,
  });
  if (run.json) return run.document("revision", { ...r, steps: r.steps ?? null });
  if (r.path === null) return run.output().info("No changes in schema detected; no revision written");
  for (const s of r.steps ?? []) if (s.warning !== undefined) run.output().info(`warning: ${s.warning}`);
  for (const written of r.revisions) run.output().info(`Generating ${written.path} ... done${written.transaction ? "" : " (transaction: false)"}`);
  if ("lint" in r && r.lint !== undefined && r.lint.length > 0) {
    const { findingText } = await import("../../project/lint-text.ts");
    for (const f of r.lint) run.output().info(findingText(f));
  }
}
