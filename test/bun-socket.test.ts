/**
 * db/bun-socket.ts, the connection of a run under Bun without TLS, behaves as the node:net socket
 * postgres.js expects. Bun's sockets exist only under Bun: the cases run in a Bun process
 * (support/bun-socket-probe.ts); every command of the compiled binary's tests goes through it too.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { runBunProbe } from "./support/bun-probe.ts";

let seen: Record<string, Record<string, unknown>>;
beforeAll(() => {
  seen = runBunProbe("bun-socket-probe.ts");
});

describe("a connection on Bun's sockets", () => {
  it("writes all of a write larger than the socket takes at once, in order, and says when it has (callback, then drain)", () => {
    expect(seen.large).toEqual({ events: ["returned false", "drain"], called: true, length: 8 * 1024 * 1024 + 4, same: true });
  });

  it("sends what was written before it opened, holds data while paused, and closes without error when the server hangs up", () => {
    expect(seen.paused).toEqual({ returned: true, whilePaused: 0, seen: "echo early|second|", hadError: false, states: ["opening", "closed"], destroyed: true });
  });

  it("refused: the error reaches listeners added after it was made, worded as node:net's, then closes with an error", () => {
    expect(seen.refused!.code).toBe("ECONNREFUSED");
    expect(seen.refused!.message).toBe(seen.refused!.expected);
    expect(seen.refused!.hadError).toBe(true);
    expect(seen.missing).toEqual({ code: "ENOENT", message: "connect ENOENT /nonexistent/.s.PGSQL.5432" });
  });

  it("reset by the server once open: says the error (ECONNRESET), then closes with an error; told only of the close, postgres.js connected again for the query that opened it, for good", () => {
    expect(seen.reset).toEqual({ events: ["error ECONNRESET", "close true"] });
  });

  it("hands on a large reply in chunks that stay as they came, as postgres.js keeps them", () => {
    expect(seen.reply).toEqual({ chunks: true, length: 8 * 1024 * 1024, same: true });
  });

  it("destroyed before it opened: closes once, without an error, having sent nothing, and takes no more writes", () => {
    expect(seen.destroyed).toEqual({ got: "", errors: 0, closes: [false], writeAfter: false });
  });
});
