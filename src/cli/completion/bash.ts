/**
 * The bash completion script. Commands and options are written into the script; revision ids and
 * labels are asked for at each TAB (`retort __complete revisions`), from the project in the
 * shell's current directory. It needs no bash-completion package, and no bash 4 feature (macOS
 * ships bash 3.2).
 */
import { functionPrefix, posixQuote, type CommandSpec, type CompletionSpec, type OptionSpec, type ValueKind } from "./spec.ts";

/** How a value kind is written in the script: `revision`, `file`, `choice bash zsh fish` … */
function kindWord(value: ValueKind): string {
  return value.kind === "choice" ? `choice ${value.choices.join(" ")}` : value.kind;
}

const allNames = (options: readonly OptionSpec[]): string => options.flatMap((o) => o.names).join(" ");

/** `case` arms setting the kind variable `v` for each option that takes a value. */
function optionKindArms(options: readonly OptionSpec[], v: string, indent: string): string[] {
  return options.filter((o) => o.value !== undefined).map((o) => `${indent}${o.names.join(" | ")}) ${v}=${posixQuote(kindWord(o.value!))} ;;`);
}

/** An `if` chain setting the kind variable `v` for the positional argument at index `$2`. */
function argumentKindLines(command: CommandSpec, v: string, indent: string): string[] {
  const tests = command.arguments.map((a, i) => `((\$2 ${a.variadic ? ">=" : "=="} ${i})); then ${v}=${posixQuote(kindWord(a.value))}`);
  return tests.length === 0 ? [] : [`${indent}if ${tests.join(`\n${indent}elif `)}`, `${indent}fi`];
}

