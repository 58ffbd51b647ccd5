import { describe, expect, it } from "vitest";
import {
  AmbiguousRevisionError,
  ExitCode,
  MergeTooFewRevisionsError,
  MissingTargetError,
  OverlappingTargetsError,
  TargetNotAllowedError,
  TargetSyntaxError,
  UnknownRevisionError,
} from "./errors.ts";
import { RevisionGraph } from "./graph.ts";
import { mergeParents } from "./merge.ts";
import { crossDeps, graphOf, labelled, linear, rev, thrown } from "./_testing.ts";


describe("mergeParents", () => {
  it("merge heads joins every head, bases first", () => {
    expect(mergeParents(labelled(), ["heads"])).toEqual(["b200", "c200"]);
  });

  it("resolves ids, prefixes and label@head, in topological order whatever the argument order", () => {
    const g = graphOf(rev("1a2b3c4d5e6f"), rev("2b3c4d5e6f70", "1a2b3c4d5e6f"), rev("3c4d5e6f7081", "1a2b3c4d5e6f"));
    expect(mergeParents(g, ["3c4d", "2b3c4d5e6f70"])).toEqual(["2b3c4d5e6f70", "3c4d5e6f7081"]);
    expect(mergeParents(labelled(), ["fix@head", "feature@head"])).toEqual(["b200", "c200"]);
  });

  it("counts a revision named twice once", () => {
    expect(mergeParents(labelled(), ["heads", "b200", "c200"])).toEqual(["b200", "c200"]);
  });

  it("joins the heads of separate bases, even when one depends on the other's base", () => {
    expect(mergeParents(crossDeps(), ["heads"])).toEqual(["core2", "net2"]);
  });

  it("merge heads leaves out a head that another head depends on", () => {
    const g = graphOf(
      rev("core1"),
      rev("core2", "core1"),
      rev("net1"),
      rev("net2", "net1", { dependsOn: ["core2"] }),
      rev("web1"),
    );
    expect(mergeParents(g, ["heads"])).toEqual(["net2", "web1"]);
  });

  it("plans the same parents whatever order the files were read in", () => {
    const revisions = labelled().revisions;
    expect(mergeParents(RevisionGraph.from([...revisions].reverse()), ["heads"])).toEqual(["b200", "c200"]);
  });

  it("does not itself require heads; the command applies Alembic's --splice rule", () => {
    expect(mergeParents(labelled(), ["b100", "c200"])).toEqual(["b100", "c200"]);
  });

  it("merge heads with a single head is too few, naming the head", () => {
    const e = thrown(() => mergeParents(linear(), ["heads"])) as MergeTooFewRevisionsError;
    expect(e).toBeInstanceOf(MergeTooFewRevisionsError);
    expect([e.code, e.exitCode, e.targets, e.revisions]).toEqual(["merge-too-few", ExitCode.scripts, ["heads"], ["c000"]]);
    expect(e.message).toBe('Cannot merge "heads": a merge needs 2 revisions, and it names only "c000"');
    expect(e.hint).toBe("A merge joins two or more heads; run retort heads to list them");
  });

  it("one revision named twice is too few", () => {
    const e = thrown(() => mergeParents(labelled(), ["b200", "feature@head"])) as MergeTooFewRevisionsError;
    expect(e).toBeInstanceOf(MergeTooFewRevisionsError);
    expect(e.message).toBe('Cannot merge "b200", "feature@head": a merge needs 2 revisions, and they name only "b200"');
  });

  it("refuses when one revision is an ancestor of another, along down_revision or depends_on", () => {
    const e = thrown(() => mergeParents(labelled(), ["b200", "a000"])) as OverlappingTargetsError;
    expect(e).toBeInstanceOf(OverlappingTargetsError);
    expect([e.code, e.exitCode, e.command, e.ancestor, e.descendant]).toEqual([
      "overlapping-targets", ExitCode.scripts, "merge", "a000", "b200",
    ]);
    expect(e.message).toBe('Cannot merge "a000" and "b200" together: "a000" is an ancestor of "b200"');
    expect(e.hint).toBe('A merge joins separate branches, and "b200" already includes "a000"');
    expect(thrown(() => mergeParents(crossDeps(), ["core1", "net2"]))).toMatchObject({ ancestor: "core1", descendant: "net2" });
  });

  it("refuses base and relative steps, which name no revision to join", () => {
    const base = thrown(() => mergeParents(labelled(), ["base", "b200"])) as TargetNotAllowedError;
    expect(base).toBeInstanceOf(TargetNotAllowedError);
    expect([base.code, base.exitCode, base.target, base.rule]).toEqual(["target-not-allowed", ExitCode.usage, "base", "base-in-merge"]);
    expect(base.message).toBe('Cannot merge "base": base is not a revision');
    const relative = thrown(() => mergeParents(labelled(), ["-1", "b200"])) as TargetNotAllowedError;
    expect([relative.rule, relative.target]).toEqual(["relative-in-merge", "-1"]);
    expect(relative.message).toBe(
      'Cannot merge "-1": a relative step counts from the current heads, and merge does not read them',
    );
    expect(thrown(() => mergeParents(linear(), ["a000-1", "c000"]))).toMatchObject({ rule: "base-in-merge" });
    expect(mergeParents(labelled(), ["feature@head-1", "c200"])).toEqual(["b100", "c200"]);
  });

  it("merge without a revision is a usage error", () => {
    const e = thrown(() => mergeParents(labelled(), [])) as MissingTargetError;
    expect(e).toBeInstanceOf(MissingTargetError);
    expect([e.code, e.exitCode, e.command]).toEqual(["target-required", ExitCode.usage, "merge"]);
    expect(e.message).toBe("Cannot merge: no revision was given");
  });

  it("unknown, ambiguous and malformed targets fail as they do everywhere", () => {
    const g = graphOf(rev("abcd1"), rev("abcd2"));
    expect(thrown(() => mergeParents(g, ["abcd", "abcd1"]))).toBeInstanceOf(AmbiguousRevisionError);
    expect(thrown(() => mergeParents(g, ["ffff", "abcd1"]))).toBeInstanceOf(UnknownRevisionError);
    expect(thrown(() => mergeParents(g, ["abcd1,abcd2"]))).toBeInstanceOf(TargetSyntaxError);
  });
});
