/**
 * `.env` parsing. Our own parser rather than `node:util` `parseEnv`: on Node 20 that one cuts
 * `KEY=pa#ss` to "pa" (a password with "#" would be silently truncated), keeps `\"` as `\`, turns
 * `export  KEY` into " KEY", glues a line without "=" onto the next key, and differs from Bun's
 * and Deno's versions, so one binary would read one file three ways.
 *
 * Grammar (dotenv's): `KEY=value` or `export KEY=value`; blank lines and `#` comments; an unquoted
 * value ends at ` #` (space then hash) and is trimmed; '…' and `…` are literal; "…" understands
 * \n \r \t \" \\; quoted values may span lines; CRLF is LF. No `${VAR}` expansion.
 */
import { ConfigSyntaxError } from "./errors.ts";

/** Parses `.env` text into variables (a later duplicate wins); `file` is the absolute path, `shownFile` how to print it. */
export function parseEnvFile(text: string, file: string, shownFile = file): ReadonlyMap<string, string> {
  const src = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const vars = new Map<string, string>();
  const fail = (line: number, reason: string, hint?: string) => new ConfigSyntaxError(file, shownFile, { line }, reason, hint);
  let i = 0;
  let line = 1;
  const skipBlanks = () => {
    while (src[i] === " " || src[i] === "\t") i += 1;
  };
  const skipToLineEnd = () => {
    while (i < src.length && src[i] !== "\n") i += 1;
  };

  while (i < src.length) {
    skipBlanks();
    if (src[i] === "\n") {
      i += 1;
      line += 1;
      continue;
    }
    if (src[i] === "#" || i >= src.length) {
      skipToLineEnd();
      continue;
    }
    const exported = /export[ \t]+(?=[A-Za-z_])/y;
    exported.lastIndex = i;
    if (exported.test(src)) i = exported.lastIndex;
    const keyPattern = /[A-Za-z_][A-Za-z0-9_.-]*/y;
    keyPattern.lastIndex = i;
    const key = keyPattern.exec(src)?.[0];
    // The line itself is not shown: it may hold a password.
    if (key === undefined) throw fail(line, "expected KEY=value", "Names start with a letter or \"_\"; a comment starts with \"#\"");
    i += key.length;
    skipBlanks();
    if (src[i] !== "=") throw fail(line, `expected "=" after "${key}"`);
    i += 1;
    const blanksBefore = i;
    skipBlanks();
    const quote = src[i];
    let value: string;
    if (quote === '"' || quote === "'" || quote === "`") {
      const startLine = line;
      let closed = false;
      value = "";
      for (i += 1; i < src.length; i += 1) {
        const ch = src[i] ?? "";
        if (ch === quote) {
          closed = true;
          i += 1;
          break;
        }
        if (ch === "\n") line += 1;
        if (ch === "\\" && quote === '"' && i + 1 < src.length) {
          const next = src[i + 1] ?? "";
          const escaped = ({ n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" } as Record<string, string>)[next];
          if (escaped !== undefined) {
            value += escaped;
            i += 1;
            continue;
          }
        }
        value += ch;
      }
      if (!closed) throw fail(startLine, `the value of "${key}" has no closing ${quote}`);
      skipBlanks();
      if (src[i] === "#") skipToLineEnd();
      if (i < src.length && src[i] !== "\n") throw fail(line, `unexpected text after the quoted value of "${key}"`);
    } else if (quote === "#" && i > blanksBefore) {
      // `KEY= # note` is an empty value with a comment; `KEY=#x` is the value "#x".
      value = "";
      skipToLineEnd();
    } else {
      const start = i;
      skipToLineEnd();
      const raw = src.slice(start, i);
      const comment = raw.search(/[ \t]#/);
      value = (comment === -1 ? raw : raw.slice(0, comment)).trim();
    }
    vars.set(key, value);
  }
  return vars;
}
