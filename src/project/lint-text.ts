/**
 * How lint findings read: like a compiler's (`file:line:col`, the line with a caret, the rule, what
 * it locks and the fix as SQL), or as GitHub Actions workflow annotations.
 */
import type { LintReport, PlacedFinding } from "./lint.ts";

/** One finding as a compiler would print it. */
export function findingText(f: PlacedFinding): string {
  const gutter = String(f.line).length;
  const pad = " ".repeat(gutter);
  const caretAt = Math.max(0, f.column - 1);
  const lines = [
    `${f.file}:${f.line}:${f.column}: ${f.severity}[${f.rule}] (${f.section}): ${f.message}`,
    ` ${pad} |`,
    ` ${f.line} | ${f.lineText}`,
    ` ${pad} | ${" ".repeat(caretAt)}^`,
  ];
  if (f.fix !== undefined) {
    lines.push(` ${pad} = fix:`);
    for (const line of f.fix.split("\n")) lines.push(` ${pad}     ${line}`);
  }
  return lines.join("\n");
}

/** The closing line: how many of each, in how many files. */
export function summaryText(report: LintReport): string {
  const errors = report.findings.filter((f) => f.severity === "error").length;
  const warnings = report.findings.length - errors;
  const files = `${report.files.length} file${report.files.length === 1 ? "" : "s"}`;
  const context = report.database === "connected" ? "" : " (no database: tables the SQL does not create are taken to exist and be large)";
  if (report.findings.length === 0) return `No findings in ${files}${context}`;
  return `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"} in ${files}${context}`;
}

/** A GitHub Actions annotation (`::error file=…,line=…,col=…,title=…::message`), escaped as the runner reads it. */
export function githubAnnotation(f: PlacedFinding): string {
  const property = (s: string) => s.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A").replaceAll(":", "%3A").replaceAll(",", "%2C");
  const data = (s: string) => s.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
  const message = f.fix === undefined ? f.message : `${f.message}\n\nFix:\n${f.fix}`;
  return `::${f.severity === "error" ? "error" : "warning"} file=${property(f.file)},line=${f.line},col=${f.column},title=${property(`retort lint: ${f.rule}`)}::${data(message)}`;
}
