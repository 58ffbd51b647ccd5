/** Errors of `retort lint` and of the lint that `upgrade`, `check --lint` and watch run. */
import { CheckFailedError, ScriptError, UsageError } from "../core/errors.ts";
import type { LintReport } from "./lint.ts";
import type { CheckResult } from "./schema-diff.ts";

/** A file to lint whose SQL PostgreSQL's grammar rejects: `file:line:col` and the parser's message (exit 3). */
export class LintParseError extends ScriptError {
  static override readonly code = "lint-parse";
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly lineText: string;
  readonly reason: string;

  constructor(file: string, position: { line: number; column: number; lineText: string }, reason: string) {
    super(`${file}:${position.line}:${position.column}: ${reason}`, "Fix the SQL at that position; lint parses with PostgreSQL's own grammar, as the server will");
    this.file = file;
    this.line = position.line;
    this.column = position.column;
    this.lineText = position.lineText;
    this.reason = reason;
  }
}

/** A file named on the command line that cannot be read (exit 3). */
export class LintFileError extends ScriptError {
  static override readonly code = "lint-file";
  readonly file: string;

  constructor(file: string, reason: string, options?: ErrorOptions) {
    super(`Cannot lint "${file}": ${reason}`, undefined, options);
    this.file = file;
  }
}

/** A rule id in `[lint_rules]` or an ignore list that no rule has (exit 2). */
export class UnknownLintRuleError extends UsageError {
  static override readonly code = "unknown-lint-rule";
  readonly rule: string;

  constructor(rule: string, where: string, suggestion: string | undefined) {
    super(`Unknown lint rule "${rule}" in ${where}`, suggestion !== undefined ? `Did you mean "${suggestion}"? \`retort lint --rules\` lists them` : "`retort lint --rules` lists the rules");
    this.rule = rule;
  }
}

/** A lint found at least one finding of severity error (exit 1); carries the whole report. */
export class LintFindingsError extends CheckFailedError {
  static override readonly code = "lint-findings";
  readonly report: LintReport;
  /** With `check --lint`: the schema comparison, which agreed (the lint alone failed the check). */
  readonly checked: CheckResult | undefined;

  constructor(report: LintReport, during?: string, checked?: CheckResult) {
    const errors = report.findings.filter((f) => f.severity === "error").length;
    const warnings = report.findings.length - errors;
    super(
      `${during === undefined ? "" : `${during}: `}lint found ${errors} error${errors === 1 ? "" : "s"}${warnings > 0 ? ` and ${warnings} warning${warnings === 1 ? "" : "s"}` : ""}`,
      during === undefined
        ? "Fix them, or ignore one with a reason: `-- retort:lint-ignore <rule> <reason>` on the line before the statement"
        : "Nothing was run. Fix the findings, ignore them with `-- retort:lint-ignore <rule> <reason>`, or set lint_on_upgrade = \"warn\"",
    );
    this.report = report;
    this.checked = checked;
  }
}
