/**
 * The state behind `retort watch`: a scratch database with every revision below the head applied
 * (the base), and the version of the head currently applied on top of it, whose downgrade is kept
 * in memory to undo it. Each run undoes that version, applies the head as it is now, checks that
 * its downgrade restores the base, and reports.
 */
import type { DatabaseUrl } from "../config/database-url.ts";
import type { SchemaModel } from "../core/diff/model.ts";
import { describeChanges } from "../core/diff/summary.ts";
import { HeadLinter } from "./head-lint.ts";
import { closeConnection, openConnection, statementsShareQueries, type ConnectOptions, type Sql, type TransactionSql } from "../db/connect.ts";
import { cloneTemplate, saveTemplate, templateKey, templateName } from "../db/scratch-template.ts";
import { introspect, readSchemaModel } from "../db/introspect.ts";
import { runPipelined } from "../db/pipeline.ts";
import { runScriptStep, runStepWithoutTransaction, sqlError, type StepBody, type StepIdentity } from "../db/run-step.ts";
import { resetScratchDatabase } from "../db/scratch.ts";
import type { Context } from "../project/context.ts";
import { connectOptions } from "../project/database.ts";
import { loadProject, stepBody, type Project } from "../project/project.ts";
import { bookkeepingTables } from "../project/schema-diff.ts";
import { applyRevisionsUpTo } from "../project/schema-source.ts";
import type { RevisionFile } from "../scripts/revision-files.ts";
import { withoutComments } from "../scripts/split-statements.ts";
import { resolveTargetRevisions } from "../core/target.ts";
import { NoRevisionToWatchError, SeveralHeadsToWatchError, WatchRevisionNotOneError } from "./errors.ts";

/** Every run reads the scratch database's schema twice on the same two connections: the catalog queries stay prepared. */
const KEEP_PREPARED = { keepPrepared: true } as const;

/** What a run tells the user: one report line, or a failure to show. */
export interface WatchReporter {
  /** The one-line result of a run (stdout). */
  report(line: string): void;
  /** Progress and notices (stderr). */
  info(line: string): void;
  /** A failure, shown with its location when it has one; the watch goes on. */
  failure(err: unknown): void;
}

/** The head file's content as it was applied. */
interface AppliedHead {
  readonly revision: string;
  readonly path: string;
  /** Upgrade and downgrade without comments or layout: an edit of those alone changes nothing. */
  readonly signature: string;
  /** The downgrade that undoes it, or undefined when the file has none. */
  readonly downgrade: StepBody | undefined;
  readonly transactional: boolean;
  /** Whether its downgrade was seen to restore the base; one that does not cannot undo it. */
  restores: boolean;
}

export class WatchSession {
  #sql: Sql;
  #head: string | undefined;
  #baseKey: string | undefined;
  #base: SchemaModel | undefined;
  #applied: AppliedHead | undefined;

  private readonly ctx: Context;
  private readonly url: DatabaseUrl;
  private readonly reporter: WatchReporter;
  private readonly wanted: string | undefined;
  private readonly canClone: boolean;
  readonly #lint: HeadLinter;

  /**
   * `canClone`: the scratch database may be dropped and cloned from its template (the lock is held
   * outside it); then a rebuild of the revisions below the head is a copy of the template.
   */
  constructor(ctx: Context, url: DatabaseUrl, reporter: WatchReporter, wanted: string | undefined, canClone: boolean) {
    this.ctx = ctx;
    this.url = url;
    this.reporter = reporter;
    this.wanted = wanted;
    this.canClone = canClone;
    this.#lint = new HeadLinter(ctx);
    this.#sql = this.#connect();
  }

  /** Two connections: a run reads the upgraded schema on one while it tries the downgrade on the other. */
  #connect(): Sql {
    return openConnection(this.url, { ...this.#options, max: 2 });
  }

  get #options(): ConnectOptions {
    return connectOptions(this.ctx, { purpose: "watch" });
  }

