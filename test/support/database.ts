/** A fresh database per test file, on the server the global setup found. */
import postgres from "postgres";
import { inject } from "vitest";

export interface TestDatabase {
  readonly name: string;
  /** URL of the fresh database. */
  readonly url: string;
  /** A connection to it, for checking what retort did. */
  readonly sql: postgres.Sql;
  /** Drops the database; call from afterAll. */
  drop(): Promise<void>;
}

/** The superuser URL of the test server. */
export function adminUrl(): string {
  return inject("adminUrl");
}

/** Replaces the database name in a URL. */
export function urlFor(base: string, database: string): string {
  const u = new URL(base);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Creates a uniquely named empty database; `label` keeps names readable in server logs. */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const admin = adminUrl();
  const name = `retort_${label.replace(/\W+/g, "_").toLowerCase()}_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  const root = postgres(admin, { max: 1, onnotice: () => {} });
  await root.unsafe(`create database "${name}"`);
  await root.end();
  const url = urlFor(admin, name);
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  return {
    name,
    url,
    sql,
    async drop() {
      await sql.end({ timeout: 1 });
      const r = postgres(admin, { max: 1, onnotice: () => {} });
      await r.unsafe(`drop database if exists "${name}" with (force)`);
      await r.end();
    },
  };
}
