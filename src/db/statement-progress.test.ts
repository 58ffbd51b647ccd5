import { describe, expect, it } from "vitest";
import { partialRevisions, type PendingStatementRow } from "./statement-progress.ts";

const row = (revision: string, section: string, index: number, checksum = `c${index}`): PendingStatementRow => ({
  revision,
  section,
  statement_index: index,
  statement_line: 10 + index,
  message: `statement ${index}`,
  checksum,
});

describe("partialRevisions", () => {
  it("groups the pending rows by revision, in statement order", () => {
    const partial = partialRevisions([row("b", "upgrade", 0), row("a", "upgrade", 0), row("a", "upgrade", 1)]);
    expect([...partial.keys()].sort()).toEqual(["a", "b"]);
    expect(partial.get("a")).toEqual({
      revision: "a",
      direction: "upgrade",
      committed: [
        { index: 0, line: 10, text: "statement 0", checksum: "c0" },
        { index: 1, line: 11, text: "statement 1", checksum: "c1" },
      ],
    });
  });

  it("keeps the last direction a revision ran in and drops rows of the other one", () => {
    const partial = partialRevisions([row("a", "upgrade", 0), row("a", "upgrade", 1), row("a", "downgrade", 0)]);
    expect(partial.get("a")!.direction).toBe("downgrade");
    expect(partial.get("a")!.committed.map((c) => c.index)).toEqual([0]);
  });

  it("keeps the last record of a statement recorded twice", () => {
    const partial = partialRevisions([row("a", "upgrade", 0, "old"), row("a", "upgrade", 0, "new")]);
    expect(partial.get("a")!.committed).toEqual([{ index: 0, line: 10, text: "statement 0", checksum: "new" }]);
  });

  it("finds nothing in no rows", () => {
    expect(partialRevisions([]).size).toBe(0);
  });
});
