/**
 * The Bun runtime that a cross-compiled binary is built on, taken from the npm registry instead of
 * Bun's own download (which `bun build --compile --target` would otherwise fetch from Bun's
 * servers). Each runtime is `npm pack`ed once and kept in a cache directory between builds.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";

/** One platform retort is released for. */
export interface ReleaseTarget {
  /** The name in file names and `--version`: `linux-arm64`. */
  readonly name: string;
  /** Bun's `--target`: `bun-linux-arm64`. */
  readonly bunTarget: string;
  /** The npm package holding that target's Bun runtime (npm says `aarch64` where Bun says `arm64`). */
  readonly npmPackage: string;
  /** Windows executables end in `.exe`. */
  readonly windows: boolean;
}

/** Every release target, in the order they are built and listed. */
export const RELEASE_TARGETS: readonly ReleaseTarget[] = [
  { name: "linux-x64", bunTarget: "bun-linux-x64", npmPackage: "@oven/bun-linux-x64", windows: false },
  { name: "linux-arm64", bunTarget: "bun-linux-arm64", npmPackage: "@oven/bun-linux-aarch64", windows: false },
  { name: "darwin-arm64", bunTarget: "bun-darwin-arm64", npmPackage: "@oven/bun-darwin-aarch64", windows: false },
  { name: "darwin-x64", bunTarget: "bun-darwin-x64", npmPackage: "@oven/bun-darwin-x64", windows: false },
  { name: "windows-x64", bunTarget: "bun-windows-x64", npmPackage: "@oven/bun-windows-x64", windows: true },
];

/** Where the runtime executable sits inside its npm package. */
function runtimeInPackage(target: ReleaseTarget): string {
  return join("bin", target.windows ? "bun.exe" : "bun");
}

/** Runs a command to its end; rejects with its stderr when it fails. */
function runCommand(command: string, args: readonly string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", (err) => reject(new Error(`Cannot run ${command}: ${err.message}`)));
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}\n${stderr.trim()}`))));
  });
}

/**
 * The path of `target`'s Bun runtime at `bunVersion`: from `cacheDir` if an earlier build fetched
 * it, else fetched with `npm pack` into the cache. The bytecode `--bytecode` embeds is only valid
 * for the same Bun version, so it must be the version of the Bun that compiles. The Bun installed
 * in node_modules is not reused even for the host's target: its installer may have picked the
 * baseline (no AVX2) build, which is another target.
 */
export async function bunRuntime(target: ReleaseTarget, bunVersion: string, cacheDir: string): Promise<string> {
  const unpacked = join(cacheDir, `${target.npmPackage.replace("/", "+")}@${bunVersion}`);
  const cached = join(unpacked, runtimeInPackage(target));
  if (existsSync(cached)) return cached;

  const spec = `${target.npmPackage}@${bunVersion}`;
  console.error(`fetching ${spec} (npm pack)`);
  mkdirSync(cacheDir, { recursive: true });
  // Unpacked beside the cache entry and renamed into place, so an interrupted fetch never leaves a
  // half-written runtime where the next build would take it.
  const work = mkdtempSync(join(cacheDir, ".fetch-"));
  try {
    await runCommand("npm", ["pack", spec, "--loglevel=error"], work).catch((err: Error) => {
      throw new Error(`Cannot fetch the Bun runtime for ${target.name}: ${err.message}`);
    });
    const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"));
    if (!tarball) throw new Error(`npm pack ${spec} wrote no tarball`);
    await runCommand("tar", ["-xzf", tarball], work);
    if (!existsSync(join(work, "package", runtimeInPackage(target)))) throw new Error(`${spec} has no ${runtimeInPackage(target)}`);
    try {
      renameSync(join(work, "package"), unpacked);
    } catch (err) {
      // Another build fetched the same runtime at the same time; its copy is as good.
      if (!existsSync(cached)) throw err;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return cached;
}
