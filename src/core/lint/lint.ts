/**
 * Runs the rules over units of parsed SQL in the order they will run, keeping track of what the
 * SQL has created so far (new tables are exempt from lock rules) and of transaction blocks (so a
 * rule can see what shares a transaction with its statement).
 */
import { displayName, unwrap } from "./ast.ts";
import { ignoredRulesIn } from "./ignore.ts";
import type { Rule, RuleContext } from "./rule.ts";
import { SchemaState } from "./schema-state.ts";
import type { Finding, FindingDraft, LintCatalog, LintOptions, LintStatement, LintUnit, Severity } from "./types.ts";

/**
 * One unit of the sections of `units` that share a transaction, in order: each statement keeps
 * its own file, section and index (`origin`), so findings are placed in their own files, while
 * the rules see the whole transaction (a lock taken in one revision is held through the next).
 * The units must all run in one transaction (`mode: "transaction"`).
 */
export function joinUnits(units: readonly LintUnit[]): LintUnit {
  const [first] = units;
  if (first === undefined || units.length === 1) return first ?? { file: "", section: "upgrade", kind: "revision", mode: "transaction", statements: [] };
  const statements = units.flatMap((unit) =>
    unit.statements.map((statement, index) => ({
      ...statement,
      origin: { file: unit.file, section: unit.section, statement: index, ignoredRules: unit.ignoredRules ?? [] },
    })),
  );
  return { file: first.file, section: first.section, kind: first.kind, mode: "transaction", statements };
}

/** Lints units that run one after the other (one run: what it creates is new), from the catalog's state. */
export function lintUnits(
  units: readonly LintUnit[],
  rules: readonly Rule[],
  catalog: LintCatalog,
  options: LintOptions = {},
): Finding[] {
  return new Linter(rules, catalog, options).lint(units);
}

/**
 * Lints runs in order, keeping the schema state between them: `lint` a run, `settle` to take it
 * as deployed (its tables now exist), `absorb` SQL that is already applied (earlier revisions),
 * `fork` to lint a side branch such as a downgrade section without changing the main line.
 */
export class Linter {
  readonly #rules: Map<string, { rule: Rule; severity: Severity }[]>;
  readonly #catalog: LintCatalog;
  readonly #options: LintOptions;
  #state: SchemaState;

  constructor(rules: readonly Rule[], catalog: LintCatalog, options: LintOptions = {}, state?: SchemaState) {
    this.#rules = rulesByKind(rules, options.severities);
    this.#catalog = catalog;
    this.#options = options;
    this.#state = state ?? new SchemaState(catalog);
  }

