/** A project directory with its own fresh database in `.env`, dropped after the test file. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll } from "vitest";
import { tempProject } from "./binary.ts";
import { createTestDatabase, type TestDatabase } from "./database.ts";
import { writeEnv } from "./project.ts";

/**
 * Returns a function that makes such projects (with `toml` as their retort.toml when given); call
 * it at the top of a test file, where it registers the afterAll that drops their databases.
 */
export function freshProjects(): (label: string, toml?: string) => Promise<{ db: TestDatabase; dir: string }> {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });
  return async (label, toml) => {
    const db = await createTestDatabase(label);
    dbs.push(db);
    const dir = tempProject(label);
    writeEnv(dir, db.url);
    if (toml) writeFileSync(join(dir, "retort.toml"), toml);
    return { db, dir };
  };
}
