/** A `diff` that must be refused: exit 3, with the differences it cannot write. */
import { expect } from "vitest";
import { diff, UnsupportedDiffError } from "../../src/index.ts";

/** Runs `diff` with `options` and returns its refusal, after checking that it is one (exit 3). */
export async function refusedDiff(options: Parameters<typeof diff>[0]): Promise<UnsupportedDiffError> {
  const err = await diff(options).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(UnsupportedDiffError);
  const refusal = err as UnsupportedDiffError;
  expect(refusal.exitCode).toBe(3);
  return refusal;
}
