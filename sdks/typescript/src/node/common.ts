/** Shared pieces of the Node transfer engine: progress, a worker pool, hashing, per-request plumbing. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { ProgressCallback } from '../resources/storage.js';

export const MiB = 1024 * 1024;
export const DEFAULT_PART_SIZE = 16 * MiB;
export const DEFAULT_CONCURRENCY = 4;
export const READ_CHUNK = 1 * MiB;

/** Bytes moved so far for one transfer (or one directory), reported to the caller's callback. */
export class Progress {
  done = 0;
  constructor(
    readonly total: number,
    private readonly callback: ProgressCallback | undefined,
  ) {}

  /** Count `bytes` more (negative to take back an attempt that failed). */
  add(bytes: number): void {
    if (bytes === 0) return;
    this.done += bytes;
    this.callback?.(this.done, this.total);
  }

  /** Report the start (0 of total) or the end of a transfer that moved nothing. */
  report(): void {
    this.callback?.(this.done, this.total);
  }
}

/** Run `work` on every item with at most `concurrency` at once; the first failure stops new work and is thrown. */
export async function pool<T, R>(
  itemsToRun: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(itemsToRun.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < itemsToRun.length) {
      const index = next++;
      try {
        results[index] = await work(itemsToRun[index] as T);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, itemsToRun.length)) }, worker);
  const settled = await Promise.allSettled(workers);
  const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (rejected) throw rejected.reason;
  return results;
}

/** The lowercase hex sha256 of a file's bytes [start, end). */
export async function hashFile(path: string, start = 0, end?: number): Promise<string> {
  const hash = createHash('sha256');
  if (end === undefined || end > start) {
    const stream = createReadStream(path, {
      start,
      end: end === undefined ? undefined : end - 1,
      highWaterMark: 4 * MiB,
    });
    for await (const chunk of stream) hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

// Inline (eval) so one source serves the ESM and the CommonJS builds alike.
const HASH_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const hash = createHash('sha256');
// One buffer, reused: a 1 GiB file leaves no garbage for the collector to catch up with.
const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
const fd = fs.openSync(workerData.path, 'r');
try {
  for (let position = 0; ; ) {
    const read = fs.readSync(fd, buffer, 0, buffer.length, position);
    if (read === 0) break;
    hash.update(read === buffer.length ? buffer : buffer.subarray(0, read));
    position += read;
  }
} finally {
  fs.closeSync(fd);
}
parentPort.postMessage(hash.digest('hex'));
`;

/**
 * The sha256 of a whole file computed on a worker thread, so hashing a large upload runs beside the
 * parts being sent instead of taking turns with them on the event loop.
 */
export function hashFileInWorker(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(HASH_WORKER, { eval: true, workerData: { path } });
    worker.once('message', (digest: string) => resolve(digest));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`hashing ${path} stopped with exit code ${code}`));
    });
  });
}

/** A file range as a request body, counting bytes into `onBytes` as they are read for sending. */
export async function* fileBody(
  path: string,
  start: number,
  end: number,
  onBytes: (n: number) => void,
): AsyncGenerator<Uint8Array> {
  if (end <= start) return;
  const stream = createReadStream(path, { start, end: end - 1, highWaterMark: READ_CHUNK });
  for await (const chunk of stream) {
    onBytes((chunk as Buffer).length);
    yield chunk as Buffer;
  }
}

/** Options openapi-fetch passes through to `fetch` for a streamed request body. */
export function streamedBody(body: AsyncIterable<Uint8Array>): {
  body: never;
  bodySerializer: (b: unknown) => unknown;
} {
  // openapi-fetch passes unknown init keys (duplex) on to the Request; undici needs it for a streamed body.
  return { body: body as never, bodySerializer: (b: unknown) => b, duplex: 'half' } as {
    body: never;
    bodySerializer: (b: unknown) => unknown;
  };
}
