/** Adding and changing columns of tables in use: defaults, generated and serial columns, NOT NULL, types. */
import { childOf, displayName, flagOf, listOf, locationOf, names, nodeOf, readableIdent, stringOf, typeNameText, unwrap } from "../ast.ts";
import type { Rule, RuleContext } from "../rule.ts";
import type { AstNode, FindingDraft } from "../types.ts";
import {
  alterCommands,
  alteredTable,
  alterTableLock,
  alterTablePrefix,
  columnConstraints,
  inlineConstraintText,
  lockBlocks,
  notNullSteps,
  SERIAL_TYPES,
  type AlterCommand,
} from "./_alter-table.ts";
import { typeChangeCost, typeParts } from "./_type-change.ts";

/** A type for SQL shown to a person: without the `public.` the parser's names carry. */
function shownType(type: string): string {
  return type.startsWith("public.") ? type.slice("public.".length) : type;
}

/** The ADD COLUMN commands of an ALTER TABLE of a table (none for other ALTERs). */
function addedColumns(body: AstNode): { command: AlterCommand; def: AstNode; name: string }[] {
  if (alteredTable(body) === undefined) return [];
  return alterCommands(body).flatMap((command) =>
    command.subtype === "AT_AddColumn" && command.column !== undefined ? [{ command, def: command.column, name: stringOf(command.column, "colname") }] : [],
  );
}

function constraintOf(def: AstNode, type: string): AstNode | undefined {
  return columnConstraints(def).find((c) => stringOf(c, "contype") === type);
}

function isSerial(def: AstNode): boolean {
  const parts = names(listOf(childOf(def, "typeName"), "names"));
  return parts.length === 1 && SERIAL_TYPES.has(parts[0]!);
}

/** The column's default expression, unless it is absent or `DEFAULT NULL`. */
function defaultExpression(def: AstNode): AstNode | undefined {
  const expression = childOf(constraintOf(def, "CONSTR_DEFAULT"), "raw_expr") ?? childOf(def, "raw_default");
  if (expression === undefined) return undefined;
  return flagOf(nodeOf(expression, "A_Const"), "isnull") ? undefined : expression;
}

// pg_proc.provolatile = 'v' among the functions a default may call (PostgreSQL 15's catalog; uuidv4/uuidv7
// from 18, uuid_generate_* from uuid-ossp, gen_random_bytes/gen_salt from pgcrypto). Anything not known
// either way is "unknown".
const VOLATILE_FUNCTIONS = new Set([
  "random",
  "random_normal",
  "gen_random_uuid",
  "uuidv4",
  "uuidv7",
  "uuid_generate_v1",
  "uuid_generate_v1mc",
  "uuid_generate_v4",
  "gen_random_bytes",
  "gen_salt",
  "clock_timestamp",
  "timeofday",
  "nextval",
  "setval",
  "currval",
  "lastval",
  "setseed",
  "set_config",
  "txid_status",
  "lo_import",
  "lo_create",
  "lo_from_bytea",
]);
// Immutable or stable in pg_catalog: evaluated once when the column is added (PostgreSQL 11+ stores the value).
const NON_VOLATILE_FUNCTIONS = new Set([
  "txid_current",
  "pg_current_xact_id",
  "now",
  "transaction_timestamp",
  "statement_timestamp",
  "current_setting",
  "timezone",
  "date_trunc",
  "date_part",
  "extract",
  "make_date",
  "make_time",
  "make_timestamp",
  "make_timestamptz",
  "make_interval",
  "to_timestamp",
  "to_date",
  "to_char",
  "to_json",
  "to_jsonb",
  "json_build_object",
  "jsonb_build_object",
  "json_build_array",
  "jsonb_build_array",
  "array_fill",
  "lower",
  "upper",
  "length",
  "concat",
  "replace",
  "md5",
  "abs",
  "round",
  "int4range",
  "int8range",
  "numrange",
  "tsrange",
  "tstzrange",
  "daterange",
]);

type Volatility = { kind: "constant" } | { kind: "volatile"; name: string } | { kind: "unknown"; name: string };

