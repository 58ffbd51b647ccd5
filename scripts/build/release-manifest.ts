/** dist/SHA256SUMS and dist/manifest.json: what a release holds, for people and for scripts. */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

/** One released binary. */
export interface ReleaseFile {
  /** `linux-arm64` */
  readonly target: string;
  /** The file name in the release directory: `retort-linux-arm64`. */
  readonly file: string;
  readonly size: number;
  /** sha256 of the file, 64 lowercase hex characters. */
  readonly sha256: string;
}

/** The document in manifest.json. */
export interface ReleaseManifest {
  readonly name: "retort";
  readonly version: string;
  readonly commit: string;
  /** The Bun version the binaries are built on. */
  readonly bun: string;
  readonly targets: readonly ReleaseFile[];
}

/** Size and sha256 of a built binary, from one read of it. */
export function describeReleaseFile(target: string, path: string): ReleaseFile {
  const bytes = readFileSync(path);
  return { target, file: basename(path), size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") };
}

/**
 * Writes `SHA256SUMS` (coreutils' format, so `sha256sum -c SHA256SUMS` checks the files in `dir`)
 * and `manifest.json` into `dir`.
 */
export function writeReleaseManifest(dir: string, manifest: ReleaseManifest): void {
  const sums = manifest.targets.map((f) => `${f.sha256}  ${f.file}\n`).join("");
  writeFileSync(join(dir, "SHA256SUMS"), sums);
  writeFileSync(join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
}
