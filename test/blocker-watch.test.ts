/**
 * The watch of an attempt that waits for a lock only informs: it must let the run end even when
 * its monitor never answers (a server gone silent, a connection the server dropped that the
 * driver leaves unsettled).
 */
import { createServer, type Server, type Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDatabaseUrl } from "../src/config/database-url.ts";
import { AttemptWatch, BlockerMonitor } from "../src/db/blockers.ts";
import { closeConnection, openConnection } from "../src/db/connect.ts";

let silent: Server;
let port: number;
const accepted: Socket[] = [];

beforeAll(async () => {
  // A server that accepts connections and never says a word: a query on it never answers.
  silent = createServer((socket) => void accepted.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  port = (silent.address() as { port: number }).port;
});
afterAll(async () => {
  for (const socket of accepted) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

describe("AttemptWatch", () => {
  it("stops, with no wait seen, although a sample under way never answers", { timeout: 20_000 }, async () => {
    const url = parseDatabaseUrl(`postgres://postgres@127.0.0.1:${port}/silent`, "the silent server");
    // An hour to connect: without a bound of its own, stop() would outlast the test.
    const monitor = new BlockerMonitor(() => openConnection(url, { applicationName: "blocker-watch-test", connectTimeout: 3600 }), closeConnection);
    const watch = new AttemptWatch(monitor, 20);
    watch.worker(12345);
    await sleep(200); // a sample is under way, on a connection that never completes
    expect(accepted.length).toBe(1);
    expect(await watch.stop()).toBeUndefined();
    await monitor.end();
  });
});
