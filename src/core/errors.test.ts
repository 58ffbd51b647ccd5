import { describe, expect, it } from "vitest";
import * as errors from "./errors.ts";
import { branchLabelProblem, revisionIdProblem } from "./ident.ts";

const { ExitCode, RetortError, ScriptError, UsageError } = errors;

describe("core errors", () => {
  const cases: [errors.RetortError, string, number][] = [
    [new errors.DuplicateRevisionError("a", ["x", "y"]), "duplicate-revision", ExitCode.scripts],
    [new errors.MissingParentError("a", "x", "b", "down_revision"), "missing-parent", ExitCode.scripts],
    [new errors.SelfLoopError("a", "x", "depends_on"), "self-loop", ExitCode.scripts],
    [new errors.RevisionCycleError(["a", "b"], ["x", "y"]), "revision-cycle", ExitCode.scripts],
    [new errors.DuplicateBranchLabelError("l", ["a", "b"], ["x", "y"]), "duplicate-branch-label", ExitCode.scripts],
    [new errors.InvalidRevisionIdError("a@b", "x", 'it contains "@"'), "invalid-revision-id", ExitCode.scripts],
    [new errors.InvalidBranchLabelError("l@x", "x", 'it contains "@"'), "invalid-branch-label", ExitCode.scripts],
    [new errors.UnknownRevisionError("abcd"), "unknown-revision", ExitCode.scripts],
    [new errors.AmbiguousRevisionError("abcd", ["abcd1", "abcd2"]), "ambiguous-revision", ExitCode.scripts],
    [new errors.MultipleHeadsError(["a", "b"], "head"), "multiple-heads", ExitCode.scripts],
    [new errors.RelativeRangeError("+2", 2, null, 1), "relative-out-of-range", ExitCode.scripts],
    [new errors.AmbiguousTargetError("+1", "several-bases", null, ["a", "b"]), "ambiguous-target", ExitCode.scripts],
    [new errors.NotOnBranchError("a", "l"), "not-on-branch", ExitCode.scripts],
    [new errors.TargetNotAppliedError("a", "a", []), "target-not-applied", ExitCode.scripts],
    [new errors.RangeNotAncestorError("a", ["b"]), "range-not-ancestor", ExitCode.scripts],
    [new errors.TargetSyntaxError("", "it is empty"), "target-syntax", ExitCode.usage],
    [new errors.TargetDirectionError("+1", "downgrade"), "target-direction", ExitCode.usage],
    [new errors.RangeSyntaxError("a", "x"), "range-syntax", ExitCode.usage],
    [new errors.MissingTargetError("stamp"), "target-required", ExitCode.usage],
    [new errors.TargetNotAllowedError("-1", "relative-with-purge"), "target-not-allowed", ExitCode.usage],
    [new errors.OverlappingTargetsError("merge", "a", "b"), "overlapping-targets", ExitCode.scripts],
    [new errors.MergeTooFewRevisionsError(["heads"], ["a"]), "merge-too-few", ExitCode.scripts],
    [new errors.OfflineRangeRequiredError("-1"), "offline-range-required", ExitCode.usage],
    [new errors.OfflineRangeSyntaxError("a:b:c", "x"), "offline-range-syntax", ExitCode.usage],
    [new errors.OfflineRangeDirectionError("upgrade", ["b"], "a", "a"), "offline-range-direction", ExitCode.scripts],
  ];

  it.each(cases)("%s has a stable code, exit code, name and hint", (error, code, exitCode) => {
    expect(error).toBeInstanceOf(RetortError);
    expect(error).toBeInstanceOf(exitCode === ExitCode.usage ? UsageError : ScriptError);
    expect(error.code).toBe(code);
    expect(error.exitCode).toBe(exitCode);
    expect(error.name).toBe(error.constructor.name);
    expect(error.hint).toBeTruthy();
    // Deno std style: sentence case, no trailing period.
    expect(error.message).toMatch(/^[A-Z].*[^.]$/s);
  });

  it("words each ambiguity and direction for a person", () => {
    expect(new errors.AmbiguousTargetError("+1", "several-bases", null, ["a", "b"]).message).toBe(
      'Cannot resolve "+1": there are 2 bases: "a", "b"',
    );
    expect(new errors.AmbiguousTargetError("m-1", "merge-point", "m", ["a", "b"]).message).toBe(
      'Cannot resolve "m-1": revision "m" has 2 parents: "a", "b"',
    );
    expect(new errors.TargetDirectionError("+1", "downgrade").message).toBe('Cannot downgrade to "+1": it moves up from the current heads');
    expect(new errors.RelativeRangeError("+2", 2, null, 1).message).toBe('Cannot resolve "+2": only 1 of 2 steps up from base are possible');
    expect(new errors.TargetNotAppliedError("a", "a", []).hint).toBe("The database has no revisions applied");
  });

  it("words every target rule and both list commands for a person", () => {
    expect(new errors.MissingTargetError("merge").hint).toBe('Name two or more revisions to merge, or "heads"');
    expect(new errors.TargetNotAllowedError("base", "base-in-merge").message).toBe('Cannot merge "base": base is not a revision');
    expect(new errors.MergeTooFewRevisionsError(["a", "b"], []).message).toBe(
      'Cannot merge "a", "b": a merge needs 2 revisions, and they name none',
    );
  });

  it("caps long lists of matches", () => {
    const matches = Array.from({ length: 12 }, (_, i) => `abcd${i}`);
    expect(new errors.AmbiguousRevisionError("abcd", matches).message).toMatch(/"abcd9" and 2 more$/);
  });
});

describe("revision id and branch label rules", () => {
  it.each([
    ["1a2b3c4d5e6f", undefined],
    ["", "it is empty"],
    ["head", '"head" is a reserved word in targets'],
    ["a-b", '"-" marks relative targets such as "-1" and "rev-2"'],
    ["a,b", '"," separates revisions in a list'],
    ["a b", "it contains white space"],
  ])("revision id %j: %s", (id, problem) => {
    expect(revisionIdProblem(id)).toBe(problem);
  });

  it.each([
    ["my-branch", undefined],
    ["current", '"current" is a reserved word in targets'],
    ["v-2", "it would read as a relative step"],
    ["-x", "it would read as a relative step"],
    ["a+b", '"+" marks relative targets such as "+1" and "rev+2"'],
  ])("branch label %j: %s", (label, problem) => {
    expect(branchLabelProblem(label)).toBe(problem);
  });
});
