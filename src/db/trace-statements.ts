/**
 * Runs lint units in a scratch database statement by statement, as retort would run them, and
 * watches what each one does to the relations that existed before: the relation locks it takes
 * (`pg_locks`), the tables it rewrites (a new `relfilenode`) and the indexes it builds. What
 * `lint --trace` holds the rules' claims against.
 */
import { transactionKind } from "../core/lint/lint.ts";
import { unwrap } from "../core/lint/ast.ts";
import type { BuiltIndex, StatementObservation, TracedLock } from "../core/lint/trace-compare.ts";
import { lockModeFromPg } from "../core/lint/trace-compare.ts";
import type { LintStatement, LintUnit } from "../core/lint/types.ts";
import type { DatabaseUrl } from "../config/database-url.ts";
import { closeConnection, openConnection, queryRow, type ConnectOptions, type Sql } from "./connect.ts";
import { TraceStatementError } from "./errors-trace.ts";

/** One relation in the scratch database, as it is at one moment. */
interface Relation {
  readonly oid: string;
  readonly kind: string;
  readonly name: string;
  readonly filenode: string;
  /** For an index: its table's oid. */
  readonly tableOid: string | null;
  /** For a partition: its parent's oid. */
  readonly parentOid: string | null;
}

/** Oid → relation. */
type Snapshot = ReadonlyMap<string, Relation>;

/** A relation lock held by a session: the relation's oid and the pg_locks mode. */
interface HeldLock {
  readonly oid: string;
  readonly mode: string;
}

/** What traceStatements hands back. */
export interface StatementTrace {
  readonly observations: StatementObservation[];
  /** Partition → parent, among the tables that existed before (qualified names). */
  readonly parents: ReadonlyMap<string, string>;
}

export interface TraceOptions {
  /** Milliseconds between two samples of `pg_locks` while a statement that cannot run in a transaction block runs. */
  readonly pollMs?: number;
  /** Called before each statement (a Ctrl-C checkpoint). */
  readonly checkpoint?: () => void;
  /**
   * Each unit as deployed on its own (`lint --all`): the relations that exist when a unit starts
   * count as existing for it, not only those that existed before the first.
   */
  readonly existingPerUnit?: boolean;
}

// User relations whose locks and files are watched: tables, partitioned tables, materialized views,
// foreign tables and their indexes.
const RELATIONS = `
  select c.oid::text as oid, c.relkind::text as kind, n.nspname || '.' || c.relname as name, c.relfilenode::text as filenode,
         x.indrelid::text as "tableOid",
         (select i.inhparent::text from pg_inherits i where i.inhrelid = c.oid limit 1) as "parentOid"
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    left join pg_index x on x.indexrelid = c.oid
   where c.relkind in ('r', 'p', 'm', 'f', 'i', 'I')
     and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp\\_%'`;

const LOCKS = `
  select relation::text as oid, mode from pg_locks
   where locktype = 'relation' and pid = $1 and database = (select oid from pg_database where datname = current_database())`;

/**
 * The SQLSTATEs of a statement that cannot run in the transaction block the trace wraps an
 * autocommit statement in: 25001 active_sql_transaction ("CREATE INDEX CONCURRENTLY cannot run
 * inside a transaction block") and 2D000 invalid_transaction_termination (a procedure that commits).
 */
const CANNOT_RUN_IN_TRANSACTION: ReadonlySet<string> = new Set(["25001", "2D000"]);

/**
 * Runs `units` in order on `sql` (the scratch database, already at the state they start from),
 * each in its own mode, and reports every statement. A transactional unit runs in one transaction,
 * committed at its end (the next unit starts from its effects); an autocommit unit runs each
 * statement in a transaction of its own, except between the author's BEGIN and COMMIT, and a
 * statement that cannot run in a transaction block (CREATE INDEX CONCURRENTLY, VACUUM…) runs
 * alone while a second session samples its locks. A failing statement stops the trace
 * (TraceStatementError), leaving the database as it is.
 */
