/**
 * sha256 hex of a text, with the cheapest hasher the runtime has. Under Bun, `node:crypto` costs
 * about 10 ms to load (on every run, even `--version`, if imported statically) and a hasher object
 * per text costs four times the one-shot `Bun.CryptoHasher.hash`; Node and Deno load
 * `node:crypto` on first use.
 */
type Hash = (text: string) => string;

interface BunHasher {
  hash(algorithm: "sha256", data: string, encoding: "hex"): string;
}

const bunHasher = (globalThis as { Bun?: { CryptoHasher: BunHasher } }).Bun?.CryptoHasher;
let hash: Hash | undefined = bunHasher ? (text) => bunHasher.hash("sha256", text, "hex") : undefined;

function nodeHash(): Hash {
  const { createHash } = process.getBuiltinModule("node:crypto");
  return (text) => createHash("sha256").update(text, "utf8").digest("hex");
}

/** sha256 of `text` (UTF-8), as 64 lowercase hex characters. */
export function sha256Hex(text: string): string {
  hash ??= nodeHash();
  return hash(text);
}
