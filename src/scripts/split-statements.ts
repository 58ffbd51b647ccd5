/**
 * Splits a SQL section into statements, for `transaction: false` revisions that must run one
 * statement at a time (`CREATE INDEX CONCURRENTLY` cannot share a multi-statement query string),
 * and so that a failing statement can be pointed at in the file.
 *
 * One forward scan, linear in the input. Tokens follow PostgreSQL's lexer (src/backend/parser/
 * scan.l, 16+): '…' strings, E'…' strings with backslash escapes, "…" identifiers, $tag$ quoting,
 * nesting block comments and -- comments; U&'…', B'…', X'…' and N'…' lex as plain '…'.
 *
 * Where a statement ends follows psql (src/fe_utils/psqlscan.l), so a file behaves as it does
 * under `psql -f`: at a `;` outside parentheses and outside a `CREATE [OR REPLACE]
 * FUNCTION|PROCEDURE … BEGIN ATOMIC … END` body. One deliberate difference: psql takes any BEGIN
 * in a routine for a body, so `RETURN finish - begin;` swallows the statements after it. psql
 * gets away with that (the server splits a multi-statement string itself); we would send
 * `CREATE INDEX CONCURRENTLY` inside one, so only BEGIN right before ATOMIC counts.
 *
 * Not supported: standard_conforming_strings = off (backslash is literal in '…', as by default
 * since PostgreSQL 9.1), and psql meta-commands and variables: a line starting with `\` or a
 * `:name` is plain text, which the server will reject with a position.
 */

/** One statement of a SQL section. */
export interface SqlStatement {
  /**
   * The statement as written, from its first to its last significant character: comments and
   * blank space around it and the terminating `;` are left out, comments inside are kept. It is
   * always `sql.slice(offset, offset + text.length)`, so positions inside it map back to the input.
   */
  readonly text: string;
  /** 0-based UTF-16 index in the input of the statement's first character (never a comment). */
  readonly offset: number;
  /** Index just after the terminating `;`, or the input's length for a last statement without one. */
  readonly end: number;
}

const TAB = 9, CR = 13, SPACE = 32, DQUOTE = 34, DOLLAR = 36, QUOTE = 39, LPAREN = 40, RPAREN = 41;
const STAR = 42, DASH = 45, DOT = 46, SLASH = 47, SEMI = 59, BACKSLASH = 92, UNDERSCORE = 95;
const UPPER_E = 69, LOWER_E = 101;

// scan.l's {space}: ASCII only. A no-break space is >= 0x80, so PostgreSQL reads it as part of an
// identifier, and so must we.
const isSpace = (c: number) => c === SPACE || (c >= TAB && c <= CR);
const isDigit = (c: number) => c >= 48 && c <= 57;
// {ident_start}: every byte >= 0x80 starts an identifier, so every non-ASCII UTF-16 unit does too.
const isIdentStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === UNDERSCORE || c >= 0x80;
const isIdentCont = (c: number) => isIdentStart(c) || isDigit(c) || c === DOLLAR;

// {dolqdelim}: a tag follows identifier rules but without "$", so "$a$b$" opens with "$a$".
const DOLLAR_DELIMITER = /\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;

// The words that mark a routine for the BEGIN ATOMIC heuristic; longer words need no lowercasing.
const ROUTINE_HEAD_WORDS: ReadonlySet<string> = new Set(["create", "or", "replace", "function", "procedure"]);
const LONGEST_TRACKED_WORD = "procedure".length;

/** Splits SQL into statements as psql would send them (see above); never throws, whatever the input. */
export function splitStatements(sql: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  const n = sql.length;
  const nesting = new StatementNesting();
  let start = -1; // first significant index of the statement being read, -1 before it
  let textEnd = 0; // just after its last significant token
  let i = 0;
  while (i < n) {
    const c = sql.charCodeAt(i);
    const next = sql.charCodeAt(i + 1); // NaN past the end, which matches nothing
    let end: number;
    if (isSpace(c)) {
      i++;
      continue;
    } else if (c === DASH && next === DASH) {
      i = lineCommentEnd(sql, i);
      continue;
    } else if (c === SLASH && next === STAR) {
      end = blockCommentEnd(sql, i);
      if (end !== -1) {
        i = end;
        continue;
      }
      // Unterminated: it swallows the rest of the input. Keep it as (part of) a statement so the
      // server reports "unterminated /* comment" instead of retort silently running nothing.
      end = n;
    } else if (c === SEMI && nesting.atTopLevel()) {
      if (start !== -1) statements.push({ text: sql.slice(start, textEnd), offset: start, end: i + 1 });
      start = -1;
      nesting.endStatement();
      i++;
      continue;
    } else {
      end = tokenEnd(sql, i, nesting, textEnd);
    }
    if (start === -1) start = i;
    textEnd = end;
    i = end;
  }
  if (start !== -1) statements.push({ text: sql.slice(start, textEnd), offset: start, end: n });
  return statements;
}

