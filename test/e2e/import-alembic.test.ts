/**
 * `retort import alembic` through the binary, as a user runs it: one line per revision, the
 * summary, exit 1 when a revision needs manual work, the `--json` document, and exit 2 when no
 * Python with Alembic can be found.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { jsonSchemas } from "../../src/project/documents.ts";
import { FIXTURE_IDS, writeAlembicFixture } from "../support/alembic-fixture.ts";
import { runRetort, tempProject } from "../support/binary.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

const dbs: TestDatabase[] = [];
afterAll(async () => {
  for (const db of dbs) await db.drop();
});

function project(label: string): { dir: string; env: Record<string, string> } {
  const dir = tempProject(label);
  const { pythonPath } = writeAlembicFixture(dir);
  return { dir, env: { PYTHONPATH: pythonPath, PATH: "/usr/bin:/bin" } };
}

describe("retort import alembic", () => {
  it("prints one line per revision and a summary, and exits 1 naming the revision that needs manual work", async () => {
    const { dir, env } = project("import_alembic_cli");
    const db = await createTestDatabase("import_alembic_cli");
    dbs.push(db);
    const r = await runRetort(["import", "alembic", "alembic.ini", "--python", "/usr/bin/python3", "--url", db.url], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(1);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(17);
    expect(lines).toContain(`rendered alembic/versions/${FIXTURE_IDS.merge}_merge_billing.py -> ${FIXTURE_IDS.merge} alembic/versions/${FIXTURE_IDS.merge}_merge_billing.sql`);
    expect(lines).toContain(
      `recovered from schema (needs manual work) alembic/versions/${FIXTURE_IDS.readsConnection}_admins_flag.py -> ${FIXTURE_IDS.readsConnection} alembic/versions/${FIXTURE_IDS.readsConnection}_users_is_admin_from_roles.sql`,
    );
    expect(r.stderr).toMatch(/Imported 17 Alembic revisions \(Alembic \d+\.\d+\.\d+\): 16 rendered, 1 recovered from schema, 0 not converted; 17 written, 0 already there/);
    expect(r.stderr).toContain("sqlalchemy.url was not copied: set DATABASE_URL");
    expect(r.stderr).toContain(`/${db.name} to recover revisions from schema; it is left as Alembic left it`);
    expect(r.stderr).toContain(`error: 1 imported revision needs manual work: ${FIXTURE_IDS.readsConnection}`);

    const heads = await runRetort(["heads"], { cwd: dir, env });
    expect(heads.stdout.trim()).toBe(`${FIXTURE_IDS.concurrentIndex} (billing) (head)`);
    expect(heads.stderr).toContain("alembic/versions holds 17 .py files beside its revisions, which retort does not read: once `retort import alembic` has converted them");

    const again = await runRetort(["import", "alembic", "alembic.ini", "--python", "/usr/bin/python3", "--json"], { cwd: dir, env });
    expect(again.code, again.stderr).toBe(1);
    const parsed = jsonSchemas["import-alembic"].parse(JSON.parse(again.stdout));
    expect(parsed.revisions.filter((x) => x.status === "unchanged")).toHaveLength(16);
    expect(parsed.revisions.find((x) => x.revision === FIXTURE_IDS.readsConnection)!.status).toBe("kept");
    expect(parsed.manualWork).toEqual([FIXTURE_IDS.readsConnection]);
    expect(again.stderr).toContain(`error: 1 imported revision needs manual work: ${FIXTURE_IDS.readsConnection}`);
  }, 60_000);

  it("exits 0 when everything renders offline", async () => {
    const { dir, env } = project("import_alembic_clean");
    const { rmSync } = await import("node:fs");
    rmSync(join(dir, "alembic", "versions", `${FIXTURE_IDS.concurrentIndex}_concurrent_index.py`));
    rmSync(join(dir, "alembic", "versions", `${FIXTURE_IDS.unique}_articles_unique.py`));
    rmSync(join(dir, "alembic", "versions", `${FIXTURE_IDS.status}_article_status.py`));
    rmSync(join(dir, "alembic", "versions", `${FIXTURE_IDS.readsConnection}_admins_flag.py`));
    const r = await runRetort(["import", "alembic", ".", "--python", "/usr/bin/python3"], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Imported 13 Alembic revisions \(Alembic [\d.]+\): 13 rendered, 0 recovered from schema, 0 not converted/);
  }, 60_000);

  it("refuses --python for the other tools", async () => {
    const { dir, env } = project("import_alembic_python_flag");
    const r = await runRetort(["import", "dbmate", "db/migrations", "--python", "/usr/bin/python3"], { cwd: dir, env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: --python is for `retort import alembic` only");
  });

  it("exits 2 with its own code when no Python with Alembic is found, writing nothing", async () => {
    const { dir, env } = project("import_alembic_no_python");
    const r = await runRetort(["import", "alembic", "alembic.ini", "--json"], { cwd: dir, env: { ...env, PATH: join(dir, "nowhere") } });
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as { error: { code: string; message: string } };
    expect(doc.error.code).toBe("alembic-unavailable");
    expect(doc.error.message).toBe('Cannot render Alembic revisions with "python3": no such program');
    expect(existsSync(join(dir, "retort.toml"))).toBe(false);
  }, 60_000);
});
