import { describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { formatUrl, parseDatabaseUrl, redactSecrets, redactUrlText, urlSecrets, withDatabase } from "./database-url.ts";
import { ConfigError, InvalidDatabaseUrlError } from "./errors.ts";

const SECRET = "Zq9-s3cr3t-PW";

function parse(text: string) {
  return parseDatabaseUrl(text, "--url");
}

/** Parses expecting failure; checks the invariants every URL error must keep. */
function failure(text: string, secret = SECRET): InvalidDatabaseUrlError {
  try {
    parseDatabaseUrl(text, "DATABASE_URL in .env");
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidDatabaseUrlError);
    expect(error).toBeInstanceOf(ConfigError);
    const e = error as InvalidDatabaseUrlError;
    expect(e.exitCode).toBe(2);
    expect(e.code).toBe("invalid-database-url");
    expect(e.message).toContain("DATABASE_URL in .env");
    for (const shown of [e.message, e.hint ?? "", e.redacted, e.reason]) expect(shown).not.toContain(secret);
    return e;
  }
  throw new Error(`expected ${text} to be rejected`);
}

describe("parseDatabaseUrl", () => {
  it("reads every part of a full URL", () => {
    const url = parse(`postgres://alice:${SECRET}@db.example.com:6543/app?sslmode=require&application_name=retort`);
    expect(url).toMatchObject({ host: "db.example.com", port: 6543, database: "app", user: "alice", password: SECRET, source: "--url" });
    expect(url.params).toEqual({ sslmode: "require", application_name: "retort" });
    expect(url.redacted).toBe("postgres://alice:***@db.example.com:6543/app?sslmode=require&application_name=retort");
  });

  it.each([
    ["postgres://u@h/db"],
    ["postgresql://u@h/db"],
    ["POSTGRESQL://u@h/db"],
    ["postgresql+asyncpg://u@h/db"],
    ["postgresql+psycopg://u@h/db"],
    ["postgresql+psycopg2://u@h/db"],
    ["  postgres://u@h/db\n"],
  ])("accepts the scheme of %j and drops the driver", (text) => {
    expect(parse(text)).toMatchObject({ host: "h", port: 5432, database: "db", user: "u", password: undefined });
  });

  it("defaults the port to 5432 and leaves an absent host to the default socket", () => {
    expect(parse("postgres:///app")).toMatchObject({ host: undefined, port: 5432, database: "app", user: undefined });
    expect(parse("postgres://bob@/app")).toMatchObject({ host: undefined, user: "bob", database: "app" });
    expect(parse("postgres://bob@:5433/app")).toMatchObject({ host: undefined, port: 5433 });
    expect(parse("postgres://h:/app").port).toBe(5432);
  });

  it("reads a unix socket directory from ?host= and from a percent-encoded authority", () => {
    const fromQuery = parse("postgresql:///app?host=/var/run/postgresql");
    const fromAuthority = parse("postgresql://%2Fvar%2Frun%2Fpostgresql/app");
    const encodedQuery = parse("postgresql:///app?host=%2Fvar%2Frun%2Fpostgresql&port=5433");
    for (const url of [fromQuery, fromAuthority]) expect(url).toMatchObject({ host: "/var/run/postgresql", port: 5432, database: "app" });
    expect(encodedQuery).toMatchObject({ host: "/var/run/postgresql", port: 5433 });
    expect(fromQuery.params).toEqual({});
    expect(fromQuery.redacted).toBe("postgres:///app?host=/var/run/postgresql");
  });

  it("reads IPv6 hosts in brackets", () => {
    expect(parse("postgres://u@[::1]:5433/db")).toMatchObject({ host: "::1", port: 5433 });
    expect(parse("postgres://[2001:db8::7]/db")).toMatchObject({ host: "2001:db8::7", port: 5432 });
    expect(parse("postgres://[fe80::1%25eth0]/db").host).toBe("fe80::1%eth0");
    expect(parse("postgres://u:pw@[::1]:5433/db").redacted).toBe("postgres://u:***@[::1]:5433/db");
  });

  it("decodes percent-encoded user names, passwords and database names", () => {
    const url = parse("postgres://me%40corp:p%40ss%3Aw%2Fo%3Frd%23@h/my%20db");
    expect(url).toMatchObject({ user: "me@corp", password: "p@ss:w/o?rd#", database: "my db" });
    expect(url.redacted).toBe("postgres://me%40corp:***@h:5432/my%20db");
  });

  it("keeps an unencoded @ in the password, as the last @ ends the user info", () => {
    expect(parse("postgres://u:p@ss@h/db")).toMatchObject({ user: "u", password: "p@ss", host: "h" });
  });

  it("takes user, password and dbname from the query, overriding the authority as libpq does", () => {
    const url = parse(`postgres://h/ignored?user=carol&password=${SECRET}&dbname=real`);
    expect(url).toMatchObject({ user: "carol", password: SECRET, database: "real" });
    expect(url.redacted).not.toContain(SECRET);
  });

  it("defaults the database to the user name", () => {
    expect(parse("postgres://dave@h").database).toBe("dave");
  });

  it("passes the libpq parameters through in order", () => {
    const text =
      "postgres://h/db?sslmode=verify-full&sslrootcert=/etc/ca.pem&sslcert=c.pem&sslkey=k.pem&application_name=a%20b" +
      "&connect_timeout=10&options=-c%20search_path%3Dapp&target_session_attrs=read-write";
    expect(parse(text).params).toEqual({
      sslmode: "verify-full",
      sslrootcert: "/etc/ca.pem",
      sslcert: "c.pem",
      sslkey: "k.pem",
      application_name: "a b",
      connect_timeout: "10",
      options: "-c search_path=app",
      target_session_attrs: "read-write",
    });
  });

  it("maps asyncpg's ssl=true to sslmode=require", () => {
    expect(parse("postgresql+asyncpg://h/db?ssl=true").params).toEqual({ sslmode: "require" });
    expect(parse("postgresql+asyncpg://h/db?ssl=verify-full").params).toEqual({ sslmode: "verify-full" });
  });

  it.each([
    ["mysql://u:PW@h/db", /scheme "mysql" is not PostgreSQL/],
    ["postgres+asyncpg://u:PW@h/db", /scheme "postgres\+asyncpg"/],
    ["sqlite:///file.db", /scheme "sqlite"/],
    ["http://u:PW@h/db", /scheme "http"/],
    ["", /it is empty/],
    ["not a url", /white space/],
    ["u:PW@localhost/db", /it is not a URL/],
    ["postgres//u:PW@h/db", /it is not a URL/],
    ["postgres://u:PW@h:port/db", /port "port"/],
    ["postgres://u:PW@h:70000/db", /port "70000"/],
    ["postgres://u:PW@h1:5432,h2:5433/db", /several hosts/],
    ["postgres://u:PW@::1/db", /in brackets/],
    ["postgres://u:PW@[::1/db", /closing "\]"/],
    ["postgres://u:PW@[zz::1]/db", /not an IPv6 address/],
    ["postgres://u:PW@ho$t/db", /not a host name/],
    ["postgres://u:PW@h/a/b", /database name contains "\/"/],
    ["postgres://u:PW@h/db?sslmode=maybe", /"sslmode" must be one of/],
    ["postgres://u:PW@h/db?connect_timeout=soon", /connect_timeout/],
    ["postgres://u:PW@h/db?pool=5", /query parameter "pool" is not supported/],
    ["postgres://u:PW@h/db?sslmode", /has no "=value"/],
    ["postgres://u:PW@h/db#frag", /fragment/],
    ["postgres://u:P%zzW@h/db", /password has invalid percent-encoding/],
    ["postgres://h", /names no database/],
  ])("rejects %j", (text, reason) => {
    const e = failure(text.replace("PW", SECRET));
    expect(e.message).toMatch(reason);
  });

  it("says to percent-encode when the password holds an unencoded / ? or #", () => {
    for (const bad of ["a/b", "a?b", "a#b"]) {
      const secret = `${SECRET}${bad}`;
      const e = failure(`postgres://u:${secret}@h/db`, SECRET);
      expect(e.reason).toMatch(/unencoded special character/);
      expect(e.hint).toMatch(/%40/);
      expect(e.message).not.toContain(secret.slice(0, 6));
    }
  });

  it("never shows the password in errors, however the URL is broken", () => {
    const broken = [
      `mysql://root:${SECRET}@h/db`,
      `postgres://root:${SECRET}@h:x/db`,
      `postgres://root:${SECRET}@h/db?bogus=1`,
      `postgres://root:${SECRET}@h/db?sslmode=nope`,
      `postgres://h/db?password=${SECRET}&sslmode=nope`,
      `postgres://root:${SECRET}@h1,h2/db`,
      `root:${SECRET}@h/db`,
    ];
    for (const text of broken) failure(text);
  });
});

