/** Adding constraints to tables in use: foreign keys, checks, unique and primary keys, exclusions. */
import { childOf, displayName, flagOf, listOf, locationOf, names, qualifiedName, readableIdent, stringOf, unwrap } from "../ast.ts";
import type { Rule, RuleContext } from "../rule.ts";
import { indexesBuiltBy, qualifiedIndexName } from "../schema-state.ts";
import type { AstNode, FindingDraft, LintStatement, LockMode } from "../types.ts";
import {
  alterCommands,
  alteredTable,
  alterTableLock,
  alterTablePrefix,
  clauseText,
  columnConstraints,
  columnList,
  defaultConstraintName,
  firstColumnRef,
  inlineConstraintText,
  lockBlocks,
  notNullSteps,
  SERIAL_TYPES,
} from "./_alter-table.ts";

const FK_ACTIONS: Readonly<Record<string, string>> = { r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };

/** An inline `REFERENCES` written as a table constraint: `FOREIGN KEY (x) REFERENCES y (id) ON DELETE CASCADE`. */
function inlineForeignKeyText(column: string, constraint: AstNode): string {
  const target = childOf(constraint, "pktable");
  const pkColumns = names(listOf(constraint, "pk_attrs"));
  let text = `FOREIGN KEY (${readableIdent(column)}) REFERENCES ${displayName(qualifiedName(target))}${pkColumns.length > 0 ? ` ${columnList(pkColumns)}` : ""}`;
  const onDelete = FK_ACTIONS[stringOf(constraint, "fk_del_action")];
  const onUpdate = FK_ACTIONS[stringOf(constraint, "fk_upd_action")];
  if (onDelete !== undefined) text += ` ON DELETE ${onDelete}`;
  if (onUpdate !== undefined) text += ` ON UPDATE ${onUpdate}`;
  return text;
}

/** A table constraint's name: its own, or the one PostgreSQL gives a foreign key or check (`orders_user_id_fkey`, `items_price_check`). */
function addedConstraintName(table: string, c: AstNode): string {
  const isFk = stringOf(c, "contype") === "CONSTR_FOREIGN";
  const columns = isFk ? names(listOf(c, "fk_attrs")) : [firstColumnRef(childOf(c, "raw_expr"))].filter((n) => n !== "");
  return stringOf(c, "conname") || defaultConstraintName(table, columns, isFk ? "fkey" : "check");
}

/** A foreign key or check an ALTER TABLE adds with validation, with its SQL as a table constraint. */
interface ValidatedConstraint {
  readonly kind: "foreign key" | "check";
  readonly name: string;
  readonly named: boolean;
  /** The constraint's SQL as a table constraint, with `CONSTRAINT name` when it was written. */
  readonly definition: string;
  readonly location?: number;
  readonly target?: string;
  /** Written inline on ADD COLUMN. */
  readonly inline: boolean;
}

/**
 * Whether PostgreSQL validates the inline foreign keys of an ALTER TABLE's new columns: it skips
 * the check (and marks them valid) unless one of the statement's new columns has a default
 * (DEFAULT, a generated expression, a serial), since the new column is otherwise all NULL
 * (transformAlterTableStmt's skipValidation). Measured on PostgreSQL 15 with 2 million rows:
 * `ADD COLUMN a int REFERENCES y` takes 2 ms, with `DEFAULT 1` 255 ms (the validating scan); a
 * table-level ADD FOREIGN KEY in the same statement does not bring the scan back.
 */
function newColumnsHaveDefault(body: AstNode): boolean {
  return alterCommands(body).some(
    (command) =>
      command.subtype === "AT_AddColumn" &&
      (childOf(command.column, "raw_default") !== undefined ||
        columnConstraints(command.column).some((c) => ["CONSTR_DEFAULT", "CONSTR_GENERATED"].includes(stringOf(c, "contype"))) ||
        SERIAL_TYPES.has(names(listOf(childOf(command.column, "typeName"), "names")).join(".")))
  );
}

