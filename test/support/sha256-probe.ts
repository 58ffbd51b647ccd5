/**
 * Run by Bun (src/scripts/sha256.test.ts): the digests of scripts/sha256.ts with Bun's own hasher,
 * printed as one JSON document for the test to compare with node:crypto's.
 */
import { sha256Hex, sha256HexOfParts } from "../../src/scripts/sha256.ts";
import { SHA256_CASES } from "./sha256-cases.ts";

const results = {
  text: Object.fromEntries(SHA256_CASES.texts.map((t, i) => [i, sha256Hex(t)])),
  parts: Object.fromEntries(SHA256_CASES.parts().map((p, i) => [i, sha256HexOfParts(p)])),
};
process.stdout.write(JSON.stringify(results));
