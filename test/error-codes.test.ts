/**
 * The error codes are a documented contract (`--json` error documents, the library's thrown
 * errors): every error class in a `src/**\/errors*.ts` module has its own kebab-case code, its
 * exit code comes from its family, and the README's "Error codes" table lists exactly those.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { CheckFailedError, DatabaseError, InterruptedError, LockUnavailableError, RetortError, ScriptError, UsageError } from "../src/core/errors.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

/** An error class, whatever its constructor takes: its static code and exit code are what is tested. */
type ErrorClass = (abstract new (...args: never[]) => RetortError) & { readonly code: string; readonly exitCode: number };

/** The classes that set an exit code: the README's exit-code table, as a class tree. */
const FAMILIES: readonly (ErrorClass)[] = [CheckFailedError, UsageError, ScriptError, DatabaseError, LockUnavailableError, InterruptedError];

/** Codes in the README that no class has: what `--json` reports for a failure that is not a RetortError (a bug). */
const NOT_A_CLASS = new Set(["internal"]);

const KEBAB_CASE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Every `errors.ts` or `errors-<topic>.ts` module under `dir`. */
function errorModules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return errorModules(path);
    return /^errors(-[a-z-]+)?\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** Every RetortError subclass those modules export (a re-export counts once). */
async function errorClasses(): Promise<(ErrorClass)[]> {
  const found = new Set<ErrorClass>();
  for (const path of errorModules(join(root, "src"))) {
    const module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    for (const value of Object.values(module)) {
      if (typeof value === "function" && value.prototype instanceof RetortError) found.add(value as ErrorClass);
    }
  }
  return [...found];
}

/** A class with a code of its own can be thrown; one without is a base for others. */
function ownCode(cls: ErrorClass): string | undefined {
  return Object.hasOwn(cls, "code") ? cls.code : undefined;
}

interface ReadmeRow {
  readonly exitCode: number;
  readonly code: string;
  readonly className: string;
}

/** The rows of the README's "Error codes" section: `| exit | `code` | ClassName | meaning |`. */
function readmeRows(readme: string): ReadmeRow[] {
  const section = readme.split(/^## /m).find((s) => s.startsWith("Error codes\n"));
  if (section === undefined) throw new Error('README.md has no "## Error codes" section');
  return [...section.matchAll(/^\| (\d+) \| `([^`]+)` \| ([^|]*?) \|/gm)].map((m) => ({ exitCode: Number(m[1]), code: m[2]!, className: m[3]! }));
}

const classes = await errorClasses();
const concrete = classes.filter((cls) => ownCode(cls) !== undefined);
const rows = readmeRows(readFileSync(join(root, "README.md"), "utf8"));

describe("error codes", () => {
  it("finds the error classes of every layer", () => {
    expect(concrete.length).toBeGreaterThan(50);
    for (const family of FAMILIES) expect(classes).toContain(family);
  });

  it.each(concrete.map((cls) => [cls.name, cls] as const))("%s has a kebab-case code", (_, cls) => {
    expect(cls.code).toMatch(KEBAB_CASE);
  });

  it("gives every class its own code", () => {
    const shared = concrete.filter((cls) => concrete.some((other) => other !== cls && other.code === cls.code));
    expect(shared.map((cls) => `${cls.code}: ${cls.name}`)).toEqual([]);
    // A class without a code of its own must be a base of others, not a leaf that forgot one.
    const codeless = classes.filter((cls) => ownCode(cls) === undefined && !classes.some((other) => other.prototype instanceof cls));
    expect(codeless.map((cls) => cls.name)).toEqual([]);
  });

  it("takes every exit code from a family, never from a leaf", () => {
    const setters = classes.filter((cls) => Object.hasOwn(cls, "exitCode"));
    expect(setters.map((cls) => cls.name).sort()).toEqual(FAMILIES.map((cls) => cls.name).sort());
    for (const cls of concrete) expect(FAMILIES.some((family) => cls === family || cls.prototype instanceof family), cls.name).toBe(true);
  });

  it("lists every code in the README with its class and exit code", () => {
    const documented = new Map(rows.map((row) => [row.code, row]));
    const missing = concrete.filter((cls) => {
      const row = documented.get(cls.code);
      return row === undefined || row.exitCode !== cls.exitCode || row.className !== cls.name;
    });
    expect(missing.map((cls) => `| ${cls.exitCode} | \`${cls.code}\` | ${cls.name} |`)).toEqual([]);
  });

  it("lists no code in the README that no class has, and each code once", () => {
    const known = new Set(concrete.map((cls) => cls.code));
    expect(rows.filter((row) => !known.has(row.code) && !NOT_A_CLASS.has(row.code)).map((row) => row.code)).toEqual([]);
    expect(rows.length).toBe(new Set(rows.map((row) => row.code)).size);
  });
});
