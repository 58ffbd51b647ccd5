/**
 * PostgreSQL connection URLs: parsing (libpq's URI form plus SQLAlchemy's `postgresql+driver://`),
 * formatting, and redaction. Hand-written rather than `new URL()`: WHATWG parsing of non-special
 * schemes differs between Node, Bun and Deno, rejects `user@/db`, and its errors would echo the
 * password.
 */
import { resolve } from "node:path";
import { InvalidDatabaseUrlError } from "./errors.ts";

/** A parsed connection URL; `redacted` is the only form of it that is safe to print. */
export interface DatabaseUrl {
  /** A host name or IP address, a unix socket directory (starts with "/"), or undefined for the default socket. */
  readonly host: string | undefined;
  readonly port: number;
  readonly database: string;
  readonly user: string | undefined;
  readonly password: string | undefined;
  /** Remaining libpq query parameters (sslmode, application_name, …) in the order given. */
  readonly params: Readonly<Record<string, string>>;
  /** Query parameters accepted but not used (another driver's, or one retort cannot honour harmlessly), with why. */
  readonly ignored: readonly IgnoredParam[];
  /** Where the URL came from, for messages: `--url`, `DATABASE_URL in .env`. */
  readonly source: string;
  /** `postgres://user:***@host:port/db?…`: never contains the password. */
  readonly redacted: string;
  /** Set for `pglite:` URLs: an embedded PostgreSQL in this process instead of a server. */
  readonly embedded?: EmbeddedDatabase;
}

/** A query parameter that a URL copied from an application may carry and retort does not use. */
export interface IgnoredParam {
  readonly key: string;
  /** Why leaving it out is safe, as a clause. */
  readonly reason: string;
}

/** Where an embedded (PGlite) database keeps its data. */
export interface EmbeddedDatabase {
  /** The data directory as given (relative to the working directory), or undefined for `pglite:memory`. */
  readonly dataDir: string | undefined;
  /** Names the instance within a process: the absolute data directory, or `memory:<label>`. */
  readonly key: string;
}

const EMBEDDED_SCHEME = /^pglite:(?:\/\/)?/i;
const EMBEDDED_HINT = "Write pglite:memory for a database that lives as long as the command, or pglite:<directory> (such as pglite:./.retort/dev) to keep it";

/** Whether `text` is a `pglite:` URL. */
export function isEmbeddedUrl(text: string): boolean {
  return EMBEDDED_SCHEME.test(text.trim());
}

/**
 * Parses `pglite:memory` or `pglite:<directory>` (also `pglite://<directory>`). The embedded
 * server has one database, `postgres`, and one role, `postgres`.
 */
