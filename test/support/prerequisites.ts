/**
 * The system tools some suites drive. `npm test` installs them (scripts/test-setup.sh); a test run
 * any other way that finds one missing fails with the package to install instead of skipping.
 */
import { spawnSync } from "node:child_process";

/** Whether `command` runs (`command --version`, or `args`). */
export function hasCommand(command: string, args: readonly string[] = ["--version"]): boolean {
  return spawnSync(command, [...args], { stdio: "ignore" }).status === 0;
}

/** Throws, naming the Debian package, unless `command` runs. */
export function requireCommand(command: string, debianPackage: string, args?: readonly string[]): void {
  if (!hasCommand(command, args)) throw new MissingPrerequisiteError(`"${command}"`, debianPackage);
}

/** Throws, naming the Debian packages, unless Debian's Python imports `modules`. */
export function requirePythonModules(python: string, modules: readonly string[], debianPackages: string): void {
  if (spawnSync(python, ["-c", `import ${modules.join(", ")}`], { stdio: "ignore" }).status !== 0) {
    throw new MissingPrerequisiteError(`${python} with ${modules.join(" and ")}`, debianPackages);
  }
}

/** A tool a test needs is not installed. */
export class MissingPrerequisiteError extends Error {
  constructor(what: string, debianPackages: string) {
    super(`${what} is not installed: run \`npm test\`, which installs it, or \`sudo apt-get install -y ${debianPackages}\``);
    this.name = "MissingPrerequisiteError";
  }
}
