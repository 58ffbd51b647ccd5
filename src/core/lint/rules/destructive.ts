/**
 * Changes that lose data or break the application code still running while a deploy rolls out:
 * renames, drops, TRUNCATE … CASCADE, DROP NOT NULL.
 *
 * Renames and drops of objects the run itself created are exempt (nothing uses them yet), and so
 * are `downgrade` sections for renames, drops and DROP NOT NULL: a downgrade exists to undo its
 * upgrade, so reporting each of its drops would double every finding. DROP DATABASE and
 * TRUNCATE … CASCADE are reported everywhere.
 */
import { childOf, displayName, listOf, locationOf, names, nodeOf, qualifiedFromNames, qualifiedName, readableIdent, stringOf } from "../ast.ts";
import type { Rule, RuleContext } from "../rule.ts";
import type { AstNode, FindingDraft } from "../types.ts";

const RENAMED_TABLES: Readonly<Record<string, string>> = {
  OBJECT_TABLE: "table",
  OBJECT_VIEW: "view",
  OBJECT_MATVIEW: "materialized view",
  OBJECT_FOREIGN_TABLE: "foreign table",
};

/** The same schema as `qualified`, another name. */
function sibling(qualified: string, name: string): string {
  return `${qualified.slice(0, qualified.indexOf("."))}.${name}`;
}

function isDowngrade(ctx: RuleContext): boolean {
  return ctx.unit.section === "downgrade";
}

/** How to acknowledge an intended change, as the last line of a fix. */
function acknowledge(rule: string): string {
  return `-- when it is intended and no deployed code uses it any more: -- retort:lint-ignore ${rule} <reason>`;
}

/**
 * Renaming a table or view takes effect at COMMIT for every session at once, while the previous
 * release's code keeps naming the old one until each instance is replaced. Error by default, as in
 * squawk: the failure is certain for any code that names it. Not reported when the same
 * transaction creates a view with the old name (the fix).
 */
export const renameTable: Rule = {
  id: "rename-table",
  severity: "error",
  summary: "Renaming a table or view: code still running from the previous release fails on the old name",
  fixSummary: "Expand/contract, or rename and leave a view with the old name until no code uses it",
  lockRule: false,
  kinds: ["RenameStmt"],
  check(body, ctx) {
    const kind = RENAMED_TABLES[stringOf(body, "renameType")];
    const relation = childOf(body, "relation");
    if (kind === undefined || relation === undefined || isDowngrade(ctx)) return [];
    const table = qualifiedName(relation);
    if (!ctx.isExisting(table)) return [];
    // The fix itself: a view with the old name, created in the same transaction, keeps old code working.
    const keptByView = ctx.transactionAfter.some((s) => qualifiedName(childOf(nodeOf(s.node, "ViewStmt"), "view")) === table);
    if (keptByView) return [];
    const renamed = displayName(sibling(table, stringOf(body, "newname")));
    const old = displayName(table);
    const view = kind === "table" || kind === "view" || kind === "foreign table";
    return [
      {
        rule: this.id,
        table,
        lock: "ACCESS EXCLUSIVE",
        offset: locationOf(relation),
        message: `Renaming ${kind} ${old} to ${renamed} breaks the code still running from the previous release: its queries on ${old} fail until every instance runs the new code`,
        fix: view
          ? `ALTER ${kind === "table" ? "TABLE" : kind === "view" ? "VIEW" : "FOREIGN TABLE"} ${old} RENAME TO ${renamed};\n-- in the same transaction, a view with the old name (a simple view is updatable: old code keeps reading and writing):\nCREATE VIEW ${old} AS SELECT * FROM ${renamed};\n-- in a later release, once no deployed code uses ${old}:\n-- DROP VIEW ${old};`
          : `-- create ${renamed} next to ${old}, move the code to it, and drop ${old} in a later release`,
      },
    ];
  },
};

/**
 * Renaming a column is instant (ACCESS EXCLUSIVE, briefly) but the previous release's queries name
 * the old column until they are replaced. Columns the run added are exempt.
 */
