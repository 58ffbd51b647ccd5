/** `retort completion <shell>`: the completion script of a shell, generated from the program. */
import type { Command } from "@commander-js/extra-typings";
import { bashScript } from "./bash.ts";
import { fishScript } from "./fish.ts";
import type { Shell } from "./shells.ts";
import { completionSpec, type CompletionSpec } from "./spec.ts";
import { zshScript } from "./zsh.ts";

const RENDERERS: Readonly<Record<Shell, (spec: CompletionSpec) => string>> = { bash: bashScript, zsh: zshScript, fish: fishScript };

/** The completion script for `shell`, covering the commands and options of `program`. */
export function completionScript(shell: Shell, program: Command): string {
  return RENDERERS[shell](completionSpec(program));
}
