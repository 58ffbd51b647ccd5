/**
 * `lint --trace`'s verdict: what the rules claim a statement does (the `lock` and `rewrites` of
 * their findings) against what PostgreSQL was seen to do in a scratch database (the relation locks
 * in `pg_locks`, the `relfilenode`s that changed, the indexes built). Pure: the observations come
 * from `db/trace-statements.ts`.
 */
import { LOCK_MODES, type Finding, type LintUnit, type LockMode } from "./types.ts";

/** A table-level lock seen on a relation that existed before the trace; `index` when it was on one of the table's indexes. */
export interface TracedLock {
  /** The table, qualified (`public.users`), as the lint names tables. */
  readonly table: string;
  readonly mode: LockMode;
  /** The index, qualified, when the lock was on an index of `table`. */
  readonly index?: string;
}

/** An index a statement built on a table that existed before the trace. */
export interface BuiltIndex {
  readonly index: string;
  readonly table: string;
}

/** What one statement was seen to do, before comparing with the lint. */
export interface StatementObservation {
  readonly file: string;
  readonly section: LintUnit["section"];
  /** Index of the statement in its unit. */
  readonly statement: number;
  readonly text: string;
  /** Its parse-tree node kind (`IndexStmt`, `AlterTableStmt`…). */
  readonly kind: string;
  /** Locks it took on relations that existed before the trace (not those its transaction already held). */
  readonly locks: readonly TracedLock[];
  /** Locks its transaction already held on those relations before it ran: a statement that needs no more shows none of its own. */
  readonly heldBefore: readonly TracedLock[];
  /** Existing tables whose `relfilenode` it changed: rewritten (or truncated). */
  readonly rewrote: readonly string[];
  /** Indexes it built on existing tables (new storage, not an index kept through a type change). */
  readonly builtIndexes: readonly BuiltIndex[];
  /** Whether the locks were sampled from another session while it ran (it cannot run in a transaction block). */
  readonly sampled: boolean;
  /**
   * False when its locks could not be watched at all: a statement that refuses a transaction block
   * on the embedded engine (PGlite runs one query at a time, so no second session can sample
   * pg_locks while it runs). Its lock claims are then left unchecked.
   */
  readonly locksSeen: boolean;
}

/** A traced statement with the verdict. */
export interface TracedStatement extends StatementObservation {
  readonly agreesWithLint: boolean;
  readonly disagreements: readonly string[];
}

/** The whole trace, in the order the statements ran. */
export interface TraceReport {
  readonly statements: readonly TracedStatement[];
}

/** `pg_locks.mode` names of the table-level lock modes. */
const PG_LOCK_MODES: Readonly<Record<string, LockMode>> = {
  AccessShareLock: "ACCESS SHARE",
  RowShareLock: "ROW SHARE",
  RowExclusiveLock: "ROW EXCLUSIVE",
  ShareUpdateExclusiveLock: "SHARE UPDATE EXCLUSIVE",
  ShareLock: "SHARE",
  ShareRowExclusiveLock: "SHARE ROW EXCLUSIVE",
  ExclusiveLock: "EXCLUSIVE",
  AccessExclusiveLock: "ACCESS EXCLUSIVE",
};

/** `pg_locks.mode` (`ShareUpdateExclusiveLock`) → the SQL name (`SHARE UPDATE EXCLUSIVE`); undefined for anything else. */
export function lockModeFromPg(mode: string): LockMode | undefined {
  return Object.hasOwn(PG_LOCK_MODES, mode) ? PG_LOCK_MODES[mode] : undefined;
}

/** The stronger of two lock modes (in LOCK_MODES order). */
function stronger(a: LockMode | undefined, b: LockMode): LockMode {
  return a === undefined || LOCK_MODES.indexOf(b) > LOCK_MODES.indexOf(a) ? b : a;
}

/** The strongest lock on the table itself (not on its indexes) among `locks`. */
export function strongestLockOn(locks: readonly TracedLock[], table: string): LockMode | undefined {
  let strongest: LockMode | undefined;
  for (const lock of locks) if (lock.table === table && lock.index === undefined) strongest = stronger(strongest, lock.mode);
  return strongest;
}

/**
 * Compares each observed statement with the findings for it (same file, section and statement
 * index). `parents` maps a partition to its parent table: a rewrite claimed on a partitioned table
 * is seen on its partitions (the parent has no storage of its own).
 */
export function compareTrace(
  observations: readonly StatementObservation[],
  findings: readonly Finding[],
  parents: ReadonlyMap<string, string> = new Map(),
): TracedStatement[] {
  return observations.map((observed) => {
    const mine = findings.filter((f) => f.file === observed.file && f.section === observed.section && f.statement === observed.statement);
    const disagreements = disagreementsOf(observed, mine, parents);
    return { ...observed, agreesWithLint: disagreements.length === 0, disagreements };
  });
}

/** Whether `table` is `claimed` or one of its partitions, at any depth. */
function within(table: string, claimed: string, parents: ReadonlyMap<string, string>): boolean {
  const seen = new Set<string>();
  for (let t: string | undefined = table; t !== undefined && !seen.has(t); t = parents.get(t)) {
    if (t === claimed) return true;
    seen.add(t);
  }
  return false;
}

function disagreementsOf(observed: StatementObservation, findings: readonly Finding[], parents: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  const how = observed.sampled ? " (sampled while it ran)" : "";
  // TRUNCATE gives the table a new, empty file: its relfilenode changes, but nothing is copied.
  const rewrote = observed.kind === "TruncateStmt" ? [] : observed.rewrote;

  for (const f of findings) {
    if (f.table === undefined) continue;
    if (f.rewrites === true && !rewrote.some((t) => within(t, f.table!, parents))) {
      out.push(`${f.rule} claims a rewrite of ${f.table}, but it was not rewritten`);
    }
    if (f.lock !== undefined && observed.locksSeen) {
      const seen = strongestLockOn(observed.locks, f.table);
      if (seen === f.lock) continue;
      if (seen === undefined) {
        // Its transaction already held as much: the statement needed nothing new, so nothing can be seen.
        const held = strongestLockOn(observed.heldBefore, f.table);
        if (held !== undefined && LOCK_MODES.indexOf(held) >= LOCK_MODES.indexOf(f.lock)) continue;
        out.push(`${f.rule} claims ${f.lock} on ${f.table}, but no lock on it was seen${how}`);
      } else {
        out.push(`${f.rule} claims ${f.lock} on ${f.table}, but the strongest lock seen on it was ${seen}${how}`);
      }
    }
  }

  for (const table of rewrote) {
    if (!findings.some((f) => f.rewrites === true && f.table !== undefined && within(table, f.table, parents))) {
      const lock = strongestLockOn(observed.locks, table);
      const flagged = findings.some((f) => f.table !== undefined && within(table, f.table, parents));
      out.push(
        flagged
          ? `${table} was rewritten${lock ? ` under ${lock}` : ""}, but no finding claims a rewrite`
          : `no rule flagged the rewrite of ${table}${lock ? ` under ${lock}` : ""}`,
      );
    }
  }

  for (const built of observed.builtIndexes) {
    const lock = strongestLockOn(observed.locks, built.table);
    if (lock !== "SHARE" && lock !== "ACCESS EXCLUSIVE") continue;
    // A rewrite rebuilds the table's indexes too; that is reported as the rewrite.
    if (rewrote.includes(built.table)) continue;
    if (!findings.some((f) => f.table !== undefined && within(built.table, f.table, parents))) {
      out.push(`no rule flagged the build of index ${built.index} on ${built.table} under ${lock}`);
    }
  }
  return out;
}