/** Whether a default expression is volatile (evaluated per row: a rewrite), known not to be, or unknown. */
export function defaultVolatility(expression: AstNode | undefined): Volatility {
  const [kind, body] = unwrap(expression) ?? ["", {}];
  const all = (nodes: readonly (AstNode | undefined)[]): Volatility => {
    let result: Volatility = { kind: "constant" };
    for (const node of nodes) {
      if (node === undefined) continue;
      const v = defaultVolatility(node);
      if (v.kind === "volatile") return v;
      if (v.kind === "unknown") result = v;
    }
    return result;
  };
  switch (kind) {
    case "A_Const":
    case "SQLValueFunction":
      return { kind: "constant" };
    case "TypeCast":
    case "CollateClause":
    case "NullTest":
    case "BooleanTest":
      return all([childOf(body, "arg")]);
    case "A_Expr":
      return all([childOf(body, "lexpr"), childOf(body, "rexpr"), ...listOf(body, "rexpr")]);
    case "BoolExpr":
    case "CoalesceExpr":
    case "MinMaxExpr":
    case "RowExpr":
      return all(listOf(body, "args"));
    case "A_ArrayExpr":
      return all(listOf(body, "elements"));
    case "CaseExpr":
      return all([
        childOf(body, "arg"),
        childOf(body, "defresult"),
        ...listOf(body, "args").flatMap((when) => [childOf(nodeOf(when, "CaseWhen"), "expr"), childOf(nodeOf(when, "CaseWhen"), "result")]),
      ]);
    case "FuncCall": {
      const parts = names(listOf(body, "funcname"));
      const name = parts[parts.length - 1]?.toLowerCase() ?? "";
      if (VOLATILE_FUNCTIONS.has(name)) return { kind: "volatile", name: `${name}()` };
      if (!NON_VOLATILE_FUNCTIONS.has(name) || (parts.length === 2 && parts[0] !== "pg_catalog")) return { kind: "unknown", name: `${parts.join(".")}()` };
      return all(listOf(body, "args"));
    }
    default:
      return { kind: "unknown", name: "this expression" };
  }
}

/** Where a clause of an ALTER TABLE is: its node's location, else the statement's start. */
function at(node: AstNode | undefined): { offset?: number } {
  const location = locationOf(node);
  return location === undefined ? {} : { offset: location };
}

/**
 * Since PostgreSQL 11 ADD COLUMN with a non-volatile default is a catalog change (the value is
 * stored once, `attmissingval`); a volatile default (random(), gen_random_uuid(), clock_timestamp(),
 * nextval() …) is evaluated for every row, which rewrites the table under ACCESS EXCLUSIVE. Before
 * 11 every non-null default rewrites. A function retort does not know might be either: a warning.
 */
