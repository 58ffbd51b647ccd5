/** What shares a transaction: locks held until COMMIT, uncommitted enum values, transaction control, long single-transaction writes. */
import { childOf, constantText, displayName, flagOf, listOf, locationOf, names, nodeOf, qualifiedFromNames, qualifiedName, stringOf, unwrap } from "../ast.ts";
import type { Rule, RuleContext } from "../rule.ts";
import { statementLocks } from "../statement-locks.ts";
import type { AstNode, LintStatement } from "../types.ts";

/** The first line of a statement, shortened, to name it in a message. */
function quoteStatement(statement: LintStatement): string {
  const line = statement.text.split("\n")[0]!.trim();
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}

// Statements that do work proportional to the data (or unknown work), so a lock held across them
// is held for that long.
const DATA_WORK = new Set(["InsertStmt", "UpdateStmt", "DeleteStmt", "MergeStmt", "CopyStmt", "SelectStmt", "CreateTableAsStmt", "RefreshMatViewStmt", "ClusterStmt", "ReindexStmt", "IndexStmt", "VacuumStmt"]);
const UNKNOWN_WORK = new Set(["DoStmt", "CallStmt"]);
// The statements statementLocks can report ACCESS EXCLUSIVE for (data statements never take it):
// the others are not walked, so a long series of INSERTs stays cheap to lint.
const MAY_LOCK_ACCESS_EXCLUSIVE = new Set([
  "AlterTableStmt",
  "DropStmt",
  "TruncateStmt",
  "LockStmt",
  "RenameStmt",
  "AlterObjectSchemaStmt",
  "CreateStmt",
  "ClusterStmt",
  "VacuumStmt",
  "ReindexStmt",
  "RuleStmt",
  "CreatePolicyStmt",
  "AlterPolicyStmt",
  "RefreshMatViewStmt",
]);

// ALTER TABLE subcommands that scan or rewrite the table they alter.
const SCANNING_SUBCOMMANDS = new Set(["AT_AlterColumnType", "AT_SetNotNull", "AT_SetTableSpace", "AT_SetAccessMethod", "AT_SetLogged", "AT_SetUnLogged", "AT_AttachPartition", "AT_AddIdentity", "AT_ValidateConstraint"]);
// Of those, the ones that normally let readers in (a weaker lock than ACCESS EXCLUSIVE): under an
// ACCESS EXCLUSIVE lock already held on the same table they block reads for their whole scan.
const SCANS_UNDER_WEAKER_LOCK = new Set(["AT_ValidateConstraint", "AT_AttachPartition"]);

/** Whether an ALTER TABLE subcommand scans or rewrites (`readersAllowed`: only the ones that normally let readers in). */
function scans(cmd: AstNode | undefined, readersAllowed: boolean): boolean {
  const subtype = stringOf(cmd, "subtype");
  if (subtype === "AT_AddConstraint") {
    const constraint = nodeOf(childOf(cmd, "def"), "Constraint");
    const contype = stringOf(constraint, "contype");
    if (flagOf(constraint, "skip_validation")) return false;
    if (readersAllowed) return contype === "CONSTR_FOREIGN";
    return ["CONSTR_CHECK", "CONSTR_FOREIGN", "CONSTR_PRIMARY", "CONSTR_UNIQUE", "CONSTR_EXCLUSION"].includes(contype);
  }
  if (subtype === "AT_AddColumn") {
    if (readersAllowed) return false;
    const def = nodeOf(childOf(cmd, "def"), "ColumnDef");
    // A constraint that checks existing rows, an identity, a generated column or a default that is
    // not a constant or now(): may scan or rewrite. NULL / NOT NULL with a constant default do not.
    return listOf(def, "constraints").some((c) => {
      const constraint = nodeOf(c, "Constraint");
      const contype = stringOf(constraint, "contype");
      if (contype === "CONSTR_DEFAULT") return !isCheapDefault(childOf(constraint, "raw_expr"));
      return contype !== "CONSTR_NULL" && contype !== "CONSTR_NOTNULL";
    });
  }
  return readersAllowed ? SCANS_UNDER_WEAKER_LOCK.has(subtype) : SCANNING_SUBCOMMANDS.has(subtype);
}

