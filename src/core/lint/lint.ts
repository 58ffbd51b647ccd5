/**
 * Runs the rules over units of parsed SQL in the order they will run, keeping track of what the
 * SQL has created so far (new tables are exempt from lock rules) and of transaction blocks (so a
 * rule can see what shares a transaction with its statement).
 */
import { unwrap } from "./ast.ts";
import { ignoredRulesIn } from "./ignore.ts";
import type { Rule, RuleContext } from "./rule.ts";
import { SchemaState } from "./schema-state.ts";
import type { Finding, FindingDraft, LintCatalog, LintOptions, LintStatement, LintUnit, Severity } from "./types.ts";

/** Lints units that run one after the other (the sections of a run's revisions, in order). */
export function lintUnits(
  units: readonly LintUnit[],
  rules: readonly Rule[],
  catalog: LintCatalog,
  options: LintOptions = {},
): Finding[] {
  const state = new SchemaState(catalog);
  const findings: Finding[] = [];
  const byKind = rulesByKind(rules, options.severities);
  for (const unit of units) {
    const blocks = transactionBlocks(unit);
    const unitIgnores = new Set(unit.ignoredRules ?? []);
    unit.statements.forEach((statement, index) => {
      const [kind, body] = unwrap(statement.node) ?? ["", {}];
      const block = blocks[index];
      const ctx: RuleContext = {
        unit,
        index,
        statement,
        catalog,
        inTransaction: block !== undefined,
        transactionBefore: block === undefined ? [] : unit.statements.slice(block.start, index),
        transactionAfter: block === undefined ? [] : unit.statements.slice(index + 1, block.end),
        isExisting: (table) => state.isExisting(table),
        tableFacts: (table) => state.tableFacts(table),
        column: (table, column) => state.column(table, column),
        hasValidatedNotNullCheck: (table, column) => state.hasValidatedNotNullCheck(table, column),
        isNewColumn: (table, column) => state.isNewColumn(table, column),
        isNewType: (type) => state.isNewType(type),
      };
      const ignored = new Set([...unitIgnores, ...ignoredRulesIn(statement.leading)]);
      for (const { rule, severity } of [...(byKind.get(kind) ?? []), ...(byKind.get("*") ?? [])]) {
        if (ignored.has(rule.id)) continue;
        for (const draft of rule.check(body, ctx)) {
          const finding = place(draft, rule, severity, unit, index, statement, ctx, options);
          if (finding !== undefined) findings.push(finding);
        }
      }
      state.apply(statement.node);
    });
  }
  return findings;
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
      message += ` (${draft.table}: about ${Math.round(facts.rows).toLocaleString("en-US")} rows, ${describePages(facts.pages ?? 0)})`;
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
    file: unit.file,
    section: unit.section,
    statement: index,
    offset: draft.offset ?? statement.offset,
  };
}

function describePages(pages: number): string {
  const bytes = pages * 8192;
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(0)} MB`;
  return `${Math.round(bytes / 1024)} kB`;
}

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
