import { describe, expect, it } from "vitest";
import {
  AmbiguousRevisionError,
  DuplicateBranchLabelError,
  DuplicateRevisionError,
  ExitCode,
  InvalidBranchLabelError,
  InvalidRevisionIdError,
  MissingParentError,
  RevisionCycleError,
  SelfLoopError,
  UnknownRevisionError,
} from "./errors.ts";
import { RevisionGraph } from "./graph.ts";
import { diamond, graphOf, rev, thrown } from "./_testing.ts";


describe("RevisionGraph structure", () => {
  it("orders revisions bases first, whatever order the files came in", () => {
    const revisions = [rev("d000", ["b000", "c000"]), rev("c000", "a000"), rev("a000"), rev("b000", "a000")];
    const ids = (g: RevisionGraph) => g.revisions.map((r) => r.id);
    expect(ids(RevisionGraph.from(revisions))).toEqual(["a000", "b000", "c000", "d000"]);
    expect(ids(RevisionGraph.from([...revisions].reverse()))).toEqual(["a000", "b000", "c000", "d000"]);
  });

  it("gives each revision's place in the list it was built from, apart from its topological position", () => {
    const g = RevisionGraph.from([rev("d000", ["b000", "c000"]), rev("c000", "a000"), rev("a000"), rev("b000", "a000")]);
    expect(["a000", "b000", "c000", "d000"].map((id) => g.listIndexOf(id))).toEqual([2, 3, 1, 0]);
    expect(["a000", "b000", "c000", "d000"].map((id) => g.positionOf(id))).toEqual([0, 1, 2, 3]);
    expect(thrown(() => g.listIndexOf("e000"))).toBeInstanceOf(UnknownRevisionError);
  });

  it("keeps each branch contiguous in the order", () => {
    const g = graphOf(rev("a000"), rev("b100", "a000"), rev("c100", "a000"), rev("b200", "b100"), rev("c200", "c100"));
    expect(g.revisions.map((r) => r.id)).toEqual(["a000", "b100", "b200", "c100", "c200"]);
  });

  it("finds heads, bases, branch points and merge points in a diamond", () => {
    const g = diamond();
    expect(g.heads).toEqual(["d000"]);
    expect(g.bases).toEqual(["a000"]);
    expect(g.childrenOf("a000")).toEqual(["b000", "c000"]);
    expect(g.isBranchPoint("a000")).toBe(true);
    expect(g.isMergePoint("d000")).toBe(true);
    expect(g.isBranchPoint("b000") || g.isMergePoint("b000")).toBe(false);
    expect(g.parentsOf("d000")).toEqual(["b000", "c000"]);
  });

  it("accepts several bases and heads", () => {
    const g = graphOf(rev("a100"), rev("a200", "a100"), rev("b100"), rev("b200", "b100"));
    expect(g.bases).toEqual(["a100", "b100"]);
    expect(g.heads).toEqual(["a200", "b200"]);
  });

  it("computes heads from down_revision only, so a depended-on revision stays a head", () => {
    const g = graphOf(rev("core1"), rev("net1"), rev("net2", "net1", { dependsOn: ["core1"] }));
    expect(g.heads).toEqual(["core1", "net2"]);
    expect(g.dependenciesOf("net2")).toEqual(["core1"]);
    expect(g.versionParentsOf("net2")).toEqual(["net1", "core1"]);
  });

  it("resolves depends_on given as a branch label", () => {
    const g = graphOf(rev("core1", [], { labels: ["core"] }), rev("net1", [], { dependsOn: ["core"] }));
    expect(g.dependenciesOf("net1")).toEqual(["core1"]);
    expect(g.bases).toEqual(["core1", "net1"]);
  });

  it("drops a dependency another parent already implies from the version parents", () => {
    const g = graphOf(rev("a000"), rev("b000", "a000"), rev("c000", "b000", { dependsOn: ["a000"] }));
    expect(g.dependenciesOf("c000")).toEqual(["a000"]);
    expect(g.versionParentsOf("c000")).toEqual(["b000"]);
  });

  it("walks ancestors and descendants with or without depends_on", () => {
    const g = graphOf(rev("core1"), rev("core2", "core1"), rev("net1"), rev("net2", "net1", { dependsOn: ["core1"] }));
    expect([...g.ancestors(["net2"])].sort()).toEqual(["core1", "net1", "net2"]);
    expect([...g.ancestors(["net2"], { includeDependencies: false })].sort()).toEqual(["net1", "net2"]);
    expect([...g.descendants(["core1"])].sort()).toEqual(["core1", "core2", "net2"]);
    expect([...g.descendants(["core1"], { includeDependencies: false })].sort()).toEqual(["core1", "core2"]);
    expect(g.childrenOf("core1", { includeDependencies: true })).toEqual(["core2", "net2"]);
  });

  it("tells ancestry and lineage apart", () => {
    const g = diamond();
    expect(g.isAncestor("a000", "d000")).toBe(true);
    expect(g.isAncestor("b000", "c000")).toBe(false);
    expect(g.sharesLineage("d000", "b000")).toBe(true);
    expect(g.sharesLineage("b000", "c000")).toBe(false);
  });
});

