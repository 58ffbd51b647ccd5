/**
 * The layer rules of README "Architecture", as a checker over source texts: which folder a file
 * belongs to, what it imports, and which of those imports (or process globals) the rules forbid.
 * Kept apart from its test so the test can also feed it a tree that breaks each rule.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative, sep } from "node:path";

/** The layers from the bottom up: a file may import its own layer and the ones before it. */
export const LAYERS = ["core", "config", "scripts", "db", "project", "commands", "watch", "cli", "library", "index"] as const;
export type Layer = (typeof LAYERS)[number];

/** Layers at the same height that must not import each other. */
const PEERS: readonly (readonly [Layer, Layer])[] = [["commands", "watch"], ["cli", "library"]];

/** A source file: its path under `src/` (with `/`) and its text. */
export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

/** One broken rule, for the test's failure message. */
export interface Violation {
  readonly file: string;
  readonly rule: string;
}

/** Every `.ts` file under `srcDir` except tests and declaration files. */
export function readSources(srcDir: string): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") && !entry.name.endsWith(".d.ts")) {
        out.push({ path: relative(srcDir, path).split(sep).join("/"), text: readFileSync(path, "utf8") });
      }
    }
  };
  walk(srcDir);
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** The layer of a path under `src/`: its first folder, or `index` for the package entry. */
export function layerOf(path: string): Layer | undefined {
  if (path === "index.ts") return "index";
  const top = path.split("/")[0];
  return (LAYERS as readonly string[]).includes(top!) ? (top as Layer) : undefined;
}

/** The folder of a path under `src/` (`core/diff` for `core/diff/tables.ts`). */
function folderOf(path: string): string {
  const d = dirname(path);
  return d === "." ? "" : d;
}

/** The text without comments, so that an import in a comment is not read as one. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
}

/** Module specifiers of static imports, re-exports, side-effect imports and `import()` calls (comments stripped). */
export function importsOf(text: string): string[] {
  const code = withoutComments(text);
  const specs: string[] = [];
  const patterns = [/\b(?:import|export)\s[^;"'`]*?\bfrom\s*["']([^"']+)["']/g, /\bimport\s*["']([^"']+)["']/g, /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g];
  for (const re of patterns) for (const m of code.matchAll(re)) specs.push(m[1]!);
  return specs;
}

/**
 * Specifiers of the imports that load a module when this one loads: static imports and
 * re-exports that are not `import type` / `export type`. A cycle of these can leave a class
 * undefined when another module extends it.
 */
export function loadTimeImportsOf(text: string): string[] {
  const code = withoutComments(text);
  const specs: string[] = [];
  for (const m of code.matchAll(/\b(import|export)\s+(type\s+)?([^;"'`]*?\bfrom\s*)?["']([^"']+)["']/g)) if (!m[2]) specs.push(m[4]!);
  return specs;
}

/** The `src/`-relative path a relative specifier of `from` points at; undefined for packages. */
function resolveSpecifier(from: string, spec: string): string | undefined {
  if (!spec.startsWith(".")) return undefined;
  return normalize(join(folderOf(from), spec)).split(sep).join("/");
}

function layerRule(file: string, target: string): string | undefined {
  const a = layerOf(file);
  const b = layerOf(target);
  if (a === undefined || b === undefined) return `${file} or ${target} is outside the known layers`;
  if (PEERS.some(([x, y]) => (a === x && b === y) || (a === y && b === x))) return `${a}/ must not import ${b}/ (they are peers)`;
  if (LAYERS.indexOf(b) > LAYERS.indexOf(a)) return `${a}/ must not import ${b}/ (imports point down the layers)`;
  if (a === "index" && b === "cli") return "the library API must not import cli/";
  return undefined;
}

/** What `core/` may not use: it is pure (no I/O, no clock, no runtime globals). */
const CORE_FORBIDDEN: readonly (readonly [RegExp, string])[] = [
  [/\bprocess\./, "process"],
  [/\bDate\.now\(|\bnew Date\(\)/, "the clock"],
  [/\bperformance\./, "performance"],
  [/\bglobalThis\b|\bBun\.|\bDeno\./, "runtime globals"],
];

/** Checks every rule over `files`; an empty list means the tree keeps them. */
export function findViolations(files: readonly SourceFile[]): Violation[] {
  const violations: Violation[] = [];
  const folderEdges = new Map<string, Set<string>>();
  for (const f of files) {
    const layer = layerOf(f.path);
    const code = withoutComments(f.text);
    for (const spec of importsOf(f.text)) {
      const target = resolveSpecifier(f.path, spec);
      if (target === undefined) {
        if (layer === "core") violations.push({ file: f.path, rule: `core/ imports nothing outside core/ (found "${spec}")` });
        continue;
      }
      if (target.startsWith("../")) {
        // Files shipped with the package (package.json, the embedded engine's WebAssembly) are
        // data, not code: any layer but core may read them. Code outside src/ is never imported.
        if (layer === "core" || target.endsWith(".ts")) violations.push({ file: f.path, rule: `imports "${spec}" from outside src/` });
        continue;
      }
      const rule = layerRule(f.path, target);
      if (rule) violations.push({ file: f.path, rule: `${rule} (found "${spec}")` });
      // A subfolder belongs to its parent: the parent composes it, and it may use the parent's
      // shared modules. Cycles between folders where neither contains the other are what tangle.
      const [from, to] = [folderOf(f.path), folderOf(target)];
      if (!contains(from, to) && !contains(to, from)) (folderEdges.get(from) ?? folderEdges.set(from, new Set()).get(from)!).add(to);
    }
    if (layer !== "cli" && /\bprocess\.(exit|argv)\b/.test(code)) violations.push({ file: f.path, rule: "only cli/ touches process.exit and process.argv" });
    if (layer === "core") for (const [re, what] of CORE_FORBIDDEN) if (re.test(code)) violations.push({ file: f.path, rule: `core/ must not use ${what}` });
  }
  for (const cycle of cycles(folderEdges)) violations.push({ file: cycle[0]!, rule: `folder cycle: ${cycle.join(" -> ")}` });
  const moduleEdges = new Map(files.map((f) => [f.path, new Set(loadTimeImportsOf(f.text).flatMap((s) => resolveSpecifier(f.path, s) ?? []))] as const));
  for (const cycle of cycles(moduleEdges)) violations.push({ file: cycle[0]!, rule: `import cycle: ${cycle.join(" -> ")}` });
  return violations;
}

/** Whether folder `outer` is `inner` or one of its ancestors (`""` is src/ itself). */
function contains(outer: string, inner: string): boolean {
  return outer === inner || outer === "" || inner.startsWith(`${outer}/`);
}

/** Each cycle of a graph once, as the nodes along it (the first repeated at the end). */
function cycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, "open");
    stack.push(node);
    for (const next of [...(edges.get(node) ?? [])].sort()) {
      if (state.get(next) === "open") cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of [...edges.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}
