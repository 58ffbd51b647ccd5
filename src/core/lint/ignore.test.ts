import { describe, expect, it } from "vitest";
import { ignoredRulesIn } from "./ignore.ts";

describe("ignoredRulesIn", () => {
  it("reads the rule ids of each ignore line, with or without a reason", () => {
    const comments = [
      "-- retort:lint-ignore create-index-concurrently the table is empty",
      "  --   retort:lint-ignore add-column-default,rename-column",
      "-- an ordinary comment",
    ].join("\n");
    expect(ignoredRulesIn(comments)).toEqual(["create-index-concurrently", "add-column-default", "rename-column"]);
  });

  it("finds none in text without the directive, or where it is not the start of a line comment", () => {
    expect(ignoredRulesIn("")).toEqual([]);
    expect(ignoredRulesIn("-- revision: 1a7e\n-- down_revision:\n\n-- migrate:upgrade")).toEqual([]);
    expect(ignoredRulesIn("/* retort:lint-ignore create-index-concurrently */")).toEqual([]);
    expect(ignoredRulesIn("-- see retort:lint-ignore create-index-concurrently")).toEqual([]);
    expect(ignoredRulesIn("-- RETORT:LINT-IGNORE create-index-concurrently")).toEqual([]);
  });

  it("an ignore line with no rule names none", () => {
    expect(ignoredRulesIn("-- retort:lint-ignore\n-- retort:lint-ignore ,")).toEqual([]);
  });
});
