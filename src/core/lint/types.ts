/**
 * The data `retort lint` works on: statements already parsed by PostgreSQL's grammar (as plain
 * JSON trees), what is known about the database they will run on, and the findings. Pure types:
 * the parser, files and the database are the callers' business.
 */

/** A parse-tree node as libpg-query gives it: `{ "IndexStmt": { … } }`, keys in PostgreSQL's names. */
export type AstNode = Readonly<Record<string, unknown>>;

export type Severity = "error" | "warning";

/** PostgreSQL's table-level lock modes, weakest first. */
export const LOCK_MODES = [
  "ACCESS SHARE",
  "ROW SHARE",
  "ROW EXCLUSIVE",
  "SHARE UPDATE EXCLUSIVE",
  "SHARE",
  "SHARE ROW EXCLUSIVE",
  "EXCLUSIVE",
  "ACCESS EXCLUSIVE",
] as const;
export type LockMode = (typeof LOCK_MODES)[number];

/** One statement to lint, with its position in the unit's text. */
export interface LintStatement {
  readonly node: AstNode;
  /** The statement as written (no trailing `;`). */
  readonly text: string;
  /** Character offset of its first character in the unit's text. */
  readonly offset: number;
  /** The comments and blank space before it (where `-- retort:lint-ignore` lines are). */
  readonly leading: string;
  /**
   * Where it comes from when its unit joins several sections that share one transaction (the
   * revisions of a run without transaction_per_migration): findings are placed there.
   */
  readonly origin?: StatementOrigin;
}

/** A statement's own file, section and index, in a unit made of several sections. */
export interface StatementOrigin {
  readonly file: string;
  readonly section: "upgrade" | "downgrade" | "script";
  readonly statement: number;
  /** Rules its file's header ignores. */
  readonly ignoredRules: readonly string[];
}

/**
 * A stretch of SQL that runs as one piece: a revision's upgrade or downgrade section, or a plain
 * `.sql` file.
 * - `transaction`: all of it in one transaction (a transactional revision).
 * - `autocommit`: each statement on its own, as `psql -f` runs a file and as retort runs a
 *   `transaction: false` revision; an explicit `BEGIN … COMMIT` groups statements.
 */
export interface LintUnit {
  readonly file: string;
  readonly section: "upgrade" | "downgrade" | "script";
  /** A revision's section, or a plain SQL file (where BEGIN/COMMIT are the author's to write). */
  readonly kind: "revision" | "script";
  readonly mode: "transaction" | "autocommit";
  readonly statements: readonly LintStatement[];
  /** Rules ignored for the whole unit (a revision header's `-- retort:lint-ignore` lines). */
  readonly ignoredRules?: readonly string[];
}

/** A column as the database (or the revisions before) define it. */
export interface ColumnFacts {
  /** Its type as `format_type` prints it (`character varying(20)`, `bigint`, `public.mood`). */
  readonly type: string;
  readonly notNull: boolean;
}

/** A table that exists before the linted SQL runs. */
export interface TableFacts {
  /** `pg_class.reltuples` (-1 or undefined: never analysed / not connected). */
  readonly rows?: number;
  /** `pg_class.relpages`, 8 kB each. */
  readonly pages?: number;
  readonly columns: ReadonlyMap<string, ColumnFacts>;
  /** The column lists of its valid indexes, in index order (for foreign keys without an index). */
  readonly indexes?: readonly (readonly string[])[];
  /** Columns with a validated `CHECK (column IS NOT NULL)`, so SET NOT NULL needs no scan. */
  readonly notNullChecked?: readonly string[];
  /** Whether it is a partitioned table (`relkind = 'p'`): its indexes cannot be built concurrently. */
  readonly partitioned?: boolean;
}

/** What is known of the database before the first unit runs; everything is optional. */
export interface LintCatalog {
  /** `server_version_num`, e.g. 150004; undefined when not connected. */
  readonly serverVersionNum?: number;
  /** Existing tables by qualified name (`public.users`). */
  readonly tables: ReadonlyMap<string, TableFacts>;
  /**
   * Whether the tables map is complete (read from a database): a table that is not in it and not
   * created by the run does not exist. Without a database every table the run does not create is
   * taken to exist and be possibly large.
   */
  readonly complete: boolean;
}

export interface LintOptions {
  /** Per-rule severity from the configuration; "off" silences a rule. */
  readonly severities?: ReadonlyMap<string, Severity | "off">;
  /**
   * Tables with fewer rows than this (by `reltuples`) get lock findings as warnings, not errors.
   * Undefined: no such relief.
   */
  readonly smallTableRows?: number;
}

/** What a rule reports for one statement, before positions are attached. */
export interface FindingDraft {
  readonly rule: string;
  /** Defaults to the rule's own severity. */
  readonly severity?: Severity;
  /** Character offset in the unit's text the finding points at (default: the statement's start). */
  readonly offset?: number;
  readonly message: string;
  /** The safe alternative, as SQL (or a short instruction where no SQL fits). */
  readonly fix?: string;
  /** The table it locks, qualified, when the finding is about a lock or a rewrite. */
  readonly table?: string;
  /** The lock the statement takes on `table`, as the rule claims (checked by `lint --trace`). */
  readonly lock?: LockMode;
  /** Whether the rule claims the statement rewrites `table` (checked by `lint --trace`). */
  readonly rewrites?: boolean;
}

/** A finding, placed in its unit. */
export interface Finding extends FindingDraft {
  readonly severity: Severity;
  readonly file: string;
  readonly section: LintUnit["section"];
  /** Index of the statement in its unit. */
  readonly statement: number;
  readonly offset: number;
}