export const addColumnVolatileDefault: Rule = {
  id: "add-column-volatile-default",
  severity: "error",
  summary: "ADD COLUMN with a volatile default (or any default before PostgreSQL 11): rewrites the table under ACCESS EXCLUSIVE",
  fixSummary: "Add the column without the default (or with a constant one), SET DEFAULT for new rows, backfill in batches",
  lockRule: true,
  kinds: ["AlterTableStmt"],
  check(body, ctx) {
    const table = alteredTable(body);
    if (table === undefined) return [];
    const old = ctx.catalog.serverVersionNum !== undefined && ctx.catalog.serverVersionNum < 110000;
    const drafts: FindingDraft[] = [];
    for (const { def, name } of addedColumns(body)) {
      const expression = defaultExpression(def);
      if (expression === undefined || constraintOf(def, "CONSTR_GENERATED") !== undefined) continue;
      const volatility = defaultVolatility(expression);
      if (volatility.kind === "constant" && !old) continue;
      const column = readableIdent(name);
      const type = shownType(typeNameText(childOf(def, "typeName")));
      const prefix = alterTablePrefix(body, table);
      const written = inlineConstraintText(ctx.statement, def, constraintOf(def, "CONSTR_DEFAULT") ?? {});
      const value = written.toUpperCase().startsWith("DEFAULT") ? written.slice("DEFAULT".length).trim() : "<the default>";
      const why =
        volatility.kind === "volatile"
          ? `its default ${volatility.name} is volatile, so it is evaluated for every row`
          : volatility.kind === "unknown" && !old
            ? `retort cannot tell whether ${volatility.name} is volatile; if it is, it is evaluated for every row`
            : `before PostgreSQL 11 (this server is ${ctx.catalog.serverVersionNum}) every default is written into every row`;
      const unknown = volatility.kind === "unknown" && !old;
      drafts.push({
        rule: this.id,
        ...(unknown ? { severity: "warning" as const } : {}),
        table,
        lock: "ACCESS EXCLUSIVE",
        ...(unknown ? {} : { rewrites: true }),
        ...at(constraintOf(def, "CONSTR_DEFAULT") ?? def),
        message: `Adding column ${column} to ${displayName(table)} ${unknown ? "may rewrite" : "rewrites"} the whole table while holding ACCESS EXCLUSIVE, which blocks reads and writes for the whole rewrite: ${why}`,
        fix: [
          `${prefix} ADD COLUMN ${column} ${type};`,
          `${prefix} ALTER COLUMN ${column} SET DEFAULT ${value}; -- new rows only, no rewrite`,
          `-- then backfill the existing rows in batches, outside the migration's transaction:`,
          `-- UPDATE ${displayName(table)} SET ${column} = ${value} WHERE <key> BETWEEN … AND … AND ${column} IS NULL;`,
        ].join("\n"),
      });
    }
    return drafts;
  },
};

/** A STORED generated column is computed for every existing row when added: a rewrite under ACCESS EXCLUSIVE. */
export const addColumnGeneratedStored: Rule = {
  id: "add-column-generated-stored",
  severity: "error",
  summary: "ADD COLUMN … GENERATED ALWAYS AS (…) STORED on an existing table: rewrites it under ACCESS EXCLUSIVE",
  fixSummary: "A plain column kept up to date by a trigger and backfilled in batches (or a VIRTUAL generated column, PostgreSQL 18+)",
  lockRule: true,
  kinds: ["AlterTableStmt"],
  check(body) {
    const table = alteredTable(body);
    if (table === undefined) return [];
    return addedColumns(body)
      .filter(({ def }) => stringOf(constraintOf(def, "CONSTR_GENERATED"), "generated_kind") === "s")
      .map(({ def, name }): FindingDraft => {
        const column = readableIdent(name);
        const prefix = alterTablePrefix(body, table);
        return {
          rule: this.id,
          table,
          lock: "ACCESS EXCLUSIVE",
          rewrites: true,
          ...at(constraintOf(def, "CONSTR_GENERATED")),
          message: `Adding stored generated column ${column} to ${displayName(table)} computes it for every row, rewriting the whole table while holding ACCESS EXCLUSIVE, which blocks reads and writes for the whole rewrite`,
          fix: [
            `${prefix} ADD COLUMN ${column} ${shownType(typeNameText(childOf(def, "typeName")))};`,
            `-- keep it up to date with a BEFORE INSERT OR UPDATE trigger, backfill the existing rows in batches,`,
            `-- or, on PostgreSQL 18+, add it as a VIRTUAL generated column (computed on read, no rewrite)`,
          ].join("\n"),
        };
      });
  },
};

