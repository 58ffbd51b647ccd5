/** What `diff`, `dump` and `check` share: the schema sources they take and the SQL they print. */
import type { Invocation } from "../verb.ts";

/** The sources `--from` and `--to` accept. */
export const SOURCE_HELP = "a database URL, `database`, `migrations`, `migrations@<rev>`, `schema` or schema file paths";

/** The SQL on stdout, or `none` on stderr when there is none: a script piped to a file stays empty. */
export function printSql(run: Invocation, sql: string, none: string): void {
  if (sql === "") run.output().info(none);
  else run.output().data(sql.trimEnd());
}
