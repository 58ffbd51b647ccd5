/**
 * What the rules of this folder share about ALTER TABLE: its subcommands, the lock the whole
 * statement takes, the source text of one clause (for fixes that keep the author's own SQL), and
 * the names PostgreSQL gives unnamed constraints and indexes.
 */
import { childOf, displayName, flagOf, listOf, locationOf, nodeOf, qualifiedName, readableIdent, stringOf } from "../ast.ts";
import type { AstNode, LintStatement, LockMode } from "../types.ts";

/** The pseudo-types that give a column a sequence default. */
export const SERIAL_TYPES: ReadonlySet<string> = new Set(["serial", "bigserial", "smallserial", "serial2", "serial4", "serial8"]);

/** One subcommand of an ALTER TABLE. */
export interface AlterCommand {
  readonly subtype: string;
  readonly cmd: AstNode;
  /** The column a command names (ALTER COLUMN, DROP COLUMN), or "". */
  readonly name: string;
  /** `def` as a Constraint, when it is one (ADD CONSTRAINT). */
  readonly constraint?: AstNode;
  /** `def` as a ColumnDef, when it is one (ADD COLUMN, ALTER COLUMN … TYPE). */
  readonly column?: AstNode;
}

/** The table an ALTER TABLE changes, or undefined for ALTER INDEX / VIEW / SEQUENCE …. */
export function alteredTable(body: AstNode): string | undefined {
  return stringOf(body, "objtype") === "OBJECT_TABLE" ? qualifiedName(childOf(body, "relation")) : undefined;
}

/** Its subcommands, in order. */
export function alterCommands(body: AstNode): AlterCommand[] {
  return listOf(body, "cmds").map((item) => {
    const cmd = nodeOf(item, "AlterTableCmd") ?? {};
    const def = childOf(cmd, "def");
    const constraint = nodeOf(def, "Constraint");
    const column = nodeOf(def, "ColumnDef");
    return { subtype: stringOf(cmd, "subtype"), cmd, name: stringOf(cmd, "name"), ...(constraint ? { constraint } : {}), ...(column ? { column } : {}) };
  });
}

/** The constraints written inline on a ColumnDef (`REFERENCES`, `CHECK`, `NOT NULL`, `DEFAULT` …). */
export function columnConstraints(column: AstNode | undefined): AstNode[] {
  return listOf(column, "constraints").flatMap((c): AstNode[] => {
    const constraint = nodeOf(c, "Constraint");
    return constraint === undefined ? [] : [constraint];
  });
}

// Documented in ALTER TABLE's reference: the subcommands that take less than ACCESS EXCLUSIVE.
const WEAKER_SUBCOMMANDS: Readonly<Record<string, LockMode>> = {
  AT_SetStatistics: "SHARE UPDATE EXCLUSIVE",
  AT_ClusterOn: "SHARE UPDATE EXCLUSIVE",
  AT_DropCluster: "SHARE UPDATE EXCLUSIVE",
  AT_SetRelOptions: "SHARE UPDATE EXCLUSIVE",
  AT_ResetRelOptions: "SHARE UPDATE EXCLUSIVE",
  AT_ValidateConstraint: "SHARE UPDATE EXCLUSIVE",
  AT_AttachPartition: "SHARE UPDATE EXCLUSIVE",
  AT_EnableTrig: "SHARE ROW EXCLUSIVE",
  AT_DisableTrig: "SHARE ROW EXCLUSIVE",
  AT_EnableAlwaysTrig: "SHARE ROW EXCLUSIVE",
  AT_EnableReplicaTrig: "SHARE ROW EXCLUSIVE",
  AT_EnableTrigAll: "SHARE ROW EXCLUSIVE",
  AT_DisableTrigAll: "SHARE ROW EXCLUSIVE",
  AT_EnableTrigUser: "SHARE ROW EXCLUSIVE",
  AT_DisableTrigUser: "SHARE ROW EXCLUSIVE",
};

const LOCK_ORDER: readonly LockMode[] = ["SHARE UPDATE EXCLUSIVE", "SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE"];

/**
 * The lock an ALTER TABLE takes on its table: the strongest of its subcommands' (PostgreSQL takes
 * them all at once). ADD FOREIGN KEY takes SHARE ROW EXCLUSIVE; DETACH PARTITION CONCURRENTLY
 * SHARE UPDATE EXCLUSIVE; the rest of ADD/ALTER/DROP, ACCESS EXCLUSIVE.
 */
export function alterTableLock(body: AstNode): LockMode {
  let strongest: LockMode = "SHARE UPDATE EXCLUSIVE";
  for (const command of alterCommands(body)) {
    let mode: LockMode = WEAKER_SUBCOMMANDS[command.subtype] ?? "ACCESS EXCLUSIVE";
    if (command.subtype === "AT_AddConstraint" && stringOf(command.constraint, "contype") === "CONSTR_FOREIGN") mode = "SHARE ROW EXCLUSIVE";
    if (command.subtype === "AT_DetachPartition" && flagOf(nodeOf(childOf(command.cmd, "def"), "PartitionCmd"), "concurrent")) mode = "SHARE UPDATE EXCLUSIVE";
    if (LOCK_ORDER.indexOf(mode) > LOCK_ORDER.indexOf(strongest)) strongest = mode;
  }
  return strongest;
}

