/** Maintenance commands that lock a table for a whole rewrite, scan or rebuild. */
import { childOf, displayName, flagOf, listOf, locationOf, names, nodeOf, qualifiedFromNames, qualifiedName, readableIdent, stringOf } from "../ast.ts";
import type { Rule } from "../rule.ts";
import { isConcurrentReindex, isVacuumFull } from "../statement-locks.ts";
import type { FindingDraft } from "../types.ts";

/** PostgreSQL 19's REPACK (CONCURRENTLY) rewrites a table without blocking reads and writes. */
function hasRepack(serverVersionNum: number | undefined): boolean {
  return serverVersionNum !== undefined && serverVersionNum >= 190000;
}

const NOT_IN_TRANSACTION = " (and PostgreSQL refuses it inside a transaction block: it needs a `transaction: false` revision)";

/**
 * VACUUM FULL writes a new copy of the table and its indexes while holding ACCESS EXCLUSIVE (the
 * VACUUM reference page), so nothing can read or write the table until it is done.
 */
export const vacuumFull: Rule = {
  id: "vacuum-full",
  severity: "error",
  summary: "VACUUM FULL on an existing table: rewrites it under ACCESS EXCLUSIVE, blocking reads and writes for the whole rewrite",
  fixSummary: "pg_repack or pg_squeeze to reclaim space online, or a plain VACUUM",
  lockRule: true,
  kinds: ["VacuumStmt"],
  check(body, ctx) {
    if (!isVacuumFull(body)) return [];
    const refused = ctx.inTransaction ? NOT_IN_TRANSACTION : "";
    const relations = listOf(body, "rels").map((item) => childOf(nodeOf(item, "VacuumRelation"), "relation"));
    if (relations.length === 0) {
      return [
        {
          rule: this.id,
          message: `VACUUM FULL without a table rewrites every table of the database, each under ACCESS EXCLUSIVE: reads and writes of each table wait for its whole rewrite${refused}`,
          fix: "-- reclaim space online, table by table: pg_repack --table=<table> (or pg_squeeze); or mark dead rows reusable without locking:\nVACUUM (ANALYZE);",
        },
      ];
    }
    return relations.map((relation): FindingDraft => {
      const table = qualifiedName(relation);
      return {
        rule: this.id,
        table,
        lock: "ACCESS EXCLUSIVE",
        rewrites: true,
        offset: locationOf(relation),
        message: `VACUUM FULL rewrites ${displayName(table)} and its indexes under ACCESS EXCLUSIVE: every read and write of ${displayName(table)} waits for the whole rewrite${refused}`,
        fix: `${hasRepack(ctx.catalog.serverVersionNum) ? `-- PostgreSQL 19+: rewrite without blocking reads and writes, in a revision with \"-- transaction: false\":\nREPACK (CONCURRENTLY) ${displayName(table)};\n` : ""}-- reclaim the space online (no long lock): pg_repack --table=${table} (or pg_squeeze)\n-- or make dead rows reusable without blocking reads or writes, in a revision with "-- transaction: false":\nVACUUM (ANALYZE) ${displayName(table)};`,
      };
    });
  },
};

/** CLUSTER rewrites the table in index order under ACCESS EXCLUSIVE (the CLUSTER reference page). */
export const cluster: Rule = {
  id: "cluster",
  severity: "error",
  summary: "CLUSTER on an existing table: rewrites it under ACCESS EXCLUSIVE, blocking reads and writes for the whole rewrite",
  fixSummary: "pg_repack --order-by (or pg_squeeze) to reorder online",
  lockRule: true,
  kinds: ["ClusterStmt"],
  check(body, ctx) {
    const relation = childOf(body, "relation");
    if (relation === undefined) {
      return [
        {
          rule: this.id,
          message: "CLUSTER without a table rewrites every table clustered before, each under ACCESS EXCLUSIVE: reads and writes of each table wait for its whole rewrite",
          fix: "-- reorder online, table by table: pg_repack --table=<table> --order-by=<columns> (or pg_squeeze)",
        },
      ];
    }
    const table = qualifiedName(relation);
    const index = stringOf(body, "indexname");
    return [
      {
        rule: this.id,
        table,
        lock: "ACCESS EXCLUSIVE",
        rewrites: true,
        offset: locationOf(relation),
        message: `CLUSTER rewrites ${displayName(table)}${index ? ` in the order of ${readableIdent(index)}` : ""} under ACCESS EXCLUSIVE: every read and write of ${displayName(table)} waits for the whole rewrite and index rebuild`,
        fix: `${hasRepack(ctx.catalog.serverVersionNum) ? `-- PostgreSQL 19+: rewrite without blocking reads and writes, in a revision with \"-- transaction: false\":\nREPACK (CONCURRENTLY) ${displayName(table)}${index ? ` USING INDEX ${readableIdent(index)}` : ""};\n` : ""}-- reorder online instead (no long lock): pg_repack --table=${table} --order-by=<the columns of ${index ? index : "the clustering index"}> (or pg_squeeze)${index ? `\n-- to only mark the index for later CLUSTER runs (SHARE UPDATE EXCLUSIVE, brief):\nALTER TABLE ${displayName(table)} CLUSTER ON ${readableIdent(index)};` : ""}`,
      },
    ];
  },
};

