/**
 * A real PgBouncer (the Debian package) in front of the test server, started in a temporary
 * directory on a free port, for tests of what retort does behind a connection pooler. PgBouncer
 * refuses to run as root, so as root it runs as the `postgres` user.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { freePort } from "./cluster.ts";

export interface PgBouncer {
  readonly port: number;
  /** A URL to `database` through the pooler, as the server's superuser. */
  url(database: string): string;
  /** Stops PgBouncer and removes its directory. */
  stop(): Promise<void>;
}

export interface PgBouncerOptions {
  /** The server to pool, as a URL (its host, port and user are used; the server must trust that user). */
  readonly server: string;
  readonly poolMode?: "session" | "transaction" | "statement";
  /** Server connections per database and user. */
  readonly poolSize?: number;
}

/** Where the `pgbouncer` binary is, or undefined when it is not installed (`apt-get install pgbouncer`). */
export function findPgBouncer(): string | undefined {
  const r = spawnSync("sh", ["-c", "command -v pgbouncer || ls /usr/sbin/pgbouncer"], { encoding: "utf8" });
  const found = r.stdout.trim().split("\n")[0];
  return found ? found : undefined;
}

/** Starts PgBouncer in front of `opts.server` and resolves once it answers a query. */
export async function startPgBouncer(opts: PgBouncerOptions): Promise<PgBouncer> {
  const binary = findPgBouncer();
  if (!binary) throw new Error("pgbouncer is not installed: apt-get install -y pgbouncer");
  const server = new URL(opts.server);
  const user = decodeURIComponent(server.username || "postgres");
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "retort-pgbouncer-"));
  // PgBouncer runs as postgres when we are root: it must read the files and write its log here.
  chmodSync(dir, 0o777);
  const ini = join(dir, "pgbouncer.ini");
  const log = join(dir, "pgbouncer.log");
  writeFileSync(join(dir, "userlist.txt"), `"${user}" ""\n`, { mode: 0o644 });
  writeFileSync(
    ini,
    [
      "[databases]",
      `* = host=${server.hostname} port=${server.port || 5432}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      "auth_type = trust",
      `auth_file = ${join(dir, "userlist.txt")}`,
      `pool_mode = ${opts.poolMode ?? "transaction"}`,
      `default_pool_size = ${opts.poolSize ?? 20}`,
      "max_client_conn = 500",
      `logfile = ${log}`,
      "",
    ].join("\n"),
    { mode: 0o644 },
  );
  const asRoot = process.getuid?.() === 0;
  const child: ChildProcess = asRoot
    ? spawn("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", binary, ini], { stdio: ["ignore", "ignore", "pipe"] })
    : spawn(binary, [ini], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = (database: string): string => `postgres://${encodeURIComponent(user)}@127.0.0.1:${port}/${database}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await untilItAnswers(url(server.pathname.slice(1) || "postgres"), () => child.exitCode !== null);
  } catch (err) {
    const logText = (() => {
      try {
        return readFileSync(log, "utf8");
      } catch {
        return "";
      }
    })();
    await stop();
    throw new Error(`pgbouncer did not start: ${(err as Error).message}\n${stderr}\n${logText}`);
  }
  return { port, url, stop };
}

/** Tries `select 1` through the pooler until it works; gives up when the process has exited or after 100 tries. */
async function untilItAnswers(url: string, exited: () => boolean): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => undefined });
    try {
      await sql.unsafe("select 1");
      return;
    } catch (err) {
      if (exited() || attempt >= 100) throw err;
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await sql.end({ timeout: 1 });
    }
  }
}
