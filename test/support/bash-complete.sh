# Usage: bash bash-complete.sh LINE
# Loads `retort completion bash` as the README says, sets COMP_WORDS, COMP_CWORD, COMP_LINE and
# COMP_POINT for LINE (cursor at its end) the way bash does, calls the function that
# `complete -p retort` names, and prints COMPREPLY, one word a line.
source <(retort completion bash)
line=$1
COMP_LINE=$line
COMP_POINT=${#line}
COMP_WORDS=()
# bash splits at white space, and makes each run of the word-break characters : = @ a word.
read -ra parts <<< "$line"
for w in "${parts[@]}"; do
  while [[ $w =~ ^([^:=@]*)([:=@]+)(.*)$ ]]; do
    [[ -n ${BASH_REMATCH[1]} ]] && COMP_WORDS+=("${BASH_REMATCH[1]}")
    COMP_WORDS+=("${BASH_REMATCH[2]}")
    w=${BASH_REMATCH[3]}
  done
  [[ -n $w ]] && COMP_WORDS+=("$w")
done
[[ $line == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
spec=$(complete -p retort)
fn=${spec#*-F }
"${fn%% *}"
printf '%s\n' "${COMPREPLY[@]}"
