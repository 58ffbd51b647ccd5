/**
 * The fish completion script: one `complete` line per command and option, with conditions that
 * find the command on the line. Revisions are asked for at each TAB (`retort __complete
 * revisions`), from the project in the shell's current directory.
 */
import { functionPrefix, type CompletionSpec, type OptionSpec, type ValueKind } from "./spec.ts";

/** A fish word in single quotes (where only `\` and `'` are special). */
function quote(text: string): string {
  return `'${text.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/** The `complete` flags that offer values of this kind. */
function valueFlags(value: ValueKind, fn: string): string {
  switch (value.kind) {
    case "revision":
      return `-x -a '(${fn}_revisions revisions)'`;
    case "range":
      return `-x -a '(${fn}_revisions range)'`;
    case "file":
      return "-r -F";
    case "directory":
      return "-x -a '(__fish_complete_directories (commandline -ct))'";
    case "command":
      return `-x -a '(${fn}_commands)'`;
    case "choice":
      return `-x -a ${quote(value.choices.join(" "))}`;
    case "text":
      return "-x";
  }
}

function optionLine(name: string, option: OptionSpec, fn: string, condition: string | undefined): string {
  const names = option.names.map((n) => (n.startsWith("--") ? `-l ${n.slice(2)}` : `-s ${n.slice(1)}`)).join(" ");
  const value = option.value === undefined ? "" : ` ${valueFlags(option.value, fn)}`;
  return `complete -c ${name}${condition ? ` -n ${quote(condition)}` : ""} ${names}${value} -d ${quote(option.description)}`;
}

/** `switch` arms returning 0 for the options that take a value. */
function takesValueArms(options: readonly OptionSpec[], indent: string): string[] {
  const names = options.filter((o) => o.value !== undefined).flatMap((o) => o.names);
  return names.length === 0 ? [] : [`${indent}case ${names.join(" ")}`, `${indent}    return 0`];
}

/** The fish completion script for the program described by `spec`. */
export function fishScript(spec: CompletionSpec): string {
  const fn = `_${functionPrefix(spec.name)}`;
  const name = spec.name;
  const isRootOnly = (o: OptionSpec): boolean => !spec.globalOptions.includes(o) && !o.names.includes("--help");
  const lines: string[] = [
    `complete -c ${name} -f`,
    ...spec.rootOptions.map((o) => optionLine(name, o, fn, isRootOnly(o) ? `${fn}_needs_command` : undefined)),
    ...spec.commands.map((c) => `complete -c ${name} -n '${fn}_needs_command' -a ${quote(c.name)} -d ${quote(c.description)}`),
  ];
  for (const c of spec.commands) {
    lines.push(...c.options.filter((o) => !o.names.includes("--help")).map((o) => optionLine(name, o, fn, `${fn}_using_command ${c.name}`)));
    c.arguments.forEach((a, i) => {
      lines.push(`complete -c ${name} -n ${quote(`${fn}_using_command ${c.name} ${i}${a.variadic ? "+" : ""}`)} ${valueFlags(a.value, fn)}`);
    });
  }
  const commandArms = spec.commands.flatMap((c) => {
    const arms = takesValueArms(c.options, "            ");
    return arms.length === 0 ? [] : [`        case ${quote(c.name)}`, "            switch $word", ...arms, "            end"];
  });
  return `# fish completion for ${name}: commands, options, and the revisions of the project in the current
# directory. Load it now with:
#   ${name} completion fish | source
# or install it for every new shell:
#   ${name} completion fish > ~/.config/fish/completions/${name}.fish

# Whether option $word of command $command takes a value (in the next word).
function ${fn}_takes_value --argument-names command word
    switch $word
${takesValueArms(spec.rootOptions, "        ").join("\n")}
    end
    switch $command
${commandArms.join("\n")}
    end
    return 1
end

# Prints how many arguments the command has before the cursor, then the command (if any).
function ${fn}_parse
    set -l words (commandline -opc)
    set -e words[1]
    set -l command
    set -l count 0
    while set -q words[1]
        set -l word $words[1]
        set -e words[1]
        if string match -q -- '-?*' $word
            ${fn}_takes_value "$command" $word; and set -e words[1]
        else if not set -q command[1]
            set command $word
        else
            set count (math $count + 1)
        end
    end
    printf '%s\n' $count $command
end

function ${fn}_needs_command
    set -l parsed (${fn}_parse)
    not set -q parsed[2]
end

# Whether the command on the line is $name and, with $index, the cursor is at its argument number
# $index (from 0; "2+" for 2 and after).
function ${fn}_using_command --argument-names name index
    set -l parsed (${fn}_parse)
    test "$parsed[2]" = "$name"; or return 1
    test -z "$index"; and return 0
    if string match -q -- '*+' $index
        test $parsed[1] -ge (string trim -r -c + -- $index)
    else
        test $parsed[1] -eq $index
    end
end

function ${fn}_commands
${spec.commands.map((c) => `    printf '%s\\t%s\\n' ${quote(c.name)} ${quote(c.description)}`).join("\n")}
end

# Revision ids, branch labels and head/base of the project that -c/--config and --env-file on
# the line (or the current directory) name; $kind is "revisions" or "range" (a:b).
function ${fn}_revisions --argument-names kind
    set -l words (commandline -opc)
    set -l project
    for i in (seq 2 (count $words))
        switch $words[$i]
            case -c --config --env-file
                set -l next (math $i + 1)
                set -q words[$next]; and set -a project $words[$i] $words[$next]
            case '--config=*' '--env-file=*'
                set -a project $words[$i]
        end
    end
    set -l prefix ''
    if test "$kind" = range
        set prefix (string match -r -- '^.*:' (commandline -ct)); or set prefix ''
    end
    set -l command (string replace -r -- '^~' $HOME $words[1])
    $command __complete $kind $project 2>/dev/null | string replace -r -- '^' "$prefix"
end

${lines.join("\n")}
`;
}