export async function traceStatements(sql: Sql, url: DatabaseUrl, opts: ConnectOptions, units: readonly LintUnit[], options: TraceOptions = {}): Promise<StatementTrace> {
  // postgres.js's reserve() waits forever on a pool that has not connected yet (an empty
  // database to start from needs no query before it): connect first.
  await sql.unsafe("select 1");
  const session = await sql.reserve();
  try {
    const { pid } = await queryRow<{ pid: number }>(session, "select pg_backend_pid() as pid");
    const start = await snapshot(session);
    const existing = new Set(start.keys());
    const known = new Map(start);
    const tracer = new Tracer(session, pid, existing, url, opts, options.pollMs ?? 2);
    const observations: StatementObservation[] = [];
    for (const unit of units) {
      if (options.existingPerUnit === true && unit !== units[0]) {
        const now = await snapshot(session);
        existing.clear();
        for (const [oid, rel] of now) {
          existing.add(oid);
          known.set(oid, rel);
        }
      }
      const run = (index: number, f: () => Promise<Observed>): Promise<void> => {
        options.checkpoint?.();
        return f().then(
          (o) => void observations.push(observation(unit, index, o, existing)),
          (err: unknown) => {
            throw TraceStatementError.of(unit.file, unit.section, index, unit.statements[index]!.text, err);
          },
        );
      };
      if (unit.mode === "transaction") {
        await session.unsafe("begin");
        for (let i = 0; i < unit.statements.length; i++) await run(i, () => tracer.inTransaction(unit.statements[i]!));
        const last = unit.statements.length - 1;
        await session.unsafe("commit").catch((err: unknown) => {
          throw TraceStatementError.of(unit.file, unit.section, last, unit.statements[last]?.text ?? "", err, true);
        });
        continue;
      }
      let inBlock = false;
      for (let i = 0; i < unit.statements.length; i++) {
        const statement = unit.statements[i]!;
        const control = transactionKind(statement);
        if (control !== undefined) {
          inBlock = control === "begin";
          await run(i, () => tracer.control(statement));
        } else if (inBlock) {
          await run(i, () => tracer.inTransaction(statement));
        } else {
          await run(i, () => tracer.onItsOwn(statement));
        }
      }
    }
    const parents = new Map<string, string>();
    for (const rel of known.values()) {
      const parent = rel.parentOid === null ? undefined : known.get(rel.parentOid);
      if (parent !== undefined && rel.tableOid === null) parents.set(rel.name, parent.name);
    }
    return { observations, parents };
  } finally {
    // A failed statement leaves its transaction aborted; the scratch database keeps what was committed.
    await session.unsafe("rollback").catch(() => undefined);
    session.release();
  }
}

/** What was seen of one statement, in oids, before names are given. */
interface Observed {
  readonly before: Snapshot;
  readonly after: Snapshot;
  readonly taken: readonly HeldLock[];
  readonly held: readonly HeldLock[];
  readonly sampled: boolean;
  readonly locksSeen: boolean;
}

/** Runs statements on the traced session and collects what each did to the existing relations. */
class Tracer {
  readonly #session: Sql;
  readonly #pid: number;
  readonly #existing: ReadonlySet<string>;
  readonly #url: DatabaseUrl;
  readonly #opts: ConnectOptions;
  readonly #pollMs: number;

  constructor(session: Sql, pid: number, existing: ReadonlySet<string>, url: DatabaseUrl, opts: ConnectOptions, pollMs: number) {
    this.#session = session;
    this.#pid = pid;
    this.#existing = existing;
    this.#url = url;
    this.#opts = opts;
    this.#pollMs = pollMs;
  }