/** serial / bigserial / smallserial and identity columns fill every existing row from a sequence: a rewrite under ACCESS EXCLUSIVE. */
export const addColumnSerial: Rule = {
  id: "add-column-serial",
  severity: "error",
  summary: "ADD COLUMN of type serial/bigserial/smallserial or GENERATED … AS IDENTITY on an existing table: rewrites it under ACCESS EXCLUSIVE",
  fixSummary: "Add a nullable column, backfill it from a sequence in batches, then make it NOT NULL and attach the identity or default",
  lockRule: true,
  kinds: ["AlterTableStmt"],
  check(body) {
    const table = alteredTable(body);
    if (table === undefined) return [];
    return addedColumns(body)
      .filter(({ def }) => isSerial(def) || constraintOf(def, "CONSTR_IDENTITY") !== undefined)
      .map(({ def, name }): FindingDraft => {
        const column = readableIdent(name);
        const prefix = alterTablePrefix(body, table);
        const identity = constraintOf(def, "CONSTR_IDENTITY");
        const what = identity !== undefined ? "identity column" : `${names(listOf(childOf(def, "typeName"), "names"))[0]} column`;
        const type = shownType(typeNameText(childOf(def, "typeName")));
        return {
          rule: this.id,
          table,
          lock: "ACCESS EXCLUSIVE",
          rewrites: true,
          ...at(identity ?? def),
          message: `Adding ${what} ${column} to ${displayName(table)} takes a sequence value for every row, rewriting the whole table while holding ACCESS EXCLUSIVE, which blocks reads and writes for the whole rewrite`,
          fix: [
            `${prefix} ADD COLUMN ${column} ${type};`,
            `-- backfill the existing rows in batches from a sequence, outside the migration's transaction, then:`,
            ...notNullSteps(table, name),
            `${prefix} ALTER COLUMN ${column} ADD GENERATED BY DEFAULT AS IDENTITY; -- then setval() its sequence past the backfilled values`,
          ].join("\n"),
        };
      });
  },
};

/**
 * ADD COLUMN … NOT NULL with no default fails on a table with rows (23502: the new column would be
 * NULL in every row). Identity, serial and generated columns fill themselves (other rules cover
 * their rewrite).
 */
export const addColumnNotNullWithoutDefault: Rule = {
  id: "add-column-not-null-without-default",
  severity: "error",
  summary: "ADD COLUMN … NOT NULL without a default on an existing table: fails as soon as the table has a row",
  fixSummary: "Add it nullable (or with a constant default), backfill in batches, then SET NOT NULL through a validated CHECK",
  lockRule: true,
  kinds: ["AlterTableStmt"],
  check(body) {
    const table = alteredTable(body);
    if (table === undefined) return [];
    return addedColumns(body)
      .filter(({ def }) => {
        const notNull = flagOf(def, "is_not_null") || constraintOf(def, "CONSTR_NOTNULL") !== undefined || constraintOf(def, "CONSTR_PRIMARY") !== undefined;
        const fills = isSerial(def) || constraintOf(def, "CONSTR_IDENTITY") !== undefined || constraintOf(def, "CONSTR_GENERATED") !== undefined;
        return notNull && !fills && defaultExpression(def) === undefined;
      })
      .map(({ def, name }): FindingDraft => {
        const column = readableIdent(name);
        const prefix = alterTablePrefix(body, table);
        return {
          rule: this.id,
          table,
          lock: "ACCESS EXCLUSIVE",
          rewrites: false,
          ...at(constraintOf(def, "CONSTR_NOTNULL") ?? constraintOf(def, "CONSTR_PRIMARY") ?? def),
          message: `Adding column ${column} to ${displayName(table)} as NOT NULL without a default fails if the table has any row (every row would hold NULL)`,
          fix: [
            `${prefix} ADD COLUMN ${column} ${shownType(typeNameText(childOf(def, "typeName")))}; -- nullable, or with a constant DEFAULT (no rewrite since PostgreSQL 11)`,
            `-- backfill the existing rows in batches, outside the migration's transaction, then:`,
            ...notNullSteps(table, name),
          ].join("\n"),
        };
      });
  },
};

/**
 * SET NOT NULL scans the whole table under ACCESS EXCLUSIVE, unless (PostgreSQL 12+) a validated
 * `CHECK (column IS NOT NULL)` proves no row is NULL; before 12 the check does not help.
 */
