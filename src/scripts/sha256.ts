/**
 * sha256 hex of a text, with the cheapest hasher the runtime has. Under Bun, `node:crypto` costs
 * about 10 ms to load (on every run, even `--version`, if imported statically), while
 * `Bun.CryptoHasher` is built in; Node and Deno load `node:crypto` on first use.
 */
interface Hasher {
  update(text: string): Hasher;
  digest(encoding: "hex"): string;
}

type HasherFactory = () => Hasher;

const bun = (globalThis as { Bun?: { CryptoHasher: new (algorithm: "sha256") => Hasher } }).Bun;
let factory: HasherFactory | undefined = bun ? () => new bun.CryptoHasher("sha256") : undefined;

function nodeFactory(): HasherFactory {
  const { createHash } = process.getBuiltinModule("node:crypto");
  return () => {
    const hash = createHash("sha256");
    const hasher: Hasher = {
      update: (text) => (hash.update(text, "utf8"), hasher),
      digest: (encoding) => hash.digest(encoding),
    };
    return hasher;
  };
}

/** sha256 of `text` (UTF-8), as 64 lowercase hex characters. */
export function sha256Hex(text: string): string {
  factory ??= nodeFactory();
  return factory().update(text).digest("hex");
}