/** A default PostgreSQL 11+ stores without a rewrite that is obviously so: a constant (cast), CURRENT_TIMESTAMP and the like, now(). */
function isCheapDefault(expr: AstNode | undefined): boolean {
  const cast = nodeOf(expr, "TypeCast");
  const value = cast !== undefined ? childOf(cast, "arg") : expr;
  if (nodeOf(value, "A_Const") !== undefined || nodeOf(value, "SQLValueFunction") !== undefined) return true;
  const call = nodeOf(value, "FuncCall");
  return call !== undefined && names(listOf(call, "funcname")).join(".") === "now" && listOf(call, "args").length === 0;
}

/**
 * Whether a statement keeps an ACCESS EXCLUSIVE lock taken before it held for longer than a moment:
 * it works through an existing table's data (DML, an index build) or runs code (DO, CALL); it
 * scans or rewrites another existing table (an ALTER TABLE that rewrites, validates or builds);
 * or it scans the held table under what would otherwise be a weaker lock (VALIDATE CONSTRAINT, a
 * validating foreign key). Catalog-only changes (another ADD COLUMN, a COMMENT, a GRANT, an
 * ALTER TABLE of another table that changes only the catalog) pass: they are brief, and their
 * lock waits are bounded by retort's lock_timeout.
 */
function keepsLockHeld(statement: LintStatement, held: ReadonlyMap<string, number>, ctx: RuleContext): boolean {
  const [kind, body] = unwrap(statement.node) ?? ["", {}];
  if (UNKNOWN_WORK.has(kind)) return true;
  const locks = statementLocks(statement.node).filter((lock) => lock.index === undefined && ctx.isExisting(lock.table));
  if (DATA_WORK.has(kind)) return locks.length > 0;
  if (kind !== "AlterTableStmt") return false;
  const table = qualifiedName(childOf(body, "relation"));
  if (!ctx.isExisting(table)) return false;
  const sameTable = held.has(table);
  return listOf(body, "cmds").some((item) => scans(nodeOf(item, "AlterTableCmd"), sameTable));
}

/**
 * Locks are released only at COMMIT: after a statement takes ACCESS EXCLUSIVE on an existing table,
 * every later statement of the transaction runs with the table still locked, and every reader of
 * it queues behind (the explicit-locking chapter: "once acquired, a lock is normally held until
 * the end of the transaction"). Reported once per transaction block, on the first later statement
 * that does real work (see keepsLockHeld).
 */
export const lockHeldThroughStatements: Rule = {
  id: "lock-held-through-statements",
  severity: "warning",
  summary: "Work after a statement that takes ACCESS EXCLUSIVE on an existing table, in the same transaction: the table stays locked until COMMIT",
  fixSummary: "One ACCESS EXCLUSIVE statement per transaction: split the revision; combine ALTER TABLEs on the same table into one",
  lockRule: true,
  kinds: ["*"],
  check(_body, ctx) {
    if (!ctx.inTransaction) return [];
    // Kept per transaction block and fed one statement at a time (a deploy's revisions can make a
    // block of thousands of statements): the locks held so far, and whether the one report is made.
    const block = ctx.blockMemo("lock-held-through-statements", () => ({ held: new Map<string, number>(), next: ctx.transactionStart, reported: false }));
    // Statements this rule did not see (an ignore comment silenced it there) count as they ran.
    for (; block.next < ctx.index && !block.reported; block.next++) {
      const past = ctx.unit.statements[block.next]!;
      if (block.held.size > 0 && keepsLockHeld(past, block.held, ctx)) block.reported = true;
      else takeLocks(past, block.next, block.held, ctx);
    }
    block.next = ctx.index + 1;
    if (block.reported) return [];
    if (block.held.size > 0 && keepsLockHeld(ctx.statement, block.held, ctx)) {
      block.reported = true;
      return [report(this.id, block.held, ctx)];
    }
    takeLocks(ctx.statement, ctx.index, block.held, ctx);
    return [];
  },
};

/** Adds the ACCESS EXCLUSIVE locks a statement takes on existing tables to `held`, and follows renames of held tables. */
function takeLocks(statement: LintStatement, at: number, held: Map<string, number>, ctx: RuleContext): void {
  if (!MAY_LOCK_ACCESS_EXCLUSIVE.has(unwrap(statement.node)?.[0] ?? "")) return;
  for (const lock of statementLocks(statement.node)) {
    if (lock.mode === "ACCESS EXCLUSIVE" && lock.index === undefined && !held.has(lock.table) && ctx.isExisting(lock.table)) held.set(lock.table, at);
  }
  followRename(statement, held);
}