function validatedConstraints(body: AstNode, table: string, statement: LintStatement): ValidatedConstraint[] {
  const found: ValidatedConstraint[] = [];
  const fkValidated = newColumnsHaveDefault(body);
  for (const command of alterCommands(body)) {
    if (command.subtype === "AT_AddConstraint" && command.constraint !== undefined) {
      const c = command.constraint;
      const type = stringOf(c, "contype");
      if ((type !== "CONSTR_FOREIGN" && type !== "CONSTR_CHECK") || flagOf(c, "skip_validation")) continue;
      const conname = stringOf(c, "conname");
      const text = clauseText(statement, locationOf(c));
      const isFk = type === "CONSTR_FOREIGN";
      const name = addedConstraintName(table, c);
      found.push({
        kind: isFk ? "foreign key" : "check",
        name,
        named: conname !== "",
        definition: text,
        location: locationOf(c),
        ...(isFk ? { target: qualifiedName(childOf(c, "pktable")) } : {}),
        inline: false,
      });
    }
    if (command.subtype === "AT_AddColumn" && command.column !== undefined) {
      const column = stringOf(command.column, "colname");
      for (const c of columnConstraints(command.column)) {
        const type = stringOf(c, "contype");
        const conname = stringOf(c, "conname");
        const location = locationOf(c);
        if (type === "CONSTR_CHECK") {
          const text = inlineConstraintText(statement, command.column, c);
          found.push({
            kind: "check",
            name: conname || defaultConstraintName(table, [column], "check"),
            named: conname !== "",
            definition: `${conname === "" ? "" : `CONSTRAINT ${readableIdent(conname)} `}CHECK ${text.slice(text.indexOf("("))}`,
            location,
            inline: true,
          });
        } else if (type === "CONSTR_FOREIGN" && fkValidated) {
          found.push({
            kind: "foreign key",
            name: conname || defaultConstraintName(table, [column], "fkey"),
            named: conname !== "",
            definition: `${conname === "" ? "" : `CONSTRAINT ${readableIdent(conname)} `}${inlineForeignKeyText(column, c)}`,
            location,
            target: qualifiedName(childOf(c, "pktable")),
            inline: true,
          });
        }
      }
    }
  }
  return found;
}

/**
 * ADD FOREIGN KEY checks every existing row while holding SHARE ROW EXCLUSIVE on both tables;
 * ADD CHECK scans the table under ACCESS EXCLUSIVE. With NOT VALID the constraint applies to new
 * rows at once and the check of the old ones moves to VALIDATE CONSTRAINT, which takes only SHARE
 * UPDATE EXCLUSIVE. A column added with an inline CHECK is scanned too; an inline REFERENCES is
 * not (PostgreSQL skips it: the new column is all NULL) unless a new column of the statement has
 * a default. The lock rule exemption covers new tables; a foreign key from an existing table to a
 * new one still scans the existing table.
 */
export const constraintNotValid: Rule = {
  id: "constraint-not-valid",
  severity: "error",
  summary: "ADD FOREIGN KEY / CHECK without NOT VALID on an existing table: blocks writes (CHECK: reads too) while every row is checked",
  fixSummary: "ADD CONSTRAINT … NOT VALID, then VALIDATE CONSTRAINT in a later transaction",
  lockRule: true,
  kinds: ["AlterTableStmt"],
  check(body, ctx) {
    const table = alteredTable(body);
    if (table === undefined) return [];
    const lock = alterTableLock(body);
    const prefix = alterTablePrefix(body, table);
    const partitioned = ctx.tableFacts(table)?.partitioned === true;
    return validatedConstraints(body, table, ctx.statement).map((c): FindingDraft => {
      const scan =
        c.kind === "foreign key"
          ? `checks every row of ${displayName(table)} against ${displayName(c.target ?? "")} while holding ${lock} on ${displayName(table)}, which ${lockBlocks(lock)}, and SHARE ROW EXCLUSIVE on ${displayName(c.target ?? "")}, which blocks writes to it,`
          : `scans every row of ${displayName(table)} while holding ${lock}, which ${lockBlocks(lock)},`;
      const fix = [
        ...(c.inline ? [`-- add the column without the constraint, then:`] : []),
        `${prefix} ADD ${c.named ? "" : `CONSTRAINT ${readableIdent(c.name)} `}${c.definition} NOT VALID;`,
        `-- in a later transaction (SHARE UPDATE EXCLUSIVE: reads and writes go on during the check):`,
        `${prefix} VALIDATE CONSTRAINT ${readableIdent(c.name)};`,
      ];
      if (partitioned && c.kind === "foreign key") fix.push(`-- ${displayName(table)} is partitioned: before PostgreSQL 18, add the NOT VALID foreign key to each partition instead`);
      return {
        rule: this.id,
        table,
        lock,
        rewrites: false,
        offset: c.location,
        message: `Adding ${c.kind} ${readableIdent(c.name)} ${scan} for the whole check`,
        fix: fix.join("\n"),
      };
    });
  },
};