  /** A linter that starts from this one's state and leaves it untouched. */
  fork(): Linter {
    const fork = new Linter([], this.#catalog, this.#options, this.#state.clone());
    for (const [kind, list] of this.#rules) fork.#rules.set(kind, list);
    return fork;
  }

  /** Takes in SQL that has already run (no findings); what it creates exists. */
  absorb(units: readonly LintUnit[]): void {
    for (const unit of units) for (const statement of unit.statements) this.#state.apply(statement.node);
    this.#state.settle();
  }

  /** Takes in what SQL does to the schema without linting it; what it creates stays new (one run). */
  follow(units: readonly LintUnit[]): void {
    for (const unit of units) for (const statement of unit.statements) this.#state.apply(statement.node);
  }

  /** Everything linted so far counts as deployed. */
  settle(): void {
    this.#state.settle();
  }

  /** The findings of units that run one after the other, updating the state as they go. */
  lint(units: readonly LintUnit[]): Finding[] {
    const findings: Finding[] = [];
    for (const [unitIndex, unit] of units.entries()) this.#lintUnit(unit, units.slice(unitIndex + 1), findings);
    return findings;
  }

  /** Lints one unit; `later` are the units after it in the same run (what `laterStatements` sees). */
  #lintUnit(unit: LintUnit, later: readonly LintUnit[], findings: Finding[]): void {
    const state = this.#state;
    const blocks = transactionBlocks(unit);
    // The statement kinds seen so far in each transaction block, filled as its statements are linted.
    const kindsByBlock = new Map<object, Set<string>>();
    const memosByBlock = new Map<object, Map<string, unknown>>();
    const kindsSeen = (block: object): Set<string> => {
      let kinds = kindsByBlock.get(block);
      if (kinds === undefined) kindsByBlock.set(block, (kinds = new Set()));
      return kinds;
    };
    const unitIgnores = new Set(unit.ignoredRules ?? []);
    unit.statements.forEach((statement, index) => {
      const [kind, body] = unwrap(statement.node) ?? ["", {}];
      const block = blocks[index];
      const ctx: RuleContext = {
        unit,
        index,
        statement,
        catalog: this.#catalog,
        inTransaction: block !== undefined,
        // Sliced on demand: most statements' rules never look, and a long revision would pay n² copies.
        get transactionBefore() {
          return block === undefined ? [] : unit.statements.slice(block.start, index);
        },
        get transactionAfter() {
          return block === undefined ? [] : unit.statements.slice(index + 1, block.end);
        },
        transactionStart: block === undefined ? index : block.start,
        blockMemo: <T>(key: string, init: () => T): T => {
          const scope = block ?? statement;
          let memos = memosByBlock.get(scope);
          if (memos === undefined) memosByBlock.set(scope, (memos = new Map()));
          if (!memos.has(key)) memos.set(key, init());
          return memos.get(key) as T;
        },
        kindsBefore: block === undefined ? EMPTY_KINDS : kindsSeen(block),
        isExisting: (table) => state.isExisting(table),
        tableFacts: (table) => state.tableFacts(table),
        column: (table, column) => state.column(table, column),
        hasValidatedNotNullCheck: (table, column) => state.hasValidatedNotNullCheck(table, column),
        indexTable: (name) => state.indexTable(name),
        isNewIndex: (name) => state.isNewIndex(name),
        indexColumns: (name) => state.indexColumns(name),
        indexedColumns: (table) => state.indexedColumns(table),
        laterStatements: () => [...unit.statements.slice(index + 1), ...later.flatMap((u) => u.statements)],
        isNewColumn: (table, column) => state.isNewColumn(table, column),
        isNewType: (type) => state.isNewType(type),
      };
      const ignored = new Set([...unitIgnores, ...(statement.origin?.ignoredRules ?? []), ...ignoredRulesIn(statement.leading)]);
      for (const { rule, severity } of [...(this.#rules.get(kind) ?? []), ...(this.#rules.get("*") ?? [])]) {
        if (ignored.has(rule.id)) continue;
        for (const draft of rule.check(body, ctx)) {
          const finding = place(draft, rule, severity, unit, index, statement, ctx, this.#options);
          if (finding !== undefined) findings.push(finding);
        }
      }
      if (block !== undefined) kindsSeen(block).add(kind);
      state.apply(statement.node);
    });
  }
}

/** The rules by the statement kinds they look at, with the severity the configuration gives them. */
function rulesByKind(rules: readonly Rule[], severities: LintOptions["severities"]): Map<string, { rule: Rule; severity: Severity }[]> {
  const byKind = new Map<string, { rule: Rule; severity: Severity }[]>();
  for (const rule of rules) {
    const configured = severities?.get(rule.id) ?? rule.severity;
    if (configured === "off") continue;
    for (const kind of rule.kinds) {
      const list = byKind.get(kind) ?? [];
      list.push({ rule, severity: configured });
      byKind.set(kind, list);
    }
  }
  return byKind;
}

/** A draft placed in its unit; undefined when a lock rule's table is new in this run. */
function place(
  draft: FindingDraft,
  rule: Rule,
  severity: Severity,
  unit: LintUnit,
  index: number,
  statement: LintStatement,
  ctx: RuleContext,
  options: LintOptions,
): Finding | undefined {
  let finalSeverity = draft.severity ?? severity;
  let message = draft.message;
  if (rule.lockRule && draft.table !== undefined) {
    if (!ctx.isExisting(draft.table)) return undefined;
    const facts = ctx.tableFacts(draft.table);
    if (facts?.rows !== undefined && facts.rows >= 0) {
      message += ` (${displayName(draft.table)}: about ${Math.round(facts.rows).toLocaleString("en-US")} rows, ${describePages(facts.pages ?? 0)})`;
      if (options.smallTableRows !== undefined && facts.rows < options.smallTableRows && finalSeverity === "error") {
        finalSeverity = "warning";
        message += `; a warning, not an error: below lint_small_table_rows (${options.smallTableRows.toLocaleString("en-US")})`;
      }
    }
  }
  return {
    ...draft,
    message,
    severity: finalSeverity,
    file: statement.origin?.file ?? unit.file,
    section: statement.origin?.section ?? unit.section,
    statement: statement.origin?.statement ?? index,
    offset: draft.offset ?? statement.offset,
  };
}

function describePages(pages: number): string {
  const bytes = pages * 8192;
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(0)} MB`;
  return `${Math.round(bytes / 1024)} kB`;
}

const EMPTY_KINDS: ReadonlySet<string> = new Set();

/** For each statement, the transaction block it runs in (statement index range), or undefined when it runs on its own. */
function transactionBlocks(unit: LintUnit): ({ start: number; end: number } | undefined)[] {
  const count = unit.statements.length;
  if (unit.mode === "transaction") {
    const whole = { start: 0, end: count };
    return unit.statements.map(() => whole);
  }
  const blocks: ({ start: number; end: number } | undefined)[] = new Array(count).fill(undefined);
  let open: { start: number; end: number } | undefined;
  unit.statements.forEach((statement, index) => {
    const kind = transactionKind(statement);
    if (kind === "begin" && open === undefined) {
      open = { start: index + 1, end: count };
    } else if (kind === "end" && open !== undefined) {
      open.end = index;
      open = undefined;
    } else if (open !== undefined) {
      blocks[index] = open;
    }
  });
  return blocks;
}

/** BEGIN / START TRANSACTION, or COMMIT / ROLLBACK / END (a PREPARE TRANSACTION also ends the block). */
export function transactionKind(statement: LintStatement): "begin" | "end" | undefined {
  const kind = statement.node["TransactionStmt"] as { kind?: string } | undefined;
  switch (kind?.kind) {
    case "TRANS_STMT_BEGIN":
    case "TRANS_STMT_START":
      return "begin";
    case "TRANS_STMT_COMMIT":
    case "TRANS_STMT_ROLLBACK":
    case "TRANS_STMT_PREPARE":
      return "end";
    default:
      return undefined;
  }
}
