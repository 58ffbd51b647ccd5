/**
 * Waiting a bounded time for work that only informs or tidies up (a blocker sample, an unlock on a
 * connection about to close): a connection the server dropped can leave the driver's promise
 * unsettled for good, and the run must still end.
 */

/** Resolves once `work` has settled (either way) or `ms` have passed, whichever comes first. */
export async function settledWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const settled = work.then(
    () => undefined,
    () => undefined,
  );
  await Promise.race([settled, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