function parseEmbeddedUrl(text: string, source: string): DatabaseUrl {
  const trimmed = text.trim();
  const location = trimmed.replace(EMBEDDED_SCHEME, "");
  const fail = (reason: string) => new InvalidDatabaseUrlError(source, trimmed, reason, EMBEDDED_HINT);
  if (location === "") throw fail("it names no data directory");
  if (/[?#\u0000-\u001f\u007f]/.test(location)) throw fail("a pglite: URL takes no query parameters or control characters");
  const dataDir = location.toLowerCase() === "memory" ? undefined : location;
  const redacted = `pglite:${dataDir ?? "memory"}`;
  return Object.freeze({
    host: undefined,
    port: DEFAULT_PORT,
    database: "postgres",
    user: "postgres",
    password: undefined,
    params: Object.freeze({}),
    ignored: Object.freeze([]),
    source,
    redacted,
    embedded: Object.freeze({ dataDir, key: dataDir === undefined ? "memory:main" : resolve(dataDir) }),
  });
}

const DEFAULT_PORT = 5432;
const SCHEME_HINT = "Use postgres://, postgresql:// or postgresql+<driver>://, as in postgres://user:password@host:5432/database, or pglite:<directory> for the embedded database";
const ENCODE_HINT = 'Percent-encode special characters in the user name and password: "@" as %40, ":" as %3A, "/" as %2F, "?" as %3F, "#" as %23';

/** Query parameters passed on to the driver, with their libpq meaning; `undefined` = any value. */
const PARAM_VALUES: Readonly<Record<string, readonly string[] | undefined>> = {
  sslmode: ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"],
  sslrootcert: undefined,
  sslcert: undefined,
  sslkey: undefined,
  application_name: undefined,
  connect_timeout: undefined,
  options: undefined,
  target_session_attrs: ["any", "read-write", "read-only", "primary", "standby", "prefer-standby"],
  keepalives: ["0", "1"],
  keepalives_idle: undefined,
};

/**
 * Parameters that URLs copied from applications carry (libpq's, asyncpg's, psycopg's) which do not
 * matter to a migration tool or cannot be honoured by the driver without changing what happens:
 * accepted with a warning, so an existing `.env` works. `gssencmode` is here only for the values
 * that allow a connection without GSSAPI encryption; `require` is refused.
 */
const IGNORED_PARAMS: Readonly<Record<string, string>> = {
  client_encoding: "retort always talks UTF-8 to the server, which converts to the database's encoding",
  keepalives_interval: "TCP keepalive probes keep the system's interval (keepalives_idle is used)",
  keepalives_count: "TCP keepalive probes keep the system's count (keepalives_idle is used)",
  gssencmode: "the driver has no GSSAPI encryption, and this mode allows a connection without it",
  command_timeout: "it is a client-side query timeout of the application's driver; retort sets its own timeouts",
  prepared_statement_cache_size: "retort never prepares statements",
  statement_cache_size: "retort never prepares statements",
  fallback_application_name: "retort names its connections itself (application_name still applies)",
};
const SUPPORTED_PARAMS = ["host", "port", "user", "password", "dbname", "ssl", ...Object.keys(PARAM_VALUES), ...Object.keys(IGNORED_PARAMS)];

interface UrlParts {
  host: string | undefined;
  port: number;
  database: string | undefined;
  user: string | undefined;
  password: string | undefined;
  params: Record<string, string>;
  ignored: IgnoredParam[];
}

/** Parses a `postgres://` URL; `source` names where it came from in every error. */
export function parseDatabaseUrl(text: string, source: string): DatabaseUrl {
  if (isEmbeddedUrl(text)) return parseEmbeddedUrl(text, source);
  const reader = new ServerUrlReader(text.trim(), source);
  const { authority, path, query } = reader.split();
  reader.readAuthority(authority);
  reader.readPath(path);
  reader.readQuery(query);
  return reader.finish();
}

/**
 * One server URL being read: split into authority, path and query, then each read in turn into
 * the parts, in the order libpq applies them (a query parameter overrides the authority). Every
 * error names the source and shows the URL redacted.
 */
class ServerUrlReader {
  readonly #parts: UrlParts = { host: undefined, port: DEFAULT_PORT, database: undefined, user: undefined, password: undefined, params: {}, ignored: [] };

  private readonly text: string;
  private readonly source: string;

  constructor(text: string, source: string) {
    this.text = text;
    this.source = source;
  }

  /** Checks the scheme and splits the rest at the first "/", "?" or "#" and at the "?". */
  split(): { authority: string; path: string; query: string | undefined } {
    const text = this.text;
    if (text === "") throw this.#fail("it is empty");
    if (/[\s\u0000-\u001f\u007f]/.test(text)) throw this.#fail("it contains white space or a control character", ENCODE_HINT);
    const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/s.exec(text);
    if (match === null) throw this.#fail("it is not a URL", SCHEME_HINT);
    const [, scheme = "", rest = ""] = match;
    if (!/^(postgres|postgresql|postgresql\+[a-z0-9_]+)$/i.test(scheme)) throw this.#fail(`the scheme "${scheme}" is not PostgreSQL`, SCHEME_HINT);

    const authorityEnd = rest.search(/[/?#]/);
    const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
    const tail = authorityEnd === -1 ? "" : rest.slice(authorityEnd);
    // An "@" after the authority when the authority has none means the password holds an
    // unencoded "/", "?" or "#"; saying so beats a confusing error about the host or database.
    if (!authority.includes("@") && tail.includes("@")) throw this.#fail("the user name or password has an unencoded special character", ENCODE_HINT);
    if (tail.includes("#")) throw this.#fail('it has a "#" fragment', ENCODE_HINT);
    const queryStart = tail.indexOf("?");
    return queryStart === -1 ? { authority, path: tail, query: undefined } : { authority, path: tail.slice(0, queryStart), query: tail.slice(queryStart + 1) };
  }

  /** `user:password@host:port`; the last "@" ends the user info, so an unencoded "@" in a password still parses as meant. */
  readAuthority(authority: string): void {
    const at = authority.lastIndexOf("@");
    if (at !== -1) {
      const userInfo = authority.slice(0, at);
      const colon = userInfo.indexOf(":");
      this.#parts.user = this.#decode(colon === -1 ? userInfo : userInfo.slice(0, colon), "user name");
      if (colon !== -1) this.#parts.password = this.#decode(userInfo.slice(colon + 1), "password");
    }
    const hostPort = authority.slice(at + 1);
    if (hostPort.startsWith("[")) this.#readBracketedHost(hostPort);
    else this.#readHost(hostPort);
  }

  /** `[IPv6 address]:port`. */
  #readBracketedHost(hostPort: string): void {
    const close = hostPort.indexOf("]");
    if (close === -1) throw this.#fail('the IPv6 address has no closing "]"');
    const host = this.#decode(hostPort.slice(1, close), "host");
    if (!/^[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?$/.test(host) || !host.includes(":")) throw this.#fail(`"[${host}]" is not an IPv6 address`);
    const after = hostPort.slice(close + 1);
    if (after !== "" && !after.startsWith(":")) throw this.#fail(`unexpected "${after}" after the IPv6 address`);
    this.#parts.host = host;
    this.#setPort(after.slice(1));
  }

  /** `host:port`, either part possibly empty. */
  #readHost(hostPort: string): void {
    if (hostPort.includes(",")) throw this.#fail("it lists several hosts", "Give one host: retort connects to a single server");
    const colon = hostPort.indexOf(":");
    if (colon !== -1 && hostPort.includes(":", colon + 1)) throw this.#fail("an IPv6 address must be in brackets, as in [::1]");
    this.#parts.host = checkHost(this.#decode(colon === -1 ? hostPort : hostPort.slice(0, colon), "host"), (reason) => this.#fail(reason));
    this.#setPort(colon === -1 ? "" : hostPort.slice(colon + 1));
  }

  /** `/database`; an empty path leaves the database to the query or the user name. */
  readPath(path: string): void {
    if (path.length <= 1) return;
    if (path.slice(1).includes("/")) throw this.#fail('the database name contains "/"', 'Percent-encode "/" in a database name as %2F');
    this.#parts.database = this.#decode(path.slice(1), "database name");
  }

  /** `key=value&…`, each applied in turn. */
  readQuery(query: string | undefined): void {
    for (const pair of query === undefined ? [] : query.split("&")) {
      if (pair === "") continue;
      const eq = pair.indexOf("=");
      const key = this.#decode(eq === -1 ? pair : pair.slice(0, eq), "query");
      // A key is echoed only when it cannot be a piece of a misplaced password.
      const shownKey = /^[A-Za-z_]{1,40}$/.test(key) ? `"${key}"` : "";
      if (eq === -1) throw this.#fail(`${shownKey ? `the query parameter ${shownKey}` : "a query parameter"} has no "=value"`);
      this.#setParam(key, this.#decode(pair.slice(eq + 1), "query"), shownKey);
    }
  }

  /** The parsed URL: empty fields unset, and the database defaulting to the user name, as in libpq. */
  finish(): DatabaseUrl {
    const parts = this.#parts;
    if (parts.host === "") parts.host = undefined;
    if (parts.user === "") parts.user = undefined;
    if (parts.password === "") parts.password = undefined;
    const database = parts.database || parts.user;
    if (database === undefined) throw this.#fail("it names no database", "Add the database after the host: postgres://user:password@host:5432/database");
    return build({ ...parts, database }, this.source);
  }

  /** Applies one query parameter; connection fields in the query override the authority, as in libpq. */
  #setParam(key: string, value: string, shownKey: string): void {
    const parts = this.#parts;
    if (key === "host") parts.host = checkHost(value, (reason) => this.#fail(reason));
    else if (key === "port") this.#setPort(value);
    else if (key === "user") parts.user = value;
    else if (key === "password") parts.password = value;
    else if (key === "dbname") parts.database = value;
    else if (key === "ssl") {
      // postgres.js and asyncpg spell it "ssl"; accepted so SQLAlchemy-era URLs keep working.
      const mode = value === "true" ? "require" : value === "false" ? "disable" : value;
      this.#setParam("sslmode", mode, '"ssl"');
    } else if (key in PARAM_VALUES) {
      const allowed = PARAM_VALUES[key];
      if (allowed !== undefined && !allowed.includes(value)) {
        throw this.#fail(`${shownKey} must be one of ${allowed.map((v) => `"${v}"`).join(", ")}, got "${value}"`);
      }
      if ((key === "connect_timeout" || key === "keepalives_idle") && !/^\d+$/.test(value)) throw this.#fail(`"${key}" must be a whole number of seconds, got "${value}"`);
      parts.params[key] = value;
    } else if (key in IGNORED_PARAMS) {
      // Without GSSAPI encryption the connection would go ahead in the clear: never for "require".
      if (key === "gssencmode" && value !== "disable" && value !== "prefer") {
        throw this.#fail(`"gssencmode=${value}" cannot be honoured: the driver has no GSSAPI encryption`, "Use sslmode=require (or verify-full) for an encrypted connection, and leave out gssencmode");
      }
      parts.ignored.push({ key, reason: IGNORED_PARAMS[key]! });
    } else {
      throw this.#fail(`${shownKey ? `the query parameter ${shownKey}` : "a query parameter"} is not supported`, `Supported parameters: ${SUPPORTED_PARAMS.join(", ")}`);
    }
  }

  /** A port from 1 to 65535; empty leaves the port as it is. */
  #setPort(raw: string): void {
    if (raw === "") return;
    const port = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
    if (!(port >= 1 && port <= 65535)) throw this.#fail(`the port "${raw}" is not a number from 1 to 65535`);
    this.#parts.port = port;
  }

  #decode(raw: string, what: string): string {
    try {
      return decodeURIComponent(raw);
    } catch {
      throw this.#fail(`the ${what} has invalid percent-encoding`, ENCODE_HINT);
    }
  }

  #fail(reason: string, hint?: string): InvalidDatabaseUrlError {
    return new InvalidDatabaseUrlError(this.source, redactUrlText(this.text), reason, hint);
  }
}

