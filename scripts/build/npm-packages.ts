/**
 * The npm packages, laid out as esbuild's and dbmate's are: `retort-<target>` holds one
 * platform's executable (with `os` and `cpu`, so npm installs only the matching one), and
 * `retort` holds a small Node launcher for `npx retort` (it runs the platform's executable: no Bun
 * needed) plus the library API as JavaScript with its type declarations. Written into
 * dist/npm/<package>/, one folder each, ready for `npm pack` or `npm publish`.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { ReleaseTarget } from "./bun-runtime.ts";

/** Node's names for a release target's platform and architecture (`linux-x64` → linux, x64). */
function nodePlatform(target: string): { os: string; cpu: string } {
  const [os, cpu] = target.split("-") as [string, string];
  return { os: os === "windows" ? "win32" : os, cpu };
}

/** The platform package's name for a release target. */
export function platformPackageName(target: string): string {
  return `retort-${target}`;
}

/** Writes dist/npm/retort-<target>/: package.json and bin/retort[.exe]. */
export function writePlatformPackage(npmDir: string, target: ReleaseTarget, binary: string, version: string): string {
  const dir = join(npmDir, platformPackageName(target.name));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "bin"), { recursive: true });
  const exe = join(dir, "bin", target.windows ? "retort.exe" : "retort");
  copyFileSync(binary, exe);
  chmodSync(exe, 0o755);
  const { os, cpu } = nodePlatform(target.name);
  writeJson(join(dir, "package.json"), {
    name: platformPackageName(target.name),
    version,
    description: `The retort executable for ${target.name}; installed by the retort package`,
    license: "MIT",
    os: [os],
    cpu: [cpu],
    files: ["bin"],
    preferUnplugged: true,
  });
  return dir;
}

/** The launcher `npx retort` runs: it finds the platform package's executable and runs it. */
const LAUNCHER = `#!/usr/bin/env node
// Runs the retort executable of this platform, installed as an optional dependency.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const target = \`\${process.platform === "win32" ? "windows" : process.platform}-\${process.arch}\`;
const exe = process.platform === "win32" ? "retort.exe" : "retort";
let binary;
try {
  binary = createRequire(import.meta.url).resolve(\`retort-\${target}/bin/\${exe}\`);
} catch {
  process.stderr.write(\`error: retort has no executable for \${target} installed (the package retort-\${target})\\nhint: Reinstall without --no-optional / --omit=optional, or download the release binary for your platform\\n\`);
  process.exit(2);
}
const result = spawnSync(binary, process.argv.slice(2), { stdio: "inherit" });
if (result.error) {
  process.stderr.write(\`error: cannot run \${binary}: \${result.error.message}\\n\`);
  process.exit(4);
}
if (result.signal) process.kill(process.pid, result.signal);
process.exit(result.status ?? 1);
`;

/** What the main package needs from the repository. */
export interface MainPackageSource {
  readonly repoRoot: string;
  readonly version: string;
  /** Every platform package's target, for optionalDependencies. */
  readonly targets: readonly ReleaseTarget[];
  /** The repository's package.json dependencies: the library's, at the same ranges. */
  readonly dependencies: Readonly<Record<string, string>>;
}

/** Writes dist/npm/retort/: package.json, bin/retort.js, lib/index.js and its .d.ts files. */
export async function writeMainPackage(npmDir: string, src: MainPackageSource): Promise<string> {
  const dir = join(npmDir, "retort");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "bin"), { recursive: true });
  writeFileSync(join(dir, "bin", "retort.js"), LAUNCHER, { mode: 0o755 });
  await bundleLibrary(src.repoRoot, join(dir, "lib"));
  emitDeclarations(src.repoRoot, join(dir, "lib"));
  writeJson(join(dir, "package.json"), {
    name: "retort",
    version: src.version,
    description: "PostgreSQL schema migrations with Alembic's commands, in one binary",
    license: "MIT",
    type: "module",
    bin: { retort: "bin/retort.js" },
    exports: { ".": { types: "./lib/index.d.ts", default: "./lib/index.js" } },
    types: "./lib/index.d.ts",
    files: ["bin", "lib"],
    engines: { node: ">=20" },
    dependencies: src.dependencies,
    optionalDependencies: Object.fromEntries(src.targets.map((t) => [platformPackageName(t.name), src.version])),
  });
  return dir;
}

/**
 * The library API as one ES module for Node, Bun and Deno. Packages stay dependencies; the module
 * that reads the embedded engine's files out of the compiled executable is left out (it is only
 * loaded there), so the package does not carry a second copy of them.
 */
async function bundleLibrary(repoRoot: string, outdir: string): Promise<void> {
  const result = await Bun.build({
    entrypoints: [join(repoRoot, "src", "index.ts")],
    outdir,
    target: "node",
    format: "esm",
    packages: "external",
    plugins: [
      {
        name: "executable-only-modules",
        setup(build) {
          build.onResolve({ filter: /engine-files-bun\.ts$/ }, () => ({ path: "./engine-files-bun.js", external: true }));
        },
      },
    ],
  });
  if (!result.success) throw new Error(`bundling the library failed:\n${result.logs.map(String).join("\n")}`);
}

/** The .d.ts files of the library's entry and what it reaches, with `.ts` import paths made `.js`. */
function emitDeclarations(repoRoot: string, outdir: string): void {
  const tmp = join(outdir, ".types");
  const tsc = join(repoRoot, "node_modules", ".bin", "tsc");
  // The entry and what it imports only (not the command line), with tsconfig.json's settings.
  const options = ["--target", "ES2022", "--module", "ESNext", "--moduleResolution", "bundler", "--lib", "ES2023", "--types", "node,bun-types", "--strict", "--skipLibCheck", "--resolveJsonModule", "--allowImportingTsExtensions", "--verbatimModuleSyntax", "--rootDir", repoRoot, "--ignoreConfig"];
  const r = spawnSync(tsc, [...options, "--declaration", "--emitDeclarationOnly", "--outDir", tmp, join(repoRoot, "src", "index.ts"), ...ambientDeclarations(join(repoRoot, "src"))], { cwd: repoRoot, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`emitting declarations failed:\n${r.stdout}${r.stderr}`);
  const from = join(tmp, "src");
  for (const file of walk(from)) {
    const target = join(outdir, relative(from, file));
    mkdirSync(join(target, ".."), { recursive: true });
    // A relative specifier ending in .ts is an import path (static or import() type): point it at the .d.ts's module.
    writeFileSync(target, readFileSync(file, "utf8").replace(/(["'])(\.{1,2}\/[^"'\n]+)\.ts\1/g, "$1$2.js$1"));
  }
  rmSync(tmp, { recursive: true, force: true });
}

/** The project's own ambient declarations (the embedded engine's file imports), which tsc finds only through tsconfig.json. */
function ambientDeclarations(srcDir: string): string[] {
  return walk(srcDir);
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith(".d.ts") ? [path] : [];
  });
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}
