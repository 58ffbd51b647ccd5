/** `retort wait` and `upgrade --wait` against a server that is not up yet (a throwaway cluster). */
import { afterAll, describe, expect, it } from "vitest";
import { runRetort, startRetort, tempProject } from "../support/binary.ts";
import { freePort, startCluster, type Cluster } from "../support/cluster.ts";
import { writeSqlRevision } from "../support/project.ts";

let cluster: Cluster | undefined;
afterAll(() => cluster?.stop());

describe("waiting for the server", () => {
  it("wait --timeout gives up with exit 4 and says why, without the password", async () => {
    const port = await freePort();
    const dir = tempProject("wait_timeout");
    const r = await runRetort(["wait", "--timeout", "1s", "--url", `postgres://me:W4itSecret@127.0.0.1:${port}/db`], { cwd: dir });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`Waiting for postgres://me:***@127.0.0.1:${port}/db to accept connections`);
    expect(r.stderr).toMatch(/gave up after \d+ attempts in 1000 ms/);
    expect(r.stderr).not.toContain("W4itSecret");
  });

  it("upgrade --wait starts once the server comes up", async () => {
    const port = await freePort();
    const dir = tempProject("wait_up");
    writeSqlRevision(dir, { id: "a1a1a1a1a1a1", message: "t", upgrade: "CREATE TABLE t (id int);", downgrade: "DROP TABLE t;" });
    const run = startRetort(["upgrade", "head", "--wait", "--wait-timeout", "60s", "--url", `postgres://postgres@127.0.0.1:${port}/postgres`], { cwd: dir });
    await run.waitForStderr(/Waiting for postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres to accept connections/);
    cluster = await startCluster({ port });
    const r = await run.done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("Running upgrade  -> a1a1a1a1a1a1, t");
  });
});
