/** Building and dropping indexes on tables in use. */
import { childOf, displayName, flagOf, listOf, locationOf, names, nodeOf, qualifiedFromNames, qualifiedName, readableIdent, stringOf, unwrap } from "../ast.ts";
import type { Rule, RuleContext } from "../rule.ts";
import type { AstNode, FindingDraft } from "../types.ts";
import { defaultConstraintName } from "./_alter-table.ts";

/** The index's name, or the one PostgreSQL would choose (`users_email_idx`) for an unnamed one. */
function indexName(body: AstNode, table: string): string {
  const named = stringOf(body, "idxname");
  if (named !== "") return named;
  const columns = listOf(body, "indexParams").map((param) => stringOf(nodeOf(param, "IndexElem"), "name") || "expr");
  return defaultConstraintName(table, columns, "idx");
}

/** The CREATE INDEX as written from the table name on (`users USING gin (tags) WHERE …`). */
function indexTail(body: AstNode, ctx: RuleContext): string {
  const relation = childOf(body, "relation");
  const location = locationOf(relation);
  if (location === undefined) return `${displayName(qualifiedName(relation))} (…)`;
  return ctx.statement.text.slice(location - ctx.statement.offset).trim();
}

/** The online way to index a partitioned table: each partition concurrently, then the parent ON ONLY, then attach. */
function partitionedIndexSteps(unique: string, index: string, table: string): string {
  return [
    `-- in a revision with "-- transaction: false", for each partition:`,
    `CREATE ${unique}INDEX CONCURRENTLY IF NOT EXISTS <partition>_${index} ON <partition> (…);`,
    `-- then (builds nothing, the parent's index starts invalid):`,
    `CREATE ${unique}INDEX IF NOT EXISTS ${readableIdent(index)} ON ONLY ${displayName(table)} (…);`,
    `-- and for each partition (the parent's index becomes valid once all are attached):`,
    `ALTER INDEX ${readableIdent(index)} ATTACH PARTITION <partition>_${index};`,
  ].join("\n");
}

/**
 * CREATE INDEX takes a SHARE lock on the table for the whole build (writes wait); CONCURRENTLY
 * takes SHARE UPDATE EXCLUSIVE and lets writes through. A partitioned table cannot be indexed
 * concurrently (PostgreSQL refuses), so its safe form is per partition, then `ON ONLY` the parent
 * (which builds nothing) and `ALTER INDEX … ATTACH PARTITION`.
 */
export const createIndexConcurrently: Rule = {
  id: "create-index-concurrently",
  severity: "error",
  summary: "CREATE INDEX without CONCURRENTLY on an existing table: blocks writes for the whole build",
  fixSummary: "CREATE INDEX CONCURRENTLY IF NOT EXISTS, in a `transaction: false` revision (per partition for a partitioned table)",
  lockRule: true,
  kinds: ["IndexStmt"],
  check(body, ctx) {
    const relation = childOf(body, "relation");
    const table = qualifiedName(relation);
    const partitioned = ctx.tableFacts(table)?.partitioned;
    if (flagOf(body, "concurrent")) {
      if (partitioned !== true || !flagOf(relation, "inh")) return [];
      const index = indexName(body, table);
      return [
        {
          rule: this.id,
          message: `${displayName(table)} is partitioned: PostgreSQL refuses to build index ${readableIdent(index)} on it concurrently`,
          fix: partitionedIndexSteps(flagOf(body, "unique") ? "UNIQUE " : "", index, table),
        },
      ];
    }
    // ON ONLY a partitioned table creates an invalid index on the parent alone: nothing is built.
    if (!flagOf(relation, "inh") && partitioned !== false) return [];
    const index = indexName(body, table);
    const unique = flagOf(body, "unique") ? "UNIQUE " : "";
    const message = `Building index ${readableIdent(index)} locks ${displayName(table)} in SHARE mode: inserts, updates and deletes wait until the whole index is built`;
    if (partitioned === true) {
      return [
        {
          rule: this.id,
          table,
          lock: "SHARE",
          message: `${message} (on every partition: ${displayName(table)} is partitioned, and a partitioned table cannot be indexed concurrently)`,
          fix: partitionedIndexSteps(unique, index, table),
        },
      ];
    }
    const fix = [`-- in a revision with "-- transaction: false":`, `CREATE ${unique}INDEX CONCURRENTLY IF NOT EXISTS ${readableIdent(index)} ON ${indexTail(body, ctx)};`];
    if (partitioned === undefined) {
      fix.push(`-- if ${displayName(table)} is partitioned, CONCURRENTLY is refused: build it per partition, then CREATE INDEX … ON ONLY ${displayName(table)} and ALTER INDEX … ATTACH PARTITION`);
    }
    return [{ rule: this.id, table, lock: "SHARE", message, fix: fix.join("\n") }];
  },
};

