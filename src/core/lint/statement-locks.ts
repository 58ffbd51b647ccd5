/**
 * The table-level locks a statement takes on the relations it names, as PostgreSQL takes them
 * (the lock levels of tablecmds.c's AlterTableGetLockLevel, the reference pages' "locks" notes and
 * the "Explicit Locking" chapter). Relations the statement does not name (the indexes a REINDEX
 * TABLE rebuilds, the partitions an ALTER TABLE recurses to, the tables a CASCADE reaches) are not
 * listed: they cannot be known from the text.
 */
import { childOf, flagOf, listOf, names, nodeOf, qualifiedFromNames, qualifiedName, stringOf, unwrap } from "./ast.ts";
import { LOCK_MODES, type AstNode, type LockMode } from "./types.ts";

/** One relation a statement locks, and the strongest mode it takes on it. */
export interface StatementLock {
  /** Qualified name (`public.users`); the name of an index when `index` is set. */
  readonly table: string;
  readonly mode: LockMode;
  /** The relation is an index (DROP INDEX, REINDEX INDEX, ALTER INDEX). */
  readonly index?: true;
}

/** The table-level locks `node` (a statement) takes, one per relation, strongest mode each. */
export function statementLocks(node: AstNode): StatementLock[] {
  const locks = new LockSet();
  const [kind, body] = unwrap(node) ?? ["", {}];
  switch (kind) {
    case "AlterTableStmt":
      alterTableLocks(body, locks);
      break;
    case "IndexStmt":
      locks.add(qualifiedName(childOf(body, "relation")), flagOf(body, "concurrent") ? "SHARE UPDATE EXCLUSIVE" : "SHARE");
      break;
    case "ReindexStmt":
      reindexLocks(body, locks);
      break;
    case "VacuumStmt":
      for (const item of listOf(body, "rels")) {
        const relation = childOf(nodeOf(item, "VacuumRelation"), "relation");
        locks.add(qualifiedName(relation), isVacuumFull(body) ? "ACCESS EXCLUSIVE" : "SHARE UPDATE EXCLUSIVE");
      }
      break;
    case "ClusterStmt":
      if (childOf(body, "relation") !== undefined) locks.add(qualifiedName(childOf(body, "relation")), "ACCESS EXCLUSIVE");
      break;
    case "TruncateStmt":
      for (const relation of listOf(body, "relations")) locks.add(qualifiedName(nodeOf(relation, "RangeVar")), "ACCESS EXCLUSIVE");
      break;
    case "LockStmt": {
      const mode = LOCK_MODES[(Number(body["mode"]) || LOCK_MODES.length) - 1] ?? "ACCESS EXCLUSIVE";
      for (const relation of listOf(body, "relations")) locks.add(qualifiedName(nodeOf(relation, "RangeVar")), mode);
      break;
    }
    case "DropStmt":
      dropLocks(body, locks);
      break;
    case "RenameStmt":
      renameLocks(body, locks);
      break;
    case "AlterObjectSchemaStmt":
      if (childOf(body, "relation") !== undefined) locks.add(qualifiedName(childOf(body, "relation")), "ACCESS EXCLUSIVE", isIndexObject(body, "objectType"));
      break;
    case "CreateStmt":
      createTableLocks(body, locks);
      break;
    case "CreateTableAsStmt":
      locks.add(qualifiedName(childOf(childOf(body, "into"), "rel")), "ACCESS EXCLUSIVE");
      queryLocks(childOf(body, "query"), locks);
      break;
    case "CreateTrigStmt":
      locks.add(qualifiedName(childOf(body, "relation")), "SHARE ROW EXCLUSIVE");
      break;
    case "RuleStmt":
      locks.add(qualifiedName(childOf(body, "relation")), "ACCESS EXCLUSIVE");
      break;
    case "CreatePolicyStmt":
    case "AlterPolicyStmt":
      locks.add(qualifiedName(childOf(body, "table")), "ACCESS EXCLUSIVE");
      break;
    case "CommentStmt":
      commentLocks(body, locks);
      break;
    case "CreateStatsStmt":
      for (const relation of listOf(body, "relations")) locks.add(qualifiedName(nodeOf(relation, "RangeVar")), "SHARE UPDATE EXCLUSIVE");
      break;
    case "RefreshMatViewStmt":
      locks.add(qualifiedName(childOf(body, "relation")), flagOf(body, "concurrent") ? "EXCLUSIVE" : "ACCESS EXCLUSIVE");
      break;
    case "CopyStmt":
      if (childOf(body, "relation") !== undefined) locks.add(qualifiedName(childOf(body, "relation")), flagOf(body, "is_from") ? "ROW EXCLUSIVE" : "ACCESS SHARE");
      queryLocks(childOf(body, "query"), locks);
      break;
    case "InsertStmt":
    case "UpdateStmt":
    case "DeleteStmt":
    case "MergeStmt":
    case "SelectStmt":
      queryLocks(node, locks);
      break;
  }
  return locks.list();
}

