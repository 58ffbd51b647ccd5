import { describe, expect, it } from "vitest";
import { castPath } from "./type-cast.ts";

const enums = new Set(["public.mood", "public.feeling"]);

describe("castPath", () => {
  it("casts directly where pg_cast (or text input and output) has a cast", () => {
    for (const [a, b] of [
      ["integer", "bigint"],
      ["bigint", "numeric(20,0)"],
      ["public.mood", "text"],
      ["text", "public.mood"],
      ["integer[]", "text"],
      ["date", "timestamp with time zone"],
      ["timestamp(3) without time zone", "date"],
      ["jsonb", "json"],
      ["boolean", "integer"],
      ["public.email", "text"],
      ["integer", "public.positive"],
    ]) {
      expect(castPath(a!, b!, enums), `${a} → ${b}`).toBe("direct");
    }
  });

  it("goes through text from one enum to another, arrays too", () => {
    expect(castPath("public.mood", "public.feeling", enums)).toBe("text");
    expect(castPath("public.mood[]", "public.feeling[]", enums)).toBe("text");
  });

  it("finds no path where no cast exists", () => {
    for (const [a, b] of [
      ["bigint", "timestamp without time zone"],
      ["timestamp with time zone", "bigint"],
      ["boolean", "date"],
      ["date", "interval"],
      ["public.mood", "integer"],
      ["uuid", "bytea"],
      ["integer", "integer[]"],
    ]) {
      expect(castPath(a!, b!, enums), `${a} → ${b}`).toBe("none");
    }
  });
});
