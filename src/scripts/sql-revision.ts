/**
 * Parses a SQL revision file: a comment header, then `-- migrate:upgrade` and an optional
 * `-- migrate:downgrade` section. A pure function of the text, so watch mode and tests can feed it
 * strings; positions are kept so server errors map back to `file:line:col`.
 */
import { parseDuration } from "../config/duration.ts";
import type { TimeoutOverrides } from "../core/lock-retry.ts";
import { RevisionFileError } from "./errors.ts";
import type { RevisionHeader } from "./revision-header.ts";
import { labelProblem, revisionIdProblem } from "./revision-id.ts";

/** One section's SQL and where it starts in the file. */
export interface SqlSection {
  /** The section's text with CRLF turned into LF and surrounding blank space trimmed. */
  readonly sql: string;
  /** 1-based line of the first character of `sql`. */
  readonly line: number;
  /** 1-based column (in code points) of the first character of `sql`. */
  readonly column: number;
  /** Index into the file text (as given, BOM included) of the first character of `sql`. */
  readonly offset: number;
}

/** A parsed SQL revision file. */
export interface SqlRevisionFile {
  /** Its message is the leading comment lines, joined with "\n". */
  readonly header: RevisionHeader;
  readonly upgrade: SqlSection;
  /** Undefined when the file has no `-- migrate:downgrade` marker (an irreversible revision). */
  readonly downgrade: SqlSection | undefined;
}

/** Header keys, in the order new files write them. */
export const SQL_HEADER_KEYS = [
  "revision",
  "down_revision",
  "branch_labels",
  "depends_on",
  "create_date",
  "transaction",
  "lock_timeout",
  "statement_timeout",
  "lock_retry_budget",
] as const;
type HeaderKey = (typeof SQL_HEADER_KEYS)[number];
const HEADER_KEYS: ReadonlySet<string> = new Set(SQL_HEADER_KEYS);

/** The marker line that opens the upgrade section. */
export const UPGRADE_MARKER = "-- migrate:upgrade";
/** The marker line that opens the (optional) downgrade section. */
export const DOWNGRADE_MARKER = "-- migrate:downgrade";

const MARKER_LINE = /^--\s*migrate:(\S*)(.*)$/;
const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_]*)\s*:(.*)$/;
const REVISION_KEY = /^revision\s*:/;
const BOM = "\uFEFF";
const DIRECTIVE_PREFIX = "retort:";

/** A header value that did not validate: `reason` completes "invalid value in "<key>": …". */
class HeaderValueError extends Error {}

function checked(value: string, problem: (v: string) => string | undefined): string {
  const why = problem(value);
  if (why !== undefined) throw new HeaderValueError(`"${value}": ${why}`);
  return value;
}