describe("RevisionGraph.resolve", () => {
  const g = graphOf(rev("ab12aa"), rev("ab12bb", "ab12aa"), rev("cdef01", "ab12bb", { labels: ["feature"] }));

  it("accepts a full id, a branch label and a unique prefix of 4 characters", () => {
    expect(g.resolve("ab12bb")).toBe("ab12bb");
    expect(g.resolve("feature")).toBe("cdef01");
    expect(g.resolve("cdef")).toBe("cdef01");
  });

  it("fails on an ambiguous prefix and lists the matches", () => {
    const error = thrown(() => g.resolve("ab12")) as AmbiguousRevisionError;
    expect(error).toBeInstanceOf(AmbiguousRevisionError);
    expect(error.code).toBe("ambiguous-revision");
    expect(error.exitCode).toBe(ExitCode.scripts);
    expect(error.prefix).toBe("ab12");
    expect(error.matches).toEqual(["ab12aa", "ab12bb"]);
    expect(error.message).toBe('Cannot resolve revision "ab12": 2 revisions start with it: "ab12aa", "ab12bb"');
  });

  it("fails on an unknown revision with a hint", () => {
    const error = thrown(() => g.resolve("ffff")) as UnknownRevisionError;
    expect(error).toBeInstanceOf(UnknownRevisionError);
    expect(error.code).toBe("unknown-revision");
    expect(error.exitCode).toBe(3);
    expect(error.ident).toBe("ffff");
    expect(error.message).toBe('Cannot resolve revision "ffff": no revision id, prefix or branch label matches it');
    expect(error.hint).toMatch(/history/);
  });

  it("refuses a prefix shorter than 4 characters and says why", () => {
    const error = thrown(() => g.resolve("cde")) as UnknownRevisionError;
    expect(error).toBeInstanceOf(UnknownRevisionError);
    expect(error.hint).toBe("A partial revision id needs at least 4 characters");
  });

  it("get needs a full id", () => {
    expect(g.get("cdef01").message).toBe("revision cdef01");
    expect(() => g.get("cdef")).toThrow(UnknownRevisionError);
    expect(g.has("cdef")).toBe(false);
  });
});

