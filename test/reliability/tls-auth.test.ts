/**
 * TLS and passwords against a throwaway cluster that wants a password over TCP and offers TLS
 * with a certificate from a throwaway CA (for IP 127.0.0.1 only): `sslmode=require` and
 * `verify-full` with `sslrootcert` work; `verify-full` refuses a certificate for another host
 * name; a wrong password is exit 4 saying so, without the password.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRetort, tempProject } from "../support/binary.ts";
import { startCluster, type Cluster } from "../support/cluster.ts";
import { writeSqlRevision } from "../support/project.ts";

const PASSWORD = "tls-Secret-77";
let cluster: Cluster;
let certs: string;
let dir: string;

/** A CA and a server certificate for IP 127.0.0.1 signed by it, made with openssl. */
function makeCertificates(): string {
  const d = mkdtempSync(join(tmpdir(), "retort-certs-"));
  const ssl = (...args: string[]) => execFileSync("openssl", args, { cwd: d, stdio: "ignore" });
  ssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=retort test CA");
  ssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
  execFileSync("sh", ["-c", "printf 'subjectAltName=IP:127.0.0.1\\n' > san.ext"], { cwd: d });
  ssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "san.ext");
  return d;
}

const url = (host: string, password: string, query: string) => `postgres://postgres:${encodeURIComponent(password)}@${host}:${cluster.port}/postgres${query}`;

beforeAll(async () => {
  certs = makeCertificates();
  cluster = await startCluster({ password: PASSWORD, tls: { cert: readFileSync(join(certs, "server.crt"), "utf8"), key: readFileSync(join(certs, "server.key"), "utf8") } });
  dir = tempProject("tls");
  writeSqlRevision(dir, { id: "7150000000a1", message: "one", upgrade: "CREATE TABLE IF NOT EXISTS tls_ok (id int);", downgrade: "DROP TABLE tls_ok;" });
});

afterAll(() => {
  cluster?.stop();
});

describe("TLS", () => {
  it("sslmode=require connects", async () => {
    const r = await runRetort(["--url", url("127.0.0.1", PASSWORD, "?sslmode=require"), "upgrade", "head"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
  });

  it("sslmode=verify-full with the CA as sslrootcert connects", async () => {
    const r = await runRetort(["--url", url("127.0.0.1", PASSWORD, `?sslmode=verify-full&sslrootcert=${join(certs, "ca.crt")}`), "current"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
  });

  it("verify-full refuses a certificate made for another host name (exit 4)", async () => {
    const r = await runRetort(["--url", url("localhost", PASSWORD, `?sslmode=verify-full&sslrootcert=${join(certs, "ca.crt")}`), "current"], { cwd: dir });
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/altname|host ?name|certificate|does not match/i);
    expect(r.stderr).not.toContain(PASSWORD);
  });

  it("verify-full refuses a server whose CA it was not given (exit 4)", async () => {
    const r = await runRetort(["--url", url("127.0.0.1", PASSWORD, "?sslmode=verify-full"), "current"], { cwd: dir });
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/certificate|self.signed|issuer/i);
  });

  it("a missing sslrootcert file is a configuration error naming it (exit 2)", async () => {
    const r = await runRetort(["--url", url("127.0.0.1", PASSWORD, "?sslmode=verify-full&sslrootcert=/nonexistent/ca.crt"), "current"], { cwd: dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('Cannot read sslrootcert "/nonexistent/ca.crt"');
    expect(r.stderr).not.toContain(PASSWORD);
  });
});

describe("passwords", () => {
  it("a wrong password is exit 4, says authentication failed and what to check, and never shows the password", async () => {
    const wrong = "not-the-Password-99";
    const r = await runRetort(["--url", url("127.0.0.1", wrong, "?sslmode=require"), "current"], { cwd: dir });
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/password authentication failed/i);
    expect(r.stderr).toMatch(/hint: Check the user name and password/);
    expect(r.stderr + r.stdout).not.toContain(wrong);
  });

  it("without TLS, from DATABASE_URL, the start-up message sent before loading (cli/early-start.ts) is answered with the password: upgrade and current work, and a wrong password is still exit 4", async () => {
    const env = { DATABASE_URL: url("127.0.0.1", PASSWORD, "") };
    const upgrade = await runRetort(["upgrade", "head"], { cwd: dir, env });
    expect(upgrade.code, upgrade.stderr).toBe(0);
    const current = await runRetort(["current"], { cwd: dir, env });
    expect(current.code, current.stderr).toBe(0);
    expect(current.stdout).toContain("7150000000a1");
    const wrong = "not-the-Password-99";
    const refused = await runRetort(["current"], { cwd: dir, env: { DATABASE_URL: url("127.0.0.1", wrong, "") } });
    expect(refused.code, refused.stderr).toBe(4);
    expect(refused.stderr).toMatch(/password authentication failed/i);
    expect(refused.stderr + refused.stdout).not.toContain(wrong);
  });
});