/** The qualified names of a DROP INDEX's indexes. */
function droppedIndexes(body: AstNode): string[] {
  return listOf(body, "objects").map((object) => qualifiedFromNames(names(listOf(nodeOf(object, "List"), "items"))));
}

/**
 * DROP INDEX takes ACCESS EXCLUSIVE on the index's table: brief, but it waits for every running
 * query on the table and every later query queues behind it. DROP INDEX CONCURRENTLY waits for
 * them without blocking anyone. Indexes the run built itself are exempt (nothing uses them yet).
 * The index's table is unknown statically unless the run built it, so the finding carries no
 * table: an index the run did not build is taken to be on an existing table. A warning, not an
 * error: the lock is held only for a moment.
 */
export const dropIndexConcurrently: Rule = {
  id: "drop-index-concurrently",
  severity: "warning",
  summary: "DROP INDEX without CONCURRENTLY: takes ACCESS EXCLUSIVE on the table, queueing reads and writes behind running queries",
  fixSummary: "DROP INDEX CONCURRENTLY IF EXISTS, one index per statement, in a `transaction: false` revision",
  lockRule: true,
  kinds: ["DropStmt"],
  check(body, ctx) {
    if (stringOf(body, "removeType") !== "OBJECT_INDEX" || flagOf(body, "concurrent")) return [];
    const existing = droppedIndexes(body).filter((index) => !ctx.isNewIndex(index));
    if (existing.length === 0) return [];
    const shown = existing.map(displayName);
    const cascade = stringOf(body, "behavior") === "DROP_CASCADE";
    const fix = [`-- in a revision with "-- transaction: false" (CONCURRENTLY drops one index per statement${cascade ? " and has no CASCADE: drop the dependent objects first" : ""}):`];
    for (const index of shown) fix.push(`DROP INDEX CONCURRENTLY IF EXISTS ${index};`);
    return [
      {
        rule: this.id,
        lock: "ACCESS EXCLUSIVE",
        message: `Dropping index ${shown.join(", ")} takes an ACCESS EXCLUSIVE lock on its table: it waits for every running query on the table, and reads and writes queue behind it until then (briefly, once granted)`,
        fix: fix.join("\n"),
      },
    ];
  },
};

/** The operation a statement runs CONCURRENTLY, for messages; undefined when it is not a concurrent one. */
export function concurrentOperation(node: AstNode): { what: string; location?: number | undefined } | undefined {
  const [kind, body] = unwrap(node) ?? ["", {}];
  if (kind === "IndexStmt" && flagOf(body, "concurrent")) return { what: "CREATE INDEX CONCURRENTLY" };
  if (kind === "DropStmt" && flagOf(body, "concurrent")) return { what: "DROP INDEX CONCURRENTLY" };
  if (kind === "ReindexStmt") {
    const option = listOf(body, "params").map((p) => nodeOf(p, "DefElem")).find((d) => stringOf(d, "defname") === "concurrently");
    if (option !== undefined && booleanOption(option)) return { what: "REINDEX CONCURRENTLY", location: locationOf(option) };
  }
  if (kind === "AlterTableStmt") {
    for (const item of listOf(body, "cmds")) {
      const cmd = nodeOf(item, "AlterTableCmd");
      const partition = nodeOf(childOf(cmd, "def"), "PartitionCmd");
      if (stringOf(cmd, "subtype") === "AT_DetachPartition" && flagOf(partition, "concurrent")) {
        return { what: "DETACH PARTITION … CONCURRENTLY", location: locationOf(childOf(partition, "name")) };
      }
    }
  }
  return undefined;
}

/** A boolean option's value as PostgreSQL's defGetBoolean reads it (no value: true). */
function booleanOption(option: AstNode): boolean {
  const arg = childOf(option, "arg");
  if (arg === undefined) return true;
  const [kind, value] = unwrap(arg) ?? ["", {}];
  if (kind === "Integer") return (value["ival"] ?? 0) !== 0;
  if (kind === "Boolean") return value["boolval"] === true;
  const text = stringOf(value, "sval").toLowerCase();
  return !["false", "off", "0", "no", "f", "n"].includes(text);
}

