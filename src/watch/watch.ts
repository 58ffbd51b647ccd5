/**
 * `retort watch`: keeps the scratch database at "every revision up to the head applied" while the
 * head file is edited. File events on the versions directories (chokidar) are debounced into
 * requests to a run queue, so runs never overlap and a save during a run queues one more.
 * DATABASE_URL only locates the scratch database; its own database is never touched.
 */
import { basename } from "node:path";
import { formatUrl } from "../config/database-url.ts";
import { dropScratchDatabase, scratchUrlFor } from "../db/scratch.ts";
import { claimScratch, dropTemplate } from "../db/scratch-template.ts";
import { revisionFileKind } from "../scripts/revision-files.ts";
import { RunQueue } from "./run-queue.ts";
import { WatchSession, type WatchReporter } from "./watch-session.ts";
import type { Context } from "../project/context.ts";
import { connectOptions, lockWaitTiming } from "../project/database.ts";

export interface WatchOptions {
  /** The revision to watch when there are several heads. */
  readonly revision?: string;
  /** Drop the scratch database when the watch ends. */
  readonly dropOnExit: boolean;
  /** How long file events settle before a run (milliseconds). */
  readonly debounceMs?: number;
}

/** Runs until `ctx.signal` aborts (Ctrl-C); reports through `reporter`. */
export async function watch(ctx: Context, opts: WatchOptions, reporter: WatchReporter): Promise<void> {
  const url = scratchUrlFor(ctx.config);
  const connect = connectOptions(ctx, { purpose: "watch" });
  const { lock, canClone } = await claimScratch(url, {
    ...connect,
    timeoutMs: ctx.config.lockTimeoutMs,
    timing: lockWaitTiming(ctx),
    onWait: () => reporter.info(`Waiting for another retort using the scratch database ${url.redacted}`),
  });
  const { watch: watchFiles } = await import("chokidar");
  const session = new WatchSession(ctx, url, reporter, opts.revision, canClone);
  const queue = new RunQueue(() => session.run(), (err) => reporter.failure(err));
  const watcher = watchFiles([...ctx.config.versionLocations], { ignoreInitial: true, depth: 0 });
  try {
    reporter.info(`Scratch database: ${formatUrl(url, { password: false })}`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onEvent = (path: string): void => {
      if (revisionFileKind(basename(path)) === undefined) return;
      clearTimeout(timer);
      timer = setTimeout(() => queue.request(), opts.debounceMs ?? 10);
    };
    watcher.on("add", onEvent).on("change", onEvent).on("unlink", onEvent);
    watcher.on("error", (err) => reporter.failure(err));
    await new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
    queue.request();
    await queue.idle();
    if (session.head !== undefined) reporter.info(`Watching ${ctx.config.versionLocations.join(", ")} (head ${session.head}); Ctrl-C to stop`);
    await new Promise<void>((resolve) => {
      if (ctx.signal?.aborted) return resolve();
      ctx.signal?.addEventListener("abort", () => resolve(), { once: true });
    });
    clearTimeout(timer);
  } finally {
    await watcher.close();
    await queue.idle();
    await session.close();
    await lock.release();
    if (opts.dropOnExit) {
      await dropScratchDatabase(url, connect);
      if (canClone) await dropTemplate(url, connect);
      reporter.info(`Dropped the scratch database ${url.redacted}`);
    } else if (url.embedded !== undefined && url.embedded.dataDir === undefined) {
      // An in-memory database lives only as long as this process: there is nothing to keep.
      reporter.info(`The scratch database ${url.redacted} lived in this process and is gone with it`);
    } else {
      reporter.info(`Left the scratch database ${url.redacted} as it is`);
    }
  }
}
