/**
 * Compiles src/cli/main.ts into self-contained executables with Bun.
 * - `bun build.ts` (npm run build): dist/retort, for this machine.
 * - `bun build.ts --all` (npm run build -- --all): dist/retort-<target>[.exe] for every release
 *   target, plus dist/SHA256SUMS and dist/manifest.json. Each target's Bun runtime comes from npm
 *   (see scripts/build/bun-runtime.ts), so nothing is downloaded from Bun's servers.
 * - `--npm` also writes the npm packages into dist/npm/ (scripts/build/npm-packages.ts): `retort`
 *   and the host's `retort-<target>`, or with `--all` every target's.
 * Each executable embeds the embedded database's template, made first into .build/ when missing or
 * made by another PGlite (scripts/build/pglite-template.ts).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { bunRuntime, RELEASE_TARGETS } from "./scripts/build/bun-runtime.ts";
import { executableBuild } from "./scripts/build/executable.ts";
import { writeMainPackage, writePlatformPackage } from "./scripts/build/npm-packages.ts";
import { ensurePgliteTemplate } from "./scripts/build/pglite-template.ts";
import { describeReleaseFile, writeReleaseManifest, type ReleaseFile } from "./scripts/build/release-manifest.ts";
import { hostTarget, version } from "./src/cli/version.ts";
import { engineVersion } from "./src/db/embedded/engine-files.ts";

const flags = process.argv.slice(2);
// --outdir=<dir> builds elsewhere than dist/ (the npm package test does, while other tests run dist/retort).
const distDir = flags.find((f) => f.startsWith("--outdir="))?.slice("--outdir=".length) || "dist";
const runtimeCache = join(import.meta.dirname, "node_modules", ".cache", "retort-build", "bun-runtimes");

const unknownFlag = flags.find((f) => f !== "--all" && f !== "--npm" && !f.startsWith("--outdir="));
if (unknownFlag !== undefined) {
  console.error(`usage: bun build.ts [--all] [--npm] [--outdir=<dir>]\nunknown argument: ${unknownFlag}`);
  process.exit(2);
}
mkdirSync(distDir, { recursive: true });

// Every executable embeds it (a new pglite: database starts from it, not from initdb).
const template = await ensurePgliteTemplate(import.meta.dirname);
console.error(`${template.made ? "made" : "reused"} ${template.path} (${(statSync(template.path).size / 1024 / 1024).toFixed(1)} MiB, the embedded database's template)`);

const commit = spawnSync("git", ["rev-parse", "--short=12", "HEAD"], { encoding: "utf8" }).stdout?.trim() || "unknown";
// Read here from the engine files every executable embeds (engine-files.ts), rather than by each run.
const engine = await engineVersion();

/** Compiles one binary (Bun.build, as `bun build --compile`); `cross` names another target's runtime to build on. */
async function compile(outfile: string, target: string, cross?: { bunTarget: string; runtime: string }): Promise<void> {
  const result = await Bun.build(
    executableBuild("src/cli/main.ts", { outfile, ...(cross ? { cross } : {}) }, {
      "process.env.RETORT_BUILD_COMMIT": JSON.stringify(commit),
      "process.env.RETORT_BUILD_TARGET": JSON.stringify(target),
      "process.env.RETORT_ENGINE_VERSION": JSON.stringify(engine),
    }),
  );
  if (!result.success) {
    for (const log of result.logs) console.error(log);
    console.error("build failed");
    process.exit(1);
  }
  const size = statSync(outfile).size;
  console.error(`built ${outfile} (${(size / 1024 / 1024).toFixed(1)} MiB, commit ${commit}, ${target})`);
}

/** The binaries built, by release target name. */
const built = new Map<string, string>();
if (!flags.includes("--all")) {
  await compile(join(distDir, "retort"), hostTarget());
  built.set(hostTarget(), join(distDir, "retort"));
} else {
  const bunVersion = process.versions.bun;
  if (!bunVersion) throw new Error("build.ts must run under Bun (bun build.ts)");
  // Fetched side by side; compiled one at a time (each compile already uses every core).
  const runtimes = await Promise.all(
    RELEASE_TARGETS.map((t) => bunRuntime(t, bunVersion, runtimeCache)),
  ).catch((err: Error) => {
    console.error(err.message);
    process.exit(1);
  });
  const files: ReleaseFile[] = [];
  for (const [i, target] of RELEASE_TARGETS.entries()) {
    const outfile = join(distDir, `retort-${target.name}${target.windows ? ".exe" : ""}`);
    await compile(outfile, target.name, { bunTarget: target.bunTarget, runtime: runtimes[i]! });
    files.push(describeReleaseFile(target.name, outfile));
    built.set(target.name, outfile);
  }
  writeReleaseManifest(distDir, { name: "retort", version, commit, bun: bunVersion, targets: files });
  console.error(`wrote ${join(distDir, "SHA256SUMS")} and ${join(distDir, "manifest.json")}`);
}

if (flags.includes("--npm")) {
  const npmDir = join(distDir, "npm");
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  for (const target of RELEASE_TARGETS) {
    const binary = built.get(target.name);
    if (binary !== undefined) console.error(`wrote ${writePlatformPackage(npmDir, target, binary, version)}`);
  }
  const main = await writeMainPackage(npmDir, { repoRoot: import.meta.dirname, version, targets: RELEASE_TARGETS, dependencies: pkg.dependencies });
  console.error(`wrote ${main}`);
}