/** Host names are checked so a typo fails here rather than as a DNS error at connect time. */
function checkHost(host: string, fail: (reason: string) => Error): string {
  if (host === "" || host.startsWith("/") || /^[A-Za-z0-9._-]+$/.test(host)) return host;
  throw fail(`"${host}" is not a host name or a socket directory`);
}

function build(parts: UrlParts & { database: string }, source: string): DatabaseUrl {
  const { host, port, database, user, password } = parts;
  const params = Object.freeze({ ...parts.params });
  const fields = { host, port, database, user, password, params };
  return Object.freeze({ ...fields, ignored: Object.freeze([...parts.ignored]), source, redacted: format(fields, false) });
}

/** An in-memory embedded database of its own, apart from any other `pglite:memory` in the process. */
export function separateMemoryDatabase(url: DatabaseUrl, label: string, source = url.source): DatabaseUrl {
  return Object.freeze({ ...url, source, redacted: "pglite:memory", embedded: Object.freeze({ dataDir: undefined, key: `memory:${label}` }) });
}

/** The same server and credentials with another database (used for scratch databases). */
export function withDatabase(url: DatabaseUrl, name: string): DatabaseUrl {
  if (name === "") throw new InvalidDatabaseUrlError(url.source, url.redacted, "the database name is empty");
  // An embedded server has its one database; callers treat pglite: URLs on their own.
  if (url.embedded) throw new Error(`withDatabase: ${url.redacted} has no other databases`);
  return build({ ...url, params: { ...url.params }, ignored: [...url.ignored], database: name }, url.source);
}

