import { describe, expect, it } from "vitest";
import { ForeignHistoryMismatchError } from "./errors.ts";
import { appliedPrefixLength } from "./foreign-applied.ts";

describe("appliedPrefixLength", () => {
  const order = ["1", "2", "3", "4"];

  it("counts the applied versions when they are the first ones of the files", () => {
    expect(appliedPrefixLength("goose", order, ["2", "1"])).toBe(2);
    expect(appliedPrefixLength("goose", order, order)).toBe(4);
  });

  it("is 0 for a database that has applied nothing", () => {
    expect(appliedPrefixLength("goose", order, [])).toBe(0);
  });

  it("refuses an applied version no file has, naming it", () => {
    const e = (() => {
      try {
        appliedPrefixLength("dbmate", order, ["1", "2", "9"]);
      } catch (error) {
        return error;
      }
    })() as ForeignHistoryMismatchError;
    expect(e).toBeInstanceOf(ForeignHistoryMismatchError);
    expect(e.unknown).toEqual(["9"]);
    expect(e.message).toBe('Cannot stamp the database from its dbmate history: it has applied "9", which no file has');
  });

  it("refuses applied versions that are not a prefix of the files' order, naming the gap", () => {
    expect(() => appliedPrefixLength("flyway", order, ["1", "3"])).toThrow(
      'Cannot stamp the database from its flyway history: it has not applied "2", which come before versions it has',
    );
  });
});