describe("formatUrl and withDatabase", () => {
  it.each([
    "postgres://alice:pw@db:6543/app?sslmode=require",
    "postgres://u:p%40ss%2F@[::1]:5432/db",
    "postgres:///app?host=/var/run/postgresql&port=5433&application_name=x%20y",
    "postgres://u@/app",
    "postgres://:onlypw@h/db?user=",
  ])("round-trips %s through formatUrl with the password", (text) => {
    const url = parseDatabaseUrl(text, "x");
    const again = parseDatabaseUrl(formatUrl(url, { password: true }), "x");
    expect(again).toEqual(url);
  });

  it("hides the password unless asked", () => {
    const url = parse(`postgres://u:${SECRET}@h/db`);
    expect(formatUrl(url, { password: false })).toBe("postgres://u:***@h:5432/db");
    expect(formatUrl(url, { password: true })).toBe(`postgres://u:${SECRET}@h:5432/db`);
  });

  it("switches database and keeps server, credentials and parameters", () => {
    const url = parse(`postgres://u:${SECRET}@h:5433/app?sslmode=require`);
    const scratch = withDatabase(url, "app_scratch");
    expect(scratch).toMatchObject({ host: "h", port: 5433, user: "u", password: SECRET, database: "app_scratch", params: { sslmode: "require" } });
    expect(scratch.redacted).toBe("postgres://u:***@h:5433/app_scratch?sslmode=require");
    expect(url.database).toBe("app");
  });
});