/** A held table renamed or moved to another schema stays held under its new name. */
function followRename(statement: LintStatement, held: Map<string, number>): void {
  const rename = nodeOf(statement.node, "RenameStmt");
  const move = nodeOf(statement.node, "AlterObjectSchemaStmt");
  const body = rename ?? move;
  if (body === undefined) return;
  if (rename !== undefined && stringOf(rename, "renameType") !== "OBJECT_TABLE") return;
  if (move !== undefined && stringOf(move, "objectType") !== "OBJECT_TABLE") return;
  const table = qualifiedName(childOf(body, "relation"));
  const takenAt = held.get(table);
  if (takenAt === undefined) return;
  const renamed = rename !== undefined ? `${table.slice(0, table.indexOf("."))}.${stringOf(rename, "newname")}` : `${stringOf(move, "newschema")}.${table.slice(table.indexOf(".") + 1)}`;
  held.set(renamed, takenAt);
}

function report(rule: string, held: ReadonlyMap<string, number>, ctx: RuleContext) {
  const [[table, takenAt]] = [...held] as [[string, number]];
  const tables = [...held.keys()].map(displayName).join(", ");
  // Each table with the statement that locked it (a renamed table appears under both names).
  const lockedBy = [...held]
    .map(([name, at]) => `${displayName(name)} (locked by ${statementRef(ctx, at)}: ${quoteStatement(ctx.unit.statements[at]!)})`)
    .join(", ");
  const alterCount = ctx.transactionBefore.filter((s) => qualifiedName(childOf(nodeOf(s.node, "AlterTableStmt"), "relation")) === table && nodeOf(s.node, "AlterTableStmt") !== undefined).length;
  const combine =
    alterCount > 1
      ? `\n-- and combine the ${alterCount} ALTER TABLE statements on ${displayName(table)} into one (one lock, one pass):\n-- ALTER TABLE ${displayName(table)} <change 1>, <change 2>, …;`
      : "";
  return {
    rule,
    table,
    lock: "ACCESS EXCLUSIVE" as const,
    message: `${lockedBy} ${held.size > 1 ? "stay" : "stays"} locked in ACCESS EXCLUSIVE mode until COMMIT: every read and write of ${tables} waits while this statement and the rest of the transaction run`,
    fix: `-- end the transaction right after ${statementRef(ctx, takenAt)}, so its lock is released at once:\n-- move this statement and the ones after it to a revision of their own, and run with transaction_per_migration = true\n-- (by default the whole run is one transaction, so a later revision would still run under the lock)${combine}`,
  };
}

/** "statement 3", or "statement 3 of <file>" when it comes from another revision of the same transaction. */
function statementRef(ctx: RuleContext, at: number): string {
  const statement = ctx.unit.statements[at]!;
  const origin = statement.origin;
  if (origin === undefined) return `statement ${at + 1}`;
  const here = ctx.statement.origin?.file;
  return here === origin.file ? `statement ${origin.statement + 1}` : `statement ${origin.statement + 1} of ${origin.file}`;
}

/** The string constants of a tree, with their locations. */
function stringConstants(value: unknown, into: { text: string; location: number | undefined }[]): void {
  if (Array.isArray(value)) {
    for (const item of value) stringConstants(item, into);
    return;
  }
  if (value === null || typeof value !== "object") return;
  const record = value as Record<string, unknown>;
  const constant = nodeOf(record, "A_Const");
  if (constant !== undefined && childOf(constant, "sval") !== undefined) into.push({ text: constantText(record), location: locationOf(constant) });
  for (const child of Object.values(record)) if (child !== null && typeof child === "object") stringConstants(child, into);
}

/**
 * A value added by ALTER TYPE … ADD VALUE cannot be used until the transaction that added it
 * commits: PostgreSQL raises 55P04 "unsafe use of new value" (even when the type itself was created
 * in the same transaction). Any string constant equal to the new value in a later statement of the
 * same transaction counts as a use: the same literal right after adding it is almost always that.
 */
