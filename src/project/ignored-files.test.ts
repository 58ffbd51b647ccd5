import { describe, expect, it } from "vitest";
import { holdsPythonRevisions, ignoredFileNotes } from "./ignored-files.ts";

describe("ignoredFileNotes", () => {
  it("counts .py files per directory and names the other files, capped at ten", () => {
    const ignored = [
      ...Array.from({ length: 12 }, (_, i) => ({ dir: "/p/migrations/versions", name: `note${String(i).padStart(2, "0")}.txt` })),
      { dir: "/p/migrations/versions", name: "1a2b_first.py" },
      { dir: "/p/billing", name: "2b3c_bill.py" },
    ];
    expect(ignoredFileNotes(ignored, "/p")).toEqual([
      "migrations/versions holds 1 .py file, which retort does not read: if it is an Alembic revision, convert it with `retort import alembic`",
      'migrations/versions holds files retort does not read (only .sql and .ts revisions are): "note00.txt", "note01.txt", "note02.txt", "note03.txt", "note04.txt", "note05.txt", "note06.txt", "note07.txt", "note08.txt", "note09.txt" and 2 more',
      "billing holds 1 .py file, which retort does not read: if it is an Alembic revision, convert it with `retort import alembic`",
    ]);
    expect(holdsPythonRevisions(ignored)).toBe(true);
  });

  it("says to delete the .py files of a directory that holds converted revisions too", () => {
    const ignored = [{ dir: "/p/alembic/versions", name: "1a2b_first.py" }, { dir: "/p/alembic/versions", name: "2b3c_second.py" }];
    expect(ignoredFileNotes(ignored, "/p", new Set(["/p/alembic/versions"]))).toEqual([
      "alembic/versions holds 2 .py files beside its revisions, which retort does not read: once `retort import alembic` has converted them (and they are ported), delete them",
    ]);
  });

  it("says nothing when every file is read", () => {
    expect(ignoredFileNotes([], "/p")).toEqual([]);
    expect(holdsPythonRevisions([])).toBe(false);
  });
});
