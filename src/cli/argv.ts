/**
 * Alembic's command-line habits that commander cannot express by declaration. Commander reads the
 * program's options after a verb too (so `retort upgrade head --url …` works), which would make
 * `retort history -v` print the version; in Alembic `-v` after a verb is that verb's `--verbose`.
 */
import type { Command } from "@commander-js/extra-typings";

/** The program's options that take a value, by every spelling, so a verb is not mistaken for one's value. */
function valueOptions(program: Command): Set<string> {
  const names = new Set<string>();
  for (const o of program.options) {
    if (!o.required && !o.optional) continue;
    if (o.short) names.add(o.short);
    if (o.long) names.add(o.long);
  }
  return names;
}

/**
 * The word of `argv` that names its verb: the first that is neither an option nor a global
 * option's value. Undefined when help is asked for first, or when a bundle of short options
 * (`-qc file`) leaves it unclear which word is a value.
 */
export function verbWord(program: Command, argv: readonly string[]): string | undefined {
  const takesValue = valueOptions(program);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--" || arg === "-h" || arg === "--help") return undefined;
    if (takesValue.has(arg)) i++;
    else if (/^-[^-]./.test(arg)) return undefined;
    else if (!arg.startsWith("-")) return arg;
  }
  return undefined;
}

/**
 * `argv` with `-v` after a verb that declares `-v, --verbose` spelled `--verbose`, so the verb gets
 * it instead of the program's `-v, --version`. Everything after `--` is left as it is.
 */
export function verbVerboseArgv(program: Command, argv: readonly string[]): string[] {
  const takesValue = valueOptions(program);
  const out = [...argv];
  let verb: Command | undefined;
  for (let i = 0; i < out.length; i++) {
    const arg = out[i]!;
    if (arg === "--") break;
    if (verb === undefined) {
      if (takesValue.has(arg)) i++;
      else if (!arg.startsWith("-")) {
        verb = (program.commands as Command[]).find((c) => c.name() === arg || c.aliases().includes(arg));
        if (verb === undefined) break;
      }
      continue;
    }
    if (arg === "-v" && verb.options.some((o) => o.short === "-v" && o.long === "--verbose")) out[i] = "--verbose";
  }
  return out;
}