/** The name and lock of a NOT VALID constraint added by an earlier statement of the block, matching `table` and `name`. */
function notValidAddIn(statements: readonly LintStatement[], table: string, name: string): { lock: LockMode; statement: LintStatement } | undefined {
  for (const statement of statements) {
    const [kind, body] = unwrap(statement.node) ?? ["", {}];
    if (kind !== "AlterTableStmt" || alteredTable(body) !== table) continue;
    for (const command of alterCommands(body)) {
      const c = command.constraint;
      if (command.subtype !== "AT_AddConstraint" || !flagOf(c, "skip_validation")) continue;
      if (addedConstraintName(table, c ?? {}) === name) return { lock: alterTableLock(body), statement };
    }
  }
  return undefined;
}

/**
 * VALIDATE CONSTRAINT in the same transaction as the ADD … NOT VALID of that constraint: the ADD's
 * lock (SHARE ROW EXCLUSIVE for a foreign key, ACCESS EXCLUSIVE for a check) is held until the
 * transaction ends, so the validating scan runs under it and nothing is gained over a plain ADD.
 */
export const validateInSameTransaction: Rule = {
  id: "validate-in-same-transaction",
  severity: "error",
  summary: "VALIDATE CONSTRAINT in the same transaction as its ADD … NOT VALID: the scan still runs under the ADD's lock",
  fixSummary: "Commit between them: VALIDATE in a later revision (its own transaction) or after COMMIT",
  lockRule: true,
  kinds: ["AlterTableStmt"],
  check(body, ctx) {
    const table = alteredTable(body);
    if (table === undefined || !ctx.inTransaction) return [];
    const drafts: FindingDraft[] = [];
    for (const command of alterCommands(body)) {
      if (command.subtype !== "AT_ValidateConstraint") continue;
      const added = notValidAddIn(ctx.transactionBefore, table, command.name);
      if (added === undefined) continue;
      const fix =
        ctx.unit.mode === "transaction"
          ? `-- move it to a later revision that runs in its own transaction (transaction_per_migration = true, or "-- transaction: false"):\n${ctx.statement.text};`
          : `-- COMMIT after the ADD … NOT VALID, then:\n${ctx.statement.text};`;
      drafts.push({
        rule: this.id,
        table,
        lock: added.lock,
        rewrites: false,
        message: `Validating constraint ${readableIdent(command.name)} in the transaction that added it NOT VALID: the ADD's ${added.lock} lock on ${displayName(table)} is still held, so it ${lockBlocks(added.lock)} for the whole validating scan`,
        fix,
      });
    }
    return drafts;
  },
};

/** The primary keys and unique constraints an ALTER TABLE adds (as constraints or inline on new columns). */
interface KeyConstraint {
  readonly constraint: AstNode;
  readonly primary: boolean;
  readonly name: string;
  readonly columns: readonly string[];
  /** The column an inline constraint is written on. */
  readonly newColumn?: string;
}

function keyConstraints(body: AstNode, table: string): KeyConstraint[] {
  const found: KeyConstraint[] = [];
  const add = (c: AstNode, newColumn?: string) => {
    const type = stringOf(c, "contype");
    if (type !== "CONSTR_PRIMARY" && type !== "CONSTR_UNIQUE") return;
    const primary = type === "CONSTR_PRIMARY";
    const columns = newColumn === undefined ? names(listOf(c, "keys")) : [newColumn];
    const name = stringOf(c, "conname") || defaultConstraintName(table, columns, primary ? "pkey" : "key");
    found.push({ constraint: c, primary, name, columns, ...(newColumn === undefined ? {} : { newColumn }) });
  };
  for (const command of alterCommands(body)) {
    if (command.subtype === "AT_AddConstraint" && command.constraint !== undefined) add(command.constraint);
    if (command.subtype === "AT_AddColumn") for (const c of columnConstraints(command.column)) add(c, stringOf(command.column, "colname"));
  }
  return found;
}