/** What a lock blocks, for messages. */
export function lockBlocks(mode: LockMode): string {
  switch (mode) {
    case "ACCESS EXCLUSIVE":
      return "blocks reads and writes";
    case "SHARE":
    case "SHARE ROW EXCLUSIVE":
    case "EXCLUSIVE":
      return "blocks writes";
    default:
      return "blocks only other DDL and VACUUM";
  }
}

/**
 * The source text of one clause of a statement, from a node's location to the next top-level
 * comma (or `end`, a unit offset, when given): `CONSTRAINT fk FOREIGN KEY (a) REFERENCES b (id)`.
 * Quotes and parentheses are skipped over, so a comma inside `CHECK (a IN (1, 2))` does not end it.
 */
export function clauseText(statement: LintStatement, location: number | undefined, end?: number): string {
  if (location === undefined) return "";
  const text = statement.text;
  const start = location - statement.offset;
  const stop = end === undefined ? text.length : Math.min(text.length, end - statement.offset);
  let depth = 0;
  let i = start;
  for (; i < stop; i++) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const close = text.indexOf(c, i + 1);
      i = close < 0 ? stop : close;
    } else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) break;
  }
  return text.slice(start, i).trim();
}

/** The text of a column's inline constraint, from its keyword to the next inline constraint (or the end of the column's clause). */
export function inlineConstraintText(statement: LintStatement, column: AstNode | undefined, constraint: AstNode): string {
  const locations = columnConstraints(column).map((c) => locationOf(c) ?? -1);
  const start = locationOf(constraint);
  const next = locations.filter((l) => start !== undefined && l > start).sort((a, b) => a - b)[0];
  const clauseEnd = start === undefined ? undefined : start + clauseText(statement, start).length;
  return clauseText(statement, start, next ?? clauseEnd);
}

/** The name PostgreSQL gives an unnamed constraint or index: `orders_user_id_fkey`, `users_email_key`, `users_pkey`. */
export function defaultConstraintName(table: string, columns: readonly string[], suffix: "fkey" | "check" | "key" | "pkey" | "idx" | "excl" | "not_null"): string {
  const relname = table.slice(table.indexOf(".") + 1);
  const parts = suffix === "pkey" ? [relname] : [relname, ...columns];
  // PostgreSQL truncates to 63 bytes; a fix shown to a person only needs a sensible name.
  return `${parts.join("_")}_${suffix}`.slice(0, 63);
}

/** `ALTER TABLE <table>`, with ONLY when the statement had it. */
export function alterTablePrefix(body: AstNode, table: string): string {
  const only = flagOf(childOf(body, "relation"), "inh") ? "" : "ONLY ";
  return `ALTER TABLE ${only}${displayName(table)}`;
}

/** A column list as SQL: `(a, "B")`. */
export function columnList(columns: readonly string[]): string {
  return `(${columns.map(readableIdent).join(", ")})`;
}

/** The first column an expression names (PostgreSQL names an unnamed CHECK after it), or "". */
export function firstColumnRef(node: unknown): string {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = firstColumnRef(item);
      if (found !== "") return found;
    }
    return "";
  }
  if (node === null || typeof node !== "object") return "";
  const ref = nodeOf(node as AstNode, "ColumnRef");
  if (ref !== undefined) {
    const fields = listOf(ref, "fields");
    return stringOf(nodeOf(fields[fields.length - 1], "String"), "sval");
  }
  for (const value of Object.values(node)) {
    const found = firstColumnRef(value);
    if (found !== "") return found;
  }
  return "";
}

/**
 * The steps that set NOT NULL without a long ACCESS EXCLUSIVE scan (PostgreSQL 12+ skips the scan
 * when a validated `CHECK (column IS NOT NULL)` proves it).
 */
export function notNullSteps(table: string, column: string): string[] {
  const check = readableIdent(defaultConstraintName(table, [column], "not_null"));
  const alter = `ALTER TABLE ${displayName(table)}`;
  return [
    `${alter} ADD CONSTRAINT ${check} CHECK (${readableIdent(column)} IS NOT NULL) NOT VALID;`,
    `-- in a later transaction (SHARE UPDATE EXCLUSIVE: reads and writes go on during the scan):`,
    `${alter} VALIDATE CONSTRAINT ${check};`,
    `${alter} ALTER COLUMN ${readableIdent(column)} SET NOT NULL; -- no scan: the check proves it`,
    `${alter} DROP CONSTRAINT ${check};`,
  ];
}
