/**
 * The periodic scans' loop: read a batch, deal with it (its own transaction, as the caller decides), and read the
 * next until a batch comes back short — bounded work per transaction, however far behind a scan is.
 */

/**
 * Reads with `read` batch by batch (`previous`: the last batch dealt with, null at first — for a cursor; a read
 * whose handled rows drop out by themselves ignores it) and hands each non-empty batch to `handle`; stops after a
 * batch shorter than `batch`.
 */
export async function inBatches<R>(
  batch: number, read: (previous: readonly R[] | null) => Promise<R[]>, handle: (rows: R[]) => Promise<void>,
): Promise<void> {
  let previous: R[] | null = null;
  for (;;) {
    const rows = await read(previous);
    if (rows.length > 0) await handle(rows);
    if (rows.length < batch) return;
    previous = rows;
  }
}