function commaList(problem: (v: string) => string | undefined): (raw: string) => string[] {
  return (raw) => {
    const items = raw.trim() === "" ? [] : raw.split(",").map((s) => s.trim());
    const seen = new Set<string>();
    for (const item of items) {
      checked(item, problem);
      if (seen.has(item)) throw new HeaderValueError(`"${item}" is listed twice`);
      seen.add(item);
    }
    return items;
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?$/;

// Values arrive as trimmed strings; each parser turns one into its typed form. Plain functions
// rather than zod schemas: a project has thousands of these headers, every command reads them
// all, and zod's transform/pipe machinery made header parsing most of a no-op run's time. The
// rules are the same functions the zod schemas for TypeScript exports use.
const HEADER_PARSERS = {
  revision: (v: string) => checked(v, revisionIdProblem),
  down_revision: commaList(revisionIdProblem),
  branch_labels: commaList(labelProblem),
  depends_on: commaList(labelProblem),
  create_date: (v: string) => {
    if (!DATE.test(v)) throw new HeaderValueError("expected a date such as 2026-11-24 10:00:00");
    return v;
  },
  transaction: (v: string) => {
    if (v !== "true" && v !== "false") throw new HeaderValueError("expected true or false");
    return v === "true";
  },
  lock_timeout: (v: string) => headerDuration(v, { positive: true }),
  statement_timeout: (v: string) => headerDuration(v, { positive: false }),
  lock_retry_budget: (v: string) => headerDuration(v, { positive: false }),
} satisfies Record<HeaderKey, (v: string) => unknown>;

/** A duration header (`5s`, `500ms`, `10m`), in milliseconds; undefined when the line is absent or empty. */
function headerDuration(v: string, { positive }: { readonly positive: boolean }): number | undefined {
  if (v === "") return undefined;
  const problem = durationProblem(v, positive);
  if (problem !== undefined) throw new HeaderValueError(problem);
  return parseDuration(v, "");
}

/** Why `text` is not a duration a revision header may set, or undefined; shared with TS revisions' exports. */
export function durationProblem(text: string, positive: boolean): string | undefined {
  try {
    const ms = parseDuration(text, "");
    if (positive && ms <= 0) return "a lock timeout of 0 would wait for a lock forever";
    return undefined;
  } catch {
    return `"${text}": expected a duration such as "500ms", "5s" or "10m"`;
  }
}

interface Line {
  /** The line without its line ending (and without the BOM on line 1). */
  readonly text: string;
  /** Index into the file text of `text[0]`. */
  readonly start: number;
  readonly number: number;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = text.startsWith(BOM) ? 1 : 0;
  for (let number = 1; ; number++) {
    const newline = text.indexOf("\n", start);
    const end = newline === -1 ? text.length : newline;
    const body = text.slice(start, end);
    lines.push({ text: body.endsWith("\r") ? body.slice(0, -1) : body, start, number });
    if (newline === -1) return lines;
    start = newline + 1;
  }
}

interface RawHeader {
  readonly value: string;
  readonly line: number;
}

/** Parses the text of a SQL revision file; `path` only labels errors. */
export function parseSqlRevision(text: string, path: string): SqlRevisionFile {
  // Plain loops and one look at each line: every command parses every file, and in a fresh
  // process this code runs before the JIT has warmed up, so each operation counts.
  if (!/\S/.test(text)) throw new RevisionFileError(path, 1, "the file is empty");
  const lines = splitLines(text);

  let upgradeAt = -1;
  let downgradeAt = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // Markers and headers are comments starting in column 1; SQL lines are skipped cheaply.
    if (!line.text.startsWith("--")) continue;
    const marker = MARKER_LINE.exec(line.text.trimEnd());
    if (marker === null) {
      if (upgradeAt !== -1) {
        const key = KEY_LINE.exec(line.text.trim().slice(2).trim());
        if (key !== null && HEADER_KEYS.has(key[1]!)) {
          throw new RevisionFileError(path, line.number, `header "${key[1]}" is placed after the sections`, `Move it above "${UPGRADE_MARKER}"`);
        }
      }
      continue;
    }
    const name = marker[1]!;
    if (name !== "upgrade" && name !== "downgrade") {
      const hint = `Use "${UPGRADE_MARKER}" or "${DOWNGRADE_MARKER}"`;
      throw new RevisionFileError(path, line.number, `unknown section marker "migrate:${name}"`, hint);
    }
    if (marker[2]!.trim() !== "") throw new RevisionFileError(path, line.number, `unexpected text after "-- migrate:${name}"`);
    const previous = name === "upgrade" ? upgradeAt : downgradeAt;
    if (previous !== -1) {
      const reason = `second "-- migrate:${name}" marker (the first is on line ${lines[previous]!.number})`;
      throw new RevisionFileError(path, line.number, reason);
    }
    if (name === "upgrade" && downgradeAt !== -1) {
      throw new RevisionFileError(path, line.number, `"${UPGRADE_MARKER}" must come before "${DOWNGRADE_MARKER}"`);
    }
    if (name === "downgrade" && upgradeAt === -1) {
      throw new RevisionFileError(path, line.number, `"${DOWNGRADE_MARKER}" comes before any "${UPGRADE_MARKER}"`);
    }
    if (name === "upgrade") upgradeAt = i;
    else downgradeAt = i;
  }
  if (upgradeAt === -1) {
    const hint = `Put the upgrade SQL after a "${UPGRADE_MARKER}" line`;
    const last = lines.findLast((l) => l.text.trim() !== "")!;
    throw new RevisionFileError(path, last.number, `missing "${UPGRADE_MARKER}" marker`, hint);
  }

  return {
    header: parseHeader(lines, upgradeAt, path),
    upgrade: section(lines, upgradeAt + 1, downgradeAt === -1 ? lines.length : downgradeAt),
    downgrade: downgradeAt === -1 ? undefined : section(lines, downgradeAt + 1, lines.length),
  };
}

/** The header made of `lines[0, end)`: the message comment, then `-- key: value` lines. */
function parseHeader(lines: readonly Line[], end: number, path: string): RevisionHeader {
  const comments = headerComments(lines, end, path);
  const { messageEnd, headerStart } = headerLayout(comments, end);
  const raw = rawHeaders(lines, comments.keys, headerStart, end, path);
  if (!raw.has("revision")) {
    const hint = `Add a line such as "-- revision: 1a2b3c4d5e6f" before "${UPGRADE_MARKER}"`;
    throw new RevisionFileError(path, 1, `no "revision" header`, hint);
  }
  const createDate = raw.get("create_date")?.value ?? "";
  return {
    id: headerValue(raw, "revision", "", path),
    downRevisions: headerValue(raw, "down_revision", "", path),
    branchLabels: headerValue(raw, "branch_labels", "", path),
    dependsOn: headerValue(raw, "depends_on", "", path),
    message: messageOf(comments.bodies, messageEnd),
    createDate: createDate === "" ? undefined : headerValue(raw, "create_date", "", path),
    transaction: headerValue(raw, "transaction", "true", path),
    timeouts: timeoutOverrides(raw, path),
  };
}

/** The timeouts the header sets, leaving out those it does not; undefined when it sets none. */
function timeoutOverrides(raw: ReadonlyMap<HeaderKey, RawHeader>, path: string): TimeoutOverrides | undefined {
  const lockTimeoutMs = headerValue(raw, "lock_timeout", "", path);
  const statementTimeoutMs = headerValue(raw, "statement_timeout", "", path);
  const retryBudgetMs = headerValue(raw, "lock_retry_budget", "", path);
  if (lockTimeoutMs === undefined && statementTimeoutMs === undefined && retryBudgetMs === undefined) return undefined;
  return {
    ...(lockTimeoutMs !== undefined ? { lockTimeoutMs } : {}),
    ...(statementTimeoutMs !== undefined ? { statementTimeoutMs } : {}),
    ...(retryBudgetMs !== undefined ? { retryBudgetMs } : {}),
  };
}

/** Each header line's comment text (undefined for a blank line) and `key:` match, worked out once. */
interface HeaderComments {
  readonly bodies: readonly (string | undefined)[];
  readonly keys: readonly (RegExpExecArray | null)[];
}

/** Reads the lines above the sections, which may only be comments or blank. */
function headerComments(lines: readonly Line[], end: number, path: string): HeaderComments {
  const bodies: (string | undefined)[] = [];
  const keys: (RegExpExecArray | null)[] = [];
  for (let i = 0; i < end; i++) {
    const trimmed = lines[i]!.text.trim();
    if (!trimmed.startsWith("--")) {
      if (trimmed !== "") {
        const hint = `Put statements after "${UPGRADE_MARKER}" or "${DOWNGRADE_MARKER}"`;
        throw new RevisionFileError(path, lines[i]!.number, "SQL outside a section", hint);
      }
      bodies.push(undefined);
      keys.push(null);
      continue;
    }
    const body = trimmed.slice(2).trim();
    // `-- retort:lint-ignore …` is a directive for the lint: neither message nor header.
    if (body.startsWith(DIRECTIVE_PREFIX)) {
      bodies.push(undefined);
      keys.push(null);
      continue;
    }
    bodies.push(body);
    keys.push(KEY_LINE.exec(body));
  }
  return { bodies, keys };
}

/**
 * Where the message ends and the headers start. The message ends at a bare `--`, but only when a
 * `revision:` header follows it. Otherwise a message such as "revision: redo users" would be read
 * as a header, and a headers-only file with a trailing `--` would lose its headers to the message.
 */
function headerLayout({ bodies, keys }: HeaderComments, end: number): { readonly messageEnd: number; readonly headerStart: number } {
  const separator = bodies.indexOf("");
  let separated = false;
  for (let i = separator + 1; separator !== -1 && i < end && !separated; i++) separated = REVISION_KEY.test(bodies[i] ?? "");
  if (separated) return { messageEnd: separator, headerStart: separator + 1 };
  let firstKey = end;
  for (let i = 0; i < end; i++) {
    const key = keys[i];
    if (key != null && HEADER_KEYS.has(key[1]!)) {
      firstKey = i;
      break;
    }
  }
  return { messageEnd: firstKey, headerStart: firstKey };
}

/** The message: the non-empty comment lines before `messageEnd`, joined with "\n". */
function messageOf(bodies: readonly (string | undefined)[], messageEnd: number): string {
  let message = "";
  for (let i = 0; i < messageEnd; i++) {
    const body = bodies[i];
    if (body !== undefined && body !== "") message = message === "" ? body : `${message}\n${body}`;
  }
  return message;
}

/** The `key: value` lines from `headerStart`, each key known and given once; other comments among them are allowed. */
function rawHeaders(lines: readonly Line[], keys: readonly (RegExpExecArray | null)[], headerStart: number, end: number, path: string): Map<HeaderKey, RawHeader> {
  const raw = new Map<HeaderKey, RawHeader>();
  for (let i = headerStart; i < end; i++) {
    const key = keys[i];
    if (key == null) continue;
    const name = key[1]!;
    const line = lines[i]!.number;
    if (!HEADER_KEYS.has(name)) {
      throw new RevisionFileError(path, line, `unknown header "${name}"`, `Known headers: ${SQL_HEADER_KEYS.join(", ")}`);
    }
    const previous = raw.get(name as HeaderKey);
    if (previous !== undefined) {
      throw new RevisionFileError(path, line, `header "${name}" is repeated (first on line ${previous.line})`);
    }
    raw.set(name as HeaderKey, { value: key[2]!.trim(), line });
  }
  return raw;
}

/** One header's typed value (`fallback` when absent), or an error naming its line. */
function headerValue<K extends HeaderKey>(raw: ReadonlyMap<HeaderKey, RawHeader>, key: K, fallback: string, path: string): ReturnType<(typeof HEADER_PARSERS)[K]> {
  const entry = raw.get(key);
  try {
    return HEADER_PARSERS[key](entry?.value ?? fallback) as ReturnType<(typeof HEADER_PARSERS)[K]>;
  } catch (err) {
    if (!(err instanceof HeaderValueError)) throw err;
    const what = key === "revision" || key === "down_revision" ? "invalid revision id" : "invalid value";
    throw new RevisionFileError(path, entry?.line, `${what} in "${key}": ${err.message}`);
  }
}

/** The section made of lines [from, to): blank lines around it trimmed, positions kept. */
function section(lines: readonly Line[], from: number, to: number): SqlSection {
  let first = from;
  while (first < to && lines[first]!.text.trim() === "") first++;
  if (first === to) {
    const next = lines[from];
    if (next !== undefined) return { sql: "", line: next.number, column: 1, offset: next.start };
    const marker = lines[from - 1]!;
    return { sql: "", line: marker.number, column: codePointLength(marker.text) + 1, offset: marker.start + marker.text.length };
  }
  let last = to - 1;
  while (lines[last]!.text.trim() === "") last--;
  const line = lines[first]!;
  const indent = line.text.length - line.text.trimStart().length;
  let sql = line.text.slice(indent);
  for (let i = first + 1; i <= last; i++) sql += `\n${lines[i]!.text}`;
  return { sql: sql.trimEnd(), line: line.number, column: indent === 0 ? 1 : codePointLength(line.text.slice(0, indent)) + 1, offset: line.start + indent };
}

function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Where a 1-based character position in a section's SQL (as PostgreSQL reports it) lies in the file. */
export function sectionPosition(
  text: string,
  section: SqlSection,
  positionInSql: number,
): { line: number; column: number; lineText: string } {
  let line = section.line;
  let column = section.column;
  let lineStart = section.offset === 0 ? 0 : text.lastIndexOf("\n", section.offset - 1) + 1;
  let i = section.offset;
  // PostgreSQL counts characters (code points), and the SQL it saw has LF where the file may have CRLF.
  // Clamped to just past the last character: "syntax error at end of input" points there.
  const steps = Math.min(Math.max(1, Math.floor(positionInSql)) - 1, codePointLength(section.sql));
  for (let remaining = steps; remaining > 0 && i < text.length; remaining--) {
    if (text[i] === "\r" && text[i + 1] === "\n") i++;
    const code = text.codePointAt(i)!;
    i += code > 0xffff ? 2 : 1;
    if (code === 0x0a) {
      line++;
      column = 1;
      lineStart = i;
    } else {
      column++;
    }
  }
  const lineEnd = text.indexOf("\n", lineStart);
  const lineText = text
    .slice(lineStart, lineEnd === -1 ? text.length : lineEnd)
    .replace(/\r$/, "")
    .replace(/^\uFEFF/, "");
  return { line, column, lineText };
}