  /** The scratch database's schema as it is now. */
  #introspect(): Promise<SchemaModel> {
    return introspect(this.#sql, KEEP_PREPARED);
  }

  /** Closes the connections. */
  async close(): Promise<void> {
    await closeConnection(this.#sql);
  }

  /** Runs `work` with no connection of ours to the scratch database, then connects again. */
  async #disconnected(work: () => Promise<void>): Promise<void> {
    await closeConnection(this.#sql);
    try {
      await work();
    } finally {
      this.#sql = this.#connect();
    }
  }

  /** The head being watched, once known. */
  get head(): string | undefined {
    return this.#head;
  }

  /** One run: brings the scratch database to the files as they are now, and reports. */
  async run(): Promise<void> {
    const started = this.ctx.clock();
    const timings = new Timings(this.ctx.clock);
    const project = await loadProject(this.ctx);
    const head = this.#pickHead(project);
    const file = project.fileOf(head);
    await this.#refreshBase(project, head, timings);
    const signature = signatureOf(file);
    const applied = this.#applied;
    if (applied && applied.path === file.path && applied.signature === signature) {
      this.reporter.report(`= ${displayFile(file)}: unchanged (comments or layout only)`);
      return;
    }
    if (applied) await this.#undo(applied, project, head, timings);
    const outcome = await this.#applyHead(file, head, signature, timings);
    const total = Math.round(this.ctx.clock() - started);
    this.reporter.report(`✓ ${displayFile(file)} (${head}) in ${total} ms [${timings}]: ${outcome}`);
    // After the result line, so the lint never delays it.
    for (const finding of await this.#lint.findings(project, head, this.#baseKeyOf(project, head))) this.reporter.info(finding);
  }

  /** Follows a change of head, and rebuilds the base when a revision below the head changed. */
  async #refreshBase(project: Project, head: string, timings: Timings): Promise<void> {
    if (head !== this.#head) await this.#switchHead(project, head);
    if (this.#baseKeyOf(project, head) === this.#baseKey) return;
    if (this.#baseKey !== undefined) this.reporter.info("An earlier revision changed: rebuilding the scratch database");
    await timings.time("rebuild", () => this.#rebuildBase(project, head));
  }

  /** Takes the previously applied version of the head off: its downgrade when that restores the base, else a rebuild. */
  async #undo(applied: AppliedHead, project: Project, head: string, timings: Timings): Promise<void> {
    if (!applied.restores) {
      // Its downgrade is missing, fails or leaves things behind: start again from the base.
      await timings.time("rebuild", () => this.#rebuildBase(project, head));
      return;
    }
    try {
      await timings.time("undo", () => this.#runBody(applied.downgrade, applied, "downgrade"));
    } catch (err) {
      this.reporter.info(`Could not undo the previous version of ${displayFile(project.fileOf(head))} (${messageOf(err)}): rebuilding the scratch database`);
      await timings.time("rebuild", () => this.#rebuildBase(project, head));
    }
    this.#applied = undefined;
  }

  /** Applies the head as it is now and checks its downgrade; returns what it changes and how the check went. */
  async #applyHead(file: RevisionFile, head: string, signature: string, timings: Timings): Promise<string> {
    const say = (line: string): void => this.reporter.info(line);
    const upgrade = stepBody(file, "upgrade", say);
    const downgrade = file.downgrade ? stepBody(file, "downgrade", say) : undefined;
    const identity = { revision: head, path: file.path, transactional: file.transaction };
    await timings.time("upgrade", () => this.#runBody(upgrade, identity, "upgrade"));
    const current: AppliedHead = { ...identity, signature, downgrade, restores: false };
    this.#applied = current;
    // The schema after the upgrade is read while the downgrade is tried on a second connection, in
    // a transaction that is rolled back: neither sees the other. A `transaction: false` head is
    // really downgraded and upgraded again, so it goes after.
    const roundtripCheck = async (): Promise<string> => {
      if (!downgrade) return "no downgrade section";
      try {
        const afterDown = await timings.time("roundtrip", () => this.#schemaAfterDowngrade(downgrade, identity, upgrade));
        const left = describeChanges(this.#base!, afterDown, bookkeepingTables(this.ctx));
        current.restores = left.length === 0;
        return left.length === 0 ? "downgrade restores the schema" : `downgrade does not restore the schema: ${describeLeftovers(left)}`;
      } catch (err) {
        // The failed downgrade rolled back: the upgrade stays applied.
        this.reporter.failure(err);
        return `downgrade fails: ${messageOf(err)}`;
      }
    };
    const [afterUp, roundtrip] = identity.transactional
      ? await Promise.all([this.#introspect(), roundtripCheck()])
      : [await this.#introspect(), await roundtripCheck()];
    const changes = describeChanges(this.#base!, afterUp, bookkeepingTables(this.ctx));
    return `${changes.length === 0 ? "no schema change" : changes.join(", ")}; ${roundtrip}`;
  }

  /**
   * The schema the downgrade leaves, with the upgrade still applied afterwards. In a transaction
   * that is rolled back, so nothing needs re-applying; a `transaction: false` head is downgraded
   * for real and upgraded again.
   */
  async #schemaAfterDowngrade(downgrade: StepBody, head: { revision: string; path: string; transactional: boolean }, upgrade: StepBody): Promise<SchemaModel> {
    if (!head.transactional) {
      await this.#runBody(downgrade, head, "downgrade");
      const model = await this.#introspect();
      await this.#runBody(upgrade, head, "upgrade");
      return model;
    }
    let model: SchemaModel | undefined;
    const rollback = new Error("roll back the roundtrip");
    await this.#sql
      .begin(async (tx) => {
        await runInTransaction(tx, downgrade, { revision: head.revision, file: head.path, direction: "downgrade" }, statementsShareQueries(this.#sql));
        model = await readSchemaModel(tx, KEEP_PREPARED);
        throw rollback;
      })
      .catch((err: unknown) => {
        if (err !== rollback) throw err;
      });
    return model!;
  }

  /** The single head, or the one revision `--revision` names (any target: an id, a prefix, label@head …). */
  #pickHead(project: Project): string {
    if (this.wanted !== undefined) {
      const named = resolveTargetRevisions(project.graph, [], this.wanted);
      if (named.length === 1) return named[0]!;
      throw new WatchRevisionNotOneError(this.wanted, named);
    }
    const heads = project.graph.heads;
    if (heads.length === 0) throw new NoRevisionToWatchError();
    if (heads.length > 1) throw new SeveralHeadsToWatchError(heads);
    return heads[0]!;
  }

  /**
   * A new head. If it sits on the old one, the old head's applied version stays and becomes part
   * of the base (when its file still says what was applied); otherwise the base is rebuilt.
   */
  async #switchHead(project: Project, head: string): Promise<void> {
    const previous = this.#head;
    this.#head = head;
    if (previous === undefined) return;
    const applied = this.#applied;
    const stacked = project.graph.parentsOf(head).includes(previous) && project.graph.has(previous);
    if (stacked && applied?.revision === previous && applied.signature === signatureOf(project.fileOf(previous))) {
      this.reporter.info(`Now watching ${displayFile(project.fileOf(head))}; ${previous} stays applied`);
      this.#applied = undefined;
      this.#base = await this.#introspect();
      this.#baseKey = this.#baseKeyOf(project, head);
      return;
    }
    this.reporter.info(`Now watching ${displayFile(project.fileOf(head))}`);
    // A different base: the next check rebuilds it.
    this.#baseKey = undefined;
  }

  /** What the base depends on: every revision file below the head, by checksum. */
  #baseKeyOf(project: Project, head: string): string {
    const below = project.graph.ancestors(project.graph.parentsOf(head));
    return [...below].sort().map((id) => `${id}:${project.fileOf(id).checksum}`).join(",");
  }

  /**
   * Brings the scratch database to every revision below `head`: a copy of the template when it
   * holds exactly those revisions, else an emptied database with them applied (and saved as the
   * template for next time).
   */
  async #rebuildBase(project: Project, head: string): Promise<void> {
    this.#applied = undefined;
    const key = this.#baseKeyOf(project, head);
    if (this.canClone && (await templateKey(this.url, this.#options)) === key) {
      await this.#disconnected(() => cloneTemplate(this.url, this.#options));
      if (this.#baseKey !== key || this.#base === undefined) this.#base = await this.#introspect();
      this.#baseKey = key;
      this.reporter.info(`Restored the revisions below the head from the template database ${templateName(this.url.database)}`);
      return;
    }
    await resetScratchDatabase(this.url, this.#options);
    // A rebuild runs to its end: the watch stops between runs.
    await applyRevisionsUpTo(this.ctx, this.#sql, project, project.graph.parentsOf(head), () => undefined);
    this.#base = await this.#introspect();
    this.#baseKey = key;
    if (this.canClone) {
      try {
        await this.#disconnected(() => saveTemplate(this.url, key, this.#options));
      } catch (err) {
        // Most likely another session (a psql) is connected to the scratch database.
        this.reporter.info(`Could not save the template database (${messageOf(err)}); rebuilds will apply the revisions again`);
      }
    }
  }

  /** Runs one section: in a transaction (pipelined, failures located in the file) unless the file says not to. */
  async #runBody(body: StepBody | undefined, head: { revision: string; path: string; transactional: boolean }, direction: "upgrade" | "downgrade"): Promise<void> {
    if (!body) throw new Error(`it has no ${direction} section`);
    const id: StepIdentity = { revision: head.revision, file: head.path, direction };
    if (!head.transactional) return runStepWithoutTransaction(this.#sql, body, id, () => undefined);
    await this.#sql.begin((tx) => runInTransaction(tx, body, id, statementsShareQueries(this.#sql)));
  }
}

/** How long each part of a run took, in the order they ran: `rebuild 120 ms, upgrade 8 ms`. */
class Timings {
  readonly #parts: string[] = [];

  private readonly clock: () => number;

  constructor(clock: () => number) {
    this.clock = clock;
  }

  /** Runs `work`, recording how long it took under `label` even when it fails. */
  async time<T>(label: string, work: () => Promise<T>): Promise<T> {
    const t0 = this.clock();
    try {
      return await work();
    } finally {
      this.#parts.push(`${label} ${Math.round(this.clock() - t0)} ms`);
    }
  }

  toString(): string {
    return this.#parts.join(", ");
  }
}

/** Runs a section in `tx`: SQL statements pipelined (sharing Query messages when `shareQueries`), a failure located in the file. */
async function runInTransaction(tx: TransactionSql, body: StepBody, id: StepIdentity, shareQueries: boolean): Promise<void> {
  if (body.kind === "ts") return runScriptStep(tx, body, id);
  const failure = await runPipelined(tx, [body], (b) => b.statements, { shareQueries });
  if (failure) throw sqlError(failure.error, body.statements[failure.statement]!, body, id, failure.position);
}

/** Upgrade and downgrade of a file without comments or layout. */
function signatureOf(file: RevisionFile): string {
  if (file.kind === "ts") return `ts:${file.checksum}`;
  return `${withoutComments(file.upgrade.sql)}\u0000${file.downgrade ? withoutComments(file.downgrade.sql) : "\u0001"}`;
}

function displayFile(file: RevisionFile): string {
  return file.path.split("/").pop()!;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** What a downgrade left behind (+, ~) or removed that was there before (-). */
function describeLeftovers(items: readonly string[]): string {
  const left = items.filter((i) => !i.startsWith("-"));
  const removed = items.filter((i) => i.startsWith("-")).map((i) => i.slice(1));
  const parts: string[] = [];
  if (left.length > 0) parts.push(`it leaves ${left.map((i) => (i.startsWith("+") ? i.slice(1) : i)).join(", ")}`);
  if (removed.length > 0) parts.push(`it removes ${removed.join(", ")}, which the revisions below create`);
  return parts.join("; ");
}