describe("redaction", () => {
  it("replaces raw, percent-encoded and JSON-escaped forms of each secret", () => {
    const secret = 'p@ss/w"rd';
    const text = `raw ${secret} enc ${encodeURIComponent(secret)} lower p%40ss%2fw%22rd json ${JSON.stringify(secret)}`;
    const out = redactSecrets(text, [secret, ""]);
    expect(out).toBe('raw *** enc *** lower *** json "***"');
  });

  it("replaces the longer of two overlapping secrets whole", () => {
    expect(redactSecrets("key abcdef and abc", ["abc", "abcdef"])).toBe("key *** and ***");
  });

  it("leaves text alone when there are no secrets", () => {
    expect(redactSecrets("nothing here", [])).toBe("nothing here");
  });

  it("redacts URL-shaped text that does not parse", () => {
    expect(redactUrlText(`mysql://root:${SECRET}@h/db`)).toBe("mysql://root:***@h/db");
    expect(redactUrlText(`postgres://h/db?password=${SECRET}&x=1`)).toBe("postgres://h/db?password=***&x=1");
    expect(redactUrlText(`postgres://u:${SECRET}/x@h/db`)).toBe("postgres://u:***@h/db");
  });

  it("finds the passwords of good and broken URLs", () => {
    expect(urlSecrets("postgres://u:p%40ss@h/db")).toEqual(expect.arrayContaining(["p@ss", "p%40ss"]));
    expect(urlSecrets(`mysql://u:${SECRET}@h/db`)).toContain(SECRET);
    expect(urlSecrets(`postgres://h/db?password=${SECRET}`)).toContain(SECRET);
    expect(urlSecrets("postgres://u@h/db")).toEqual([]);
  });
});

