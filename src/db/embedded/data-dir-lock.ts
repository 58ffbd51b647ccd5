/**
 * One process at a time per pglite: data directory. PGlite has no postmaster.pid of its own, and
 * two processes writing one data directory would corrupt it. The lock is a file beside the
 * directory holding the owner's pid; a file left by a process that no longer exists is taken over.
 */
import { mkdirSync, openSync, readFileSync, rmdirSync, rmSync, writeSync, closeSync } from "node:fs";
import { dirname } from "node:path";
import { EmbeddedInUseError } from "./errors.ts";

/** Whether a process with this pid exists (EPERM: it does, owned by someone else) and is not a zombie. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as { code?: string }).code === "EPERM";
  }
  return !zombie(pid);
}

/** A killed process stays a zombie until its parent reaps it; it holds nothing open by then (Linux only). */
function zombie(pid: number): boolean {
  try {
    // The state follows the command name in parentheses, which may itself contain ") ".
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) === "Z";
  } catch {
    return false;
  }
}

/**
 * Takes the lock for `dataDir` (an absolute path); returns its release. The directories made for
 * the lock file go with it when nothing else was put in them: a run that never made its database
 * leaves nothing behind.
 */
export function lockDataDir(dataDir: string, shown: string): () => void {
  const file = `${dataDir}.lock`;
  const made = mkdirSync(dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, "wx", 0o644);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => {
        rmSync(file, { force: true });
        if (made !== undefined) removeEmptyUpTo(dirname(file), made);
      };
    } catch (err) {
      if ((err as { code?: string }).code !== "EEXIST") throw err;
      const pid = Number.parseInt(readFileSync(file, "utf8"), 10);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) throw new EmbeddedInUseError(shown, pid, file);
      rmSync(file, { force: true });
    }
  }
  throw new EmbeddedInUseError(shown, 0, file);
}

/** Removes `dir` and its parents up to `top`, stopping at the first that is not empty. */
function removeEmptyUpTo(dir: string, top: string): void {
  for (let d = dir; ; d = dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      return;
    }
    if (d === top || dirname(d) === d) return;
  }
}
