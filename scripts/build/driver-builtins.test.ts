import { createHash, createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { redirectDriverImports } from "./driver-builtins.ts";

const connection = join(import.meta.dirname, "..", "..", "node_modules", "postgres", "src", "connection.js");

describe("redirectDriverImports", () => {
  it("points the installed driver's tls, crypto and perf_hooks imports at the shims, and leaves net alone", () => {
    const out = redirectDriverImports(readFileSync(connection, "utf8"), connection);
    for (const shim of ["tls.ts", "crypto.ts", "perf_hooks.ts"]) expect(out).toContain(JSON.stringify(join(import.meta.dirname, "driver-builtins", shim)));
    expect(out).not.toMatch(/from '(tls|crypto|perf_hooks)'/);
    expect(out).toContain("import net from 'net'");
    expect(out).toContain("import { performance } from");
  });

  it("fails, naming the file and the line, when the driver no longer imports one of them that way", () => {
    const text = readFileSync(connection, "utf8").replace("import tls from 'tls'", "import * as tls from 'node:tls'");
    expect(() => redirectDriverImports(text, connection)).toThrow(`${connection} no longer has \`import tls from 'tls'\``);
  });
});

describe("the shims", () => {
  it("hand out the real modules' members on first use", async () => {
    const [{ default: crypto }, { default: tls }, { performance }] = await Promise.all([import("./driver-builtins/crypto.ts"), import("./driver-builtins/tls.ts"), import("./driver-builtins/perf_hooks.ts")]);
    expect(crypto.createHash("sha256").update("retort").digest("hex")).toBe(createHash("sha256").update("retort").digest("hex"));
    expect(crypto.createHmac("sha256", "key").update("retort").digest("hex")).toBe(createHmac("sha256", "key").update("retort").digest("hex"));
    expect(crypto.randomBytes(18)).toHaveLength(18);
    expect(typeof tls.connect).toBe("function");
    expect(performance.now()).toBeGreaterThan(0);
  });
});