export const renameColumn: Rule = {
  id: "rename-column",
  severity: "error",
  summary: "Renaming a column: code still running from the previous release fails on the old name",
  fixSummary: "Expand/contract: add the new column, write both, backfill, move readers, drop the old one later",
  lockRule: false,
  kinds: ["RenameStmt"],
  check(body, ctx) {
    if (stringOf(body, "renameType") !== "OBJECT_COLUMN" || isDowngrade(ctx)) return [];
    const relation = childOf(body, "relation");
    const table = qualifiedName(relation);
    const column = stringOf(body, "subname");
    if (!ctx.isExisting(table) || ctx.isNewColumn(table, column)) return [];
    const renamed = readableIdent(stringOf(body, "newname"));
    const shown = displayName(table);
    const type = ctx.column(table, column)?.type ?? "<its type>";
    return [
      {
        rule: this.id,
        table,
        lock: "ACCESS EXCLUSIVE",
        offset: locationOf(relation),
        message: `Renaming column ${shown}.${readableIdent(column)} to ${renamed} breaks the code still running from the previous release: its queries that name ${readableIdent(column)} fail until every instance runs the new code`,
        fix: `-- expand: add the new column and keep both in step (a trigger, or the application writing both)\nALTER TABLE ${shown} ADD COLUMN ${renamed} ${type};\n-- backfill ${renamed} from ${readableIdent(column)} in batches, then move readers and writers to ${renamed}\n-- contract, in a later release once no deployed code uses it:\n-- ALTER TABLE ${shown} DROP COLUMN ${readableIdent(column)};`,
      },
    ];
  },
};

/**
 * Renaming a type or domain breaks casts and function signatures that name it; renaming an enum
 * value (ALTER TYPE … RENAME VALUE) changes what every stored row reads as and makes the old
 * value an error for code that still writes it. A warning: application code names types far less
 * often than tables and columns, but an enum value rename is as breaking as a column rename.
 */
export const renameType: Rule = {
  id: "rename-type",
  severity: "warning",
  summary: "Renaming a type, domain or enum value: code still running from the previous release that names it fails",
  fixSummary: "Add the new name (ADD VALUE / a new type), move code and data to it, retire the old one later",
  lockRule: false,
  kinds: ["RenameStmt", "AlterEnumStmt"],
  check(body, ctx) {
    if (isDowngrade(ctx)) return [];
    if (stringOf(body, "oldVal") !== "") {
      const type = qualifiedFromNames(names(listOf(body, "typeName")));
      if (ctx.isNewType(type)) return [];
      const from = quoteValue(stringOf(body, "oldVal"));
      const to = quoteValue(stringOf(body, "newVal"));
      return [
        {
          rule: this.id,
          message: `Renaming value ${from} of enum ${displayName(type)} to ${to} changes every stored ${from} at once: code still running from the previous release that writes or compares ${from} fails or stops matching`,
          fix: `-- in its own transaction (a value added in a transaction cannot be used before COMMIT):\nALTER TYPE ${displayName(type)} ADD VALUE IF NOT EXISTS ${to};\n-- then move the code to ${to}, and migrate the rows in batches:\n-- UPDATE <table> SET <column> = ${to} WHERE <column> = ${from} AND <key range>;\n-- (enum values cannot be dropped: ${from} stays, unused)`,
        },
      ];
    }
    const renameType = stringOf(body, "renameType");
    if (renameType !== "OBJECT_TYPE" && renameType !== "OBJECT_DOMAIN") return [];
    const type = qualifiedFromNames(names(listOf(nodeOf(childOf(body, "object"), "List"), "items")));
    if (ctx.isNewType(type)) return [];
    const kind = renameType === "OBJECT_DOMAIN" ? "domain" : "type";
    const renamed = displayName(sibling(type, stringOf(body, "newname")));
    return [
      {
        rule: this.id,
        message: `Renaming ${kind} ${displayName(type)} to ${renamed} breaks code still running from the previous release that names it (casts such as '…'::${displayName(type)}, function signatures)`,
        fix: `-- first deploy code that no longer names ${displayName(type)} (or keep the name), then rename in a later release\n${acknowledge(this.id)}`,
      },
    ];
  },
};

