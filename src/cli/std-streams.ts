/**
 * The process's stdout and stderr as the CLI writes to them: each write is one synchronous
 * write(2) on file descriptor 1 or 2. Under Bun, `process.stdout` and `process.stderr` are Node
 * streams built on first use, and building them costs more CPU than the rest of a no-op
 * `upgrade head` (about 30 ms of a ~60 ms run on a 2-core machine). Synchronous writes also keep
 * everything written before `process.exit` on the terminal or in the pipe.
 */
import { fstatSync, statSync, writeSync } from "node:fs";
import type { Stream } from "./output.ts";

/** A write that found a non-blocking pipe full waits this long before trying again. */
const FULL_PIPE_PAUSE_MS = 1;

const UTF8 = new TextEncoder();

/** Stdout (1) or stderr (2) of this process, written synchronously. */
export function standardStream(fd: 1 | 2): Stream {
  // The reader went away (`retort history | head -1`): what it did not read is dropped, as a
  // shell tool does, instead of failing the command that produced it.
  let closed = false;
  let tty: boolean | undefined;
  return {
    write(text: string): void {
      if (closed) return;
      closed = !writeAll(fd, UTF8.encode(text));
    },
    // Asked only by a run that shows progress or colours: node:tty is loaded then, not at start-up.
    get isTTY(): boolean {
      return (tty ??= isTerminal(fd));
    },
  };
}

/**
 * Whether `fd` is a terminal. A terminal is a character device, so a pipe or a file (a deploy
 * script's log, CI) is answered by one fstat, and /dev/null (`2>/dev/null`, a cron job's
 * `>/dev/null 2>&1`), the character device that is no terminal, by one stat more. node:tty is
 * loaded only for another character device: under Bun it loads Node's streams, 3 to 6 ms of a
 * run's first progress line, just before the first statements go out.
 */
function isTerminal(fd: number): boolean {
  let device: number;
  try {
    const stat = fstatSync(fd);
    if (!stat.isCharacterDevice()) return false;
    device = stat.rdev;
  } catch {
    return false; // a closed descriptor is no terminal
  }
  if (isNullDevice(device)) return false;
  return process.getBuiltinModule("node:tty").isatty(fd);
}

/** Whether the character device numbered `device` is /dev/null (never, where there is none). */
function isNullDevice(device: number): boolean {
  try {
    return statSync("/dev/null").rdev === device;
  } catch {
    return false;
  }
}

/** Writes all of `bytes` to `fd`; false when the reader has closed the pipe. */
function writeAll(fd: number, bytes: Uint8Array): boolean {
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === "EPIPE") return false;
      // The descriptor is shared with a process that made it non-blocking (a parent's stream).
      if (code !== "EAGAIN") throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, FULL_PIPE_PAUSE_MS);
    }
  }
  return true;
}