/**
 * CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY and DETACH PARTITION CONCURRENTLY run
 * several transactions of their own, so PostgreSQL refuses them inside a transaction block
 * (SQLSTATE 25001, "cannot run inside a transaction block"). Not a lock rule: it fails on a new
 * table too.
 */
export const concurrentlyInTransaction: Rule = {
  id: "concurrently-in-transaction",
  severity: "error",
  summary: "A CONCURRENTLY operation inside a transaction block: PostgreSQL refuses it (25001)",
  fixSummary: "Move it to a revision with `-- transaction: false` (outside any BEGIN … COMMIT)",
  lockRule: false,
  kinds: ["IndexStmt", "DropStmt", "ReindexStmt", "AlterTableStmt"],
  check(_body, ctx) {
    if (!ctx.inTransaction) return [];
    const operation = concurrentOperation(ctx.statement.node);
    if (operation === undefined) return [];
    const where = ctx.unit.mode === "transaction" ? "this revision runs in a transaction" : "it is between BEGIN and COMMIT";
    const fix =
      ctx.unit.mode === "transaction"
        ? `-- move it to its own revision with "-- transaction: false":\n${ctx.statement.text};`
        : `-- run it outside BEGIN … COMMIT:\n${ctx.statement.text};`;
    const draft: FindingDraft = {
      rule: this.id,
      message: `${operation.what} cannot run inside a transaction block, and ${where}: PostgreSQL refuses it (SQLSTATE 25001)`,
      fix,
      offset: operation.location,
    };
    return [draft];
  },
};

/**
 * A concurrent build that fails (a duplicate key, a deadlock, a cancelled statement) leaves an
 * INVALID index behind, and a `transaction: false` revision is not rolled back: running the
 * revision again then fails on the existing name. IF NOT EXISTS / IF EXISTS make the re-run
 * possible (an INVALID index still has to be dropped by hand: IF NOT EXISTS keeps it).
 */
export const concurrentIndexIfNotExists: Rule = {
  id: "concurrent-index-if-not-exists",
  severity: "warning",
  summary: "CREATE INDEX CONCURRENTLY without IF NOT EXISTS (DROP without IF EXISTS) in a `transaction: false` revision: a re-run after a failure fails",
  fixSummary: "CREATE INDEX CONCURRENTLY IF NOT EXISTS / DROP INDEX CONCURRENTLY IF EXISTS",
  lockRule: false,
  kinds: ["IndexStmt", "DropStmt"],
  check(body, ctx) {
    if (ctx.unit.kind !== "revision" || ctx.unit.mode !== "autocommit" || ctx.inTransaction || !flagOf(body, "concurrent")) return [];
    if ("IndexStmt" in ctx.statement.node) {
      if (flagOf(body, "if_not_exists")) return [];
      const table = qualifiedName(childOf(body, "relation"));
      const index = indexName(body, table);
      const unnamed = stringOf(body, "idxname") === "" ? " (an unnamed index would be built a second time under another name; IF NOT EXISTS needs a name)" : "";
      return [
        {
          rule: this.id,
          message: `If building index ${readableIdent(index)} on ${displayName(table)} fails, an INVALID index is left behind and this revision, run again, fails on it${unnamed}`,
          fix: [
            `CREATE ${flagOf(body, "unique") ? "UNIQUE " : ""}INDEX CONCURRENTLY IF NOT EXISTS ${readableIdent(index)} ON ${indexTail(body, ctx)};`,
            `-- after a failed build, drop the INVALID index first (IF NOT EXISTS keeps it): DROP INDEX CONCURRENTLY IF EXISTS ${readableIdent(index)};`,
          ].join("\n"),
        },
      ];
    }
    if (stringOf(body, "removeType") !== "OBJECT_INDEX" || flagOf(body, "missing_ok")) return [];
    const indexes = droppedIndexes(body).map(displayName);
    return [
      {
        rule: this.id,
        message: `If this revision stops after dropping index ${indexes.join(", ")}, running it again fails because the index is gone`,
        fix: indexes.map((index) => `DROP INDEX CONCURRENTLY IF EXISTS ${index};`).join("\n"),
      },
    ];
  },
};

export const indexRules: readonly Rule[] = [createIndexConcurrently, dropIndexConcurrently, concurrentlyInTransaction, concurrentIndexIfNotExists];
