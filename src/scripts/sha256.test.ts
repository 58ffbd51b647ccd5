import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { runBunProbe } from "../../test/support/bun-probe.ts";
import { SHA256_CASES } from "../../test/support/sha256-cases.ts";
import { sha256Hex, sha256HexOfParts } from "./sha256.ts";

const nodeDigest = (parts: readonly (string | Uint8Array)[]): string => {
  const hasher = createHash("sha256");
  for (const p of parts) hasher.update(p);
  return hasher.digest("hex");
};

describe("sha256Hex", () => {
  it("matches node:crypto on ASCII, multi-byte and empty text", () => {
    for (const text of SHA256_CASES.texts) {
      expect(sha256Hex(text)).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
    }
  });

  it("gives the well-known digest of 'abc'", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

describe("sha256HexOfParts", () => {
  it("is the digest of the parts one after another, texts as UTF-8", () => {
    const bytes = new Uint8Array([0, 255, 10]);
    const joined = Buffer.concat([Buffer.from("é", "utf8"), bytes, Buffer.from("🚀", "utf8")]);
    expect(sha256HexOfParts(["é", bytes, "🚀", ""])).toBe(createHash("sha256").update(joined).digest("hex"));
    expect(sha256HexOfParts(["ab", "c"])).toBe(sha256Hex("abc"));
    expect(sha256HexOfParts([])).toBe(sha256Hex(""));
  });

  it("gives under Bun, with Bun's hasher, the digests node:crypto gives", () => {
    const bun = runBunProbe("sha256-probe.ts") as { text: Record<string, string>; parts: Record<string, string> };
    SHA256_CASES.texts.forEach((text, i) => expect(bun.text[i], JSON.stringify(text)).toBe(nodeDigest([text])));
    SHA256_CASES.parts().forEach((parts, i) => expect(bun.parts[i], `parts ${i}`).toBe(nodeDigest(parts)));
  });
});
