/**
 * `bun build.ts --all`: one binary per release target, each for its platform, with SHA256SUMS and
 * manifest.json that agree with the files; the linux-arm64 binary runs under qemu-aarch64
 * (Debian's qemu-user, with libc6-arm64-cross as its C library) and writes the same script as the
 * host's binary.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { hostTarget } from "../../src/cli/version.ts";
import { repoRoot, runRetort, tempProject } from "../support/binary.ts";
import { writeSqlRevision } from "../support/project.ts";

const dist = join(repoRoot, "dist");
/** Where libc6-arm64-cross puts the aarch64 loader and C library; qemu's -L. */
const ARM64_SYSROOT = "/usr/aarch64-linux-gnu";

/** What each release binary must be, read from its header. */
const EXPECTED = [
  { target: "linux-x64", file: "retort-linux-x64", format: "elf", machine: 0x3e },
  { target: "linux-arm64", file: "retort-linux-arm64", format: "elf", machine: 0xb7 },
  { target: "darwin-arm64", file: "retort-darwin-arm64", format: "mach-o", machine: 0x0100000c },
  { target: "darwin-x64", file: "retort-darwin-x64", format: "mach-o", machine: 0x01000007 },
  { target: "windows-x64", file: "retort-windows-x64.exe", format: "pe", machine: 0x8664 },
] as const;

interface Manifest {
  name: string;
  version: string;
  commit: string;
  bun: string;
  targets: { target: string; file: string; size: number; sha256: string }[];
}

let manifest: Manifest;
let sums: Map<string, string>;
let commitsDuringBuild: string[];

const headCommit = (): string => spawnSync("git", ["rev-parse", "--short=12", "HEAD"], { cwd: repoRoot, encoding: "utf8" }).stdout.trim();
const sha256File = (path: string): string => createHash("sha256").update(readFileSync(path)).digest("hex");

/** The executable format and machine of a binary, from its first bytes. */
function binaryKind(path: string): { format: string; machine: number; codeSignature?: boolean } {
  const b = Buffer.alloc(1 << 16);
  const fd = openSync(path, "r");
  try {
    readSync(fd, b, 0, b.length, 0);
  } finally {
    closeSync(fd);
  }
  if (b.readUInt32BE(0) === 0x7f454c46) return { format: "elf", machine: b.readUInt16LE(18) };
  if (b.readUInt32LE(0) === 0xfeedfacf) {
    // Load commands follow the 32-byte header; macOS on arm64 runs only signed binaries.
    let offset = 32;
    let codeSignature = false;
    for (let i = 0; i < b.readUInt32LE(16); i++) {
      if (b.readUInt32LE(offset) === 0x1d /* LC_CODE_SIGNATURE */) codeSignature = true;
      offset += b.readUInt32LE(offset + 4);
    }
    return { format: "mach-o", machine: b.readUInt32LE(4), codeSignature };
  }
  if (b.toString("latin1", 0, 2) === "MZ") {
    const pe = b.readUInt32LE(0x3c);
    if (b.toString("latin1", pe, pe + 4) === "PE\0\0") return { format: "pe", machine: b.readUInt16LE(pe + 4) };
  }
  return { format: "unknown", machine: 0 };
}

/** qemu-aarch64 and the aarch64 C library, or an error that says what to install. */
function qemuArm64(): [string, ...string[]] {
  const which = spawnSync("sh", ["-c", "command -v qemu-aarch64"], { encoding: "utf8" });
  const qemu = (which.stdout ?? "").trim();
  if (which.status !== 0 || !qemu) throw new Error("qemu-aarch64 is not installed: apt-get install qemu-user libc6-arm64-cross (.ci/run does)");
  if (!existsSync(join(ARM64_SYSROOT, "lib", "ld-linux-aarch64.so.1"))) {
    throw new Error(`${ARM64_SYSROOT} has no aarch64 C library: apt-get install libc6-arm64-cross (.ci/run does)`);
  }
  return [qemu, "-L", ARM64_SYSROOT];
}

beforeAll(() => {
  // The runtimes are fetched with npm pack on a cold cache (about 250 MB): allow for a slow registry.
  const before = headCommit();
  const r = spawnSync(join(repoRoot, "node_modules", ".bin", "bun"), ["build.ts", "--all"], { cwd: repoRoot, encoding: "utf8", timeout: 14 * 60_000 });
  if (r.status !== 0) throw new Error(`bun build.ts --all failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  // Others may commit while the build runs; the build names one of the two commits.
  commitsDuringBuild = [before, headCommit()];
  manifest = JSON.parse(readFileSync(join(dist, "manifest.json"), "utf8")) as Manifest;
  sums = new Map();
  for (const line of readFileSync(join(dist, "SHA256SUMS"), "utf8").split("\n").filter(Boolean)) {
    const m = /^([0-9a-f]{64}) [ *](\S+)$/.exec(line);
    if (!m) throw new Error(`SHA256SUMS line is not in sha256sum's format: ${JSON.stringify(line)}`);
    sums.set(m[2]!, m[1]!);
  }
}, 15 * 60_000);

