/** The `--version` line and the build target it names. */
import { version } from "../config/version.ts";

export { version };

/** Where a binary came from: its commit and the runtime/target it runs on. */
export interface BuildInfo {
  readonly commit: string;
  readonly runtime: string;
}

/** The `--version` line: `retort 0.1.0 (1a2b3c4d5e6f, bun linux-x64)`. */
export function versionLine(build: BuildInfo): string {
  return `retort ${version} (${build.commit}, ${build.runtime})`;
}

/**
 * The release target name of the running process (`linux-arm64`, `windows-x64`): what a binary
 * built on this machine without `--all` is for, and what a run from source reports. Windows is
 * `windows`, as in the release file names, where Node says `win32`.
 */
export function hostTarget(): string {
  return `${process.platform === "win32" ? "windows" : process.platform}-${process.arch}`;
}
