/**
 * Names for new revision files, following Alembic's `ScriptDirectory._rev_path`: a slug of the
 * message and a `file_template` written in Python's `%(name)s` formatting.
 */
import { FileTemplateError } from "./errors.ts";

/** Alembic's default `file_template`. */
export const DEFAULT_FILE_TEMPLATE = "%%(rev)s_%%(slug)s";

/** Alembic's default `truncate_slug_length`. */
export const DEFAULT_SLUG_LENGTH = 40;

/**
 * The file-name slug of a message, as Alembic computes it: runs of word characters joined by "_",
 * lowercased, and cut at the last "_" before `truncate` characters (keeping that "_").
 */
export function slugify(message: string, truncate = DEFAULT_SLUG_LENGTH): string {
  // Python's str-pattern \w is Unicode letters and numbers plus "_" (marks are not included).
  const slug = (message.match(/[\p{L}\p{N}_]+/gu) ?? []).join("_").toLowerCase();
  // Python slices by code point, so do the same rather than by UTF-16 unit.
  const chars = Array.from(slug);
  if (chars.length <= truncate) return slug;
  const head = chars.slice(0, truncate).join("");
  const cut = head.lastIndexOf("_");
  return (cut === -1 ? head : head.slice(0, cut)) + "_";
}

/** The values a `file_template` can use. */
export interface FileNameTokens {
  readonly rev: string;
  readonly slug: string;
  /** The revision's creation time; the date tokens use its local-time fields, as Alembic does. */
  readonly createDate: Date;
}

/** The token names a `file_template` may use. */
export const FILE_TEMPLATE_TOKENS = ["rev", "slug", "epoch", "year", "month", "day", "hour", "minute", "second"] as const;

// `%%(` is alembic.ini's escaped form of `%(`; both are accepted so a template can be copied as is.
const TOKEN = /%%?\((\w*)\)([-#0 +]*)(\d*)(?:\.(\d+))?([a-zA-Z]?)/y;

/** Renders a `file_template` (without extension) such as `%%(rev)s_%%(slug)s`. */
export function renderFileName(template: string, tokens: FileNameTokens): string {
  const values: Record<(typeof FILE_TEMPLATE_TOKENS)[number], string | number> = {
    rev: tokens.rev,
    slug: tokens.slug,
    epoch: Math.floor(tokens.createDate.getTime() / 1000),
    year: tokens.createDate.getFullYear(),
    month: tokens.createDate.getMonth() + 1,
    day: tokens.createDate.getDate(),
    hour: tokens.createDate.getHours(),
    minute: tokens.createDate.getMinutes(),
    second: tokens.createDate.getSeconds(),
  };
  const fail = (reason: string, hint?: string) => new FileTemplateError(template, reason, hint);
  let out = "";
  for (let i = 0; i < template.length; ) {
    if (template[i] !== "%") {
      out += template[i++];
      continue;
    }
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(template);
    if (m === null) {
      if (template.startsWith("%%", i)) {
        out += "%";
        i += 2;
        continue;
      }
      throw fail(`"%" at position ${i + 1} does not start a token`, 'Write tokens as "%(rev)s", or "%%" for a literal "%"');
    }
    const [whole, name = "", flags = "", width = "", precision, conversion = ""] = m;
    if (!(FILE_TEMPLATE_TOKENS as readonly string[]).includes(name)) {
      throw fail(`unknown token "${whole}"`, `Known tokens: ${FILE_TEMPLATE_TOKENS.join(", ")}`);
    }
    out += formatValue(values[name as keyof typeof values], { flags, width, precision, conversion }, whole, fail);
    i += whole.length;
  }
  checkFileName(out, fail);
  return out;
}

interface Spec {
  readonly flags: string;
  readonly width: string;
  readonly precision: string | undefined;
  readonly conversion: string;
}

/** Python's `%s` / `%d` with flags, width and precision, the subset file templates use. */
function formatValue(value: string | number, spec: Spec, token: string, fail: (reason: string) => FileTemplateError): string {
  let text: string;
  if (spec.conversion === "s") {
    text = String(value);
    if (spec.precision !== undefined) text = Array.from(text).slice(0, Number(spec.precision)).join("");
  } else if (spec.conversion === "d" || spec.conversion === "i") {
    if (typeof value !== "number") throw fail(`token "${token}" formats a string as a number; use "s"`);
    const digits = String(Math.abs(value)).padStart(spec.precision === undefined ? 0 : Number(spec.precision), "0");
    const sign = value < 0 ? "-" : spec.flags.includes("+") ? "+" : spec.flags.includes(" ") ? " " : "";
    const width = Number(spec.width || 0);
    if (spec.flags.includes("0") && !spec.flags.includes("-") && spec.precision === undefined) {
      return sign + digits.padStart(width - sign.length, "0");
    }
    text = sign + digits;
  } else {
    throw fail(`token "${token}" needs a conversion "s" or "d"`);
  }
  const width = Number(spec.width || 0);
  return spec.flags.includes("-") ? text.padEnd(width) : text.padStart(width);
}

function checkFileName(name: string, fail: (reason: string, hint?: string) => FileTemplateError): void {
  if (name === "" || name === "." || name === "..") throw fail(`it renders to "${name}", which is not a file name`);
  if (/[/\\]/.test(name)) {
    throw fail(`it renders to "${name}", which contains a path separator`, "retort reads only the files directly in a versions directory");
  }
  if (/\p{Cc}/u.test(name)) throw fail(`it renders to a name with a control character`);
  if (name.startsWith(".") || name.endsWith("~")) {
    throw fail(`it renders to "${name}", which retort would skip as a hidden or backup file`);
  }
}
