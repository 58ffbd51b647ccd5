/** Duration strings (`"500ms"`, `"30s"`, `"5m"`, `"1h30m"`), as used by `lock_timeout` and `--lock-timeout`. */
import { InvalidDurationError } from "./errors.ts";

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** The longest duration a timer can hold: setTimeout fires at once beyond 2^31-1 ms. */
const MAX_MS = 2_147_483_647;

/** Parses a duration into milliseconds; `where` names its origin (`--lock-timeout`) in errors. */
export function parseDuration(text: string, where: string): number {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    // A bare number is refused: Alembic users think in seconds, Postgres settings in milliseconds.
    throw new InvalidDurationError(text, where, "it has no unit", `Add a unit: "${trimmed}s" for seconds or "${trimmed}ms" for milliseconds`);
  }
  const piece = /\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)/y;
  let total = 0;
  let pieces = 0;
  while (piece.lastIndex < trimmed.length) {
    const match = piece.exec(trimmed);
    if (match === null) break;
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ""] ?? NaN);
    pieces += 1;
  }
  if (pieces === 0 || piece.lastIndex !== trimmed.length) {
    throw new InvalidDurationError(text, where, "expected a number followed by ms, s, m or h");
  }
  const ms = Math.round(total);
  if (ms > MAX_MS) throw new InvalidDurationError(text, where, "it is longer than 24 days", "Use a shorter duration");
  return ms;
}