/** Formats a URL that libpq and postgres.js both accept; the password is `***` unless asked for. */
export function formatUrl(url: DatabaseUrl, options: { readonly password: boolean }): string {
  return url.embedded ? url.redacted : format(url, options.password);
}

function format(url: Omit<DatabaseUrl, "source" | "redacted" | "ignored">, showPassword: boolean): string {
  const { host, port, database, user, password } = url;
  let text = "postgres://";
  if (user !== undefined || password !== undefined) {
    text += user === undefined ? "" : encodeURIComponent(user);
    if (password !== undefined) text += ":" + (showPassword ? encodeURIComponent(password) : "***");
    text += "@";
  }
  const query: [string, string][] = [];
  if (host === undefined || host.startsWith("/")) {
    // A socket directory reads better as ?host=/dir than percent-encoded in the authority.
    if (host !== undefined) query.push(["host", host]);
    if (port !== DEFAULT_PORT) text += `:${port}`;
  } else {
    text += `${host.includes(":") ? `[${host.replace(/%/g, "%25")}]` : host}:${port}`;
  }
  text += "/" + encodeURIComponent(database);
  query.push(...Object.entries(url.params));
  if (query.length > 0) text += "?" + query.map(([k, v]) => `${k}=${encodeQueryValue(v)}`).join("&");
  return text;
}