/** An enum value as a SQL literal. */
function quoteValue(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * DROP TABLE deletes the data and fails every query of the previous release that names the table;
 * CASCADE also drops the views and foreign keys that depend on it. Tables the run created are exempt.
 */
export const dropTable: Rule = {
  id: "drop-table",
  severity: "error",
  summary: "DROP TABLE on an existing table: deletes its data, and code still running from the previous release fails",
  fixSummary: "Drop it in a release after the one whose code stopped using it, with a backup if the data may matter",
  lockRule: false,
  kinds: ["DropStmt"],
  check(body, ctx) {
    if (stringOf(body, "removeType") !== "OBJECT_TABLE" || isDowngrade(ctx)) return [];
    const cascade = stringOf(body, "behavior") === "DROP_CASCADE";
    const drafts: FindingDraft[] = [];
    for (const object of listOf(body, "objects")) {
      const table = qualifiedFromNames(names(listOf(nodeOf(object, "List"), "items")));
      if (!ctx.isExisting(table)) continue;
      const shown = displayName(table);
      drafts.push({
        rule: this.id,
        table,
        lock: "ACCESS EXCLUSIVE",
        message: `Dropping table ${shown} deletes its data, and code still running from the previous release fails on every query that names it${cascade ? "; CASCADE also drops the views and foreign keys that depend on it" : ""}`,
        fix: `-- first deploy code that no longer uses ${shown}; drop it in a later revision, keeping a copy if the data may be needed:\n-- pg_dump --table=${table} --format=custom …\n${acknowledge(this.id)}`,
      });
    }
    return drafts;
  },
};

/**
 * DROP COLUMN only marks the column dropped (ACCESS EXCLUSIVE, briefly, no rewrite) but its data is
 * gone, and the previous release's queries that name it fail — ORMs that list every column they
 * know in SELECT and INSERT fail on any query of the table. Also ALTER FOREIGN TABLE … DROP COLUMN
 * (code breaks; the data lives elsewhere) and ALTER TYPE … DROP ATTRIBUTE of a composite type
 * (dropped from every column of that type).
 */
export const dropColumn: Rule = {
  id: "drop-column",
  severity: "error",
  summary: "DROP COLUMN (or a composite type's DROP ATTRIBUTE) on an existing column: deletes its data, and code still running from the previous release that names it fails",
  fixSummary: "First deploy code that ignores the column, then drop it in a later release",
  lockRule: false,
  kinds: ["AlterTableStmt"],
  check(body, ctx) {
    const objtype = stringOf(body, "objtype");
    if (isDowngrade(ctx) || (objtype !== "OBJECT_TABLE" && objtype !== "OBJECT_FOREIGN_TABLE" && objtype !== "OBJECT_TYPE")) return [];
    const table = qualifiedName(childOf(body, "relation"));
    // A foreign table's rows live elsewhere (and it is not in the catalog's tables); a composite
    // type's attribute is dropped from every column of that type.
    if (objtype === "OBJECT_TABLE" && !ctx.isExisting(table)) return [];
    if (objtype === "OBJECT_TYPE" && ctx.isNewType(table)) return [];
    const shown = displayName(table);
    const drafts: FindingDraft[] = [];
    for (const item of listOf(body, "cmds")) {
      const cmd = nodeOf(item, "AlterTableCmd");
      if (stringOf(cmd, "subtype") !== "AT_DropColumn") continue;
      const column = stringOf(cmd, "name");
      if (objtype === "OBJECT_TABLE" && ctx.isNewColumn(table, column)) continue;
      const col = readableIdent(column);
      if (objtype === "OBJECT_TYPE") {
        drafts.push({
          rule: this.id,
          message: `Dropping attribute ${col} of composite type ${shown} drops it, with its data, from every column of that type, and code still running from the previous release that reads (…).${col} breaks`,
          fix: `-- first deploy code that no longer uses ${col}, then in a later revision:\nALTER TYPE ${shown} DROP ATTRIBUTE IF EXISTS ${col};\n${acknowledge(this.id)}`,
        });
        continue;
      }
      const foreign = objtype === "OBJECT_FOREIGN_TABLE";
      drafts.push({
        rule: this.id,
        ...(foreign ? {} : { table, lock: "ACCESS EXCLUSIVE" as const, rewrites: false }),
        message: foreign
          ? `Dropping column ${shown}.${col} of a foreign table breaks code still running from the previous release where it names ${col}`
          : `Dropping column ${shown}.${col} deletes its data, and code still running from the previous release breaks where it names ${col} (an ORM that selects every column it knows fails on any query of ${shown})`,
        fix: `-- first deploy code that no longer reads or writes ${col} (tell the ORM to ignore it), then in a later revision:\nALTER ${foreign ? "FOREIGN TABLE" : "TABLE"} ${shown} DROP COLUMN IF EXISTS ${col};\n${acknowledge(this.id)}`,
      });
    }
    return drafts;
  },
};

/**
 * DROP TYPE / DROP DOMAIN: PostgreSQL refuses while a column uses the type, unless CASCADE, which
 * drops those columns with their data. A warning by default; types the run created are exempt.
 */
export const dropType: Rule = {
  id: "drop-type",
  severity: "warning",
  summary: "DROP TYPE / DROP DOMAIN on an existing type: code that names it breaks; with CASCADE its columns and their data go too",
  fixSummary: "Move columns and code off the type first; drop it in a later release, without CASCADE",
  lockRule: false,
  kinds: ["DropStmt"],
  check(body, ctx) {
    const removeType = stringOf(body, "removeType");
    if ((removeType !== "OBJECT_TYPE" && removeType !== "OBJECT_DOMAIN") || isDowngrade(ctx)) return [];
    const cascade = stringOf(body, "behavior") === "DROP_CASCADE";
    const kind = removeType === "OBJECT_DOMAIN" ? "domain" : "type";
    const drafts: FindingDraft[] = [];
    for (const object of listOf(body, "objects")) {
      const typeName = nodeOf(object, "TypeName");
      const type = qualifiedFromNames(names(listOf(typeName, "names")));
      if (ctx.isNewType(type)) continue;
      const shown = displayName(type);
      drafts.push({
        rule: this.id,
        offset: locationOf(typeName),
        message: cascade
          ? `Dropping ${kind} ${shown} with CASCADE also drops every column of that ${kind}, with its data, and breaks code still running from the previous release that names them`
          : `Dropping ${kind} ${shown} breaks code still running from the previous release that names it (PostgreSQL refuses while a column still uses it)`,
        fix: `-- first move the columns and the code off ${shown}; then, in a later revision:\nDROP ${kind.toUpperCase()} IF EXISTS ${shown};  -- without CASCADE: PostgreSQL refuses if anything still uses it\n${acknowledge(this.id)}`,
      });
    }
    return drafts;
  },
};

/** DROP DATABASE deletes a whole database: never what a schema migration should do. */
export const dropDatabase: Rule = {
  id: "drop-database",
  severity: "error",
  summary: "DROP DATABASE: deletes a whole database",
  fixSummary: "Drop databases by hand, after a backup, not in a migration",
  lockRule: false,
  kinds: ["DropdbStmt"],
  check(body) {
    const name = readableIdent(stringOf(body, "dbname"));
    return [
      {
        rule: this.id,
        message: `DROP DATABASE ${name} deletes the whole database ${name} and everything in it`,
        fix: `-- not in a migration: drop ${name} by hand, after a backup (pg_dump --format=custom --dbname=${name} …)`,
      },
    ];
  },
};

/**
 * TRUNCATE … CASCADE also empties every table with a foreign key to the truncated ones, and every
 * table referencing those, transitively: far more than the statement names.
 */
export const truncateCascade: Rule = {
  id: "truncate-cascade",
  severity: "error",
  summary: "TRUNCATE … CASCADE: also empties every table that references it, transitively",
  fixSummary: "TRUNCATE without CASCADE, naming every table meant to be emptied",
  lockRule: false,
  kinds: ["TruncateStmt"],
  check(body, ctx) {
    if (stringOf(body, "behavior") !== "DROP_CASCADE") return [];
    const relations = listOf(body, "relations").map((item) => nodeOf(item, "RangeVar"));
    const tables = relations.map((relation) => qualifiedName(relation));
    if (tables.every((table) => !ctx.isExisting(table))) return [];
    const shown = tables.map(displayName).join(", ");
    return [
      {
        rule: this.id,
        table: tables.length === 1 ? tables[0] : undefined,
        lock: tables.length === 1 ? "ACCESS EXCLUSIVE" : undefined,
        offset: locationOf(relations[0]),
        message: `TRUNCATE ${shown} CASCADE also empties every table with a foreign key to ${tables.length === 1 ? "it" : "them"}, and every table referencing those, transitively`,
        fix: `TRUNCATE ${shown};  -- without CASCADE PostgreSQL refuses while other tables reference ${tables.length === 1 ? "it" : "them"}, and names them: add those explicitly if they are meant to be emptied`,
      },
    ];
  },
};

/**
 * DROP NOT NULL is instant, but it is a contract change: readers written against the column
 * (application code, reports, other services) may assume a value. A warning: often intended.
 */
export const dropNotNull: Rule = {
  id: "drop-not-null",
  severity: "warning",
  summary: "DROP NOT NULL on an existing column: readers that assumed a value may break once NULLs are written",
  fixSummary: "Fine when intended: deploy readers that handle NULL before writers that write it",
  lockRule: false,
  kinds: ["AlterTableStmt"],
  check(body, ctx) {
    if (isDowngrade(ctx)) return [];
    const table = qualifiedName(childOf(body, "relation"));
    if (!ctx.isExisting(table)) return [];
    return listOf(body, "cmds")
      .map((item) => nodeOf(item, "AlterTableCmd"))
      .filter((cmd): cmd is AstNode => stringOf(cmd, "subtype") === "AT_DropNotNull" && !ctx.isNewColumn(table, stringOf(cmd, "name")))
      .map((cmd) => {
        const col = readableIdent(stringOf(cmd, "name"));
        return {
          rule: this.id,
          table,
          lock: "ACCESS EXCLUSIVE" as const,
          message: `Dropping NOT NULL on ${displayName(table)}.${col} lets NULLs in: readers that assume ${col} always has a value (application code, reports, other services) may break once one is written`,
          fix: `-- fine when intended: first deploy readers that handle a NULL ${col}, then this change and the writers that write NULL\n${acknowledge(this.id)}`,
        };
      });
  },
};

export const destructiveRules: readonly Rule[] = [renameTable, renameColumn, renameType, dropTable, dropColumn, dropType, dropDatabase, truncateCascade, dropNotNull];
