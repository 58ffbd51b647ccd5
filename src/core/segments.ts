/**
 * The execution plan: a run's steps laid out as segments, each a unit that commits or rolls back
 * as a whole, with the bookkeeping writes that record it. The online runner, the offline `--sql`
 * renderer and `stamp` all consume segments, so a script cannot lay out transactions differently
 * from a run, and the bookkeeping tables are created by whichever segment comes first.
 *
 * Bookkeeping is data here: whether to create the tables, which version-table rows change, which
 * history rows are added. Its SQL text stays in `db/`, next to the queries that read the same
 * tables, so each table's shape is written down in one file; both consumers render it from this
 * data with the same functions. What is known only once a step has run (its duration and start
 * time) the runner adds to the history rows.
 */
import { netVersionChanges, type Step, type VersionChange } from "./plan.ts";

/** What the layout needs to know of a step; what the step runs (SQL or a function) stays the caller's. */
export interface SegmentStep {
  readonly step: Step;
  /** False for a `transaction: false` revision, whose statements run outside a transaction. */
  readonly transactional: boolean;
  /** Checksum of the revision's upgrade section, recorded in its history row. */
  readonly checksum: string | undefined;
}

/** What a history row records: a step run either way, a stamp, or an accepted edit. */
export type HistoryDirection = "upgrade" | "downgrade" | "stamp" | "rehash";

/** A history row as the plan knows it; the runner adds the duration, start time, host and version. */
export interface HistoryWrite {
  readonly revision: string;
  readonly direction: HistoryDirection;
  readonly message: string;
  readonly checksum: string | undefined;
}

/**
 * A unit that commits or rolls back as a whole, and so the unit to retry. A `transaction`
 * segment runs its table creation, its steps and its bookkeeping in one transaction. A
 * `no-transaction` segment is one `transaction: false` revision, whose statements commit one by
 * one: the tables are created in a transaction before them and the bookkeeping is written in a
 * transaction after them, so a failure leaves the revision unrecorded.
 */
export interface Segment<S extends SegmentStep = SegmentStep> {
  readonly kind: "transaction" | "no-transaction";
  readonly steps: readonly S[];
  /** Whether this segment creates the version and history tables (the first one, when they may be missing). */
  readonly createTables: boolean;
  /**
   * The version-table changes from the rows before the segment to the rows after it, written
   * once after its steps: the intermediate rows are never seen outside the segment.
   */
  readonly versionChanges: readonly VersionChange[];
  /** The history rows, in order: `history[i]` records `steps[i]`, or, without steps, a stamp's rows. */
  readonly history: readonly HistoryWrite[];
}

/** How a run is laid out. */
export interface LayoutOptions {
  /** The version table's rows before the first step. */
  readonly headsBefore: readonly string[];
  /** One transaction per step (`transaction_per_migration`) instead of one for the whole run. */
  readonly transactionPerMigration: boolean;
  /** Whether the version and history tables are known to exist; if not, the first segment creates them. */
  readonly tablesExist: boolean;
}

/**
 * Lays out `steps` (in plan order): by default consecutive transactional steps share one
 * transaction, as in Alembic; per migration each has its own; a `transaction: false` revision
 * splits the run around itself. An empty plan has no segments: it writes nothing.
 */
export function layoutSegments<S extends SegmentStep>(steps: readonly S[], opts: LayoutOptions): Segment<S>[] {
  let rows = opts.headsBefore;
  return groupSteps(steps, opts.transactionPerMigration).map((group, i) => {
    const after = group.at(-1)!.step.headsAfter;
    const segment: Segment<S> = {
      kind: group[0]!.transactional ? "transaction" : "no-transaction",
      steps: group,
      createTables: i === 0 && !opts.tablesExist,
      versionChanges: netVersionChanges(rows, after),
      history: group.map(historyOfStep),
    };
    rows = after;
    return segment;
  });
}

/** What a segment that runs no step writes. */
export interface Bookkeeping {
  readonly tablesExist: boolean;
  readonly versionChanges: readonly VersionChange[];
  readonly history: readonly HistoryWrite[];
}

/**
 * A transaction that runs no step, only bookkeeping: a stamp's changes and rows, or the table
 * set-up that an offline script starts with even when its range is empty.
 */
export function bookkeepingSegment(writes: Bookkeeping): Segment<never> {
  return { kind: "transaction", steps: [], createTables: !writes.tablesExist, versionChanges: writes.versionChanges, history: writes.history };
}

/** Consecutive transactional steps together (each alone per migration); a non-transactional step alone. */
function groupSteps<S extends SegmentStep>(steps: readonly S[], perMigration: boolean): S[][] {
  const groups: S[][] = [];
  let open: S[] | undefined;
  for (const s of steps) {
    if (!s.transactional || perMigration) {
      groups.push([s]);
      open = undefined;
    } else {
      if (!open) groups.push((open = []));
      open.push(s);
    }
  }
  return groups;
}

function historyOfStep(s: SegmentStep): HistoryWrite {
  return { revision: s.step.revision.id, direction: s.step.direction, message: s.step.revision.message, checksum: s.checksum };
}