/**
 * REINDEX without CONCURRENTLY locks out writes to the table (SHARE) and takes ACCESS EXCLUSIVE
 * on each index it rebuilds, which also blocks the reads that plan with that index (in practice
 * most queries on the table: the planner locks every index). CONCURRENTLY exists since
 * PostgreSQL 12 and cannot run in a transaction block. REINDEX SYSTEM has no concurrent form and
 * is not reported.
 */
export const reindexConcurrently: Rule = {
  id: "reindex-concurrently",
  severity: "error",
  summary: "REINDEX without CONCURRENTLY: blocks writes to the table and reads that use the index for the whole rebuild",
  fixSummary: "REINDEX … CONCURRENTLY (PostgreSQL 12+) in a `transaction: false` revision",
  lockRule: true,
  kinds: ["ReindexStmt"],
  check(body, ctx) {
    if (isConcurrentReindex(body)) return [];
    const kind = stringOf(body, "kind");
    const relation = childOf(body, "relation");
    const old = ctx.catalog.serverVersionNum !== undefined && ctx.catalog.serverVersionNum < 120000;
    const concurrentFix = (target: string) =>
      old
        ? `-- REINDEX … CONCURRENTLY needs PostgreSQL 12+ (this server is older): build a copy and swap, in a revision with "-- transaction: false":\n-- CREATE INDEX CONCURRENTLY <new> ON <table> (<same definition>); DROP INDEX CONCURRENTLY <old>; ALTER INDEX <new> RENAME TO <old>;`
        : `-- in a revision with "-- transaction: false":\nREINDEX ${target};`;
    switch (kind) {
      case "REINDEX_OBJECT_TABLE": {
        const table = qualifiedName(relation);
        return [
          {
            rule: this.id,
            table,
            lock: "SHARE",
            offset: locationOf(relation),
            message: `REINDEX TABLE ${displayName(table)} locks it in SHARE mode (inserts, updates and deletes wait) and each of its indexes in ACCESS EXCLUSIVE mode (queries that plan with that index wait) for the whole rebuild`,
            fix: concurrentFix(`TABLE CONCURRENTLY ${displayName(table)}`),
          },
        ];
      }
      case "REINDEX_OBJECT_INDEX": {
        const index = qualifiedName(relation);
        return [
          {
            rule: this.id,
            offset: locationOf(relation),
            message: `REINDEX INDEX ${displayName(index)} locks the index in ACCESS EXCLUSIVE mode (queries that plan with it wait) and its table in SHARE mode (inserts, updates and deletes wait) for the whole rebuild`,
            fix: concurrentFix(`INDEX CONCURRENTLY ${displayName(index)}`),
          },
        ];
      }
      case "REINDEX_OBJECT_SCHEMA":
      case "REINDEX_OBJECT_DATABASE": {
        const what = kind === "REINDEX_OBJECT_SCHEMA" ? "SCHEMA" : "DATABASE";
        const name = stringOf(body, "name");
        const target = `${what}${name ? ` ${readableIdent(name)}` : ""}`;
        return [
          {
            rule: this.id,
            message: `REINDEX ${target} rebuilds every index ${what === "SCHEMA" ? "in the schema" : "of the database"}, each table in turn locked in SHARE mode (writes wait) and each index in ACCESS EXCLUSIVE mode (reads that use it wait) for its rebuild`,
            fix: concurrentFix(`${what} CONCURRENTLY${name ? ` ${readableIdent(name)}` : ""}`),
          },
        ];
      }
      default:
        return [];
    }
  },
};

/**
 * DETACH PARTITION takes ACCESS EXCLUSIVE on the partitioned table; DETACH … CONCURRENTLY
 * (PostgreSQL 14+) takes only SHARE UPDATE EXCLUSIVE on it, waits for the transactions using it,
 * and cannot run in a transaction block (nor when the table has a default partition).
 */
