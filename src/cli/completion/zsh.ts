/**
 * The zsh completion script, built on compsys's `_arguments`. It works both from a file in `$fpath`
 * (autoloaded as `_retort`) and through `eval`, and asks for revisions at each TAB
 * (`retort __complete revisions`), from the project in the shell's current directory.
 */
import { functionPrefix, posixQuote, type ArgumentSpec, type CompletionSpec, type OptionSpec, type ValueKind } from "./spec.ts";

/** Text inside `[…]` or between `:` in an `_arguments` spec, where these characters are special. */
function specText(text: string): string {
  return text.replace(/[\\[\]:]/g, (c) => `\\${c}`);
}

/** The `_arguments` action completing a value of this kind. */
function action(value: ValueKind, fn: string): string {
  switch (value.kind) {
    case "revision":
      return `${fn}_revisions`;
    case "range":
      return `${fn}_ranges`;
    case "file":
      return "_files";
    case "directory":
      return "_files -/";
    case "command":
      return `${fn}_commands`;
    case "choice":
      return `(${value.choices.join(" ")})`;
    case "text":
      // A space: nothing to offer, but the message still says what is expected.
      return " ";
  }
}

/** One `_arguments` spec per name of the option: `(-c --config)-c+[config file]:file:_files`. */
function optionSpecs(option: OptionSpec, fn: string): string[] {
  const exclusions = option.repeatable ? "*" : option.names.length > 1 ? `(${option.names.join(" ")})` : "";
  const value = option.value === undefined ? "" : `:${specText(option.valueName ?? "value")}:${action(option.value, fn)}`;
  return option.names.map((name) => {
    const takes = option.value === undefined ? "" : name.startsWith("--") ? "=" : "+";
    return posixQuote(`${exclusions}${name}${takes}[${specText(option.description)}]${value}`);
  });
}

function argumentSpecs(args: readonly ArgumentSpec[], fn: string): string[] {
  return args.map((a, i) => {
    const position = a.variadic ? "*" : String(i + 1);
    const optional = !a.required && !a.variadic ? ":" : "";
    return posixQuote(`${position}:${optional}${specText(a.name)}:${action(a.value, fn)}`);
  });
}

const continued = (specs: readonly string[], indent: string): string => specs.map((s) => `${indent}${s} \\\n`).join("");

/** The zsh completion script for the program described by `spec`. */
export function zshScript(spec: CompletionSpec): string {
  const fn = functionPrefix(spec.name);
  const globalSpecs = spec.globalOptions.flatMap((o) => optionSpecs(o, fn));
  const commandCases = spec.commands.map((c) => {
    const specs = [...c.options.flatMap((o) => optionSpecs(o, fn)), ...globalSpecs, ...argumentSpecs(c.arguments, fn)];
    return `      (${c.name.replace(/[^\w-]/g, "\\$&")})\n        _arguments -s -S \\\n${continued(specs, "          ")}          && ret=0\n        ;;`;
  });
  return `#compdef ${spec.name}
# zsh completion for ${spec.name}: commands, options, and the revisions of the project in the current
# directory. Install it as a file in $fpath, then start a new shell:
#   ${spec.name} completion zsh > "\${fpath[1]}/_${spec.name}"
# or load it from ~/.zshrc, after compinit:
#   eval "$(${spec.name} completion zsh)"

${fn}_commands() {
  local -a commands
  commands=(
${spec.commands.map((c) => `    ${posixQuote(`${c.name.replaceAll(":", "\\:")}:${c.description}`)}`).join("\n")}
  )
  _describe -t commands command commands
}

# Revision ids, branch labels and head/base of the project that -c/--config and --env-file on
# the line (or the current directory) name; $1 is "revisions" or "range" (a:b).
${fn}_revision_words() {
  local -a project lines candidates
  local i line command=\${(Q)${fn}_line[1]}
  for ((i = 2; i < ${fn}_current; i++)); do
    case \${${fn}_line[i]} in
      (-c|--config|--env-file) project+=(\${${fn}_line[i]} \${(Q)${fn}_line[i+1]}) ;;
      (--config=*|--env-file=*) project+=(\${(Q)${fn}_line[i]}) ;;
    esac
  done
  [[ $1 == range ]] && compset -P '*:'
  lines=(\${(f)"$(\${command/#\\~/$HOME} __complete $1 $project 2>/dev/null)"})
  for line in $lines; do
    candidates+=("\${\${line%%$'\\t'*}//:/\\\\:}:\${line#*$'\\t'}")
  done
  _describe -t revisions revision candidates
}

# Actions are called with compadd options before their own arguments, hence one function each.
${fn}_revisions() {
  ${fn}_revision_words revisions
}

${fn}_ranges() {
  ${fn}_revision_words range
}

${fn}() {
  local curcontext=$curcontext state state_descr line ret=1
  local -a ${fn}_line
  local ${fn}_current=$CURRENT
  typeset -A opt_args
  ${fn}_line=("\${words[@]}")
  _arguments -C -s -S \\
${continued(spec.rootOptions.flatMap((o) => optionSpecs(o, fn)), "    ")}    ':command:${fn}_commands' \\
    '*::argument:->argument' \\
    && ret=0
  if [[ $state == argument ]]; then
    curcontext=\${curcontext%:*:*}:${spec.name}-$words[1]:
    case $words[1] in
${commandCases.join("\n")}
    esac
  fi
  return ret
}

if [[ \${zsh_eval_context[-1]} == loadautofunc ]]; then
  ${fn} "$@"
else
  compdef ${fn} ${spec.name}
fi
`;
}
