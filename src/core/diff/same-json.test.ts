import { describe, expect, it } from "vitest";
import { sameJson } from "./same-json.ts";

describe("sameJson", () => {
  it("answers what comparing the JSON texts answers, for values alike and values that differ", () => {
    const pairs: [unknown, unknown][] = [
      [1, 1],
      [1, 2],
      ["a", "a"],
      ["1", 1],
      [null, null],
      [null, {}],
      [[], {}],
      [{}, []],
      [[1, [2, { a: 3 }]], [1, [2, { a: 3 }]]],
      [[1, 2], [1, 2, 3]],
      [[1, 2, 3], [1, 2]],
      [{ a: 1, b: { c: [true, null] } }, { a: 1, b: { c: [true, null] } }],
      [{ a: 1, b: { c: [true, null] } }, { a: 1, b: { c: [true, false] } }],
      [{ a: 1 }, { a: 1, b: 2 }],
      [{ a: 1, b: 2 }, { a: 1 }],
      [{ a: 1, b: undefined }, { a: 1 }],
      [{ a: 1 }, { a: 1, b: undefined }],
      [{ a: undefined }, { b: undefined }],
      [{ a: null }, { a: undefined }],
    ];
    for (const [a, b] of pairs) expect([a, b, sameJson(a, b)]).toEqual([a, b, JSON.stringify(a) === JSON.stringify(b)]);
  });

  it("does not mind the order the keys were set in", () => {
    expect(sameJson({ a: 1, b: [{ x: 1, y: 2 }] }, { b: [{ y: 2, x: 1 }], a: 1 })).toBe(true);
    expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 3 })).toBe(false);
  });
});