/**
 * ADD PRIMARY KEY / UNIQUE builds the index inside the ALTER TABLE, so the ACCESS EXCLUSIVE lock
 * (reads and writes wait) lasts for the whole build. Built first with CREATE UNIQUE INDEX
 * CONCURRENTLY, the index becomes the constraint with `USING INDEX` in a brief step.
 */
export const uniqueWithoutIndex: Rule = {
  id: "unique-without-index",
  severity: "error",
  summary: "ADD UNIQUE / PRIMARY KEY on an existing table without USING INDEX: builds the index under ACCESS EXCLUSIVE",
  fixSummary: "CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT … USING INDEX",
  lockRule: true,
  kinds: ["AlterTableStmt"],
  check(body, ctx) {
    const table = alteredTable(body);
    if (table === undefined) return [];
    const prefix = alterTablePrefix(body, table);
    return keyConstraints(body, table)
      .filter((key) => stringOf(key.constraint, "indexname") === "")
      .map((key): FindingDraft => {
        const kind = key.primary ? "PRIMARY KEY" : "UNIQUE";
        const include = names(listOf(key.constraint, "including"));
        const index = `CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ${readableIdent(key.name)} ON ${displayName(table)} ${columnList(key.columns)}${include.length > 0 ? ` INCLUDE ${columnList(include)}` : ""}${flagOf(key.constraint, "nulls_not_distinct") ? " NULLS NOT DISTINCT" : ""};`;
        const fix = [
          ...(key.newColumn === undefined ? [] : [`-- add column ${readableIdent(key.newColumn)} without ${kind}, then:`]),
          `-- in a revision with "-- transaction: false":`,
          index,
          `-- then (ACCESS EXCLUSIVE, briefly${key.primary ? "; the key's columns must already be NOT NULL, see primary-key-nullable-columns" : ""}):`,
          `${prefix} ADD CONSTRAINT ${readableIdent(key.name)} ${kind} USING INDEX ${readableIdent(key.name)};`,
        ];
        if (ctx.tableFacts(table)?.partitioned === true) fix.push(`-- ${displayName(table)} is partitioned: USING INDEX is refused there; build the index per partition and accept the lock on the parent, or attach the partitions' indexes`);
        return {
          rule: this.id,
          table,
          lock: "ACCESS EXCLUSIVE",
          rewrites: false,
          offset: locationOf(key.constraint),
          message: `Adding ${kind} ${readableIdent(key.name)} builds its unique index on ${displayName(table)} while holding ACCESS EXCLUSIVE: reads and writes wait for the whole build`,
          fix: fix.join("\n"),
        };
      });
  },
};

/**
 * ADD CONSTRAINT … EXCLUDE builds its index while holding ACCESS EXCLUSIVE, and PostgreSQL has no
 * online form: no `USING INDEX` and no NOT VALID for exclusion constraints.
 */
export const exclusionConstraint: Rule = {
  id: "exclusion-constraint",
  severity: "error",
  summary: "ADD CONSTRAINT … EXCLUDE on an existing table: builds its index under ACCESS EXCLUSIVE, with no online alternative",
  fixSummary: "Add it in a maintenance window, or build a new table with it and swap",
  lockRule: true,
  kinds: ["AlterTableStmt"],
  check(body) {
    const table = alteredTable(body);
    if (table === undefined) return [];
    return alterCommands(body)
      .filter((command) => command.subtype === "AT_AddConstraint" && stringOf(command.constraint, "contype") === "CONSTR_EXCLUSION")
      .map((command): FindingDraft => {
        const name = stringOf(command.constraint, "conname") || defaultConstraintName(table, [], "excl");
        const location = locationOf(command.constraint);
        return {
          rule: this.id,
          table,
          lock: "ACCESS EXCLUSIVE",
          rewrites: false,
          offset: location,
          message: `Adding exclusion constraint ${readableIdent(name)} builds its index on ${displayName(table)} while holding ACCESS EXCLUSIVE: reads and writes wait for the whole build, and exclusion constraints have no USING INDEX or NOT VALID form`,
          fix: [
            `-- there is no online way to add an exclusion constraint to a table in use:`,
            `-- either run it in a maintenance window (with a lock_timeout), or create a new table with the constraint,`,
            `-- copy the rows in batches (keeping them in sync with a trigger), and swap the tables with ALTER TABLE … RENAME in one short transaction`,
          ].join("\n"),
        };
      });
  },
};

