/**
 * The structure of README "Architecture" holds: imports point down the layers, core/ is pure,
 * only cli/ touches process.exit and process.argv, and no two folders import each other.
 */
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { findViolations, importsOf, readSources, type SourceFile } from "./support/architecture.ts";

const src = join(import.meta.dirname, "..", "src");

describe("the source tree", () => {
  test("keeps the layer rules", () => {
    const files = readSources(src);
    expect(files.length).toBeGreaterThan(100);
    expect(findViolations(files)).toEqual([]);
  });
});

describe("the checker", () => {
  const file = (path: string, text: string): SourceFile => ({ path, text });
  const tree = (...extra: SourceFile[]): SourceFile[] => [
    file("core/graph.ts", `import { x } from "./errors.ts";\n`),
    file("core/errors.ts", ""),
    file("db/connect.ts", `import postgres from "postgres";\nimport { RetortError } from "../core/errors.ts";\n`),
    file("project/project.ts", `import { openConnection } from "../db/connect.ts";\n`),
    file("commands/upgrade.ts", `const { migrate } = await import("../project/project.ts");\n`),
    file("watch/watch.ts", `import type { Project } from "../project/project.ts";\n`),
    file("cli/main.ts", `import { upgrade } from "../commands/upgrade.ts";\nprocess.exit(0);\n`),
    ...extra,
  ];

  test("accepts a tree that keeps the rules", () => {
    expect(findViolations(tree())).toEqual([]);
  });

  test("reads static, type-only, re-exported, side-effect and dynamic imports, not those in comments", () => {
    const text = [
      `import { a } from "./a.ts";`,
      `import type { B } from "../b.ts";`,
      `export { c } from "./c.ts";`,
      `import "./d.ts";`,
      `const e = await import("./e.ts");`,
      `// import { f } from "./f.ts";`,
      `/* import { g } from "./g.ts"; */`,
    ].join("\n");
    expect(importsOf(text).sort()).toEqual(["../b.ts", "./a.ts", "./c.ts", "./d.ts", "./e.ts"]);
  });

  test.each([
    ["an upward import", file("db/lock.ts", `import type { Context } from "../project/context.ts";\n`), "db/ must not import project/"],
    ["an upward dynamic import", file("scripts/x.ts", `await import("../cli/output.ts");\n`), "scripts/ must not import cli/"],
    ["core importing a package", file("core/x.ts", `import postgres from "postgres";\n`), "core/ imports nothing outside core/"],
    ["core importing a node: module", file("core/x.ts", `import { readFileSync } from "node:fs";\n`), "core/ imports nothing outside core/"],
    ["core reading the clock", file("core/x.ts", `export const t = () => Date.now();\n`), "core/ must not use the clock"],
    ["commands importing watch", file("commands/watch.ts", `import { watch } from "../watch/watch.ts";\n`), "commands/ must not import watch/ (they are peers)"],
    ["watch importing commands", file("watch/x.ts", `import { upgrade } from "../commands/upgrade.ts";\n`), "watch/ must not import commands/ (they are peers)"],
    ["process.exit outside cli", file("commands/x.ts", `process.exit(1);\n`), "only cli/ touches process.exit and process.argv"],
    ["process.argv outside cli", file("config/x.ts", `const a = process.argv;\n`), "only cli/ touches process.exit and process.argv"],
    ["the library API importing cli", file("index.ts", `export { run } from "./cli/run.ts";\n`), "must not import cli/"],
    ["the library importing cli", file("library/api.ts", `import { createContext } from "../cli/context.ts";\n`), "library/ must not import cli/ (they are peers)"],
    ["cli importing the library", file("cli/verbs/x.ts", `import { upgrade } from "../../library/api.ts";\n`), "cli/ must not import library/ (they are peers)"],
    ["code from outside src", file("db/x.ts", `import { y } from "../../scripts/bench/y.ts";\n`), "from outside src/"],
  ])("rejects %s", (_what, bad, rule) => {
    // An upward import also closes a cycle between two folders, reported on its own.
    const violations = findViolations(tree(bad)).filter((v) => !v.rule.startsWith("folder cycle"));
    expect(violations).toHaveLength(1);
    expect(violations[0]!.file).toBe(bad.path);
    expect(violations[0]!.rule).toContain(rule);
  });

  test("reads the package's own data files (package.json, WebAssembly) from any layer but core", () => {
    expect(findViolations(tree(file("cli/version.ts", `import pkg from "../../package.json" with { type: "json" };\n`)))).toEqual([]);
    expect(findViolations(tree(file("core/x.ts", `import pkg from "../../package.json" with { type: "json" };\n`))).map((v) => v.rule)).toEqual(['imports "../../package.json" from outside src/']);
  });

  test("rejects a cycle between two folders of one layer, but not between a folder and its own subfolder", () => {
    const violations = findViolations(
      tree(file("core/diff/tables.ts", `import { x } from "../lint/rules.ts";\n`), file("core/lint/rules.ts", `export const x = 1;\nimport type { T } from "../diff/tables.ts";\n`)),
    );
    expect(violations.map((v) => v.rule)).toEqual(["folder cycle: core/diff -> core/lint -> core/diff"]);
    const nested = tree(file("cli/program.ts", `import { v } from "./verbs/upgrade.ts";\n`), file("cli/verbs/upgrade.ts", `import type { Verb } from "../program.ts";\n`));
    expect(findViolations(nested)).toEqual([]);
  });

  test("rejects modules that load each other, but not a type-only import back", () => {
    const loop = tree(file("db/a.ts", `import { b } from "./b.ts";\n`), file("db/b.ts", `export { a } from "./a.ts";\n`));
    expect(findViolations(loop).map((v) => v.rule)).toEqual(["import cycle: db/a.ts -> db/b.ts -> db/a.ts"]);
    const typeOnly = tree(file("db/a.ts", `import { b } from "./b.ts";\n`), file("db/b.ts", `import type { A } from "./a.ts";\n`));
    expect(findViolations(typeOnly)).toEqual([]);
  });
});
