/**
 * sha256 hex of a text, with the cheapest hasher the runtime has. Under Bun, `node:crypto` costs
 * about 10 ms to load (on every run, even `--version`, if imported statically) and a hasher object
 * per text costs four times the one-shot `Bun.CryptoHasher.hash`; Node and Deno load
 * `node:crypto` on first use.
 */
import { bunGlobal } from "../config/runtime.ts";

type Hash = (text: string) => string;

/** Node and Deno: `node:crypto`, loaded on first use (getBuiltinModule returns the loaded module after that). */
function nodeHash(text: string): string {
  const { createHash } = process.getBuiltinModule("node:crypto");
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** The hasher of this runtime, chosen once. */
function runtimeHash(): Hash {
  const bun = bunGlobal()?.CryptoHasher;
  return bun ? (text) => bun.hash("sha256", text, "hex") : nodeHash;
}

const hash: Hash = runtimeHash();

/** sha256 of `text` (UTF-8), as 64 lowercase hex characters. */
export function sha256Hex(text: string): string {
  return hash(text);
}