export const enumValueUsedInSameTransaction: Rule = {
  id: "enum-value-used-in-same-transaction",
  severity: "error",
  summary: "An enum value added by ALTER TYPE … ADD VALUE used later in the same transaction: PostgreSQL refuses it (55P04)",
  fixSummary: "Add the value in its own transaction: its own revision, or a `transaction: false` revision",
  lockRule: false,
  kinds: ["*"],
  check(body, ctx) {
    if (!ctx.inTransaction || !ctx.kindsBefore.has("AlterEnumStmt")) return [];
    const added = new Map<string, { type: string; index: number }>();
    for (const statement of ctx.transactionBefore) {
      const alter = nodeOf(statement.node, "AlterEnumStmt");
      if (alter === undefined || stringOf(alter, "oldVal") !== "") continue;
      added.set(stringOf(alter, "newVal"), { type: qualifiedFromNames(names(listOf(alter, "typeName"))), index: ctx.unit.statements.indexOf(statement) });
    }
    if (added.size === 0) return [];
    const constants: { text: string; location: number | undefined }[] = [];
    stringConstants(body, constants);
    for (const constant of constants) {
      const source = added.get(constant.text);
      if (source === undefined) continue;
      const value = `'${constant.text.replaceAll("'", "''")}'`;
      const type = displayName(source.type);
      return [
        {
          rule: this.id,
          offset: constant.location,
          message: `${value} was added to enum ${type} by ${statementRef(ctx, source.index)} of this transaction: PostgreSQL refuses to use it before that transaction commits ("unsafe use of new value", 55P04)`,
          fix: `-- add the value in a revision of its own with "-- transaction: false" (it commits at once; a separate transactional\n-- revision shares the run's transaction unless transaction_per_migration = true):\nALTER TYPE ${type} ADD VALUE IF NOT EXISTS ${value};\n-- and use it in a later revision`,
        },
      ];
    }
    return [];
  },
};

const TRANSACTION_STATEMENTS: Readonly<Record<string, string>> = {
  TRANS_STMT_BEGIN: "BEGIN",
  TRANS_STMT_START: "START TRANSACTION",
  TRANS_STMT_COMMIT: "COMMIT",
  TRANS_STMT_ROLLBACK: "ROLLBACK",
  TRANS_STMT_SAVEPOINT: "SAVEPOINT",
  TRANS_STMT_RELEASE: "RELEASE SAVEPOINT",
  TRANS_STMT_ROLLBACK_TO: "ROLLBACK TO SAVEPOINT",
  TRANS_STMT_PREPARE: "PREPARE TRANSACTION",
  TRANS_STMT_COMMIT_PREPARED: "COMMIT PREPARED",
  TRANS_STMT_ROLLBACK_PREPARED: "ROLLBACK PREPARED",
};

/**
 * retort opens, commits, retries and records each revision's transaction itself: a COMMIT inside a
 * transactional revision commits part of the run before its bookkeeping (a later failure leaves it
 * applied with no version row), a BEGIN is ignored with a warning, a ROLLBACK TO undoes part of a
 * revision recorded as applied; in a `transaction: false` revision an explicit transaction defeats
 * the per-statement lock retries. Plain `.sql` files (`kind: "script"`) manage their own.
 */
export const transactionControlInRevision: Rule = {
  id: "transaction-control-in-revision",
  severity: "error",
  summary: "BEGIN / COMMIT / ROLLBACK / SAVEPOINT inside a revision: retort manages the revision's transaction",
  fixSummary: "Remove it; split the revision where a commit is needed, or use `-- transaction: false`",
  lockRule: false,
  kinds: ["TransactionStmt"],
  check(body, ctx) {
    if (ctx.unit.kind !== "revision") return [];
    const kind = stringOf(body, "kind");
    const what = TRANSACTION_STATEMENTS[kind] ?? "Transaction control";
    const transactional = ctx.unit.mode === "transaction";
    const outside =
      "retort runs a `transaction: false` revision statement by statement, retrying a statement that timed out on a lock on its own: inside an explicit transaction that retry fails (the transaction is already aborted), and the revision is recorded only after its last statement";
    let why: string;
    if (!transactional && kind !== "TRANS_STMT_SAVEPOINT" && kind !== "TRANS_STMT_RELEASE" && kind !== "TRANS_STMT_ROLLBACK_TO") {
      why = outside;
    } else if (kind === "TRANS_STMT_COMMIT" || kind === "TRANS_STMT_PREPARE" || kind === "TRANS_STMT_COMMIT_PREPARED") {
      why =
        "it commits the transaction retort opened (by default shared with the run's other revisions), before their version rows are written: what follows runs outside it, a later failure leaves the committed part applied but unrecorded, and a lock-timeout retry runs it again";
    } else if (kind === "TRANS_STMT_ROLLBACK" || kind === "TRANS_STMT_ROLLBACK_PREPARED") {
      why = "it rolls back the transaction retort opened, and with it what ran before it (other revisions of the run too), while retort goes on as if they were applied";
    } else if (kind === "TRANS_STMT_BEGIN" || kind === "TRANS_STMT_START") {
      why = "the revision already runs in retort's transaction: PostgreSQL ignores it with a warning, and the COMMIT that usually follows ends retort's transaction early";
    } else {
      why = "retort rolls back and retries the whole transaction when a statement cannot get its lock, so savepoints are not needed; a ROLLBACK TO undoes part of a revision that is then recorded as applied";
    }
    return [
      {
        rule: this.id,
        offset: locationOf(body),
        message: `${what} inside a revision: ${why}`,
        fix: "-- remove it: a revision runs in one transaction that retort opens and commits (`-- transaction: true`, the default)\n-- where part of it must commit first, split it into two revisions (with transaction_per_migration = true, or the first one\n-- with `-- transaction: false`: by default the whole run is one transaction); for statements that cannot run in a transaction use `-- transaction: false`",
      },
    ];
  },
};

