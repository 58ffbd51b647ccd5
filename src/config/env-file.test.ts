import { describe, expect, it } from "vitest";
import { parseEnvFile } from "./env-file.ts";
import { ConfigSyntaxError } from "./errors.ts";

function parse(text: string): Record<string, string> {
  return Object.fromEntries(parseEnvFile(text, "/p/.env", ".env"));
}

function failure(text: string): ConfigSyntaxError {
  try {
    parseEnvFile(text, "/p/.env", ".env");
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigSyntaxError);
    return error as ConfigSyntaxError;
  }
  throw new Error("expected a syntax error");
}

describe("parseEnvFile", () => {
  it("reads plain, exported, quoted and commented lines", () => {
    const text = [
      "# a comment",
      "",
      "PLAIN=value",
      "export EXPORTED=yes",
      "export  SPACED_EXPORT=1",
      "  INDENTED = padded value  ",
      "EMPTY=",
      'DOUBLE="two words"',
      "SINGLE='single $HOME'",
      "BACKTICK=`tick`",
    ].join("\n");
    expect(parse(text)).toEqual({
      PLAIN: "value",
      EXPORTED: "yes",
      SPACED_EXPORT: "1",
      INDENTED: "padded value",
      EMPTY: "",
      DOUBLE: "two words",
      SINGLE: "single $HOME",
      BACKTICK: "tick",
    });
  });

  it("ends an unquoted value at a space before # but keeps a # inside it", () => {
    expect(parse("URL=postgres://u:pa#ss@h/db # the dev db\nA=x#y\nB= # only a comment\nC=#hash")).toEqual({
      URL: "postgres://u:pa#ss@h/db",
      A: "x#y",
      B: "",
      C: "#hash",
    });
  });

  it("keeps # and quotes inside quoted values, and allows a comment after them", () => {
    expect(parse(`A="x # y" # note\nB='a # "b"'\n`)).toEqual({ A: "x # y", B: 'a # "b"' });
  });

  it("understands escapes in double quotes only", () => {
    expect(parse(String.raw`A="line1\nline2\t\"q\" \\ \x"` + "\n" + String.raw`B='raw\n'`)).toEqual({
      A: 'line1\nline2\t"q" \\ \\x',
      B: "raw\\n",
    });
  });

  it("reads CRLF files and a byte order mark", () => {
    expect(parse('\uFEFFA=1\r\nB="two"\r\n\r\n# c\r\nC=3\r\n')).toEqual({ A: "1", B: "two", C: "3" });
  });

  it("lets quoted values span lines", () => {
    expect(parse('KEY="-----BEGIN\nabc\n-----END"\nNEXT=1')).toEqual({ KEY: "-----BEGIN\nabc\n-----END", NEXT: "1" });
  });

  it("lets a later duplicate win", () => {
    expect(parse("A=1\nA=2")).toEqual({ A: "2" });
  });

  it("keeps keys named export and __proto__ as plain keys", () => {
    const vars = parseEnvFile("export=1\n__proto__=x", "/p/.env");
    expect(vars.get("export")).toBe("1");
    expect(vars.get("__proto__")).toBe("x");
  });

  it("reports an unterminated quote at the line where it opens", () => {
    const e = failure('A=1\nPASSWORD="hunter2\nB=2\nC=3');
    expect(e.message).toBe('.env:2: the value of "PASSWORD" has no closing "');
    expect(e.line).toBe(2);
    expect(e.file).toBe("/p/.env");
  });

  it("reports a line that is not KEY=value without echoing it", () => {
    const e = failure("A=1\r\nDATABASE_URL postgres://u:hunter2@h/db\n");
    expect(e.message).toBe('.env:2: expected "=" after "DATABASE_URL"');
    expect(failure("A=1\n\n  NAME value").message).toBe('.env:3: expected "=" after "NAME"');
    const bad = failure("A=1\n:hunter2");
    expect(bad.message).toBe(".env:2: expected KEY=value");
    expect(bad.message).not.toContain("hunter2");
  });

  it("reports text after a closing quote", () => {
    expect(failure('A="x"y').message).toBe('.env:1: unexpected text after the quoted value of "A"');
  });
});
