/** The examples that end the `--help` of the program and of each command. */
import type { Command } from "@commander-js/extra-typings";

/** A command line a user would type, and what it does. */
export type Example = readonly [line: string, what: string];

/** Examples by command name; `retort` is the program itself. */
export const HELP_EXAMPLES: Readonly<Record<string, readonly Example[]>> = {
  retort: [
    ["retort init", "start a project in the current directory"],
    ["retort revision -m \"add users\"", "write a new revision file"],
    ["retort upgrade head", "apply every revision"],
    ["retort history -i", "list the revisions, marking the applied ones"],
    ["retort upgrade --help", "the options of one command"],
  ],
  init: [
    ["retort init", "create migrations/versions and retort.toml"],
    ["retort init db/migrations", "keep the revisions in db/migrations/versions"],
  ],
  import: [
    ["retort import alembic alembic.ini", "Alembic renders each revision into SQL"],
    ["retort import alembic . --url postgres:///scratch", "recover what fails offline"],
    ["retort import dbmate db/migrations", "convert dbmate's migrations into revisions"],
    ["retort import goose db/migrations --url \"$DATABASE_URL\"", "and stamp the database goose migrated"],
  ],
  revision: [
    ["retort revision -m \"create users\"", "a SQL revision on the current head"],
    ["retort revision -m \"backfill slugs\" --ts", "a TypeScript revision"],
    ["retort revision --autogenerate -m \"add posts\"", "fill it from the schema files"],
    ["retort revision -m \"billing\" --head base --branch-label billing", "start a second branch"],
  ],
  diff: [
    ["retort diff", "what the schema files add to the revisions"],
    ["retort diff --from database --to migrations", "how the database differs from the revisions"],
  ],
  dump: [
    ["retort dump", "the schema all revisions produce"],
    ["retort dump --from migrations@3f1c2a9b7d40", "the schema up to one revision"],
  ],
  check: [
    ["retort check", "exit 1 when a schema change has no revision"],
    ["retort check --database", "exit 1 when the database has drifted"],
  ],
  lint: [
    ["retort lint", "the revisions the database has not applied"],
    ["retort lint add_index.sql", "one file: a revision, or plain SQL"],
    ["retort lint --all --format github", "every revision, as GitHub annotations"],
  ],
  watch: [
    ["retort watch", "re-apply the head revision on every save"],
    ["retort watch --revision 9f8e", "watch one of several heads"],
    ["retort watch --drop-on-exit", "drop the scratch database when it ends"],
  ],
  merge: [
    ["retort merge heads -m \"merge billing\"", "merge every head"],
    ["retort merge 1a2b3c4d5e6f 9f8e7d6c5b4a -m \"merge\"", "merge two heads"],
  ],
  upgrade: [
    ["retort upgrade head", "apply every revision"],
    ["retort upgrade +1", "apply the next revision"],
    ["retort upgrade billing@head", "apply one branch up to its head"],
    ["retort upgrade head --wait --wait-timeout 2m", "in a deploy script: wait for the server"],
    ["retort upgrade base:head --sql > migrate.sql", "write the SQL script instead"],
  ],
  downgrade: [
    ["retort downgrade -1", "revert the last revision"],
    ["retort downgrade base", "revert every revision"],
    ["retort downgrade head:base --sql", "print the SQL that would revert them"],
  ],
  stamp: [
    ["retort stamp head", "mark every revision applied, running none"],
    ["retort stamp --purge base", "empty the version table"],
  ],
  rehash: [
    ["retort rehash", "accept every applied revision whose file changed"],
    ["retort rehash 3f1c2a9b7d40", "accept one revision"],
  ],
  current: [
    ["retort current", "the revisions applied to the database"],
    ["retort current --check-heads", "exit 1 unless the database is up to date"],
  ],
  history: [
    ["retort history", "every revision, newest first"],
    ["retort history -r -3:current", "from three before the current revision"],
    ["retort history -i --verbose", "when, by whom and how fast each was applied"],
  ],
  heads: [
    ["retort heads", "the revisions nothing is based on yet"],
    ["retort heads --json", "the same as a JSON document"],
  ],
  branches: [["retort branches --verbose", "each branch point and its branches in full"]],
  show: [
    ["retort show head", "the newest revision in full"],
    ["retort show 3f1c", "a revision by a prefix of its id"],
  ],
  wait: [["retort wait --timeout 2m", "in a container entry point, before anything else"]],
  completion: [
    ["source <(retort completion bash)", "bash: load it (add this to ~/.bashrc)"],
    ["retort completion zsh > \"${fpath[1]}/_retort\"", "zsh: install it, then start a new shell"],
    ["retort completion fish | source", "fish: load it now"],
  ],
};

/** The widest command column; a longer line puts its explanation on the next line, as commander does. */
const MAX_LINE_COLUMN = 32;

/** The "Examples:" section: each line, with what it does in a column to the right. */
export function examplesText(examples: readonly Example[]): string {
  const width = Math.min(MAX_LINE_COLUMN, Math.max(...examples.map(([line]) => line.length)));
  const rows = examples.map(([line, what]) => (line.length <= width ? `  ${line.padEnd(width)}  ${what}` : `  ${line}\n  ${" ".repeat(width)}  ${what}`));
  return `\nExamples:\n${rows.join("\n")}`;
}

/**
 * Ends the help of `program` and of each of its commands with their examples. One hook on the
 * program, formatting only when help is shown: the program is built on every run.
 */
export function addHelpExamples(program: Command): void {
  program.addHelpText("afterAll", ({ command }) => {
    const examples = HELP_EXAMPLES[command.name()];
    return examples ? examplesText(examples) : "";
  });
}
