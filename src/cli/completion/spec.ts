/**
 * What a completion script needs to know about the CLI, read from the commander program itself so
 * that the scripts can never list a command or an option the program does not have.
 */
import type { Argument, Command, Option } from "@commander-js/extra-typings";

/**
 * What a value is, and so what a shell offers for it: revisions (ids, labels, head, base …), a
 * history range (revisions on either side of `:`), files, directories, the CLI's own command
 * names, a fixed list, or free text (nothing to offer).
 */
export type ValueKind = { readonly kind: PlainKind } | { readonly kind: "choice"; readonly choices: readonly string[] };
type PlainKind = "revision" | "range" | "file" | "directory" | "command" | "text";

export interface OptionSpec {
  /** `-c`, `--config`: the short name first when there is one. */
  readonly names: readonly string[];
  readonly description: string;
  /** What its value is; undefined for a flag. */
  readonly value: ValueKind | undefined;
  /** The value's placeholder in the help (`file` in `--config <file>`). */
  readonly valueName: string | undefined;
  /** Whether it may be given more than once (it collects its values). */
  readonly repeatable: boolean;
}

export interface ArgumentSpec {
  readonly name: string;
  readonly description: string;
  readonly value: ValueKind;
  readonly required: boolean;
  /** The last argument may take any number of values. */
  readonly variadic: boolean;
}

export interface CommandSpec {
  readonly name: string;
  readonly description: string;
  /** The command's own options, help included. */
  readonly options: readonly OptionSpec[];
  readonly arguments: readonly ArgumentSpec[];
}

export interface CompletionSpec {
  /** The name the script completes (`retort`). */
  readonly name: string;
  /** The program's options, help and version included; valid before the command. */
  readonly rootOptions: readonly OptionSpec[];
  /** The options every command also accepts (commander reads them anywhere on the line). */
  readonly globalOptions: readonly OptionSpec[];
  readonly commands: readonly CommandSpec[];
}

/**
 * A value's kind, from the placeholder that names it in the program (`<rev>`, `[target]`,
 * `<file>` …): the names the help shows are the single source, so a new `--onto <rev>` option is
 * completed with revisions without touching this module.
 */
const KIND_OF_PLACEHOLDER: Readonly<Record<string, PlainKind>> = {
  rev: "revision",
  revision: "revision",
  revisions: "revision",
  target: "revision",
  range: "range",
  file: "file",
  dir: "directory",
  directory: "directory",
  command: "command",
};

function kindOf(placeholder: string, choices: readonly string[] | undefined): ValueKind {
  if (choices !== undefined && choices.length > 0) return { kind: "choice", choices: [...choices] };
  return { kind: KIND_OF_PLACEHOLDER[placeholder] ?? "text" };
}

/** The placeholder in an option's flags: `rev` in `--head <rev>`. */
function placeholderOf(option: Option): string | undefined {
  return /[<[]([\w-]+)(?:\.\.\.)?[>\]]/.exec(option.flags)?.[1];
}

function optionSpec(option: Option): OptionSpec {
  const takesValue = option.required || option.optional;
  const valueName = takesValue ? (placeholderOf(option) ?? "value") : undefined;
  return {
    names: [option.short, option.long].filter((n): n is string => n !== undefined),
    description: option.description,
    value: valueName === undefined ? undefined : kindOf(valueName, option.argChoices),
    valueName,
    repeatable: option.variadic || (takesValue && option.parseArg !== undefined),
  };
}

function argumentSpec(argument: Argument): ArgumentSpec {
  return {
    name: argument.name(),
    description: argument.description,
    value: kindOf(argument.name(), argument.argChoices),
    required: argument.required,
    variadic: argument.variadic,
  };
}

const isHelpOrVersion = (o: OptionSpec): boolean => o.names.includes("--help") || o.names.includes("--version");

/** Reads the visible commands and options of `program` (hidden ones stay out of the scripts). */
export function completionSpec(program: Command): CompletionSpec {
  const help = program.createHelp();
  const rootOptions = help.visibleOptions(program).map(optionSpec);
  return {
    name: program.name(),
    rootOptions,
    globalOptions: rootOptions.filter((o) => !isHelpOrVersion(o)),
    commands: help.visibleCommands(program).map((cmd) => ({
      name: cmd.name(),
      description: cmd.description(),
      options: help.visibleOptions(cmd).map(optionSpec),
      arguments: cmd.registeredArguments.map(argumentSpec),
    })),
  };
}

/** A bash or zsh word in single quotes (the POSIX quoting both read alike). */
export function posixQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** The prefix of the shell functions a script defines: `_retort`. */
export function functionPrefix(name: string): string {
  return `_${name.replace(/\W/g, "_")}`;
}