describe("release binaries (build.ts --all)", () => {
  it("builds one binary per release target, each for its platform", () => {
    expect(manifest.targets.map((t) => [t.target, t.file])).toEqual(EXPECTED.map((e) => [e.target, e.file]));
    for (const e of EXPECTED) {
      const kind = binaryKind(join(dist, e.file));
      expect({ file: e.file, format: kind.format, machine: kind.machine }).toEqual({ file: e.file, format: e.format, machine: e.machine });
      if (e.format === "mach-o") expect(kind.codeSignature, `${e.file} is not signed`).toBe(true);
    }
  });

  it("SHA256SUMS holds the sum of every binary, and sha256sum -c accepts it", () => {
    expect([...sums.keys()]).toEqual(EXPECTED.map((e) => e.file));
    for (const [file, sum] of sums) expect(sha256File(join(dist, file)), file).toBe(sum);
    const check = spawnSync("sha256sum", ["-c", "SHA256SUMS"], { cwd: dist, encoding: "utf8" });
    expect(check.status, check.stderr).toBe(0);
    expect(check.stdout).toBe(EXPECTED.map((e) => `${e.file}: OK\n`).join(""));
  });

  it("manifest.json names the version, commit and Bun, and agrees with the files and SHA256SUMS", () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string };
    const bunPkg = JSON.parse(readFileSync(join(repoRoot, "node_modules", "bun", "package.json"), "utf8")) as { version: string };
    expect(manifest.name).toBe("retort");
    expect(manifest.version).toBe(pkg.version);
    expect(commitsDuringBuild).toContain(manifest.commit);
    expect(manifest.bun).toBe(bunPkg.version);
    for (const t of manifest.targets) {
      expect(t.size, t.file).toBe(statSync(join(dist, t.file)).size);
      expect(t.sha256, t.file).toBe(sums.get(t.file));
    }
  });

  it("the host's binary prints the version, the commit and its target", async () => {
    const host = manifest.targets.find((t) => t.target === hostTarget());
    expect(host, `no release binary for ${hostTarget()}`).toBeDefined();
    const r = await runRetort(["--version"], { cwd: tempProject("release_version"), command: [join(dist, host!.file)] });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`retort ${manifest.version} (${manifest.commit}, bun ${hostTarget()})\n`);
  });

  it("the linux-arm64 binary runs --version under qemu-aarch64 and names its target", async () => {
    const r = await runRetort(["--version"], { cwd: tempProject("release_arm64"), command: [...qemuArm64(), join(dist, "retort-linux-arm64")] });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`retort ${manifest.version} (${manifest.commit}, bun linux-arm64)\n`);
  }, 120_000);

  it("the linux-arm64 binary writes the same upgrade head --sql script as the host's binary", async () => {
    const dir = tempProject("release_sql");
    writeSqlRevision(dir, { id: "a1b2c3d4e5f6", message: "users", upgrade: "CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL);", downgrade: "DROP TABLE users;" });
    writeSqlRevision(dir, {
      id: "b2c3d4e5f6a1",
      down: "a1b2c3d4e5f6",
      message: "lowercase emails",
      upgrade: "CREATE FUNCTION lower_email() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  NEW.email := lower(NEW.email); -- a comment; with a semicolon\n  RETURN NEW;\nEND;\n$$;\nCREATE TRIGGER users_lower_email BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION lower_email();",
      downgrade: "DROP TRIGGER users_lower_email ON users;\nDROP FUNCTION lower_email();",
    });
    writeSqlRevision(dir, { id: "c3d4e5f6a1b2", down: "b2c3d4e5f6a1", message: "email index", transactional: false, upgrade: "CREATE INDEX CONCURRENTLY users_email ON users (email);", downgrade: "DROP INDEX CONCURRENTLY users_email;" });
    const host = manifest.targets.find((t) => t.target === hostTarget())!;
    const expected = await runRetort(["upgrade", "head", "--sql"], { cwd: dir, command: [join(dist, host.file)] });
    expect(expected.code, expected.stderr).toBe(0);
    expect(expected.stdout).toMatch(/^BEGIN;$/m);
    expect(expected.stdout).toContain("CREATE INDEX CONCURRENTLY users_email ON users (email);");
    expect(expected.stdout).toContain("INSERT INTO \"alembic_version\" (version_num) VALUES ('a1b2c3d4e5f6');");
    const arm64 = await runRetort(["upgrade", "head", "--sql"], { cwd: dir, command: [...qemuArm64(), join(dist, "retort-linux-arm64")] });
    expect(arm64.code, arm64.stderr).toBe(0);
    expect(arm64.stdout).toBe(expected.stdout);
    expect(arm64.stderr).toBe(expected.stderr);
  }, 120_000);
});