export const setNotNull: Rule = {
  id: "set-not-null",
  severity: "error",
  summary: "ALTER COLUMN … SET NOT NULL on an existing table: scans it under ACCESS EXCLUSIVE",
  fixSummary: "ADD CHECK (column IS NOT NULL) NOT VALID; VALIDATE it later; SET NOT NULL (no scan, PostgreSQL 12+); DROP the check",
  lockRule: true,
  kinds: ["AlterTableStmt"],
  check(body, ctx) {
    const table = alteredTable(body);
    if (table === undefined) return [];
    const version = ctx.catalog.serverVersionNum;
    const before12 = version !== undefined && version < 120000;
    const lock = alterTableLock(body);
    const drafts: FindingDraft[] = [];
    for (const command of alterCommands(body)) {
      if (command.subtype !== "AT_SetNotNull") continue;
      if (ctx.column(table, command.name)?.notNull === true) continue;
      const checked = ctx.hasValidatedNotNullCheck(table, command.name);
      if (checked && !before12) continue;
      const column = readableIdent(command.name);
      drafts.push({
        rule: this.id,
        table,
        lock,
        rewrites: false,
        message: `Setting ${column} of ${displayName(table)} NOT NULL scans the whole table while holding ${lock}, which ${lockBlocks(lock)} for the whole scan${checked ? `; the validated CHECK (${column} IS NOT NULL) does not spare the scan before PostgreSQL 12 (this server is ${version})` : ""}`,
        fix: before12
          ? `-- before PostgreSQL 12 there is no scan-free SET NOT NULL: run it in a quiet moment with a short lock_timeout, or keep a validated CHECK (${column} IS NOT NULL) instead of the NOT NULL`
          : notNullSteps(table, command.name).join("\n"),
      });
    }
    return drafts;
  },
};

/** A USING expression that leaves the values as they are: the column itself, possibly cast to the new type. */
function keepsValues(expression: AstNode | undefined, column: string): boolean {
  const [kind, body] = unwrap(expression) ?? ["", {}];
  if (kind === "ColumnRef") {
    const fields = names(listOf(body, "fields"));
    return fields[fields.length - 1] === column;
  }
  if (kind === "TypeCast") return keepsValues(childOf(body, "arg"), column);
  return false;
}

/** The safe way to change a column's type, as SQL. */
function typeChangeFix(prefix: string, table: string, column: string, from: string | undefined, to: string): string {
  const c = readableIdent(column);
  const next = typeParts(to);
  const widerText = from !== undefined && ["character varying", "text"].includes(typeParts(from).base) && next.base === "character varying" && next.modifiers[0] !== undefined;
  if (widerText) {
    const check = readableIdent(`${table.slice(table.indexOf(".") + 1)}_${column}_length`);
    return [
      `-- keep the type and limit the length with a check instead (no rewrite):`,
      `${prefix} ADD CONSTRAINT ${check} CHECK (char_length(${c}) <= ${next.modifiers[0]}) NOT VALID;`,
      `-- in a later transaction:`,
      `${prefix} VALIDATE CONSTRAINT ${check};`,
    ].join("\n");
  }
  const added = readableIdent(`${column}_new`);
  return [
    `-- expand and contract instead of rewriting under the lock:`,
    `${prefix} ADD COLUMN ${added} ${shownType(to)};`,
    `-- keep ${added} in step with ${c} on writes (a trigger), backfill it in batches, then in one short transaction:`,
    `${prefix} RENAME COLUMN ${c} TO ${readableIdent(`${column}_old`)};`,
    `${prefix} RENAME COLUMN ${added} TO ${c};`,
  ].join("\n");
}

/** The ALTER COLUMN … TYPE commands of an ALTER TABLE, with what retort knows of each. */
function typeChanges(body: AstNode, ctx: RuleContext, table: string) {
  return alterCommands(body)
    .filter((command) => command.subtype === "AT_AlterColumnType")
    .map((command) => {
      const to = typeNameText(childOf(command.column, "typeName"));
      const from = ctx.column(table, command.name)?.type;
      const using = childOf(command.column, "raw_default");
      const cost = using !== undefined && !keepsValues(using, command.name) ? "rewrite" : from === undefined ? "unknown" : typeChangeCost(from, to);
      return { command, to, from, cost, using: using !== undefined };
    });
}

