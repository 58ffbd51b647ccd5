/**
 * Statements PostgreSQL refuses inside a transaction block (SQLSTATE 25001): the concurrent index
 * operations, VACUUM, CREATE/DROP DATABASE and TABLESPACE, ALTER SYSTEM, REINDEX DATABASE/SYSTEM,
 * and subscriptions that create or drop a replication slot. Flyway runs a migration holding one
 * outside a transaction, and golang-migrate's single-statement file runs outside one too, so an
 * imported revision holding one must be `transaction: false`.
 */
import { flagOf, stringOf, unwrap } from "./lint/ast.ts";
import { concurrentOperation } from "./lint/rules/indexes.ts";
import type { AstNode } from "./lint/types.ts";

const ALWAYS = new Map([
  ["CreatedbStmt", "CREATE DATABASE"],
  ["DropdbStmt", "DROP DATABASE"],
  ["CreateTableSpaceStmt", "CREATE TABLESPACE"],
  ["DropTableSpaceStmt", "DROP TABLESPACE"],
  ["AlterSystemStmt", "ALTER SYSTEM"],
  ["CreateSubscriptionStmt", "CREATE SUBSCRIPTION"],
  ["DropSubscriptionStmt", "DROP SUBSCRIPTION"],
]);

/** What the statement is, when it cannot run inside a transaction block; undefined when it can. */
export function outsideTransactionOnly(node: AstNode): string | undefined {
  const [kind, body] = unwrap(node) ?? ["", {}];
  const always = ALWAYS.get(kind);
  if (always !== undefined) return always;
  if (kind === "VacuumStmt" && flagOf(body, "is_vacuumcmd")) return "VACUUM";
  if (kind === "ReindexStmt" && ["REINDEX_OBJECT_DATABASE", "REINDEX_OBJECT_SYSTEM"].includes(stringOf(body, "kind"))) return "REINDEX DATABASE/SYSTEM";
  return concurrentOperation(node)?.what;
}
