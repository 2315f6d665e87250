import type { TenantContext, TenantTransaction, WithTenant } from "../../db/tenant";

/**
 * A response body produced inside one tenant transaction, for downloads too big to
 * hold in memory. The transaction stays open while the body is read: each chunk is
 * produced when the reader asks for it (a pull), so at most one chunk is in memory,
 * and the transaction ends when the last chunk is read, when the reader cancels, or
 * when the request is aborted (the client went away) — whichever comes first — so a
 * dropped download never keeps a connection.
 *
 * The first chunk is produced before the body is handed back: a query that fails
 * at once becomes the loader's error (a 500 page), not a truncated file. A failure
 * later errors the body, which breaks the HTTP response off rather than ending it
 * cleanly, so the client sees a failed download, never a short file; it is also
 * passed to `onError`, since nobody awaits the transaction then.
 *
 * On PGlite (one connection, transactions queued) every other request waits while
 * a body is being read: fine for the embedded default, which serves one person.
 */
export function streamInTenant(
  withTenant: WithTenant,
  tenant: TenantContext,
  chunksOf: (tx: TenantTransaction) => AsyncGenerator<string, void>,
  options: { signal: AbortSignal; onError: (error: unknown) => void },
): Promise<ReadableStream<Uint8Array>> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const transaction = withTenant(tenant, async (tx) => {
      const chunks = chunksOf(tx);
      let ahead: IteratorResult<string, void> | undefined = await chunks.next();
      let reading: Promise<unknown> = Promise.resolve();
      let stopped = false;
      let finish!: (error?: unknown) => void;
      const finished = new Promise<void>((done, fail) => {
        finish = (error) => (error === undefined ? done() : fail(error));
      });
      const encoder = new TextEncoder();
      let controller!: ReadableStreamDefaultController<Uint8Array>;

      // Lets a query in flight complete before the transaction ends under it.
      const stop = async () => {
        if (stopped) return;
        stopped = true;
        await reading.catch(() => undefined);
        await chunks.return(undefined).catch(() => undefined);
        try {
          controller.close();
        } catch {
          // Already closed, errored or cancelled by the reader: nothing left to end.
        }
        finish();
      };

      const stream = new ReadableStream<Uint8Array>(
        {
          start(c) {
            controller = c;
          },
          async pull(c) {
            if (stopped) return;
            try {
              let item = ahead;
              ahead = undefined;
              if (!item) {
                const next = chunks.next();
                reading = next;
                item = await next;
              }
              if (stopped) return;
              if (item.done) {
                stopped = true;
                c.close();
                finish();
              } else {
                c.enqueue(encoder.encode(item.value));
              }
            } catch (error) {
              stopped = true;
              c.error(error);
              finish(error);
            }
          },
          cancel: stop,
        },
        // One chunk queued ahead of the reader at most: pulls follow reads.
        { highWaterMark: 1 },
      );
      if (options.signal.aborted) void stop();
      else options.signal.addEventListener("abort", () => void stop(), { once: true });
      answered = true;
      resolve(stream);
      await finished;
    });
    transaction.catch((error: unknown) => (answered ? options.onError(error) : reject(error)));
  });
}
