/**
 * Which JavaScript runtime retort is running on. retort is compiled with Bun, run from source
 * under Node (the tests) and run under Deno; the few things that differ between them ask here, so
 * the runtimes' globals are looked at in one place only.
 */
import { readdirSync, readFileSync } from "node:fs";

/** The runtimes retort runs on. */
export type Runtime = "bun" | "deno" | "node";

/** A socket of Bun.connect, as far as a server connection uses it (db/bun-socket.ts). */
export interface BunSocketHandle {
  /** Writes what the socket takes now; returns how many bytes that was (less when it is full, -1 when closed). */
  write(data: Uint8Array): number;
  end(): void;
  setKeepAlive(enable: boolean, delayMs: number): boolean;
}

/** Bun.connect, with what db/bun-socket.ts gives it. */
export type BunConnect = (options: ({ readonly hostname: string; readonly port: number } | { readonly unix: string }) & { readonly socket: object }) => Promise<unknown>;

/** The part of Bun's global that retort uses: its one-shot hasher (see scripts/sha256.ts), its tar reader and its sockets. */
export interface BunGlobal {
  readonly CryptoHasher: {
    hash(algorithm: "sha256", data: string, encoding: "hex"): string;
    new (algorithm: "sha256"): { update(data: string | Uint8Array): unknown; digest(encoding: "hex"): string };
  };
  /** True in an executable built with `bun build --compile`. */
  readonly isStandaloneExecutable?: boolean;
  /** tar archives, read natively (the embedded database's template, src/db/embedded/shipped-template.ts). */
  readonly Archive: new (data: Uint8Array) => { extract(dir: string): Promise<number> };
  /** Runs the garbage collector now (`true`: synchronously). */
  readonly gc: (force: boolean) => void;
  /** Opens a TCP or unix socket with callbacks for its events (db/bun-socket.ts). */
  readonly connect: BunConnect;
  /** Sets how reluctant the JIT is to compile (1: normal); an executable starts with its build's (scripts/build/executable.ts). */
  readonly unsafe?: { readonly setJITPolicy?: (scale: number) => void };
}

/** Bun's global object, or undefined under another runtime. */
export function bunGlobal(): BunGlobal | undefined {
  return (globalThis as { Bun?: BunGlobal }).Bun;
}

/** The runtime this process runs on. */
export function currentRuntime(): Runtime {
  if (typeof (globalThis as { Deno?: unknown }).Deno !== "undefined") return "deno";
  return bunGlobal() !== undefined ? "bun" : "node";
}

/**
 * Puts the JIT back to its normal policy, for a process that runs for long (`watch`): the
 * executable starts with the JIT reluctant to compile, which suits a command that runs once and
 * ends, not one whose same code runs on every save. Nothing under the other runtimes.
 */
export function useNormalJitPolicy(): void {
  bunGlobal()?.unsafe?.setJITPolicy?.(1);
}

/**
 * Whether this is retort's compiled executable (which carries the embedded engine's files inside
 * it), rather than the source or the npm package's JavaScript run by Bun, Node or Deno.
 */
export function isStandaloneExecutable(): boolean {
  return bunGlobal()?.isStandaloneExecutable === true;
}

/**
 * Lowers the scheduling priority of the process (nice 10; on Windows, its priority class below
 * normal), for work that runs beside a database server and must not take the CPU it needs when
 * both share a machine. It cannot be raised again. Best effort: where the runtime refuses (Deno
 * without --allow-sys), nothing changes.
 *
 * On Linux a nice value belongs to a thread, and a thread takes its creator's when it starts. The
 * calling thread's alone left the runtime's own threads, started earlier, at the old priority:
 * the compiler thread that optimises the lint's code took 70 ms of CPU beside the server in an
 * upgrade of 300 revisions. So each thread of the process is lowered, as /proc lists them.
 */
export function lowerPriority(): void {
  let os: typeof import("node:os");
  try {
    os = process.getBuiltinModule("node:os");
    os.setPriority(10);
  } catch {
    return; // the priority stays as it was
  }
  for (const thread of threadsOfProcess()) {
    try {
      os.setPriority(thread, 10);
    } catch {
      // Ended since it was listed, or not ours to change: it keeps its priority.
    }
  }
}

/** The ids of this process's threads on Linux (the calling one's among them); none elsewhere, or where /proc cannot be read. */
function threadsOfProcess(): number[] {
  if (process.platform !== "linux") return [];
  try {
    return readdirSync("/proc/self/task").map(Number);
  } catch {
    return [];
  }
}

/**
 * The machine's host name for the history table; "unknown" where it cannot be read (Deno without
 * --allow-sys=hostname). node:os is loaded here, on first use: `--version` imports this module.
 */
export function safeHostname(): string {
  try {
    return process.getBuiltinModule("node:os").hostname();
  } catch {
    return "unknown";
  }
}

/**
 * The operating system's name for the user retort runs as: whom libpq connects as when neither
 * the URL nor PGUSER names a user, from the password database by effective uid. Node's and Deno's
 * os.userInfo() look it up so; Bun's answers with $USER instead, or "unknown" where that is unset
 * (a systemd unit, a container), so under Bun /etc/passwd is read first. Undefined when nothing
 * knows (or Deno lacks the permission to ask).
 */
export function osUserName(): string | undefined {
  // The same for every connection of the run: looked up once.
  if (!userLookedUp) {
    userName = lookUpOsUserName();
    userLookedUp = true;
  }
  return userName;
}

let userLookedUp = false;
let userName: string | undefined;

function lookUpOsUserName(): string | undefined {
  const bun = currentRuntime() === "bun";
  const uid = process.geteuid?.();
  if (bun && uid !== undefined) {
    try {
      const name = passwdUserName(readFileSync("/etc/passwd", "utf8"), uid);
      if (name !== undefined) return name;
    } catch {
      // No /etc/passwd (macOS keeps its users elsewhere): $USER is then the best there is.
    }
  }
  try {
    const name = process.getBuiltinModule("node:os").userInfo().username;
    return bun && name === "unknown" ? undefined : name;
  } catch {
    return undefined;
  }
}

/** The user name of `uid` in the text of an /etc/passwd file (`name:password:uid:…` lines), or undefined. */
export function passwdUserName(passwd: string, uid: number): string | undefined {
  for (const line of passwd.split("\n")) {
    const [name, , id] = line.split(":");
    // NIS markers (+, -) and comments name nobody; an empty uid field is not uid 0.
    if (!name || "+-#".includes(name[0]!) || id === undefined || !/^\d+$/.test(id)) continue;
    if (Number(id) === uid) return name;
  }
  return undefined;
}
