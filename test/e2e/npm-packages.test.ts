/**
 * `npx retort` without Bun: `bun build.ts --npm` writes the `retort` package (a Node launcher and
 * the library API) and the host's `retort-<target>` (its executable); packed with `npm pack` and
 * installed from the tarballs into an empty project in one `npm install`, `npx retort` runs the
 * executable and `import { upgrade } from "retort"` works under Node.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../support/binary.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { writeSqlRevision } from "../support/project.ts";
import { hostTarget } from "../../src/cli/version.ts";

const work = mkdtempSync(join(tmpdir(), "retort-npm-"));
const app = join(work, "app");
let db: TestDatabase;
/** PATH with node and npm, and none of bun, deno or the repository's node_modules/.bin. */
const path = [dirname(process.execPath), "/usr/bin", "/bin"].join(":");
const env = { PATH: path, HOME: work, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" };

function run(command: string, args: readonly string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(command, [...args], { cwd, env: { ...env, npm_config_cache: join(process.env.HOME ?? "/root", ".npm") }, encoding: "utf8", timeout: 240_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  db = await createTestDatabase("npm_packages");
  const out = join(work, "dist");
  const build = spawnSync(join(repoRoot, "node_modules", ".bin", "bun"), ["build.ts", "--npm", `--outdir=${out}`], { cwd: repoRoot, encoding: "utf8" });
  expect(build.status, build.stderr).toBe(0);
  const packs = join(work, "packs");
  mkdirSync(packs);
  for (const pkg of readdirSync(join(out, "npm"))) {
    const r = run("npm", ["pack", "--pack-destination", packs], join(out, "npm", pkg));
    expect(r.code, r.stderr).toBe(0);
  }
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", version: "1.0.0", private: true, type: "module" }));
  // One install of every tarball; their dependencies come from npm's cache (the repository's own install filled it).
  const tarballs = readdirSync(packs).map((f) => join(packs, f));
  const install = run("npm", ["install", "--prefer-offline", ...tarballs], app);
  expect(install.code, install.stderr).toBe(0);
}, 300_000);

afterAll(async () => {
  await db?.drop();
  rmSync(work, { recursive: true, force: true });
});

describe("the npm packages, installed from their tarballs", () => {
  it("hold the launcher and library in retort, and the executable in the host's platform package", () => {
    const installed = readdirSync(join(app, "node_modules"));
    expect(installed).toContain("retort");
    expect(installed).toContain(`retort-${hostTarget()}`);
    expect(spawnSync("sh", ["-c", "command -v bun || command -v deno"], { env }).status).not.toBe(0);
  });

  it("npx retort --version runs the platform's executable", () => {
    const r = run("npx", ["--no-install", "retort", "--version"], app);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^retort \\d+\\.\\d+\\.\\d+ \\(\\w+, bun ${hostTarget()}\\)\\n$`));
  });

  it("npx retort upgrade head migrates a database, and its exit codes come through", () => {
    writeFileSync(join(app, "retort.toml"), 'script_location = "migrations"\n');
    writeSqlRevision(app, { id: "a0b1c2d3e4f5", message: "orders", upgrade: "CREATE TABLE orders (id int PRIMARY KEY);", downgrade: "DROP TABLE orders;" });
    const up = run("npx", ["--no-install", "retort", "upgrade", "head", "--url", db.url], app);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toContain("Running upgrade  -> a0b1c2d3e4f5, orders");
    const bad = run("npx", ["--no-install", "retort", "upgrade", "nope1234", "--url", db.url], app);
    expect(bad.code).toBe(3);
  });

  it("ships type declarations a TypeScript consumer compiles against", () => {
    writeFileSync(
      join(app, "typed.ts"),
      `import { upgrade, UnknownRevisionError, type Document, type ProjectOptions } from "retort";
const options: ProjectOptions = { cwd: ".", url: "postgres://localhost/app", target: "head" } as ProjectOptions;
export async function migrate(): Promise<Document<"upgrade">> {
  try {
    return await upgrade(options);
  } catch (err) {
    if (err instanceof UnknownRevisionError) throw new Error(err.code);
    throw err;
  }
}
// @ts-expect-error: an upgrade document has no "sql"
export const wrong = (d: Document<"upgrade">) => d.sql;
`,
    );
    const tsc = join(repoRoot, "node_modules", ".bin", "tsc");
    const r = run(tsc, ["--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "--skipLibCheck", "--types", "node", "--typeRoots", join(repoRoot, "node_modules", "@types"), "--ignoreConfig", "typed.ts"], app);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it("import { upgrade } from \"retort\" works under Node, with the typed errors", () => {
    writeFileSync(
      join(app, "use.js"),
      `import { current, downgrade, upgrade, UnknownRevisionError } from "retort";
const project = { url: ${JSON.stringify(db.url)}, env: {} };
await downgrade({ ...project, target: "base" });
const up = await upgrade(project);
const now = await current(project);
const failed = await upgrade({ ...project, target: "nope1234" }).catch((e) => e);
console.log(JSON.stringify({ steps: up.steps.length, atHeads: now.atHeads, typed: failed instanceof UnknownRevisionError, code: failed.code }));
`,
    );
    const r = run(process.execPath, ["use.js"], app);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ steps: 1, atHeads: true, typed: true, code: "unknown-revision" });
  });
});
