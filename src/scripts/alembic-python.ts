/**
 * Running Alembic itself, through the helper in alembic-helper.ts, with the project's Python. The
 * process runs in the ini's directory with the caller's environment (PYTHONPATH and whatever env.py
 * reads), as `alembic` would; its stdout is JSON only, its stderr is kept for the error message.
 */
import { spawn } from "node:child_process";
import { dirname } from "node:path";
import { createInterface } from "node:readline";
import { z } from "zod";
import { ALEMBIC_HELPER } from "./alembic-helper.ts";
import { AlembicRunError, AlembicUnavailableError } from "./errors-import.ts";

const section = z.union([z.object({ sql: z.string() }), z.object({ error: z.string() })]).nullable();

const renderedRevision = z.object({
  id: z.string(),
  down_revision: z.array(z.string()),
  branch_labels: z.array(z.string()),
  depends_on: z.array(z.string()),
  message: z.string(),
  create_date: z.string().nullable(),
  path: z.string(),
  upgrade: section,
  downgrade: section,
});

/** One Alembic revision as its script directory holds it, with each direction's offline SQL or why it failed. */
export type RenderedAlembicRevision = z.infer<typeof renderedRevision>;

const renderDocument = z.object({ alembic: z.string(), revisions: z.array(renderedRevision) });
const failure = z.object({ error: z.string(), message: z.string() });

/** What the helper needs: the Python to run and the caller's environment. */
export interface AlembicPython {
  readonly python: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The last lines of a process's stderr, for an error message. */
function tail(stderr: string): string {
  const lines = stderr.trim().split("\n");
  return lines.slice(-8).join("\n");
}

/** Reads a helper's JSON line, turning its error documents into retort's errors. */
function checked(line: string, python: string, ini: string, stderr: () => string): unknown {
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch {
    throw new AlembicRunError(ini, `unexpected output from ${python}: ${line.slice(0, 200)}\n${tail(stderr())}`);
  }
  const f = failure.safeParse(doc);
  if (f.success) {
    if (f.data.error === "no-alembic") throw new AlembicUnavailableError(python, `it cannot import alembic (${f.data.message})`);
    throw new AlembicRunError(ini, `${f.data.message}${stderr().trim() === "" ? "" : `\n${tail(stderr())}`}`);
  }
  return doc;
}

/** Starts the helper; a Python that cannot be started is AlembicUnavailableError. */
function start(py: AlembicPython, args: readonly string[], ini: string) {
  const child = spawn(py.python, ["-c", ALEMBIC_HELPER, ...args], { cwd: dirname(ini), env: { ...py.env }, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const exited = new Promise<number | null>((res, rej) => {
    child.on("error", (e) => rej(new AlembicUnavailableError(py.python, (e as NodeJS.ErrnoException).code === "ENOENT" ? "no such program" : e.message, { cause: e })));
    child.on("close", (code) => res(code));
  });
  return { child, exited, stderr: () => stderr };
}

/** Renders every revision of the project offline, each direction on its own, with the project's env.py. */
export async function renderAlembicRevisions(py: AlembicPython, ini: string): Promise<{ alembicVersion: string; revisions: readonly RenderedAlembicRevision[] }> {
  const run = start(py, ["render", ini], ini);
  run.child.stdin.end();
  let out = "";
  run.child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
  const code = await run.exited;
  const line = out.trim().split("\n").pop() ?? "";
  if (line === "") throw new AlembicRunError(ini, `${py.python} exited with ${code} and no result\n${tail(run.stderr())}`);
  const doc = renderDocument.parse(checked(line, py.python, ini, run.stderr));
  return { alembicVersion: doc.alembic, revisions: doc.revisions };
}

/** An Alembic process upgrading one database on request (`command.upgrade` per call); close it when done. */
export interface AlembicOnline {
  upgrade(target: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts Alembic against `url` (the ini's sqlalchemy.url and DATABASE_URL set to it, for env.py). */
export function startAlembicOnline(py: AlembicPython, ini: string, url: string): AlembicOnline {
  const run = start({ ...py, env: { ...py.env, RETORT_IMPORT_URL: url } }, ["online", ini], ini);
  const lines = createInterface({ input: run.child.stdout })[Symbol.asyncIterator]();
  let dead: unknown;
  run.exited.catch((e: unknown) => (dead = e));
  return {
    async upgrade(target) {
      if (dead !== undefined) throw dead;
      run.child.stdin.write(`${JSON.stringify({ upgrade: target })}\n`);
      const next = await lines.next();
      if (next.done) {
        await run.exited;
        throw new AlembicRunError(ini, `${py.python} stopped while upgrading to ${target}\n${tail(run.stderr())}`);
      }
      checked(next.value, py.python, ini, run.stderr);
    },
    async close() {
      run.child.stdin.end();
      await run.exited.catch(() => undefined);
    },
  };
}