/** The bash completion script for the program described by `spec`. */
export function bashScript(spec: CompletionSpec): string {
  const fn = functionPrefix(spec.name);
  const words = `${fn}_words`;
  const kind = `${fn}_kind`;
  const list = `${fn}_option_list`;
  const optionCases = spec.commands.flatMap((c) => {
    const arms = optionKindArms(c.options, kind, "        ");
    return arms.length === 0 ? [] : [`    ${posixQuote(c.name)})`, "      case $2 in", ...arms, "      esac", "      ;;"];
  });
  const argumentCases = spec.commands.flatMap((c) => {
    const lines = argumentKindLines(c, kind, "      ");
    return lines.length === 0 ? [] : [`    ${posixQuote(c.name)})`, ...lines, "      ;;"];
  });
  const optionLists = spec.commands.map((c) => `    ${posixQuote(c.name)}) ${list}=${posixQuote([allNames(c.options), allNames(spec.globalOptions)].join(" ").trim())} ;;`);
  return `# bash completion for ${spec.name}: commands, options, and the revisions of the project in the
# current directory. Load it from ~/.bashrc with:
#   source <(${spec.name} completion bash)

# Sets ${words} to the words up to the cursor, with ":", "=" and "@" kept inside words: bash
# splits "--config=x", "a:b" and "label@head" at them (COMP_WORDBREAKS), while readline completes
# only the text after the last one.
${fn}_split_words() {
  local line=\${COMP_LINE:0:COMP_POINT} word spaced i n
  ${words}=()
  for ((i = 0; i <= COMP_CWORD; i++)); do
    word=\${COMP_WORDS[i]}
    spaced=0
    while [[ $line == [[:space:]]* ]]; do line=\${line:1}; spaced=1; done
    if ((i == COMP_CWORD)); then word=$line; fi
    line=\${line:\${#word}}
    n=\${#${words}[@]}
    if ((n > 0 && !spaced)) && [[ $word == [@:=]* || \${${words}[n - 1]} == *[@:=] ]]; then
      ${words}[n - 1]+=$word
    else
      ${words}+=("$word")
    fi
  done
}

# Sets ${kind} to what option $2 of command $1 takes (empty for a flag).
${fn}_option_kind() {
  ${kind}=
  case $2 in
${optionKindArms(spec.rootOptions, kind, "    ").join("\n")}
  esac
  [[ -n $${kind} ]] && return
  case $1 in
${optionCases.join("\n")}
  esac
}

# Sets ${kind} to what the argument at index $2 (from 0) of command $1 takes.
${fn}_argument_kind() {
  ${kind}=
  case $1 in
${argumentCases.join("\n")}
  esac
}

# Sets ${list} to the options of command $1 (empty: before the command).
${fn}_options() {
  case $1 in
    '') ${list}=${posixQuote(allNames(spec.rootOptions))} ;;
${optionLists.join("\n")}
    *) ${list}=${posixQuote(allNames(spec.globalOptions))} ;;
  esac
}

${fn}() {
  local ${words} ${kind} ${list} whole cur prefix= command= expect= count=0 i word line keep= k c
  local -a project=() candidates=() generate=()
  ${fn}_split_words
  whole=\${${words}[\${#${words}[@]} - 1]}
  cur=$whole
  # Find the command and count its arguments; keep -c/--config and --env-file, which say where
  # the project is.
  for ((i = 1; i < \${#${words}[@]} - 1; i++)); do
    word=\${${words}[i]}
    if [[ -n $expect ]]; then
      case $expect in -c | --config | --env-file) project+=("$expect" "$word") ;; esac
      expect=
      continue
    fi
    case $word in
      --config=* | --env-file=*) project+=("$word") ;;
      -?*)
        ${fn}_option_kind "$command" "$word"
        [[ -n $${kind} ]] && expect=$word
        ;;
      *)
        if [[ -z $command ]]; then command=$word; else count=$((count + 1)); fi
        ;;
    esac
  done
  if [[ -n $expect ]]; then
    ${fn}_option_kind "$command" "$expect"
  elif [[ $cur == --*=* ]]; then
    ${fn}_option_kind "$command" "\${cur%%=*}"
    prefix=\${cur%%=*}=
    cur=\${cur#*=}
  elif [[ $cur == -* ]]; then
    ${fn}_options "$command"
    ${kind}="choice $${list}"
  elif [[ -z $command ]]; then
    ${kind}=command
  else
    ${fn}_argument_kind "$command" "$count"
  fi
  case $${kind} in
    revision | range)
      c=revisions
      if [[ $${kind} == range ]]; then
        c=range
        if [[ $cur == *:* ]]; then
          prefix+=\${cur%:*}:
          cur=\${cur##*:}
        fi
      fi
      k=\${${words}[0]}
      while IFS=$'\\t' read -r line _; do
        [[ $line == "$cur"* ]] && candidates+=("$line")
      done < <("\${k/#\\~/$HOME}" __complete "$c" \${project[@]+"\${project[@]}"} 2>/dev/null)
      ;;
    file) compopt -o filenames 2>/dev/null; generate=(-f) ;;
    directory) compopt -o filenames 2>/dev/null; generate=(-d) ;;
    command) generate=(-W ${posixQuote(spec.commands.map((c) => c.name).join(" "))}) ;;
    choice\\ *) generate=(-W "\${${kind}#choice }") ;;
  esac
  if ((\${#generate[@]} > 0)); then
    while IFS= read -r line; do candidates+=("$line"); done < <(compgen "\${generate[@]}" -- "$cur")
  fi
  # Readline replaces only the text after the last word-break character, so drop what precedes
  # it; "@" itself is replaced too (bash lets a word start with it, for host names).
  for c in : = @; do
    [[ $COMP_WORDBREAKS == *"$c"* && $whole == *"$c"* ]] || continue
    k=\${whole%"$c"*}
    [[ $c == @ ]] || k+=$c
    ((\${#k} > \${#keep})) && keep=$k
  done
  COMPREPLY=()
  for c in \${candidates[@]+"\${candidates[@]}"}; do
    c=$prefix$c
    COMPREPLY+=("\${c#"$keep"}")
  done
}

complete -F ${fn} ${spec.name}
`;
}