  /** A statement inside an open transaction: the locks it added to those its transaction held. */
  async inTransaction(statement: LintStatement): Promise<Observed> {
    const before = await snapshot(this.#session);
    const held = await this.#locks(this.#session);
    await this.#session.unsafe(statement.text);
    const after = await snapshot(this.#session);
    const now = await this.#locks(this.#session);
    const heldKeys = new Set(held.map(lockKey));
    return { before, after, taken: now.filter((l) => !heldKeys.has(lockKey(l))), held, sampled: false, locksSeen: true };
  }

  /** BEGIN, COMMIT, ROLLBACK: run as written; they lock nothing. */
  async control(statement: LintStatement): Promise<Observed> {
    const before = await snapshot(this.#session);
    await this.#session.unsafe(statement.text);
    return { before, after: await snapshot(this.#session), taken: [], held: [], sampled: false, locksSeen: true };
  }

  /**
   * An autocommit statement: in a transaction of its own (committed, as autocommit would), so its
   * locks can be read after it; one that refuses a transaction block runs alone, sampled.
   */
  async onItsOwn(statement: LintStatement): Promise<Observed> {
    await this.#session.unsafe("begin");
    try {
      const observed = await this.inTransaction(statement);
      await this.#session.unsafe("commit");
      return observed;
    } catch (err) {
      await this.#session.unsafe("rollback");
      if (!CANNOT_RUN_IN_TRANSACTION.has(String((err as { code?: unknown }).code))) throw err;
    }
    return this.#sampled(statement);
  }

  /** Runs `statement` on its own while another session polls pg_locks for the traced session's locks. */
  async #sampled(statement: LintStatement): Promise<Observed> {
    const before = await snapshot(this.#session);
    if (this.#url.embedded) {
      // PGlite runs one query at a time: a sampler's queries would only run after the statement.
      await this.#session.unsafe(statement.text);
      return { before, after: await snapshot(this.#session), taken: [], held: [], sampled: true, locksSeen: false };
    }
    const sampler = openConnection(this.#url, this.#opts);
    const seen = new Map<string, HeldLock>();
    try {
      await sampler.unsafe("select 1");
      let done = false;
      const polling = (async () => {
        while (!done) {
          for (const lock of await this.#locks(sampler)) seen.set(lockKey(lock), lock);
          if (!done) await new Promise((resolve) => setTimeout(resolve, this.#pollMs));
        }
      })();
      try {
        await this.#session.unsafe(statement.text);
      } finally {
        done = true;
        await polling.catch(() => undefined);
      }
    } finally {
      await closeConnection(sampler);
    }
    return { before, after: await snapshot(this.#session), taken: [...seen.values()], held: [], sampled: true, locksSeen: true };
  }

  /** The traced session's relation locks on existing relations, read through `via`. */
  async #locks(via: Sql): Promise<HeldLock[]> {
    const rows = await via.unsafe<HeldLock[]>(LOCKS, [this.#pid]);
    return rows.filter((l) => this.#existing.has(l.oid)).map((l) => ({ oid: l.oid, mode: l.mode }));
  }
}

function lockKey(lock: HeldLock): string {
  return `${lock.oid} ${lock.mode}`;
}

async function snapshot(sql: Sql): Promise<Snapshot> {
  const rows = await sql.unsafe<Relation[]>(RELATIONS);
  return new Map(rows.map((r) => [r.oid, { ...r }]));
}

/** Names what was seen, with the relations' names from before the statement (a rename shows the old name, as the lint does). */
function observation(unit: LintUnit, index: number, o: Observed, existing: ReadonlySet<string>): StatementObservation {
  const statement = unit.statements[index]!;
  const relation = (oid: string): Relation | undefined => o.before.get(oid) ?? o.after.get(oid);
  const locks: TracedLock[] = [];
  const named = (l: HeldLock): TracedLock | undefined => {
    const mode = lockModeFromPg(l.mode);
    const rel = relation(l.oid);
    if (mode === undefined || rel === undefined) return undefined;
    if (rel.tableOid === null) return { table: rel.name, mode };
    const table = relation(rel.tableOid);
    return table === undefined ? undefined : { table: table.name, mode, index: rel.name };
  };
  for (const l of o.taken) {
    const lock = named(l);
    if (lock !== undefined && !locks.some((k) => k.table === lock.table && k.mode === lock.mode && k.index === lock.index)) locks.push(lock);
  }
  const heldBefore = o.held.map(named).filter((l): l is TracedLock => l !== undefined);
  const rewrote: string[] = [];
  for (const [oid, rel] of o.before) {
    const now = o.after.get(oid);
    // Existing tables only; 0 is a relation without storage of its own (a partitioned table).
    if (rel.tableOid !== null || now === undefined || rel.filenode === "0" || now.filenode === rel.filenode) continue;
    if (existing.has(oid)) rewrote.push(rel.name);
  }
  const oldFiles = new Set([...o.before.values()].map((r) => r.filenode));
  const builtIndexes: BuiltIndex[] = [];
  for (const [oid, rel] of o.after) {
    if (rel.tableOid === null || o.before.has(oid) || oldFiles.has(rel.filenode)) continue;
    const table = relation(rel.tableOid);
    if (table !== undefined && existing.has(rel.tableOid)) builtIndexes.push({ index: rel.name, table: table.name });
  }
  return {
    file: unit.file,
    section: unit.section,
    statement: index,
    text: statement.text,
    kind: unwrap(statement.node)?.[0] ?? "",
    locks,
    heldBefore,
    rewrote,
    builtIndexes,
    sampled: o.sampled,
    locksSeen: o.locksSeen,
  };
}
