/** Loading the project's revision files into a graph, and turning a planned step into a body. */
import { dirname } from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import { RevisionGraph } from "../core/graph.ts";
import type { Step } from "../core/plan.ts";
import type { RunnableStep } from "../db/run-segment.ts";
import type { StepBody } from "../db/run-step.ts";
import { MissingDowngradeError } from "./errors.ts";
import { listRevisionFilesCached } from "../scripts/listing-cache.ts";
import { readRevisionFiles, turnDue, type IgnoredFile, type ListedStats, type RevisionFile, type RevisionListing } from "../scripts/revision-files.ts";
import { sectionPosition } from "../scripts/sql-revision.ts";
import { positionInSection, splitStatements } from "../scripts/split-statements.ts";
import type { Context } from "./context.ts";
import { ignoredFileNotes } from "./ignored-files.ts";
import { withScriptConsole } from "./script-console.ts";

export interface Project {
  readonly files: readonly RevisionFile[];
  /** The files of the versions directories that are not revisions (reported when the project loads). */
  readonly ignored: readonly IgnoredFile[];
  readonly graph: RevisionGraph;
  /** The file of each revision id. */
  readonly fileOf: (id: string) => RevisionFile;
  /** What a step runs, worked out from its file once per file and direction (see stepBody). */
  readonly bodyOf: (step: Step) => StepBody;
}

/** What loadProject is told of files already looked at. */
export interface LoadOptions {
  /** Each listed file's stat, just taken (statListed). */
  readonly stats?: ListedStats | undefined;
  /** The listing's ignored files have been reported already (reportIgnoredFiles). */
  readonly ignoredReported?: boolean | undefined;
}

/**
 * Reads every revision file in the version locations (or in `listing`, made of them) and builds the
 * validated graph; the files it does not read are reported, never skipped silently.
 */
export async function loadProject(ctx: Context, listing?: RevisionListing, opts: LoadOptions = {}): Promise<Project> {
  const listed = listing ?? listProjectFiles(ctx);
  if (opts.ignoredReported !== true) reportIgnoredFiles(ctx, listed);
  const files = await readRevisionFiles(listed, { cacheDir: ctx.config.cacheDir, now: () => ctx.now().getTime(), ...(opts.stats ? { stats: opts.stats } : {}) });
  const graph = RevisionGraph.from(files.map((f) => f.revision));
  // The graph numbers revisions by their place in `files`: no second map of 10,000 ids.
  const fileOf = (id: string): RevisionFile => files[graph.listIndexOf(id)]!;
  // Bodies already worked out, per revision and direction.
  const bodies = new Map<string, Partial<Record<Step["direction"], StepBody>>>();
  const bodyOf = ({ revision: { id }, direction }: Step): StepBody => {
    let entry = bodies.get(id);
    if (!entry) bodies.set(id, (entry = {}));
    return (entry[direction] ??= stepBody(fileOf(id), direction, (line) => ctx.report({ kind: "info", message: line })));
  };
  return { files, ignored: listed.ignored, graph, fileOf, bodyOf };
}

/** The revision files of the version locations, from the listing an earlier run stored when their directories are unchanged (listing-cache.ts). */
export function listProjectFiles(ctx: Context): RevisionListing {
  const { cacheDir, versionLocations } = ctx.config;
  return listRevisionFilesCached(versionLocations, cacheDir === undefined ? undefined : { cacheDir, version: ctx.version, now: () => ctx.now().getTime() });
}

/** Reports the files of the listing's directories that are not revisions, as loading the project does. */
export function reportIgnoredFiles(ctx: Context, listed: RevisionListing): void {
  if (listed.ignored.length === 0) return;
  const withRevisions = new Set(listed.paths.map((p) => dirname(p)));
  for (const note of ignoredFileNotes(listed.ignored, ctx.config.projectDir, withRevisions)) ctx.report({ kind: "info", message: note });
}

/**
 * What a step runs, taken from its file; a downgrade without a section is refused up front. What
 * a TypeScript revision prints goes to `say`, prefixed with the revision (see script-console.ts).
 */
export function stepBody(file: RevisionFile, direction: Step["direction"], say: (line: string) => void): StepBody {
  if (file.kind === "ts") {
    const fn = direction === "upgrade" ? file.upgrade : file.downgrade;
    if (!fn) throw new MissingDowngradeError(file.revision.id, file.path);
    return { kind: "ts", run: (ctx) => withScriptConsole(file.revision.id, say, async () => fn(ctx)) };
  }
  const section = direction === "upgrade" ? file.upgrade : file.downgrade;
  if (!section) throw new MissingDowngradeError(file.revision.id, file.path);
  return {
    kind: "sql",
    statements: splitStatements(section.sql),
    locate: (statement, position) => sectionPosition(file.text, section, positionInSection(section.sql, statement, position)),
  };
}

/**
 * Reads and splits the sections the steps will run, yielding to the event loop now and then so
 * that a connection being opened meanwhile (the lock's) makes progress. Optional: `runnableStep`
 * does the same work on first use.
 */
export async function prepareSteps(project: Project, steps: readonly Step[]): Promise<void> {
  // Slices of a fraction of a millisecond, as the files are read: the run goes on between them, and
  // the replies of the lock's and the run's connections are not kept waiting. Slices of 16 files
  // (a few milliseconds each) held up every step between taking the lock and the first statement.
  const due = turnDue();
  await nextTurn();
  for (const step of steps) {
    if (due()) await nextTurn();
    project.bodyOf(step);
  }
}

/**
 * A planned step with its file, body and checksum, ready for the runner. With `firstStatements`
 * (an online run), a `transaction: false` step records its progress and starts where an earlier
 * run stopped.
 */
export function runnableStep(project: Project, step: Step, firstStatements?: ReadonlyMap<string, number>): RunnableStep {
  const file = project.fileOf(step.revision.id);
  const progress = firstStatements && !file.transaction ? { progress: { firstStatement: firstStatements.get(step.revision.id) ?? 0 } } : {};
  return {
    step,
    file: file.path,
    kind: file.kind,
    // Read when the runner reaches the step (or earlier, by prepareSteps): a run in one
    // transaction sends its first statements while the later files are still being read.
    get body() {
      return project.bodyOf(step);
    },
    transactional: file.transaction,
    checksum: file.checksum,
    timeouts: file.timeouts,
    ...progress,
  };
}

/** The progress label of a step, in Alembic's words: `Running upgrade a -> b, message`. */
export function stepLabel(step: Step): string {
  const r = step.revision;
  const parents = r.downRevisions.length ? r.downRevisions.join(", ") : "";
  return step.direction === "upgrade"
    ? `Running upgrade ${parents} -> ${r.id}, ${r.message}`
    : `Running downgrade ${r.id} -> ${parents}, ${r.message}`;
}
