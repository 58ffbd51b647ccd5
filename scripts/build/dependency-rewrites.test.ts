import { spawn as realSpawn } from "node:child_process";
import { createHash, createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { Socket as RealSocket } from "node:net";
import { userInfo } from "node:os";
import { Duplex as RealDuplex } from "node:stream";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REWRITES, rewriteLines } from "./dependency-rewrites.ts";

const modules = join(import.meta.dirname, "..", "..", "node_modules");
const connection = join(modules, "postgres", "src", "connection.js");
const driverIndex = join(modules, "postgres", "src", "index.js");
const command = join(modules, "commander", "lib", "command.js");
const shim = (name: string): string => JSON.stringify(join(import.meta.dirname, "lazy-builtins", name));
const rewriteOf = (path: string) => REWRITES.find((r) => r.file.test(path))!;

describe("rewriteLines", () => {
  it("points the installed driver's net, tls, crypto, stream and perf_hooks imports at the shims, and opens its first connection on the next turn", () => {
    const out = rewriteLines(readFileSync(connection, "utf8"), connection, rewriteOf(connection));
    for (const name of ["net.ts", "tls.ts", "crypto.ts", "stream.ts", "perf_hooks.ts"]) expect(out).toContain(shim(name));
    expect(out).not.toMatch(/from '(net|tls|crypto|stream|perf_hooks)'/);
    expect(out).toContain("import { performance } from");
    // The first connection opens on the next turn; a reconnection still waits out its back-off.
    expect(out).toContain("closedTime ? setTimeout(connect, Math.max(0, closedTime + delay - performance.now())) : setImmediate(connect)");
    expect(out).not.toContain("setTimeout(connect, closedTime ?");
    const large = join(modules, "postgres", "src", "large.js");
    expect(rewriteLines(readFileSync(large, "utf8"), large, rewriteOf(large))).toContain(`import Stream from ${shim("stream.ts")}`);
  });

  it("points the installed driver's os import at its shim, and leaves its other imports alone", () => {
    const out = rewriteLines(readFileSync(driverIndex, "utf8"), driverIndex, rewriteOf(driverIndex));
    expect(out).toContain(`import os from ${shim("os.ts")}`);
    expect(out).not.toContain("import os from 'os'");
    expect(out).toContain("import Connection from './connection.js'");
  });

  it("points the installed commander's child_process at its shim, and leaves its other builtins alone", () => {
    const out = rewriteLines(readFileSync(command, "utf8"), command, rewriteOf(command));
    expect(out).toContain(`const childProcess = require(${shim("child_process.ts")}).default;`);
    expect(out).not.toContain("require('node:child_process')");
    expect(out).toContain("require('node:fs')");
  });

  it("fails, naming the file and the line, when a dependency no longer loads one of them that way", () => {
    const text = readFileSync(connection, "utf8").replace("import tls from 'tls'", "import * as tls from 'node:tls'");
    expect(() => rewriteLines(text, connection, rewriteOf(connection))).toThrow(`${connection} no longer has \`import tls from 'tls'\``);
  });
});

describe("the shims", () => {
  it("hand out the real modules' members on first use", async () => {
    const [{ default: crypto }, { default: tls }, { performance }, { default: childProcess }, { default: os }, { default: net }, { default: stream }] = await Promise.all([
      import("./lazy-builtins/crypto.ts"),
      import("./lazy-builtins/tls.ts"),
      import("./lazy-builtins/perf_hooks.ts"),
      import("./lazy-builtins/child_process.ts"),
      import("./lazy-builtins/os.ts"),
      import("./lazy-builtins/net.ts"),
      import("./lazy-builtins/stream.ts"),
    ]);
    expect(crypto.createHash("sha256").update("retort").digest("hex")).toBe(createHash("sha256").update("retort").digest("hex"));
    expect(crypto.createHmac("sha256", "key").update("retort").digest("hex")).toBe(createHmac("sha256", "key").update("retort").digest("hex"));
    expect(crypto.randomBytes(18)).toHaveLength(18);
    expect(typeof tls.connect).toBe("function");
    expect(performance.now()).toBeGreaterThan(0);
    expect(childProcess.spawn).toBe(realSpawn);
    expect(os.userInfo().username).toBe(userInfo().username);
    expect(net.isIP("127.0.0.1")).toBe(4);
    expect(new net.Socket()).toBeInstanceOf(RealSocket);
    expect(new stream.PassThrough()).toBeInstanceOf(RealDuplex);
  });
});