/** Whether the column is known NOT NULL just before the statement, or set NOT NULL / added NOT NULL earlier in it. */
function knownNotNull(ctx: RuleContext, body: AstNode, table: string, column: string): boolean {
  if (ctx.column(table, column)?.notNull === true) return true;
  const version = ctx.catalog.serverVersionNum;
  if ((version === undefined || version >= 120000) && ctx.hasValidatedNotNullCheck(table, column)) return true;
  return alterCommands(body).some(
    (command) =>
      (command.subtype === "AT_SetNotNull" && command.name === column) ||
      (command.subtype === "AT_AddColumn" && stringOf(command.column, "colname") === column),
  );
}

/**
 * A primary key's columns must be NOT NULL: ADD PRIMARY KEY (also USING INDEX) sets them, and
 * setting NOT NULL scans the table under ACCESS EXCLUSIVE unless a validated
 * `CHECK (column IS NOT NULL)` proves it (PostgreSQL 12+).
 */
export const primaryKeyNullableColumns: Rule = {
  id: "primary-key-nullable-columns",
  severity: "warning",
  summary: "ADD PRIMARY KEY on columns that may be nullable: scans the table under ACCESS EXCLUSIVE to set NOT NULL",
  fixSummary: "Make the columns NOT NULL first, through a validated CHECK (column IS NOT NULL)",
  lockRule: true,
  kinds: ["AlterTableStmt"],
  check(body, ctx) {
    const table = alteredTable(body);
    if (table === undefined) return [];
    const drafts: FindingDraft[] = [];
    for (const command of alterCommands(body)) {
      const c = command.constraint;
      if (command.subtype !== "AT_AddConstraint" || stringOf(c, "contype") !== "CONSTR_PRIMARY") continue;
      const indexName = stringOf(c, "indexname");
      const columns = indexName === "" ? names(listOf(c, "keys")) : ctx.indexColumns(qualifiedIndexName(table, indexName));
      const nullable = columns === undefined ? undefined : columns.filter((column) => !knownNotNull(ctx, body, table, column));
      if (nullable !== undefined && nullable.length === 0) continue;
      const which = nullable === undefined ? `the columns of index ${readableIdent(indexName)}` : `column${nullable.length > 1 ? "s" : ""} ${nullable.map(readableIdent).join(", ")}`;
      const location = locationOf(c);
      drafts.push({
        rule: this.id,
        table,
        lock: "ACCESS EXCLUSIVE",
        rewrites: false,
        offset: location,
        message: `The primary key makes ${which} of ${displayName(table)} NOT NULL, which ${nullable === undefined ? "may be nullable and then" : "may hold NULLs:"} scans the whole table while holding ACCESS EXCLUSIVE, which blocks reads and writes for the whole scan`,
        fix: [
          ...(nullable ?? ["<column>"]).flatMap((column) => notNullSteps(table, column)),
          `-- then add the primary key (USING INDEX of a unique index built CONCURRENTLY)`,
        ].join("\n"),
      });
    }
    return drafts;
  },
};

/** A foreign key a statement adds: the referencing table and columns. */
interface ForeignKey {
  readonly table: string;
  readonly columns: readonly string[];
  readonly name: string;
  readonly target: string;
  readonly location?: number;
}