describe("RevisionGraph validation", () => {
  it("rejects a duplicate id and names both files", () => {
    const error = thrown(() => graphOf(rev("a000", [], { source: "v/1.sql" }), rev("a000", [], { source: "v/2.sql" })));
    expect(error).toBeInstanceOf(DuplicateRevisionError);
    const e = error as DuplicateRevisionError;
    expect([e.code, e.exitCode, e.id, e.sources]).toEqual(["duplicate-revision", 3, "a000", ["v/1.sql", "v/2.sql"]]);
    expect(e.message).toBe('Revision "a000" is defined twice: in "v/1.sql" and "v/2.sql"');
  });

  it("rejects a missing down_revision and names the file and the missing id", () => {
    const e = thrown(() => graphOf(rev("a000"), rev("b000", "zzzz"))) as MissingParentError;
    expect(e).toBeInstanceOf(MissingParentError);
    expect([e.code, e.exitCode, e.id, e.source, e.missing, e.relation]).toEqual([
      "missing-parent", 3, "b000", "versions/b000.sql", "zzzz", "down_revision",
    ]);
    expect(e.message).toBe('Cannot find down_revision "zzzz" of revision "b000" in "versions/b000.sql"');
  });

  it("rejects a missing depends_on", () => {
    const e = thrown(() => graphOf(rev("a000", [], { dependsOn: ["nolabel"] }))) as MissingParentError;
    expect(e).toBeInstanceOf(MissingParentError);
    expect([e.missing, e.relation]).toEqual(["nolabel", "depends_on"]);
    expect(e.message).toBe('Cannot find depends_on "nolabel" of revision "a000" in "versions/a000.sql"');
  });

  it("rejects a self-loop in down_revision and in depends_on (also through its own label)", () => {
    const down = thrown(() => graphOf(rev("a000", "a000"))) as SelfLoopError;
    expect(down).toBeInstanceOf(SelfLoopError);
    expect([down.code, down.exitCode, down.id, down.source, down.relation]).toEqual([
      "self-loop", 3, "a000", "versions/a000.sql", "down_revision",
    ]);
    expect(down.message).toBe('Revision "a000" in "versions/a000.sql" names itself in its down_revision');
    const dep = thrown(() => graphOf(rev("a000", [], { labels: ["mine"], dependsOn: ["mine"] }))) as SelfLoopError;
    expect([dep.relation, dep.id]).toEqual(["depends_on", "a000"]);
  });

  it("rejects a cycle and lists its revisions and files", () => {
    const e = thrown(() => graphOf(rev("a000"), rev("b000", ["a000", "d000"]), rev("c000", "b000"), rev("d000", "c000"))) as RevisionCycleError;
    expect(e).toBeInstanceOf(RevisionCycleError);
    expect([e.code, e.exitCode]).toEqual(["revision-cycle", 3]);
    expect(e.ids).toEqual(["b000", "d000", "c000"]);
    expect(e.sources).toEqual(["versions/b000.sql", "versions/d000.sql", "versions/c000.sql"]);
    expect(e.message).toBe(
      'Revisions form a cycle: "b000" in "versions/b000.sql" -> "d000" in "versions/d000.sql" -> "c000" in "versions/c000.sql" -> "b000"',
    );
  });

  it("rejects a cycle made through depends_on", () => {
    const e = thrown(() => graphOf(rev("a000", [], { dependsOn: ["b000"] }), rev("b000", "a000"))) as RevisionCycleError;
    expect(e).toBeInstanceOf(RevisionCycleError);
    expect(e.ids).toEqual(["a000", "b000"]);
  });

  it("rejects a cycle with no base at all", () => {
    expect(() => graphOf(rev("a000", "b000"), rev("b000", "a000"))).toThrow(RevisionCycleError);
  });

  it("rejects a branch label used twice and names both files", () => {
    const e = thrown(() => graphOf(rev("a000", [], { labels: ["x"] }), rev("b000", "a000", { labels: ["x"] }))) as DuplicateBranchLabelError;
    expect(e).toBeInstanceOf(DuplicateBranchLabelError);
    expect([e.code, e.exitCode, e.label, e.ids, e.sources]).toEqual([
      "duplicate-branch-label", 3, "x", ["a000", "b000"], ["versions/a000.sql", "versions/b000.sql"],
    ]);
    expect(e.message).toBe('Branch label "x" is used twice: by "a000" in "versions/a000.sql" and "b000" in "versions/b000.sql"');
  });

  it("rejects a branch label equal to another revision's id", () => {
    const e = thrown(() => graphOf(rev("a000"), rev("b000", "a000", { labels: ["a000"] }))) as DuplicateBranchLabelError;
    expect(e).toBeInstanceOf(DuplicateBranchLabelError);
    expect(e.ids).toEqual(["a000", "b000"]);
  });

  it("rejects ids and labels the target grammar could not express", () => {
    const id = thrown(() => graphOf(rev("a-1"))) as InvalidRevisionIdError;
    expect(id).toBeInstanceOf(InvalidRevisionIdError);
    expect([id.code, id.exitCode, id.id, id.reason]).toEqual(["invalid-revision-id", 3, "a-1", '"-" marks relative targets such as "-1" and "rev-2"']);
    expect(id.message).toBe('Invalid revision id "a-1" in "versions/a-1.sql": "-" marks relative targets such as "-1" and "rev-2"');
    expect(() => graphOf(rev("heads"))).toThrow(InvalidRevisionIdError);
    const label = thrown(() => graphOf(rev("a000", [], { labels: ["v-2"] }))) as InvalidBranchLabelError;
    expect(label).toBeInstanceOf(InvalidBranchLabelError);
    expect([label.code, label.label, label.reason]).toEqual(["invalid-branch-label", "v-2", "it would read as a relative step"]);
    expect(graphOf(rev("a000", [], { labels: ["my-branch"] })).labelled("my-branch")).toBe("a000");
  });
});

describe("RevisionGraph sets of revisions", () => {
  // core2 and net2 are heads by down_revision, but net2 depends on core2.
  const deps = () => graphOf(rev("core1"), rev("core2", "core1"), rev("net1"), rev("net2", "net1", { dependsOn: ["core2"] }));

  it("withoutImplied keeps only revisions no other one lies above, through depends_on too", () => {
    expect(diamond().withoutImplied(["d000", "a000", "b000"])).toEqual(["d000"]);
    expect(diamond().withoutImplied(["c000", "b000", "b000"])).toEqual(["b000", "c000"]);
    expect(deps().withoutImplied(deps().heads)).toEqual(["net2"]);
    expect(diamond().withoutImplied([])).toEqual([]);
  });

  it("findAncestorPair names one revision below another, or nothing", () => {
    expect(diamond().findAncestorPair(["d000", "c000"])).toEqual(["c000", "d000"]);
    expect(diamond().findAncestorPair(["b000", "c000"])).toBeUndefined();
    expect(deps().findAncestorPair(["net2", "core1"])).toEqual(["core1", "net2"]);
    expect(diamond().findAncestorPair(["a000", "a000"])).toBeUndefined();
  });

  it("sortByListing keeps the order the revisions were given in, not the topological one", () => {
    const g = graphOf(rev("c000", "a000"), rev("a000"), rev("b000", "a000"));
    expect(g.sortByListing(["b000", "a000", "c000", "b000"])).toEqual(["c000", "a000", "b000"]);
    expect(g.sortTopologically(["b000", "a000", "c000"])).toEqual(["a000", "b000", "c000"]);
  });
});
