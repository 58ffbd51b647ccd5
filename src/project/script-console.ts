/**
 * What a TypeScript revision prints goes to retort's progress output (stderr), each line prefixed
 * with the revision, never to stdout, where it would corrupt a `--json` document or a
 * `retort dump > schema.sql`. The console is the process's own, so it is redirected only while the
 * revision's function runs (revisions run one at a time) and always restored.
 */
const METHODS = ["log", "info", "warn", "error", "debug"] as const;

/** Runs `fn` with console.log/info/warn/error/debug sent, line by line, to `say` as `[revision] text`. */
export async function withScriptConsole<T>(revision: string, say: (line: string) => void, fn: () => Promise<T>): Promise<T> {
  // node:util is loaded here, when a TypeScript revision runs: its inspect module costs every run that loads this file.
  const { format } = process.getBuiltinModule("node:util");
  const saved = METHODS.map((m) => [m, console[m]] as const);
  for (const m of METHODS) {
    console[m] = (...args: unknown[]) => {
      for (const line of format(...args).split("\n")) say(`[${revision}] ${line}`);
    };
  }
  try {
    return await fn();
  } finally {
    for (const [m, original] of saved) console[m] = original;
  }
}
