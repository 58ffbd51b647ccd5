import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RevisionFileError } from "./errors.ts";
import { parseSqlRevision } from "./sql-revision.ts";

// Lines a header parser meets: headers (good, bad, repeated), markers, comments, SQL and noise.
const LINES = [
  "-- revision: 1a2b3c4d5e6f", "-- revision:", "-- revision: head", "-- revision: a-b", "-- down_revision: x, x", "-- down_revision: 9f8e7d6c5b4a",
  "-- branch_labels: -1", "-- depends_on: @", "-- create_date: soon", "-- create_date: 2026-11-24 10:00:00", "-- transaction: perhaps", "-- transaction: false",
  "-- unknown: 1", "--", "-- a message", "-- migrate:upgrade", "-- migrate:downgrade", "-- migrate:sideways", "-- migrate:upgrade now", "--migrate:upgrade",
  "SELECT 1;", "  ", "", "\uFEFF", "\r", "\u0000", "é😀",
];
const lines = fc.array(fc.oneof(fc.constantFrom(...LINES), fc.string({ maxLength: 30 }), fc.string({ unit: "binary", maxLength: 30 })), { maxLength: 25 });
const file = fc.tuple(lines, fc.constantFrom("\n", "\r\n")).map(([ls, eol]) => ls.join(eol));

describe("parseSqlRevision on arbitrary input", () => {
  it("returns a revision or throws the project's own RevisionFileError, naming the file; nothing else", () => {
    fc.assert(
      fc.property(file, (text) => {
        try {
          const parsed = parseSqlRevision(text, "fuzz.sql");
          expect(typeof parsed.header.id).toBe("string");
          expect(parsed.upgrade.line).toBeGreaterThan(0);
        } catch (err) {
          expect(err).toBeInstanceOf(RevisionFileError);
          expect((err as RevisionFileError).message).toContain("fuzz.sql");
        }
      }),
      { numRuns: 5000 },
    );
  });
});
