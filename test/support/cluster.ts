/**
 * A throwaway PostgreSQL cluster made with initdb/pg_ctl in a temporary directory. Used when no
 * server is reachable, and by tests that kill or restart the server.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Cluster {
  readonly dataDir: string;
  readonly port: number;
  /** A superuser URL over TCP. */
  readonly url: string;
  restart(mode?: "fast" | "immediate"): void;
  stop(): void;
}

/** Finds the directory holding initdb and pg_ctl (Debian keeps them out of PATH). */
export function findServerBinaries(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (existsSync(join(root, v, "bin", "initdb"))) return join(root, v, "bin");
  }
  const which = spawnSync("sh", ["-c", "command -v initdb"], { encoding: "utf8" });
  const found = which.stdout.trim();
  return found ? found.replace(/\/initdb$/, "") : undefined;
}

/** Asks the kernel for a free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

/** How a cluster authenticates TCP clients and whether it offers TLS. */
export interface ClusterOptions {
  readonly port?: number;
  /** With a password, TCP connections must give it (SCRAM); unix sockets stay trusted. */
  readonly password?: string;
  /** Server certificate and key (PEM) to turn TLS on. */
  readonly tls?: { readonly cert: string; readonly key: string };
}

/** Starts a new cluster; as root it runs the server as the `postgres` user, which initdb requires. */
export async function startCluster(opts: ClusterOptions = {}): Promise<Cluster> {
  const bin = findServerBinaries();
  if (!bin) throw new Error("No PostgreSQL server binaries (initdb, pg_ctl) found: install postgresql");
  const asRoot = process.getuid?.() === 0;
  const base = mkdtempSync(join(tmpdir(), "retort-pg-"));
  chmodSync(base, 0o777);
  const dataDir = join(base, "data");
  const port = opts.port ?? (await freePort());
  const run = (cmd: string, args: string[]): void => {
    const full = asRoot ? ["runuser", ["-u", "postgres", "--", join(bin, cmd), ...args]] as const : [join(bin, cmd), args] as const;
    execFileSync(full[0], [...full[1]], { stdio: ["ignore", "pipe", "pipe"] });
  };
  const pwfile = join(base, "pwfile");
  if (opts.password !== undefined) writeFileSync(pwfile, `${opts.password}\n`, { mode: 0o644 });
  const auth = opts.password !== undefined ? ["--auth-local=trust", "--auth-host=scram-sha-256", `--pwfile=${pwfile}`] : ["--auth=trust"];
  run("initdb", ["-D", dataDir, "-U", "postgres", ...auth, "-E", "UTF8", "--no-sync"]);
  let tlsOptions = "";
  if (opts.tls) {
    const cert = join(base, "server.crt");
    const key = join(base, "server.key");
    writeFileSync(cert, opts.tls.cert, { mode: 0o644 });
    writeFileSync(key, opts.tls.key, { mode: 0o600 });
    // The server refuses a key others can read, and runs as postgres when we are root.
    if (asRoot) execFileSync("chown", ["postgres", cert, key]);
    tlsOptions = ` -c ssl=on -c ssl_cert_file=${cert} -c ssl_key_file=${key}`;
  }
  const serverOptions = `-p ${port} -k ${base} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200${tlsOptions}`;
  const ctl = (action: string, extra: string[] = []): void => run("pg_ctl", [action, "-D", dataDir, "-w", "-l", join(base, "log"), "-o", serverOptions, ...extra]);
  ctl("start");
  return {
    dataDir,
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    restart: (mode = "fast") => ctl("restart", ["-m", mode]),
    stop: () => {
      try { ctl("stop", ["-m", "immediate"]); } catch { /* already stopped */ }
      rmSync(base, { recursive: true, force: true });
    },
  };
}
