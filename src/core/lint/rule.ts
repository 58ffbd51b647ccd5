/** What a lint rule is and what it may ask about the statement it looks at. */
import type { AstNode, ColumnFacts, FindingDraft, LintCatalog, LintStatement, LintUnit, Severity, TableFacts } from "./types.ts";

/** What a rule sees for one statement. */
export interface RuleContext {
  readonly unit: LintUnit;
  /** Index of the statement in its unit. */
  readonly index: number;
  readonly statement: LintStatement;
  readonly catalog: LintCatalog;
  /** The statement runs inside a transaction block: a transactional revision, or between an explicit BEGIN and COMMIT. */
  readonly inTransaction: boolean;
  /** Earlier statements of the same transaction block, oldest first (empty outside one). */
  readonly transactionBefore: readonly LintStatement[];
  /** Later statements of the same transaction block, in order (empty outside one). */
  readonly transactionAfter: readonly LintStatement[];
  /**
   * State a rule keeps for the statement's transaction block, made by `init` on the block's first
   * call (outside a block: for the statement alone). For rules that follow a whole block one
   * statement at a time instead of walking back over it for each statement.
   */
  blockMemo<T>(key: string, init: () => T): T;
  /** Index in the unit of the first statement of the transaction block (the statement's own index outside one). */
  readonly transactionStart: number;
  /** The statement kinds (`AlterEnumStmt`…) of the earlier statements of the same transaction block: a cheap test before walking them. */
  readonly kindsBefore: ReadonlySet<string>;
  /**
   * Whether `table` (qualified) exists before this run and so may be large and in use: not created
   * by an earlier statement of the run, and (when the catalog is complete) present in the database.
   * Lock rules exempt the others.
   */
  isExisting(table: string): boolean;
  /** What the database says about an existing table, when connected. */
  tableFacts(table: string): TableFacts | undefined;
  /** A column's definition just before this statement: from the database, then as earlier statements changed it. */
  column(table: string, column: string): ColumnFacts | undefined;
  /** Whether the column is new in this run (its table created, or the column added, by an earlier statement): it holds no data old code relies on. */
  isNewColumn(table: string, column: string): boolean;
  /** Whether an earlier statement of the run created the type (qualified). */
  isNewType(type: string): boolean;
  /** Whether an earlier statement of the run created or validated a `CHECK (column IS NOT NULL)` on the table. */
  hasValidatedNotNullCheck(table: string, column: string): boolean;
  /** The table (qualified) of an index (qualified) created by an earlier statement of the run; undefined for any other index. */
  /** Whether an earlier statement of this run built the index (qualified): it holds no data the run did not put there. */
  isNewIndex(index: string): boolean;
  indexTable(index: string): string | undefined;
  /** The leading plain columns of an index (qualified) created by an earlier statement of the run; undefined for any other index. */
  indexColumns(index: string): readonly string[] | undefined;
  /** The leading-column lists of the table's full (non-partial) indexes: the database's, then those the run built (indexes, primary keys, unique constraints). */
  indexedColumns(table: string): readonly (readonly string[])[];
  /** The statements that run after this one in the whole run: the rest of its unit, then the later units. */
  laterStatements(): readonly LintStatement[];
}

/** One lint rule. */
export interface Rule {
  /** Stable kebab-case id, used in ignore comments, configuration and output. */
  readonly id: string;
  readonly severity: Severity;
  /** One line for the README's rule table and `lint --rules`: what it catches. */
  readonly summary: string;
  /** One line: the safe alternative. */
  readonly fixSummary: string;
  /** Lock rules are exempt for new tables and eased to warnings for small ones. */
  readonly lockRule: boolean;
  /** The statement kinds (libpg-query node names) it looks at; `*` for all. */
  readonly kinds: readonly string[];
  check(body: AstNode, ctx: RuleContext): readonly FindingDraft[];
}
