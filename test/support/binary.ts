/** The compiled binary, rebuilt when any source file is newer, and a way to run it as a user would. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const repoRoot = resolve(import.meta.dirname, "../..");
export const binaryPath = join(repoRoot, "dist", "retort");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds dist/retort with `bun build.ts` unless it is newer than every source file. */
export function ensureBinary(): void {
  const built = (() => {
    try {
      return statSync(binaryPath).mtimeMs;
    } catch {
      return 0;
    }
  })();
  // scripts/build makes part of what the executable embeds (the embedded database's template).
  const sources = Math.max(newestMtime(join(repoRoot, "src")), newestMtime(join(repoRoot, "scripts", "build")), statSync(join(repoRoot, "build.ts")).mtimeMs, statSync(join(repoRoot, "package.json")).mtimeMs);
  if (built > sources) return;
  const bun = join(repoRoot, "node_modules", ".bin", "bun");
  const r = spawnSync(bun, ["build.ts"], { cwd: repoRoot, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`bun build.ts failed:\n${r.stdout}\n${r.stderr}`);
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A PATH with nothing on it: the binary must not need node, bun or deno. */
function emptyPathDir(): string {
  const dir = join(tmpdir(), "retort-empty-path");
  mkdirSync(dir, { recursive: true });
  return dir;
}

export interface RunningRetort {
  readonly child: ChildProcess;
  readonly done: Promise<CliResult>;
  /** Resolves once stderr matches `pattern` (rejects if the process ends first). */
  waitForStderr(pattern: RegExp): Promise<void>;
  /** Resolves once `test` holds for the stdout so far (rejects if the process ends first). */
  waitForStdout(test: (stdout: string) => boolean, what?: string): Promise<void>;
  /** The stdout so far. */
  stdout(): string;
}

/** Where and how a test runs retort. */
export interface RetortRunOptions {
  readonly cwd: string;
  readonly env?: Record<string, string>;
  readonly stdin?: string;
  /** What runs retort, by absolute path: a binary, or a launcher such as qemu with its arguments and the binary (default dist/retort). */
  readonly command?: readonly [string, ...string[]];
}

/** Starts retort (dist/retort unless `opts.command` names another) in `cwd` with a minimal environment (no node, bun or deno on PATH). */
export function startRetort(args: readonly string[], opts: RetortRunOptions): RunningRetort {
  const [executable, ...prefix] = opts.command ?? [binaryPath];
  const child = spawn(executable, [...prefix, ...args], {
    cwd: opts.cwd,
    env: { PATH: emptyPathDir(), HOME: opts.cwd, ...opts.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const watchers: { pattern: RegExp; resolve: () => void }[] = [];
  const stdoutWatchers: { test: (s: string) => boolean; resolve: () => void }[] = [];
  child.stdout!.on("data", (d: Buffer) => {
    stdout += d.toString();
    for (const w of stdoutWatchers.splice(0)) (w.test(stdout) ? w.resolve() : stdoutWatchers.push(w));
  });
  child.stderr!.on("data", (d: Buffer) => {
    stderr += d.toString();
    for (const w of watchers.splice(0)) (w.pattern.test(stderr) ? w.resolve() : watchers.push(w));
  });
  const done = new Promise<CliResult>((resolvePromise, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolvePromise({ code: code ?? (signal ? 128 : -1), stdout, stderr }));
  });
  // A command that exits without reading its input (`--version`) may close the pipe before the
  // input is written; EPIPE then says nothing about the run, which `done` reports.
  child.stdin!.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") throw err;
  });
  child.stdin!.end(opts.stdin ?? "");
  return {
    child,
    done,
    waitForStderr: (pattern) =>
      new Promise<void>((resolvePromise, reject) => {
        if (pattern.test(stderr)) return resolvePromise();
        watchers.push({ pattern, resolve: resolvePromise });
        void done.then((r) => reject(new Error(`retort exited (${r.code}) before stderr matched ${pattern}:\n${r.stderr}`)));
      }),
    waitForStdout: (test, what = "the expected output") =>
      new Promise<void>((resolvePromise, reject) => {
        if (test(stdout)) return resolvePromise();
        stdoutWatchers.push({ test, resolve: resolvePromise });
        void done.then((r) => reject(new Error(`retort exited (${r.code}) before stdout showed ${what}:\n${r.stdout}\n${r.stderr}`)));
      }),
    stdout: () => stdout,
  };
}

/** Runs retort to completion, as `startRetort` starts it. */
export function runRetort(args: readonly string[], opts: RetortRunOptions): Promise<CliResult> {
  return startRetort(args, opts).done;
}

/** A new temporary project directory. */
export function tempProject(label: string): string {
  return mkdtempSync(join(tmpdir(), `retort-${label}-`));
}