describe("pglite: URLs", () => {
  it("reads a data directory (relative or absolute, with or without //) and memory", () => {
    const dir = parseDatabaseUrl("pglite:./.retort/dev", "--url");
    expect(dir).toMatchObject({ database: "postgres", user: "postgres", password: undefined, redacted: "pglite:./.retort/dev", source: "--url" });
    expect(dir.embedded).toEqual({ dataDir: "./.retort/dev", key: resolve("./.retort/dev") });
    expect(parseDatabaseUrl("pglite:///var/lib/app/db", "x").embedded).toEqual({ dataDir: "/var/lib/app/db", key: "/var/lib/app/db" });
    expect(parseDatabaseUrl("PGLITE:data", "x").embedded?.dataDir).toBe("data");
    const memory = parseDatabaseUrl(" pglite:memory ", "x");
    expect(memory.embedded).toEqual({ dataDir: undefined, key: "memory:main" });
    expect(memory.redacted).toBe("pglite:memory");
    expect(formatUrl(memory, { password: true })).toBe("pglite:memory");
  });

  it("refuses an empty location and query parameters, naming the source", () => {
    for (const [text, reason] of [
      ["pglite:", "it names no data directory"],
      ["pglite://", "it names no data directory"],
      ["pglite:./db?sslmode=require", "a pglite: URL takes no query parameters or control characters"],
    ] as const) {
      const e = (() => {
        try {
          parseDatabaseUrl(text, "DATABASE_URL in .env");
        } catch (err) {
          return err;
        }
        throw new Error(`${text} parsed`);
      })() as InvalidDatabaseUrlError;
      expect(e).toBeInstanceOf(InvalidDatabaseUrlError);
      expect(e.message).toBe(`Invalid database URL "${text}" from DATABASE_URL in .env: ${reason}`);
      expect(e.hint).toContain("pglite:memory");
    }
  });

  it("has no other databases to switch to", () => {
    expect(() => withDatabase(parseDatabaseUrl("pglite:memory", "x"), "postgres")).toThrow(/has no other databases/);
  });
});

describe("parameters of URLs copied from applications", () => {
  it("keeps the ones retort applies, with their values", () => {
    const url = parse("postgres://u@h/db?application_name=shop&connect_timeout=5&keepalives=1&keepalives_idle=30&options=-c%20search_path%3Dapp&target_session_attrs=read-write");
    expect(url.params).toEqual({ application_name: "shop", connect_timeout: "5", keepalives: "1", keepalives_idle: "30", options: "-c search_path=app", target_session_attrs: "read-write" });
    expect(url.ignored).toEqual([]);
  });

  it("accepts those that do not matter to a migration tool, naming each with the reason, and leaves them out of the URL", () => {
    const url = parse("postgresql+asyncpg://u@h/db?client_encoding=utf8&command_timeout=60&prepared_statement_cache_size=0&gssencmode=prefer&keepalives_interval=10&keepalives_count=3");
    expect(url.ignored.map((p) => p.key)).toEqual(["client_encoding", "command_timeout", "prepared_statement_cache_size", "gssencmode", "keepalives_interval", "keepalives_count"]);
    for (const p of url.ignored) expect(p.reason.length).toBeGreaterThan(10);
    expect(url.params).toEqual({});
    expect(url.redacted).toBe("postgres://u@h:5432/db");
  });

  it.each([
    ["postgres://u:PW@h/db?gssencmode=require", /"gssencmode=require" cannot be honoured/],
    ["postgres://u:PW@h/db?keepalives=yes", /"keepalives" must be one of "0", "1"/],
    ["postgres://u:PW@h/db?keepalives_idle=soon", /"keepalives_idle" must be a whole number of seconds/],
    ["postgres://u:PW@h/db?target_session_attrs=whatever", /"target_session_attrs" must be one of/],
    ["postgres://u:PW@h/db?sslmdoe=require", /query parameter "sslmdoe" is not supported/],
  ])("refuses %j, whose meaning cannot be kept (or is a typo)", (text, reason) => {
    expect(failure(text.replace("PW", SECRET)).message).toMatch(reason);
  });
});