function foreignKeysOf(kind: string, body: AstNode): ForeignKey[] {
  const table = kind === "CreateStmt" ? qualifiedName(childOf(body, "relation")) : alteredTable(body);
  if (table === undefined) return [];
  const keys: ForeignKey[] = [];
  const add = (c: AstNode | undefined, column?: string) => {
    // A NOT ENFORCED foreign key (PostgreSQL 18) has no triggers, so nothing looks it up.
    if (c === undefined || stringOf(c, "contype") !== "CONSTR_FOREIGN" || !flagOf(c, "is_enforced")) return;
    const columns = column === undefined ? names(listOf(c, "fk_attrs")) : [column];
    const location = locationOf(c);
    keys.push({
      table,
      columns,
      name: stringOf(c, "conname") || defaultConstraintName(table, columns, "fkey"),
      target: qualifiedName(childOf(c, "pktable")),
      location,
    });
  };
  const addColumn = (def: AstNode | undefined) => {
    for (const c of columnConstraints(def)) add(c, stringOf(def, "colname"));
  };
  if (kind === "CreateStmt") {
    for (const element of listOf(body, "tableElts")) {
      const [elementKind, elementBody] = unwrap(element) ?? ["", {}];
      if (elementKind === "ColumnDef") addColumn(elementBody);
      if (elementKind === "Constraint") add(elementBody);
    }
  } else {
    for (const command of alterCommands(body)) {
      if (command.subtype === "AT_AddConstraint") add(command.constraint);
      if (command.subtype === "AT_AddColumn") addColumn(command.column);
    }
  }
  return keys;
}

/** Whether an index's leading columns are the key's columns (in any order). */
function covers(indexColumns: readonly string[], keyColumns: readonly string[]): boolean {
  if (indexColumns.length < keyColumns.length) return false;
  const leading = new Set(indexColumns.slice(0, keyColumns.length));
  return keyColumns.every((column) => leading.has(column));
}

/**
 * Every delete or key update on the referenced table looks up the referencing rows; without an
 * index that starts with the foreign key's columns that is a scan of the referencing table per
 * row (and ON DELETE CASCADE holds its locks for it). PostgreSQL does not create that index. An
 * index built anywhere in the run (earlier, in the same statement, or later) counts. Not a lock
 * rule: a new table needs the index as much as an old one.
 */
export const foreignKeyWithoutIndex: Rule = {
  id: "foreign-key-without-index",
  severity: "warning",
  summary: "A foreign key whose columns lead no index: each delete or key update on the referenced table scans the referencing table",
  fixSummary: "CREATE INDEX (CONCURRENTLY on an existing table) on the foreign key's columns",
  lockRule: false,
  kinds: ["CreateStmt", "AlterTableStmt"],
  check(body, ctx) {
    const [kind] = unwrap(ctx.statement.node) ?? [""];
    const keys = foreignKeysOf(kind, body);
    if (keys.length === 0) return [];
    const built = [ctx.statement, ...ctx.laterStatements()].flatMap((s) => indexesBuiltBy(s.node)).filter((index) => !index.partial);
    return keys
      .filter((key) => {
        const indexes = [...ctx.indexedColumns(key.table), ...built.filter((index) => index.table === key.table).map((index) => index.columns)];
        return !indexes.some((columns) => covers(columns, key.columns));
      })
      .map((key): FindingDraft => {
        const existing = kind !== "CreateStmt" && ctx.isExisting(key.table);
        const index = readableIdent(defaultConstraintName(key.table, key.columns, "idx"));
        const create = `CREATE INDEX${existing ? " CONCURRENTLY" : ""} IF NOT EXISTS ${index} ON ${displayName(key.table)} ${columnList(key.columns)};`;
        return {
          rule: this.id,
          offset: key.location,
          message: `Foreign key ${readableIdent(key.name)} on ${displayName(key.table)} ${columnList(key.columns)} has no index starting with its columns: each delete or key update on ${displayName(key.target)} scans ${displayName(key.table)}`,
          fix: existing ? `-- in a revision with "-- transaction: false":\n${create}` : `-- ${displayName(key.table)} is new: a plain index in the same revision is fine\n${create}`,
        };
      });
  },
};

export const constraintRules: readonly Rule[] = [
  constraintNotValid,
  validateInSameTransaction,
  uniqueWithoutIndex,
  exclusionConstraint,
  primaryKeyNullableColumns,
  foreignKeyWithoutIndex,
];