/**
 * The end of the significant token at `i` (anything but blank space, a comment or a `;` that ends
 * the statement), noting its words and parentheses in `nesting`; `previousEnd` ends the token
 * before it.
 */
function tokenEnd(sql: string, i: number, nesting: StatementNesting, previousEnd: number): number {
  const c = sql.charCodeAt(i);
  if (c === QUOTE || c === DQUOTE) return quotedEnd(sql, i + 1, c, false);
  if (c === DOLLAR) return dollarEnd(sql, i);
  if (isDigit(c)) return numberEnd(sql, i);
  if (isIdentStart(c)) {
    const end = wordEnd(sql, i + 1);
    // {xestart} is longer than the one-letter identifier "E", so it wins; "xE'…'" is a plain string.
    if (end === i + 1 && (c === UPPER_E || c === LOWER_E) && sql.charCodeAt(i + 1) === QUOTE) return quotedEnd(sql, i + 2, QUOTE, true);
    nesting.word(end - i <= LONGEST_TRACKED_WORD ? sql.slice(i, end).toLowerCase() : "", end, previousEnd);
    return end;
  }
  nesting.punctuation(c);
  return i + 1;
}

/**
 * psqlscan.l's state within a statement: parenthesis depth, BEGIN ATOMIC/CASE … END depth, and
 * the first four identifiers of the statement, recorded only when they are one of
 * ROUTINE_HEAD_WORDS. A `;` ends the statement only outside both.
 */
class StatementNesting {
  #parens = 0;
  #begins = 0;
  #words = 0;
  readonly #head = ["", "", "", ""];
  /** End of the last BEGIN that may open a body. */
  #beginEnd = -1;

  /** Whether a `;` here ends the statement. */
  atTopLevel(): boolean {
    return this.#parens === 0 && this.#begins === 0;
  }

  /** A `;` ended the statement: the next one records its own head words. */
  endStatement(): void {
    this.#words = 0;
  }

