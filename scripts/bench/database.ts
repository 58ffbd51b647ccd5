/**
 * The benchmark's databases: one per tool, dropped and created again before every run that needs
 * a fresh one, through a single admin connection (postgres.js) to the `postgres` database.
 */
import postgres from "postgres";

/** Where the PostgreSQL server is; the bench creates and drops databases on it. */
export const SERVER_URL = process.env.BENCH_DATABASE_SERVER ?? "postgres://postgres@127.0.0.1:5432";

/** The URL of database `name` on the bench server. */
export function databaseUrl(name: string): string {
  return `${SERVER_URL}/${name}`;
}

/** Creates and drops databases on the bench server. */
export interface Admin {
  /** Drops `name` if it exists (closing its connections) and creates it empty, or as a copy of database `template`. */
  fresh(name: string, template?: string): Promise<void>;
  /** Drops `name` if it exists. */
  drop(name: string): Promise<void>;
  /** Runs a multi-statement script in database `name`. */
  run(name: string, script: string): Promise<void>;
  /** The server's version string. */
  serverVersion(): Promise<string>;
  /** Closes the admin connection. */
  close(): Promise<void>;
}

/** Opens the admin connection; fails fast when the server is not there. */
export async function openAdmin(): Promise<Admin> {
  const sql = postgres(databaseUrl("postgres"), { max: 1, onnotice: () => {}, connect_timeout: 5 });
  await sql`select 1`;
  const drop = async (name: string) => {
    await sql.unsafe(`drop database if exists ${quoteIdent(name)} with (force)`);
  };
  return {
    drop,
    async fresh(name, template) {
      await drop(name);
      await sql.unsafe(`create database ${quoteIdent(name)}${template === undefined ? "" : ` template ${quoteIdent(template)}`}`);
      // Flush the dirty buffers now, so a checkpoint is less likely to land inside a timed run.
      await sql`checkpoint`;
    },
    async run(name, script) {
      const db = postgres(databaseUrl(name), { max: 1, onnotice: () => {} });
      try {
        await db.unsafe(script);
      } finally {
        await db.end({ timeout: 5 });
      }
    },
    async serverVersion() {
      const [row] = await sql<{ server_version: string }[]>`show server_version`;
      return row?.server_version ?? "unknown";
    },
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
}

/** `name` as a quoted SQL identifier. */
function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