/** The strongest mode per relation, in the order first named. */
class LockSet {
  readonly #locks = new Map<string, StatementLock>();

  add(table: string, mode: LockMode, index = false): void {
    const key = `${index ? "index" : "table"}:${table}`;
    const before = this.#locks.get(key);
    if (before !== undefined && LOCK_MODES.indexOf(before.mode) >= LOCK_MODES.indexOf(mode)) return;
    this.#locks.set(key, index ? { table, mode, index: true } : { table, mode });
  }

  list(): StatementLock[] {
    return [...this.#locks.values()];
  }
}

/** Whether a DefElem list (VACUUM's, REINDEX's options) turns `name` on (`FULL`, `FULL true`, `FULL 1`; the last one wins). */
function hasOption(body: AstNode, field: string, name: string): boolean {
  let on = false;
  for (const item of listOf(body, field)) {
    const option = nodeOf(item, "DefElem");
    if (stringOf(option, "defname") !== name) continue;
    const arg = childOf(option, "arg");
    const integer = nodeOf(arg, "Integer");
    if (integer !== undefined) on = Number(integer["ival"] ?? 0) !== 0;
    else on = !["false", "off", "no", "0"].includes(stringOf(nodeOf(arg, "String"), "sval").toLowerCase());
  }
  return on;
}

/** Whether a VacuumStmt is a VACUUM FULL (not ANALYZE, not `FULL false`). */
export function isVacuumFull(body: AstNode): boolean {
  return flagOf(body, "is_vacuumcmd") && hasOption(body, "options", "full");
}

/** Whether a ReindexStmt's options turn CONCURRENTLY on. */
export function isConcurrentReindex(body: AstNode): boolean {
  return hasOption(body, "params", "concurrently");
}

function isIndexObject(body: AstNode, field: string): boolean {
  return stringOf(body, field) === "OBJECT_INDEX";
}

function reindexLocks(body: AstNode, locks: LockSet): void {
  const concurrent = isConcurrentReindex(body);
  const relation = childOf(body, "relation");
  switch (stringOf(body, "kind")) {
    case "REINDEX_OBJECT_TABLE":
      locks.add(qualifiedName(relation), concurrent ? "SHARE UPDATE EXCLUSIVE" : "SHARE");
      break;
    case "REINDEX_OBJECT_INDEX":
      locks.add(qualifiedName(relation), concurrent ? "SHARE UPDATE EXCLUSIVE" : "ACCESS EXCLUSIVE", true);
      break;
  }
}

// ALTER TABLE subcommands below ACCESS EXCLUSIVE (AlterTableGetLockLevel); every other one takes it.
const SUBCOMMAND_LOCKS: Readonly<Record<string, LockMode>> = {
  AT_SetStatistics: "SHARE UPDATE EXCLUSIVE",
  AT_ClusterOn: "SHARE UPDATE EXCLUSIVE",
  AT_DropCluster: "SHARE UPDATE EXCLUSIVE",
  AT_SetOptions: "SHARE UPDATE EXCLUSIVE",
  AT_ResetOptions: "SHARE UPDATE EXCLUSIVE",
  AT_ValidateConstraint: "SHARE UPDATE EXCLUSIVE",
  AT_AttachPartition: "SHARE UPDATE EXCLUSIVE",
  AT_DetachPartitionFinalize: "SHARE UPDATE EXCLUSIVE",
  AT_EnableTrig: "SHARE ROW EXCLUSIVE",
  AT_EnableAlwaysTrig: "SHARE ROW EXCLUSIVE",
  AT_EnableReplicaTrig: "SHARE ROW EXCLUSIVE",
  AT_EnableTrigAll: "SHARE ROW EXCLUSIVE",
  AT_EnableTrigUser: "SHARE ROW EXCLUSIVE",
  AT_DisableTrig: "SHARE ROW EXCLUSIVE",
  AT_DisableTrigAll: "SHARE ROW EXCLUSIVE",
  AT_DisableTrigUser: "SHARE ROW EXCLUSIVE",
};

// Storage parameters that only affect later inserts, vacuum or planning: SHARE UPDATE EXCLUSIVE
// (reloptions.c); any other one (and an unknown one) takes ACCESS EXCLUSIVE.
const LIGHT_RELOPTIONS = new Set([
  "fillfactor",
  "toast_tuple_target",
  "parallel_workers",
  "vacuum_index_cleanup",
  "vacuum_truncate",
  "log_autovacuum_min_duration",
  "deduplicate_items",
]);

/** The lock one ALTER TABLE subcommand takes on the altered table. */
export function subcommandLock(cmd: AstNode | undefined): LockMode {
  const subtype = stringOf(cmd, "subtype");
  if (subtype === "AT_AddConstraint") {
    return stringOf(nodeOf(childOf(cmd, "def"), "Constraint"), "contype") === "CONSTR_FOREIGN" ? "SHARE ROW EXCLUSIVE" : "ACCESS EXCLUSIVE";
  }
  if (subtype === "AT_DetachPartition") {
    return flagOf(nodeOf(childOf(cmd, "def"), "PartitionCmd"), "concurrent") ? "SHARE UPDATE EXCLUSIVE" : "ACCESS EXCLUSIVE";
  }
  if (subtype === "AT_SetRelOptions" || subtype === "AT_ResetRelOptions") {
    const options = listOf(nodeOf(childOf(cmd, "def"), "List"), "items").map((item) => nodeOf(item, "DefElem"));
    const light = options.every((option) => {
      const name = stringOf(option, "defname");
      return LIGHT_RELOPTIONS.has(name) || name.startsWith("autovacuum_");
    });
    return light ? "SHARE UPDATE EXCLUSIVE" : "ACCESS EXCLUSIVE";
  }
  return SUBCOMMAND_LOCKS[subtype] ?? "ACCESS EXCLUSIVE";
}

function alterTableLocks(body: AstNode, locks: LockSet): void {
  const table = qualifiedName(childOf(body, "relation"));
  const index = isIndexObject(body, "objtype");
  const cmds = listOf(body, "cmds").map((item) => nodeOf(item, "AlterTableCmd"));
  let mode: LockMode = "ACCESS SHARE";
  for (const cmd of cmds) {
    const own = subcommandLock(cmd);
    if (LOCK_MODES.indexOf(own) > LOCK_MODES.indexOf(mode)) mode = own;
  }
  if (cmds.length > 0) locks.add(table, mode, index);
  for (const cmd of cmds) {
    const def = childOf(cmd, "def");
    switch (stringOf(cmd, "subtype")) {
      case "AT_AddConstraint":
        foreignKeyLocks(nodeOf(def, "Constraint"), locks);
        break;
      case "AT_AddColumn":
        for (const constraint of listOf(nodeOf(def, "ColumnDef"), "constraints")) foreignKeyLocks(nodeOf(constraint, "Constraint"), locks);
        break;
      case "AT_AttachPartition":
      case "AT_DetachPartition":
      case "AT_DetachPartitionFinalize":
        // The partition itself: ACCESS EXCLUSIVE (DETACH … CONCURRENTLY too, in its second transaction).
        locks.add(qualifiedName(childOf(nodeOf(def, "PartitionCmd"), "name")), "ACCESS EXCLUSIVE", index);
        break;
      case "AT_AddInherit":
        locks.add(qualifiedName(nodeOf(def, "RangeVar")), "SHARE UPDATE EXCLUSIVE");
        break;
      case "AT_DropInherit":
        locks.add(qualifiedName(nodeOf(def, "RangeVar")), "ACCESS SHARE");
        break;
    }
  }
}

/** A foreign key adds triggers to the referenced table too: SHARE ROW EXCLUSIVE on it. */
function foreignKeyLocks(constraint: AstNode | undefined, locks: LockSet): void {
  if (stringOf(constraint, "contype") !== "CONSTR_FOREIGN") return;
  locks.add(qualifiedName(childOf(constraint, "pktable")), "SHARE ROW EXCLUSIVE");
}

function createTableLocks(body: AstNode, locks: LockSet): void {
  locks.add(qualifiedName(childOf(body, "relation")), "ACCESS EXCLUSIVE");
  // A new partition changes its parent's partition descriptor: ACCESS EXCLUSIVE on the parent.
  // A plain INHERITS parent gets SHARE UPDATE EXCLUSIVE (MergeAttributes).
  const partition = childOf(body, "partbound") !== undefined;
  for (const parent of listOf(body, "inhRelations")) locks.add(qualifiedName(nodeOf(parent, "RangeVar")), partition ? "ACCESS EXCLUSIVE" : "SHARE UPDATE EXCLUSIVE");
  for (const element of listOf(body, "tableElts")) {
    foreignKeyLocks(nodeOf(element, "Constraint"), locks);
    for (const constraint of listOf(nodeOf(element, "ColumnDef"), "constraints")) foreignKeyLocks(nodeOf(constraint, "Constraint"), locks);
    const like = nodeOf(element, "TableLikeClause");
    if (like !== undefined) locks.add(qualifiedName(childOf(like, "relation")), "ACCESS SHARE");
  }
}

// DROP of a relation: ACCESS EXCLUSIVE on it. DROP of an object that belongs to a table (a
// trigger, a policy, a rule): ACCESS EXCLUSIVE on the table, named by all but the last name.
const DROPPED_RELATIONS = new Set(["OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_MATVIEW", "OBJECT_SEQUENCE", "OBJECT_FOREIGN_TABLE", "OBJECT_INDEX"]);
const DROPPED_TABLE_OBJECTS = new Set(["OBJECT_TRIGGER", "OBJECT_POLICY", "OBJECT_RULE"]);

function dropLocks(body: AstNode, locks: LockSet): void {
  const type = stringOf(body, "removeType");
  for (const object of listOf(body, "objects")) {
    const parts = names(listOf(nodeOf(object, "List"), "items"));
    if (DROPPED_RELATIONS.has(type)) {
      const index = type === "OBJECT_INDEX";
      // DROP INDEX CONCURRENTLY waits with SHARE UPDATE EXCLUSIVE instead of locking out readers.
      locks.add(qualifiedFromNames(parts), index && flagOf(body, "concurrent") ? "SHARE UPDATE EXCLUSIVE" : "ACCESS EXCLUSIVE", index);
    } else if (DROPPED_TABLE_OBJECTS.has(type) && parts.length >= 2) {
      locks.add(qualifiedFromNames(parts.slice(0, -1)), "ACCESS EXCLUSIVE");
    }
  }
}

// RENAME of a relation, a column, a constraint, a trigger, a policy or a rule: ACCESS EXCLUSIVE
// on the relation; of an index: SHARE UPDATE EXCLUSIVE (PostgreSQL 12+).
const RENAMED_ON_RELATION = new Set([
  "OBJECT_TABLE",
  "OBJECT_COLUMN",
  "OBJECT_TABCONSTRAINT",
  "OBJECT_VIEW",
  "OBJECT_MATVIEW",
  "OBJECT_SEQUENCE",
  "OBJECT_FOREIGN_TABLE",
  "OBJECT_TRIGGER",
  "OBJECT_POLICY",
  "OBJECT_RULE",
]);

function renameLocks(body: AstNode, locks: LockSet): void {
  const type = stringOf(body, "renameType");
  const relation = childOf(body, "relation");
  if (relation === undefined) return;
  if (type === "OBJECT_INDEX") locks.add(qualifiedName(relation), "SHARE UPDATE EXCLUSIVE", true);
  else if (RENAMED_ON_RELATION.has(type)) locks.add(qualifiedName(relation), "ACCESS EXCLUSIVE");
}

/** COMMENT ON TABLE / COLUMN / INDEX: SHARE UPDATE EXCLUSIVE on the relation. */
function commentLocks(body: AstNode, locks: LockSet): void {
  const type = stringOf(body, "objtype");
  const parts = names(listOf(nodeOf(childOf(body, "object"), "List"), "items"));
  if (type === "OBJECT_TABLE" || type === "OBJECT_VIEW" || type === "OBJECT_MATVIEW" || type === "OBJECT_INDEX") {
    locks.add(qualifiedFromNames(parts), "SHARE UPDATE EXCLUSIVE", type === "OBJECT_INDEX");
  } else if (type === "OBJECT_COLUMN" && parts.length >= 2) {
    locks.add(qualifiedFromNames(parts.slice(0, -1)), "SHARE UPDATE EXCLUSIVE");
  }
}

/**
 * Data statements: ROW EXCLUSIVE on the table an INSERT, UPDATE, DELETE or MERGE writes (in a
 * WITH clause too), ROW SHARE on the tables of a SELECT … FOR UPDATE/SHARE, ACCESS SHARE on every
 * other table read. Names of the statement's own WITH queries are not tables.
 */
function queryLocks(node: AstNode | undefined, locks: LockSet): void {
  if (node === undefined) return;
  const ctes = new Set<string>();
  collectCteNames(node, ctes);
  const isTable = (rangeVar: AstNode | undefined) => stringOf(rangeVar, "schemaname") !== "" || !ctes.has(stringOf(rangeVar, "relname"));
  const visit = (value: unknown, readMode: LockMode): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, readMode);
      return;
    }
    if (value === null || typeof value !== "object") return;
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      // FOR UPDATE OF names the FROM items (often aliases) already visited.
      if (child === null || typeof child !== "object" || key === "lockingClause") continue;
      const body = child as AstNode;
      if (key === "RangeVar") {
        if (isTable(body)) locks.add(qualifiedName(body), readMode);
      } else if (key === "InsertStmt" || key === "UpdateStmt" || key === "DeleteStmt" || key === "MergeStmt") {
        const target = childOf(body, "relation");
        if (isTable(target)) locks.add(qualifiedName(target), "ROW EXCLUSIVE");
        for (const [field, rest] of Object.entries(body)) if (field !== "relation") visit(rest, "ACCESS SHARE");
      } else if (key === "SelectStmt") {
        visit(body, listOf(body, "lockingClause").length > 0 ? "ROW SHARE" : readMode === "ROW SHARE" ? "ACCESS SHARE" : readMode);
      } else {
        visit(child, readMode);
      }
    }
  };
  visit(node, "ACCESS SHARE");
}

function collectCteNames(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectCteNames(item, into);
    return;
  }
  if (value === null || typeof value !== "object") return;
  const record = value as Record<string, unknown>;
  const cte = record["CommonTableExpr"];
  if (cte !== null && typeof cte === "object") into.add(stringOf(cte as AstNode, "ctename"));
  for (const child of Object.values(record)) if (child !== null && typeof child === "object") collectCteNames(child, into);
}