export const detachPartitionConcurrently: Rule = {
  id: "detach-partition-concurrently",
  severity: "error",
  summary: "DETACH PARTITION without CONCURRENTLY: ACCESS EXCLUSIVE on the partitioned table, blocking its reads and writes",
  fixSummary: "DETACH PARTITION … CONCURRENTLY (PostgreSQL 14+) in a `transaction: false` revision",
  lockRule: true,
  kinds: ["AlterTableStmt"],
  check(body, ctx) {
    const table = qualifiedName(childOf(body, "relation"));
    const drafts: FindingDraft[] = [];
    for (const item of listOf(body, "cmds")) {
      const cmd = nodeOf(item, "AlterTableCmd");
      if (stringOf(cmd, "subtype") !== "AT_DetachPartition") continue;
      const partitionCmd = nodeOf(childOf(cmd, "def"), "PartitionCmd");
      if (flagOf(partitionCmd, "concurrent")) continue;
      const partitionVar = childOf(partitionCmd, "name");
      const partition = displayName(qualifiedName(partitionVar));
      const old = ctx.catalog.serverVersionNum !== undefined && ctx.catalog.serverVersionNum < 140000;
      drafts.push({
        rule: this.id,
        table,
        lock: "ACCESS EXCLUSIVE",
        offset: locationOf(partitionVar),
        message: `Detaching ${partition} locks ${displayName(table)} in ACCESS EXCLUSIVE mode: every read and write of ${displayName(table)} (all its partitions) waits for the detach and for the transactions already using it`,
        fix: old
          ? `-- DETACH PARTITION … CONCURRENTLY needs PostgreSQL 14+ (this server is older): run the detach with a short lock_timeout and retries, at a quiet time`
          : `-- in a revision with "-- transaction: false" (not possible while ${displayName(table)} has a DEFAULT partition):\nALTER TABLE ${displayName(table)} DETACH PARTITION ${partition} CONCURRENTLY;\n-- if it is interrupted: ALTER TABLE ${displayName(table)} DETACH PARTITION ${partition} FINALIZE;`,
      });
    }
    return drafts;
  },
};

/**
 * ALTER DOMAIN … ADD CONSTRAINT (and SET NOT NULL) checks every column of every table that uses
 * the domain, holding SHARE on each table (writes wait) for its scan. NOT VALID skips the check;
 * VALIDATE CONSTRAINT later scans under the same SHARE lock, but apart from the schema change.
 */
export const alterDomainAddConstraint: Rule = {
  id: "alter-domain-add-constraint",
  severity: "error",
  summary: "ALTER DOMAIN … ADD CONSTRAINT / SET NOT NULL: scans every column using the domain, blocking writes to those tables",
  fixSummary: "ADD CONSTRAINT … NOT VALID, then VALIDATE CONSTRAINT in a later transaction",
  lockRule: false,
  kinds: ["AlterDomainStmt"],
  check(body, ctx) {
    const domain = qualifiedFromNames(names(listOf(body, "typeName")));
    if (ctx.isNewType(domain)) return [];
    const subtype = stringOf(body, "subtype");
    const shown = displayName(domain);
    const constraint = subtype === "C" ? nodeOf(childOf(body, "def"), "Constraint") : undefined;
    const contype = stringOf(constraint, "contype");
    if (subtype === "C" && contype === "CONSTR_CHECK") {
      if (flagOf(constraint, "skip_validation")) return [];
      const name = stringOf(constraint, "conname");
      const shownName = name ? readableIdent(name) : "<name>";
      return [
        {
          rule: this.id,
          offset: locationOf(constraint),
          message: `Adding constraint ${name ? readableIdent(name) : "(unnamed)"} to domain ${shown} checks every column of every table that uses it, each table locked in SHARE mode (inserts, updates and deletes wait) for its whole scan`,
          fix: `ALTER DOMAIN ${shown} ADD CONSTRAINT ${shownName} CHECK (…) NOT VALID;  -- instant; new and updated values are checked from now on\n-- in a later transaction (it still scans under SHARE, but apart from the schema change, and can be timed):\nALTER DOMAIN ${shown} VALIDATE CONSTRAINT ${shownName};`,
        },
      ];
    }
    // SET NOT NULL, or ADD CONSTRAINT … NOT NULL (which takes no NOT VALID): a CHECK does the same job in two steps.
    if (subtype === "O" || (subtype === "C" && contype === "CONSTR_NOTNULL")) {
      const check = readableIdent(stringOf(constraint, "conname") || `${domain.slice(domain.indexOf(".") + 1)}_not_null`);
      return [
        {
          rule: this.id,
          offset: locationOf(constraint),
          message: `Making domain ${shown} NOT NULL checks every column of every table that uses it, each table locked in SHARE mode (inserts, updates and deletes wait) for its whole scan`,
          fix: `ALTER DOMAIN ${shown} ADD CONSTRAINT ${check} CHECK (VALUE IS NOT NULL) NOT VALID;\n-- in a later transaction:\nALTER DOMAIN ${shown} VALIDATE CONSTRAINT ${check};`,
        },
      ];
    }
    return [];
  },
};

export const maintenanceRules: readonly Rule[] = [vacuumFull, cluster, reindexConcurrently, detachPartitionConcurrently, alterDomainAddConstraint];
