/** Inputs whose sha256 digests are compared between the runtimes' hashers (src/scripts/sha256.test.ts). */
export const SHA256_CASES = {
  texts: ["", "select 1;", "créer la table « t » 🚀", "a\r\nb\u0000c"],
  /** Texts and bytes, as a fingerprint hashes them: made anew for each use, since a probe runs elsewhere. */
  parts: (): (string | Uint8Array)[][] => [
    [],
    ["a/b.sql\na/c.sql", "\n", new Uint8Array(new Float64Array([120, 1_700_000_000_123.5, 42]).buffer)],
    ["é", new Uint8Array([0, 255, 10]), "🚀", ""],
  ],
};