/**
 * ALTER COLUMN … TYPE takes ACCESS EXCLUSIVE and rewrites the table and its indexes unless the
 * change is binary coercible (see _type-change.ts); a USING clause that changes the values
 * always rewrites. Judged by the column's real old type: from the database or the SQL before.
 */
export const columnTypeChange: Rule = {
  id: "column-type-change",
  severity: "error",
  summary: "ALTER COLUMN … TYPE that rewrites an existing table (judged by the real old type): ACCESS EXCLUSIVE for the whole rewrite",
  fixSummary: "Expand and contract (a new column, backfilled, then swapped), or a CHECK instead of a shorter length",
  lockRule: true,
  kinds: ["AlterTableStmt"],
  check(body, ctx) {
    const table = alteredTable(body);
    if (table === undefined) return [];
    const prefix = alterTablePrefix(body, table);
    return typeChanges(body, ctx, table)
      .filter((change) => change.cost === "rewrite" || change.cost === "timezone")
      .map((change): FindingDraft => {
        const column = readableIdent(change.command.name);
        const what = `Changing ${column} of ${displayName(table)} ${change.from === undefined ? "" : `from ${shownType(change.from)} `}to ${shownType(change.to)}`;
        if (change.cost === "timezone") {
          return {
            rule: this.id,
            severity: "warning",
            table,
            lock: "ACCESS EXCLUSIVE",
            ...at(change.command.column),
            message: `${what} rewrites the whole table while holding ACCESS EXCLUSIVE, which blocks reads and writes for the whole rewrite, unless the session's TimeZone is UTC (PostgreSQL 12+ then skips the rewrite): set it for the migration's session or check that it is`,
            fix: `SET TimeZone = 'UTC'; -- in the same session, before the ALTER (the values are then reinterpreted as UTC)\n${ctx.statement.text};`,
          };
        }
        return {
          rule: this.id,
          table,
          lock: "ACCESS EXCLUSIVE",
          rewrites: true,
          ...at(change.command.column),
          message: `${what}${change.using && change.from === undefined ? " with a USING expression" : ""} rewrites the whole table and rebuilds its indexes while holding ACCESS EXCLUSIVE: reads and writes wait for the whole rewrite`,
          fix: typeChangeFix(prefix, table, change.command.name, change.from, change.to),
        };
      });
  },
};

/** Without the old type (no database, no earlier statement that defines the column) retort cannot tell a free change from a rewrite. */
export const typeChangeUnknownOldType: Rule = {
  id: "type-change-unknown-old-type",
  severity: "warning",
  summary: "ALTER COLUMN … TYPE on a column whose current type retort does not know: it may rewrite the table",
  fixSummary: "Lint against a database (so retort knows the type), or ignore it with a reason",
  lockRule: true,
  kinds: ["AlterTableStmt"],
  check(body, ctx) {
    const table = alteredTable(body);
    if (table === undefined) return [];
    return typeChanges(body, ctx, table)
      .filter((change) => change.cost === "unknown")
      .map(
        (change): FindingDraft => ({
          rule: this.id,
          table,
          lock: "ACCESS EXCLUSIVE",
          ...at(change.command.column),
          message: `Changing ${readableIdent(change.command.name)} of ${displayName(table)} to ${shownType(change.to)} holds ACCESS EXCLUSIVE (reads and writes blocked), and retort cannot tell whether that lasts a moment or a whole rewrite of the table: the column's current type is unknown (no database, and no earlier statement defines it)`,
          fix: `-- lint with a database connection so retort reads the column's type, or, if the change is binary coercible:\n-- retort:lint-ignore ${this.id} <why it does not rewrite>`,
        }),
      );
  },
};

export const columnRules: readonly Rule[] = [
  addColumnVolatileDefault,
  addColumnGeneratedStored,
  addColumnSerial,
  addColumnNotNullWithoutDefault,
  setNotNull,
  columnTypeChange,
  typeChangeUnknownOldType,
];
