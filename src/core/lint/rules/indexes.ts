/** Building and dropping indexes on tables in use. */
import { childOf, displayName, flagOf, qualifiedName, readableIdent, stringOf } from "../ast.ts";
import type { Rule } from "../rule.ts";

export const createIndexConcurrently: Rule = {
  id: "create-index-concurrently",
  severity: "error",
  summary: "CREATE INDEX without CONCURRENTLY on an existing table: blocks writes for the whole build",
  fixSummary: "CREATE INDEX CONCURRENTLY IF NOT EXISTS, in a `transaction: false` revision",
  lockRule: true,
  kinds: ["IndexStmt"],
  check(body) {
    if (flagOf(body, "concurrent")) return [];
    const table = qualifiedName(childOf(body, "relation"));
    const index = stringOf(body, "idxname");
    return [
      {
        rule: this.id,
        table,
        lock: "SHARE",
        message: `Building index ${index ? readableIdent(index) : "(unnamed)"} locks ${displayName(table)} in SHARE mode: inserts, updates and deletes wait until the whole index is built`,
        fix: `-- in a revision with "-- transaction: false":\nCREATE ${flagOf(body, "unique") ? "UNIQUE " : ""}INDEX CONCURRENTLY IF NOT EXISTS ${index ? readableIdent(index) : "…"} ON ${displayName(table)} (…);`,
      },
    ];
  },
};

export const indexRules: readonly Rule[] = [createIndexConcurrently];
