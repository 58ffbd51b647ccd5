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
  const reader = new EnvFileReader(text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n"), (line, reason, hint) => new ConfigSyntaxError(file, shownFile, { line }, reason, hint));
  const vars = new Map<string, string>();
  while (reader.atEntry()) {
    const key = reader.readKey();
    vars.set(key, reader.readValue(key));
  }
  return vars;
}

/** The escapes a double-quoted value understands. */
const ESCAPES: Readonly<Record<string, string>> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };

/** A cursor over `.env` text (LF line ends), read one `KEY=value` entry at a time: its key, then its value. */
class EnvFileReader {
  #i = 0;
  #line = 1;

  private readonly src: string;
  private readonly fail: (line: number, reason: string, hint?: string) => Error;

  constructor(src: string, fail: (line: number, reason: string, hint?: string) => Error) {
    this.src = src;
    this.fail = fail;
  }

  /** Moves past blank lines and comments to the next entry; false at the end of the text. */
  atEntry(): boolean {
    const src = this.src;
    while (this.#i < src.length) {
      this.#skipBlanks();
      if (src[this.#i] === "\n") {
        this.#i += 1;
        this.#line += 1;
      } else if (src[this.#i] === "#" || this.#i >= src.length) {
        this.#skipToLineEnd();
      } else {
        return true;
      }
    }
    return false;
  }

  /** `[export ]KEY =`: the key, leaving the cursor after the "=". */
  readKey(): string {
    const src = this.src;
    const exported = /export[ \t]+(?=[A-Za-z_])/y;
    exported.lastIndex = this.#i;
    if (exported.test(src)) this.#i = exported.lastIndex;
    const keyPattern = /[A-Za-z_][A-Za-z0-9_.-]*/y;
    keyPattern.lastIndex = this.#i;
    const key = keyPattern.exec(src)?.[0];
    // The line itself is not shown: it may hold a password.
    if (key === undefined) throw this.fail(this.#line, "expected KEY=value", 'Names start with a letter or "_"; a comment starts with "#"');
    this.#i += key.length;
    this.#skipBlanks();
    if (src[this.#i] !== "=") throw this.fail(this.#line, `expected "=" after "${key}"`);
    this.#i += 1;
    return key;
  }

  /** The value after `KEY=`: quoted, a bare comment (an empty value), or unquoted up to a ` #` comment. */
  readValue(key: string): string {
    const blanksBefore = this.#i;
    this.#skipBlanks();
    const quote = this.src[this.#i];
    if (quote === '"' || quote === "'" || quote === "`") return this.#readQuoted(key, quote);
    if (quote === "#" && this.#i > blanksBefore) {
      // `KEY= # note` is an empty value with a comment; `KEY=#x` is the value "#x".
      this.#skipToLineEnd();
      return "";
    }
    const start = this.#i;
    this.#skipToLineEnd();
    const raw = this.src.slice(start, this.#i);
    const comment = raw.search(/[ \t]#/);
    return (comment === -1 ? raw : raw.slice(0, comment)).trim();
  }

  /** A quoted value, which may span lines; only "…" understands escapes. Nothing but a comment may follow it. */
  #readQuoted(key: string, quote: string): string {
    const src = this.src;
    const startLine = this.#line;
    let closed = false;
    let value = "";
    for (this.#i += 1; this.#i < src.length; this.#i += 1) {
      const ch = src[this.#i] ?? "";
      if (ch === quote) {
        closed = true;
        this.#i += 1;
        break;
      }
      if (ch === "\n") this.#line += 1;
      if (ch === "\\" && quote === '"' && this.#i + 1 < src.length) {
        const escaped = ESCAPES[src[this.#i + 1] ?? ""];
        if (escaped !== undefined) {
          value += escaped;
          this.#i += 1;
          continue;
        }
      }
      value += ch;
    }
    if (!closed) throw this.fail(startLine, `the value of "${key}" has no closing ${quote}`);
    this.#skipBlanks();
    if (src[this.#i] === "#") this.#skipToLineEnd();
    if (this.#i < src.length && src[this.#i] !== "\n") throw this.fail(this.#line, `unexpected text after the quoted value of "${key}"`);
    return value;
  }

  #skipBlanks(): void {
    while (this.src[this.#i] === " " || this.src[this.#i] === "\t") this.#i += 1;
  }

  #skipToLineEnd(): void {
    while (this.#i < this.src.length && this.src[this.#i] !== "\n") this.#i += 1;
  }
}
