/**
 * Downloading one file: streamed into a temporary file beside the destination (created exclusively,
 * so never through a symlink), hashed as it arrives, resumed with a Range request when the
 * connection drops, and renamed into place only after its size and sha256 match. A failed download
 * leaves nothing at the destination.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  APIConnectionError,
  APIUserAbortError,
  apiErrorFromResponse,
  IntegrityError,
  VantageAPIError,
} from '../core/errors.js';
import type { Core } from '../core/http.js';
import { retryDelay, sleep } from '../core/retry.js';
import type { Progress } from './common.js';
import { checkWritableTarget, makeFolders } from './paths.js';
import type { TransferSettings } from './upload.js';

interface Expected {
  size: number;
  sha256: string | null;
  etag: string | null;
}

function contentRangeStart(value: string | null): number | null {
  const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(value ?? '');
  return match ? Number(match[1]) : null;
}

// The writer thread: creates the temporary file exclusively, writes each batch at its offset and
// hashes it in order. Inline (eval) so one source serves the ESM and the CommonJS builds alike.
const SINK_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
let hash = createHash('sha256');
let fd;
try {
  fd = fs.openSync(workerData.path, 'wx', 0o644);
  parentPort.postMessage({ type: 'open' });
} catch (error) {
  parentPort.postMessage({ type: 'error', message: error.message, code: error.code });
}
parentPort.on('message', (message) => {
  try {
    if (message.type === 'data') {
      const bytes = new Uint8Array(message.buffer);
      let offset = 0;
      while (offset < bytes.length) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset, message.position + offset);
      hash.update(bytes);
      parentPort.postMessage({ type: 'ack' });
    } else if (message.type === 'restart') {
      fs.ftruncateSync(fd, 0);
      hash = createHash('sha256');
      parentPort.postMessage({ type: 'ack' });
    } else if (message.type === 'finish') {
      fs.closeSync(fd);
      parentPort.postMessage({ type: 'done', sha256: hash.digest('hex') });
    } else if (message.type === 'abort') {
      if (fd !== undefined) fs.closeSync(fd);
      parentPort.postMessage({ type: 'done', sha256: '' });
    }
  } catch (error) {
    parentPort.postMessage({ type: 'error', message: error.message, code: error.code });
  }
});
`;

const BATCH_BYTES = 4 * 1024 * 1024;
const MAX_BATCHES_IN_FLIGHT = 4;

/**
 * The temporary file, written and hashed on a worker thread in 4 MiB batches, so the event loop only
 * receives (the socket keeps being read while the disk writes and the digest advances); at most four
 * batches are in flight, so memory stays bounded.
 */
class FileSink {
  private batch: Uint8Array[] = [];
  private batchBytes = 0;
  private position = 0;
  private inFlight = 0;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;
  private finished: ((sha256: string) => void) | null = null;
  private terminated = false;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: { type: string; message?: string; code?: string; sha256?: string }) => {
      if (message.type === 'ack') this.inFlight -= 1;
      else if (message.type === 'error') {
        this.failure = Object.assign(new Error(message.message), { code: message.code });
      } else if (message.type === 'done') this.finished?.(message.sha256 ?? '');
      this.wake?.();
    });
    worker.on('error', (error) => {
      this.failure = error;
      this.wake?.();
    });
  }

  /** Create `path` on the writer thread, failing if anything (a file, a symlink) is there already. */
  static async create(path: string): Promise<FileSink> {
    const worker = new Worker(SINK_WORKER, { eval: true, workerData: { path } });
    const sink = new FileSink(worker);
    await new Promise<void>((resolve, reject) => {
      worker.once('message', (message: { type: string; message?: string; code?: string }) => {
        if (message.type === 'open') resolve();
        else {
          void worker.terminate();
          reject(Object.assign(new Error(message.message), { code: message.code }));
        }
      });
    });
    return sink;
  }

  private async waitFor(condition: () => boolean): Promise<void> {
    while (!condition()) {
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = null;
    }
    if (this.failure) throw this.failure;
  }

  async push(chunk: Uint8Array): Promise<void> {
    this.batch.push(chunk);
    this.batchBytes += chunk.length;
    if (this.batchBytes >= BATCH_BYTES) await this.send();
  }

  private async send(): Promise<void> {
    if (this.batchBytes === 0) return;
    await this.waitFor(() => this.inFlight < MAX_BATCHES_IN_FLIGHT);
    // One copy into a buffer of its own, whose memory then moves to the worker without another.
    const joined = Buffer.concat(this.batch, this.batchBytes);
    const buffer = joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength) as ArrayBuffer;
    this.inFlight += 1;
    this.worker.postMessage({ type: 'data', buffer, position: this.position }, [buffer]);
    this.position += this.batchBytes;
    this.batch = [];
    this.batchBytes = 0;
  }

  /** Throw away everything written (the server sent the whole file again). */
  async restart(): Promise<void> {
    this.batch = [];
    this.batchBytes = 0;
    this.position = 0;
    this.inFlight += 1;
    this.worker.postMessage({ type: 'restart' });
    await this.waitFor(() => this.inFlight === 0);
  }

  /** Write what is left and close; the sha256 of everything written. */
  async finish(): Promise<string> {
    await this.send();
    await this.waitFor(() => this.inFlight === 0);
    const digest = new Promise<string>((resolve) => {
      this.finished = resolve;
    });
    this.worker.postMessage({ type: 'finish' });
    const sha256 = await digest;
    this.terminated = true;
    await this.worker.terminate();
    if (this.failure) throw this.failure;
    return sha256;
  }

  /** Close the file and stop the thread without caring about errors (the file is deleted next). */
  async destroy(): Promise<void> {
    if (this.terminated) return;
    this.terminated = true;
    const done = new Promise<void>((resolve) => {
      this.finished = () => resolve();
      setTimeout(resolve, 1000).unref();
    });
    this.worker.postMessage({ type: 'abort' });
    await done;
    await this.worker.terminate();
  }
}

