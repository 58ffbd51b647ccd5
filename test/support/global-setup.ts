/**
 * Finds a PostgreSQL server for the whole test run: TEST_DATABASE_URL, else the local server on
 * 127.0.0.1:5432, else a throwaway cluster started here and stopped at the end. Also makes sure
 * dist/retort is built from the current sources, once, before any end-to-end test runs.
 */
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { ensureBinary } from "./binary.ts";
import { startCluster, type Cluster } from "./cluster.ts";

declare module "vitest" {
  export interface ProvidedContext {
    adminUrl: string;
  }
}

async function reachable(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

let cluster: Cluster | undefined;

export default async function setup(project: TestProject): Promise<() => void> {
  let url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const local = "postgres://postgres@127.0.0.1:5432/postgres";
    if (await reachable(local)) url = local;
    else {
      cluster = await startCluster();
      url = cluster.url;
    }
  }
  project.provide("adminUrl", url);
  ensureBinary();
  return () => cluster?.stop();
}
