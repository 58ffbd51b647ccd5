import { describe, expect, it } from "vitest";
import { changesTypeInPlace } from "./type-change.ts";

describe("changesTypeInPlace", () => {
  it("accepts the binary-coercible changes whose checks can only pass", () => {
    for (const [have, want] of [
      ["character varying(200)", "text"],
      ["character varying(200)", "character varying(300)"],
      ["character varying(200)", "character varying"],
      ["text", "character varying"],
      ["numeric(10,2)", "numeric(12,2)"],
      ["numeric(10,2)", "numeric"],
      ["bit varying(8)", "bit varying(16)"],
      ["timestamp(3) without time zone", "timestamp(6) without time zone"],
      ["timestamp(3) with time zone", "timestamp with time zone"],
      ["time(0) without time zone", "time(3) without time zone"],
      ["cidr", "inet"],
    ]) {
      expect(changesTypeInPlace(have!, want!), `${have} → ${want}`).toBe(true);
    }
  });

  it("rejects changes that rewrite, scan or can fail", () => {
    for (const [have, want] of [
      ["character varying(300)", "character varying(200)"],
      ["text", "character varying(200)"],
      ["character varying", "character varying(10)"],
      ["numeric(10,2)", "numeric(12,3)"],
      ["numeric(12,2)", "numeric(10,2)"],
      ["numeric", "numeric(10,2)"],
      ["integer", "bigint"],
      ["inet", "cidr"],
      ["timestamp without time zone", "timestamp with time zone"],
      ["timestamp(6) without time zone", "timestamp(3) without time zone"],
      ["character(10)", "text"],
      ["character varying(10)[]", "text[]"],
      ["text", "public.mood"],
    ]) {
      expect(changesTypeInPlace(have!, want!), `${have} → ${want}`).toBe(false);
    }
  });
});
