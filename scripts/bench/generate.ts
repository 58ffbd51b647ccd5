/**
 * Generated workloads, written into a directory in each tool's own format: retort revision files,
 * dbmate and node-pg-migrate migrations, and single up/down scripts for `psql -1 -f`.
 */
import { createHash } from "node:crypto";
import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** One migration, independent of any tool: a snake_case name and its SQL both ways. */
export interface Migration {
  readonly name: string;
  readonly up: string;
  readonly down: string;
  /** `up`'s statements, one by one, without their semicolons (what a tool sends for each). */
  readonly upStatements: readonly string[];
}

/** A migration from its up statements and its down script. */
export function migration(name: string, upStatements: readonly string[], down: string): Migration {
  return { name, up: upStatements.map((s) => `${s};`).join("\n"), down, upStatements };
}

/** `count` migrations each creating a table and an index on it (workloads b–d). */
export function tableMigrations(count: number): Migration[] {
  return Array.from({ length: count }, (_, i) =>
    migration(`create_t_${i + 1}`, [`CREATE TABLE t_${i + 1} (id int primary key, v text)`, `CREATE INDEX t_${i + 1}_v_idx ON t_${i + 1} (v)`], `DROP TABLE t_${i + 1};`),
  );
}

/** `count` migrations that do nothing but `SELECT 1;` (workload e: the cost of the tool alone). */
export function trivialMigrations(count: number): Migration[] {
  return Array.from({ length: count }, (_, i) => migration(`noop_${i + 1}`, ["SELECT 1"], "SELECT 1;"));
}

/** A random-looking but reproducible 12-hex revision id for migration `index`. */
export function revisionId(index: number): string {
  return createHash("sha1").update(`retort-bench-${index}`).digest("hex").slice(0, 12);
}

/**
 * How long ago the generated revision files were last changed. A deploy runs on files checked out
 * earlier; retort reads a file changed within the last 2 seconds again on every run, in case it
 * changes again within its timestamp's resolution (header-cache.ts), and the timed runs of a
 * workload start sooner than that after its files are written.
 */
const CHECKED_OUT_AGO_MS = 60 * 60 * 1000;

/** Writes `migrations/versions/<rev>_<name>.sql`, one linear chain of revisions, dated an hour ago. */
export function writeRetortProject(dir: string, migrations: readonly Migration[]): void {
  const versions = join(dir, "migrations", "versions");
  mkdirSync(versions, { recursive: true });
  const checkedOut = new Date(Date.now() - CHECKED_OUT_AGO_MS);
  let down = "";
  migrations.forEach((m, i) => {
    const rev = revisionId(i);
    const text = [
      `-- ${m.name.replace(/_/g, " ")}`,
      "--",
      `-- revision: ${rev}`,
      `-- down_revision: ${down}`,
      "-- branch_labels:",
      "-- depends_on:",
      `-- create_date: ${formatDate(stepDate(i), " ")}`,
      "-- transaction: true",
      "",
      "-- migrate:upgrade",
      m.up,
      "",
      "-- migrate:downgrade",
      m.down,
      "",
    ].join("\n");
    const file = join(versions, `${rev}_${m.name}.sql`);
    writeFileSync(file, text);
    utimesSync(file, checkedOut, checkedOut);
    down = rev;
  });
}

/** Writes `db/migrations/<YYYYMMDDHHMMSS>_<name>.sql` with dbmate's up/down markers. */
export function writeDbmateProject(dir: string, migrations: readonly Migration[]): void {
  const folder = join(dir, "db", "migrations");
  mkdirSync(folder, { recursive: true });
  migrations.forEach((m, i) => {
    const version = formatDate(stepDate(i), "").replace(/[-:]/g, "");
    writeFileSync(join(folder, `${version}_${m.name}.sql`), `-- migrate:up\n${m.up}\n\n-- migrate:down\n${m.down}\n`);
  });
}

/** Writes `migrations/<epoch-ms>_<name>.sql`, node-pg-migrate's SQL format and default prefix. */
export function writePgMigrateProject(dir: string, migrations: readonly Migration[]): void {
  const folder = join(dir, "migrations");
  mkdirSync(folder, { recursive: true });
  migrations.forEach((m, i) => {
    const name = m.name.replace(/_/g, "-");
    writeFileSync(join(folder, `${stepDate(i).getTime()}_${name}.sql`), `-- Up Migration\n${m.up}\n\n-- Down Migration\n${m.down}\n`);
  });
}

/** Writes `up.sql` (every upgrade in order) and `down.sql` (every downgrade, newest first). */
export function writePsqlScripts(dir: string, migrations: readonly Migration[]): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "up.sql"), migrations.map((m) => m.up).join("\n") + "\n");
  writeFileSync(join(dir, "down.sql"), [...migrations].reverse().map((m) => m.down).join("\n") + "\n");
}

const EPOCH = Date.UTC(2026, 0, 1);

/** One second per migration from a fixed date, so timestamps sort in migration order. */
function stepDate(index: number): Date {
  return new Date(EPOCH + index * 1000);
}

/** `YYYY-MM-DD<sep>HH:MM:SS` in UTC. */
function formatDate(date: Date, sep: string): string {
  return date.toISOString().slice(0, 19).replace("T", sep);
}