  /** Notes a one-character token: parentheses nest. */
  punctuation(c: number): void {
    if (c === LPAREN) this.#parens++;
    else if (c === RPAREN && this.#parens > 0) this.#parens--;
  }

  /** Notes an identifier or key word (lowercased; "" when too long to matter) ending at `end`. */
  word(word: string, end: number, previousEnd: number): void {
    const head = this.#head;
    if (this.#words === 0) head.fill("");
    if (this.#words < head.length && ROUTINE_HEAD_WORDS.has(word)) head[this.#words] = word;
    this.#words++;
    if (this.#parens > 0 || !isRoutineHead(head)) return;
    if (word === "begin") this.#beginEnd = end;
    // ATOMIC must come right after BEGIN, comments aside.
    else if (word === "atomic" && this.#beginEnd === previousEnd) this.#begins++;
    // CASE … END inside a body would otherwise close it early.
    else if (word === "case" && this.#begins > 0) this.#begins++;
    else if (word === "end" && this.#begins > 0) this.#begins--;
  }
}

/**
 * The first `max` tokens of a statement as the lexer reads them, comments and blank space
 * skipped: words lowercased, quoted identifiers, strings and dollar-quoted bodies as written,
 * anything else one character. Enough to recognise a statement by its leading key words without
 * parsing it.
 */
export function leadingTokens(sql: string, max: number): string[] {
  const tokens: string[] = [];
  const n = sql.length;
  let i = 0;
  while (i < n && tokens.length < max) {
    const c = sql.charCodeAt(i);
    const next = sql.charCodeAt(i + 1);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === DASH && next === DASH) {
      i = lineCommentEnd(sql, i);
      continue;
    }
    if (c === SLASH && next === STAR) {
      const close = blockCommentEnd(sql, i);
      if (close === -1) break;
      i = close;
      continue;
    }
    let end: number;
    if (c === QUOTE || c === DQUOTE) end = quotedEnd(sql, i + 1, c, false);
    else if (c === DOLLAR) end = dollarEnd(sql, i);
    else if (isDigit(c)) end = numberEnd(sql, i);
    else if (isIdentStart(c)) {
      end = wordEnd(sql, i + 1);
      if (end === i + 1 && (c === UPPER_E || c === LOWER_E) && next === QUOTE) end = quotedEnd(sql, i + 2, QUOTE, true);
      else {
        tokens.push(sql.slice(i, end).toLowerCase());
        i = end;
        continue;
      }
    } else end = i + 1;
    tokens.push(sql.slice(i, end));
    i = end;
  }
  return tokens;
}

/** The statement whose `[offset, end)` range holds `offset`, or undefined between statements. */
export function statementAt(statements: readonly SqlStatement[], offset: number): SqlStatement | undefined {
  let lo = 0;
  let hi = statements.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = statements[mid]!;
    if (offset < s.offset) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return s;
  }
  return undefined;
}

/** A server's 1-based error position inside `statement` (default: its start) as a 1-based code-point position in `sql`. */
export function positionInSection(sql: string, statement: SqlStatement, position = 1): number {
  let before = 0;
  for (let i = 0; i < statement.offset; i++) {
    const c = sql.charCodeAt(i);
    // A surrogate pair is one character to PostgreSQL.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < statement.offset && (sql.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    before++;
  }
  return before + Math.max(1, Math.floor(position));
}

// As psql, count BEGIN/CASE/END only in a statement starting CREATE [OR REPLACE] FUNCTION|PROCEDURE:
// a transaction's BEGIN; … END; must still split.
function isRoutineHead([a, b, c, d]: readonly string[]): boolean {
  const routine = (w: string | undefined) => w === "function" || w === "procedure";
  return a === "create" && (routine(b) || (b === "or" && c === "replace" && routine(d)));
}

// {comment} ends at either newline character, so a lone CR ends it as well.
function lineCommentEnd(sql: string, i: number): number {
  for (; i < sql.length; i++) {
    const c = sql.charCodeAt(i);
    if (c === 10 || c === CR) return i;
  }
  return sql.length;
}

// Block comments nest in PostgreSQL (unlike the SQL standard): "/* a /* b */ c */" is one comment.
function blockCommentEnd(sql: string, i: number): number {
  let depth = 0;
  for (i += 2; i < sql.length; ) {
    const c = sql.charCodeAt(i);
    const next = sql.charCodeAt(i + 1);
    if (c === SLASH && next === STAR) {
      depth++;
      i += 2;
    } else if (c === STAR && next === SLASH) {
      if (depth === 0) return i + 2;
      depth--;
      i += 2;
    } else {
      i++;
    }
  }
  return -1;
}

// A doubled quote is an escaped quote; an unterminated literal runs to the end of the input.
function quotedEnd(sql: string, i: number, quote: number, backslashEscapes: boolean): number {
  for (; i < sql.length; i++) {
    const c = sql.charCodeAt(i);
    if (c === BACKSLASH && backslashEscapes) i++;
    else if (c === quote) {
      if (sql.charCodeAt(i + 1) !== quote) return i + 1;
      i++;
    }
  }
  return sql.length;
}

// "$1" (a parameter: tags cannot start with a digit) and "$x" (no closing "$") open no dollar
// quote; the "$" is a token of its own. A body ends at the first exact, case-sensitive copy of its
// delimiter, so other tags nest freely inside.
function dollarEnd(sql: string, i: number): number {
  DOLLAR_DELIMITER.lastIndex = i;
  const delimiter = DOLLAR_DELIMITER.exec(sql)?.[0];
  if (delimiter === undefined) return i + 1;
  const close = sql.indexOf(delimiter, i + delimiter.length);
  return close === -1 ? sql.length : close + delimiter.length;
}

// Digits, "_", "." and then, as PostgreSQL 16's {integer_junk}, any identifier glued on: "1e$$" is
// one bad token, not a dollar quote, while "1$$" is a number followed by one.
function numberEnd(sql: string, i: number): number {
  let c = sql.charCodeAt(i);
  while (isDigit(c) || c === UNDERSCORE || c === DOT) c = sql.charCodeAt(++i);
  return isIdentStart(c) ? wordEnd(sql, i + 1) : i;
}

// {ident_cont} includes "$", so "a$$b" is one identifier and opens no dollar quote.
function wordEnd(sql: string, i: number): number {
  while (i < sql.length && isIdentCont(sql.charCodeAt(i))) i++;
  return i;
}

/**
 * The SQL with comments removed and each run of blank space outside quotes turned into one space:
 * two texts that differ only in comments and layout give the same result. Strings, quoted
 * identifiers and dollar-quoted bodies are kept as written.
 */
export function withoutComments(sql: string): string {
  let out = "";
  let space = false;
  const n = sql.length;
  for (let i = 0; i < n; ) {
    const c = sql.charCodeAt(i);
    const next = sql.charCodeAt(i + 1);
    let end: number;
    if (isSpace(c)) {
      space = out !== "";
      i++;
      continue;
    } else if (c === DASH && next === DASH) {
      i = lineCommentEnd(sql, i);
      space = out !== "";
      continue;
    } else if (c === SLASH && next === STAR) {
      const close = blockCommentEnd(sql, i);
      if (close !== -1) {
        i = close;
        space = out !== "";
        continue;
      }
      end = n;
    } else if (c === QUOTE || c === DQUOTE) {
      end = quotedEnd(sql, i + 1, c, false);
    } else if (c === DOLLAR) {
      end = dollarEnd(sql, i);
    } else if ((c === UPPER_E || c === LOWER_E) && next === QUOTE) {
      end = quotedEnd(sql, i + 2, QUOTE, true);
    } else {
      end = i + 1;
    }
    if (space) out += " ";
    space = false;
    out += sql.slice(i, end);
    i = end;
  }
  return out;
}
