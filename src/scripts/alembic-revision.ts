/**
 * The retort SQL revision an imported Alembic revision becomes: the same id, parents, labels,
 * dependencies, message and create date, its SQL, and for a revision Alembic could not render
 * offline a "PORT BY HAND" comment naming the Python file and what is missing.
 */
import type { DatabaseUrl } from "../config/database-url.ts";
import type { AstNode } from "../core/lint/types.ts";
import { renderSqlRevision } from "./new-revision.ts";
import type { SqlParser } from "./sql-parser.ts";

/** What goes in the file besides the Alembic revision's own fields. */
export interface AlembicRevisionBody {
  readonly method: "rendered" | "recovered-from-schema" | "needs-manual-work";
  readonly upgrade: string;
  readonly downgrade: string;
  /** False when the rendered SQL left the transaction (Alembic's autocommit_block). */
  readonly transaction: boolean;
  readonly offlineError: string | null;
}

/** The fields of an Alembic revision the file keeps. */
export interface AlembicRevisionFields {
  readonly id: string;
  readonly down_revision: readonly string[];
  readonly branch_labels: readonly string[];
  readonly depends_on: readonly string[];
  readonly message: string;
  readonly create_date: string | null;
}

/** What starts the comment of a revision to port by hand; a file without it has been ported. */
export const PORT_MARKER = "PORT BY HAND:";

/** The "PORT BY HAND" comment of a revision that was not rendered, for each section. */
function portComment(body: AlembicRevisionBody, source: string, direction: "upgrade" | "downgrade"): string {
  if (body.method === "rendered") return "";
  const lines = [
    `${PORT_MARKER} Alembic could not render ${source} offline`,
    `(${body.offlineError ?? "unknown error"}).`,
    ...(body.method === "recovered-from-schema"
      ? [
          `The schema change below was recovered by running Alembic online and comparing the`,
          `schema before and after it. Whatever ${direction}() reads or writes through the`,
          `connection (moving or fixing data) is not here: port that part from ${source}.`,
        ]
      : [
          `This section is empty: port ${direction}() from ${source} by hand, or run`,
          `\`retort import alembic\` again with --url of an empty database to recover its schema change.`,
        ]),
  ];
  return `${lines.map((l) => `-- ${l}`).join("\n")}\n`;
}

/** The revision file's text. */
export function alembicRevisionText(r: AlembicRevisionFields, body: AlembicRevisionBody, source: string): string {
  return renderSqlRevision({
    id: r.id,
    downRevisions: r.down_revision,
    branchLabels: r.branch_labels,
    dependsOn: r.depends_on,
    message: r.message,
    createDate: r.create_date ?? "",
    transaction: body.transaction,
    upgradeSql: portComment(body, source, "upgrade") + body.upgrade,
    downgradeSql: portComment(body, source, "downgrade") + body.downgrade,
  });
}

/**
 * Alembic's offline SQL without transaction control: a revision's own COMMIT/BEGIN (Alembic's
 * `autocommit_block`) are dropped, and `outsideTransaction` tells that the revision must then run
 * with `transaction: false`, as Alembic ran those statements.
 */
export function withoutTransactionControl(parser: SqlParser, sql: string): { readonly sql: string; readonly outsideTransaction: boolean } {
  if (sql.trim() === "") return { sql: "", outsideTransaction: false };
  const statements = parser.parse(sql);
  const kept = statements.filter((s) => (s.stmt as AstNode)["TransactionStmt"] === undefined);
  if (kept.length === statements.length) return { sql, outsideTransaction: false };
  return { sql: kept.map((s) => `${sql.slice(s.start, s.end)};\n\n`).join(""), outsideTransaction: true };
}

/** A SQLAlchemy URL for the database (psycopg2's default driver), for Alembic's online run. */
export function sqlalchemyUrl(url: DatabaseUrl): string {
  const user = url.user === undefined ? "" : `${encodeURIComponent(url.user)}${url.password === undefined ? "" : `:${encodeURIComponent(url.password)}`}@`;
  const socket = url.host?.startsWith("/") === true;
  const host = url.host === undefined || socket ? "" : url.host.includes(":") ? `[${url.host}]:${url.port}` : `${url.host}:${url.port}`;
  const params = new URLSearchParams(url.params);
  if (socket) params.set("host", url.host!);
  const query = params.toString();
  return `postgresql://${user}${host}/${encodeURIComponent(url.database)}${query === "" ? "" : `?${query}`}`;
}