function encodeQueryValue(value: string): string {
  // "/" and ":" are legal in a query and keep socket paths and file names readable.
  return encodeURIComponent(value).replace(/%2F/g, "/").replace(/%3A/g, ":");
}

/** Best-effort redaction of text that may be a URL that does not parse: hides the user info password and `password=`. */
export function redactUrlText(text: string): string {
  const start = text.indexOf("://") === -1 ? 0 : text.indexOf("://") + 3;
  const at = text.lastIndexOf("@");
  let out = text;
  if (at > start) {
    const colon = text.indexOf(":", start);
    if (colon !== -1 && colon < at) out = text.slice(0, colon + 1) + "***" + text.slice(at);
  }
  return out.replace(/([?&]password=)[^&#]*/gi, "$1***");
}

/** The passwords in a URL as written and decoded, even when it does not parse, for {@link redactSecrets}. */
export function urlSecrets(text: string): string[] {
  const found: string[] = [];
  try {
    const { password } = parseDatabaseUrl(text, "");
    if (password !== undefined) found.push(password);
  } catch {
    // Fall through: the raw pieces below still cover a malformed URL.
  }
  const start = text.indexOf("://") === -1 ? 0 : text.indexOf("://") + 3;
  const at = text.lastIndexOf("@");
  const colon = text.indexOf(":", start);
  if (at > start && colon !== -1 && colon < at) found.push(text.slice(colon + 1, at));
  for (const m of text.matchAll(/[?&]password=([^&#]*)/gi)) found.push(m[1] ?? "");
  for (const raw of [...found]) {
    try {
      found.push(decodeURIComponent(raw));
    } catch {
      // Not decodable: the raw form is already listed.
    }
  }
  return [...new Set(found)].filter((s) => s !== "");
}

/** Replaces every occurrence of each non-empty secret, raw, percent-encoded or JSON-escaped, with `***`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const patterns: string[] = [];
  for (const secret of secrets) {
    if (secret === "") continue;
    // Each character may appear as written or percent-encoded (any case, any mixture), since
    // people encode only the characters they must; the JSON-escaped form covers --json output.
    patterns.push([...secret].map(charPattern).join(""), escapeRegExp(JSON.stringify(secret).slice(1, -1)));
  }
  if (patterns.length === 0) return text;
  // Longest first, so a secret that contains another is not left half-replaced.
  patterns.sort((a, b) => b.length - a.length);
  return text.replace(new RegExp(patterns.join("|"), "g"), "***");
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

function charPattern(ch: string): string {
  if (/^[A-Za-z0-9]$/.test(ch)) return ch;
  const hex = [...new TextEncoder().encode(ch)].map((b) => `%${b.toString(16).padStart(2, "0").replace(/[a-f]/g, (x) => `[${x}${x.toUpperCase()}]`)}`).join("");
  return `(?:${escapeRegExp(ch)}|${hex})`;
}