/**
 * Download `remote` to `local` (replacing a regular file there), counting bytes into `progress`.
 *
 * @param root the folder writes must stay inside (for directory downloads), else the destination's folder
 */
export async function downloadFile(
  core: Core,
  remote: string,
  local: string,
  settings: TransferSettings,
  progress: Progress,
  root?: string,
): Promise<void> {
  const target = resolve(local);
  const folder = dirname(target);
  await makeFolders(root ?? folder, folder);
  await checkWritableTarget(target, root ?? folder);
  const temp = join(folder, `.${basename(target)}.${randomBytes(6).toString('hex')}.vantage-download`);
  const out = await FileSink.create(temp);
  try {
    let received = 0;
    let expected: Expected | null = null;
    let failures = 0;
    const { request } = settings;
    const idleMs = request.timeout ?? core.timeout;
    for (;;) {
      const controller = new AbortController();
      const onUserAbort = (): void => controller.abort();
      request.signal?.addEventListener('abort', onUserAbort, { once: true });
      let timer: ReturnType<typeof setTimeout> | undefined;
      let timedOut = false;
      const arm = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        if (idleMs > 0)
          timer = setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, idleMs);
      };
      let failure: unknown;
      let progressThisAttempt = 0;
      try {
        arm();
        const headers = core.headers(received > 0 ? { Range: `bytes=${received}-` } : undefined);
        if (failures) headers['X-Retry-Count'] = String(failures);
        const sent = await core.api.GET('/v1/storage/content', {
          params: { query: { path: remote } },
          headers,
          signal: controller.signal,
          parseAs: 'stream',
        });
        const { response } = sent;
        if (!response.ok) throw apiErrorFromResponse(response, sent.error, null);
        const etag = response.headers.get('ETag');
        if (received > 0) {
          const start = response.status === 206 ? contentRangeStart(response.headers.get('Content-Range')) : 0;
          if (start !== received || (expected?.etag && etag && etag !== expected.etag)) {
            throw new IntegrityError(`${remote} changed on the server while it was downloaded; download it again`);
          }
        } else {
          const length = response.headers.get('Content-Length');
          expected = {
            size: length === null ? -1 : Number(length),
            sha256: response.headers.get('X-Content-SHA256'),
            etag,
          };
          if (progress.total < 0 && expected.size >= 0) (progress as { total: number }).total = expected.size;
        }
        const body = sent.data as ReadableStream<Uint8Array> | null | undefined;
        if (body) {
          const reader = body.getReader();
          try {
            for (;;) {
              const { done, value } = await reader.read();
              if (done) break;
              arm();
              received += value.length;
              progressThisAttempt += value.length;
              progress.add(value.length);
              await out.push(value);
            }
          } finally {
            reader.releaseLock();
          }
        }
        if (expected && expected.size >= 0 && received < expected.size) {
          throw new APIConnectionError(
            `GET ${remote}: the connection ended after ${received} of ${expected.size} bytes`,
          );
        }
        break;
      } catch (error) {
        if (request.signal?.aborted)
          throw new APIUserAbortError(`download of ${remote}: aborted by the caller's AbortSignal`, { cause: error });
        if (error instanceof IntegrityError) throw error;
        failure =
          error instanceof VantageAPIError || error instanceof APIConnectionError
            ? error
            : new APIConnectionError(
                `download of ${remote}: ${timedOut ? `no data for ${idleMs} ms` : core.scrub(String((error as Error).message ?? error))}`,
                { cause: error },
              );
      } finally {
        if (timer !== undefined) clearTimeout(timer);
        request.signal?.removeEventListener('abort', onUserAbort);
        controller.abort();
      }
      // Bytes kept count; only an attempt that got nothing counts as a failure towards the limit.
      failures = progressThisAttempt > 0 ? 1 : failures + 1;
      const delay = retryDelay(core.policy, failure, failures - 1, true);
      if (delay === null) throw failure;
      if (received === 0) {
        // Nothing kept: start over cleanly (the hash has seen nothing either).
        await out.restart();
      }
      await sleep(delay, request.signal);
    }
    const actual = await out.finish();
    if (expected && expected.size >= 0 && received !== expected.size) {
      throw new IntegrityError(`${remote}: received ${received} bytes, expected ${expected.size}`);
    }
    if (expected?.sha256 && actual !== expected.sha256) {
      throw new IntegrityError(`${remote}: sha256 of the received bytes is ${actual}, expected ${expected.sha256}`);
    }
    await checkWritableTarget(target, root ?? folder); // still not a symlink that appeared meanwhile
    await rename(temp, target);
  } catch (error) {
    await out.destroy();
    await rm(temp, { force: true });
    throw error;
  }
}
