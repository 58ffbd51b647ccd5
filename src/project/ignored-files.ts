/**
 * What a versions directory holds besides revisions, said out loud: an Alembic project's `.py`
 * revisions left in place would otherwise make `heads` and `history` print nothing and exit 0, and
 * `stamp head` record base.
 */
import { relative } from "node:path";
import type { IgnoredFile } from "../scripts/revision-files.ts";

/** How many names a note lists before it says "and N more". */
const SHOWN = 10;

/**
 * One line per versions directory and kind: its `.py` files (pointing to the import, or, in a
 * directory that holds revisions retort reads too (`withRevisions`), to deleting them once
 * converted), then the other unread files by name.
 */
export function ignoredFileNotes(ignored: readonly IgnoredFile[], projectDir: string, withRevisions: ReadonlySet<string> = new Set()): string[] {
  const notes: string[] = [];
  for (const dir of [...new Set(ignored.map((f) => f.dir))]) {
    const shown = relative(projectDir, dir) || dir;
    const names = ignored.filter((f) => f.dir === dir).map((f) => f.name);
    const python = names.filter((n) => n.endsWith(".py"));
    const other = names.filter((n) => !n.endsWith(".py"));
    if (python.length > 0) {
      const [count, they] = python.length === 1 ? ["1 .py file", "it is an Alembic revision, convert it"] : [`${python.length} .py files`, "they are Alembic revisions, convert them"];
      if (withRevisions.has(dir)) {
        const them = python.length === 1 ? "it" : "them";
        notes.push(`${shown} holds ${count} beside its revisions, which retort does not read: once \`retort import alembic\` has converted ${them} (and ${them === "it" ? "it is" : "they are"} ported), delete ${them}`);
      } else notes.push(`${shown} holds ${count}, which retort does not read: if ${they} with \`retort import alembic\``);
    }
    if (other.length > 0) {
      const listed = other.slice(0, SHOWN).map((n) => `"${n}"`).join(", ") + (other.length > SHOWN ? ` and ${other.length - SHOWN} more` : "");
      notes.push(`${shown} holds files retort does not read (only .sql and .ts revisions are): ${listed}`);
    }
  }
  return notes;
}

/** Whether any ignored file is a `.py` file: a project still holding Alembic revisions. */
export function holdsPythonRevisions(ignored: readonly IgnoredFile[]): boolean {
  return ignored.some((f) => f.name.endsWith(".py"));
}