/** A WHERE clause that selects every row: `true`, `1 = 1`, `'a' = 'a'`, an OR with such a term, an AND of only such terms. */
function isTriviallyTrue(expr: AstNode | undefined): boolean {
  if (expr === undefined) return true;
  const constant = nodeOf(expr, "A_Const");
  if (constant !== undefined) return childOf(constant, "boolval")?.["boolval"] === true;
  const op = nodeOf(expr, "A_Expr");
  if (op !== undefined && stringOf(op, "kind") === "AEXPR_OP" && names(listOf(op, "name")).join() === "=") {
    const left = childOf(op, "lexpr");
    const right = childOf(op, "rexpr");
    return left !== undefined && right !== undefined && nodeOf(left, "A_Const") !== undefined && constantText(left) !== "" && constantText(left) === constantText(right);
  }
  const bool = nodeOf(expr, "BoolExpr");
  if (bool !== undefined) {
    const args = listOf(bool, "args");
    if (stringOf(bool, "boolop") === "OR_EXPR") return args.some((arg) => isTriviallyTrue(arg));
    if (stringOf(bool, "boolop") === "AND_EXPR") return args.every((arg) => isTriviallyTrue(arg));
  }
  return false;
}

/**
 * One UPDATE or DELETE of every row runs as one transaction: it holds a row lock on each row until
 * COMMIT (concurrent updates and deletes of those rows wait), writes a new version of each row or
 * marks each deleted (bloat for vacuum, a burst of WAL for replicas), and cannot be resumed.
 */
export const unbatchedBackfill: Rule = {
  id: "unbatched-backfill",
  severity: "warning",
  summary: "UPDATE or DELETE of every row of an existing table in one statement: row locks on all of it until COMMIT, bloat, replica lag",
  fixSummary: "Batch by key ranges, each batch committed, in a `transaction: false` revision or outside the migration",
  lockRule: true,
  kinds: ["UpdateStmt", "DeleteStmt"],
  check(body, ctx) {
    if (!isTriviallyTrue(childOf(body, "whereClause"))) return [];
    const relation = childOf(body, "relation");
    const table = qualifiedName(relation);
    const shown = displayName(table);
    const update = nodeOf(ctx.statement.node, "UpdateStmt") !== undefined;
    const verb = update ? "UPDATE" : "DELETE";
    const simple = childOf(body, "whereClause") === undefined && listOf(body, update ? "fromClause" : "usingClause").length === 0 && childOf(body, "returningClause") === undefined && childOf(body, "withClause") === undefined && listOf(body, "returningList").length === 0;
    const batch = simple ? `${ctx.statement.text} WHERE id > last AND id <= last + 10000;` : `${verb} ${update ? `${shown} SET …` : `FROM ${shown}`} WHERE <the same condition> AND id > last AND id <= last + 10000;`;
    return [
      {
        rule: this.id,
        table,
        lock: "ROW EXCLUSIVE",
        offset: locationOf(relation),
        message: `${verb} of every row of ${shown} in one transaction: it holds a row lock on each of them until COMMIT (concurrent updates and deletes of those rows wait), ${update ? "writes a new version of every row" : "marks every row deleted"} (bloat, a burst of WAL that replicas must replay), and cannot resume if interrupted`,
        fix: `-- in a revision with "-- transaction: false", each batch commits on its own (key: id; use the table's primary key):\nDO $$\nDECLARE last bigint; top bigint;\nBEGIN\n  SELECT min(id) - 1, max(id) INTO last, top FROM ${shown};\n  WHILE last < top LOOP\n    ${batch}\n    last := last + 10000;\n    COMMIT;\n  END LOOP;\nEND $$;`,
      },
    ];
  },
};

export const transactionRules: readonly Rule[] = [lockHeldThroughStatements, enumValueUsedInSameTransaction, transactionControlInRevision, unbatchedBackfill];
