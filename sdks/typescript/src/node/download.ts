/**
 * Downloading one file: streamed into a temporary file beside the destination (created exclusively,
 * so never through a symlink), checksummed as it arrives (CRC32C, or sha256 with `verify: 'sha256'`
 * or when the server reports no CRC32C), resumed with a Range request when the connection drops,
 * and renamed into place only after its size and checksum match. A failed download leaves nothing
 * at the destination.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { APIConnectionError, APIUserAbortError, IntegrityError } from '../core/errors.js';
import type { Core } from '../core/http.js';
import { retryDelay, StreamAttempt, sleep } from '../core/retry.js';
import { checksumHeader, type RunningChecksum, runningChecksum } from './checksum.js';
import type { Progress } from './common.js';
import { checkWritableTarget, makeFolders } from './paths.js';
import { apiURL, type DownloadResponse, openDownload, useNodeTransport } from './transport.js';
import type { TransferSettings } from './upload.js';

interface Expected {
  size: number;
  checksum: string | null;
  etag: string | null;
}

function contentRangeStart(value: string | null): number | null {
  const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(value ?? '');
  return match ? Number(match[1]) : null;
}

/**
 * The temporary file, written chunk by chunk with blocking positional writes as curl does, and
 * checksummed in order on the way. On loopback this beat batched asynchronous writes and a writer
 * thread (both cost more CPU, which a loaded machine does not have to spare); nothing is buffered.
 */
class FileSink {
  private position = 0;
  private closed = false;
  /** Set from the first response's headers (which checksum the server reports). */
  checksum: RunningChecksum | null = null;

  private constructor(private readonly fd: number) {}

  /** Create `path`, failing if anything (a file, a symlink) is there already. */
  static create(path: string): FileSink {
    return new FileSink(openSync(path, 'wx', 0o644));
  }

  push(chunk: Uint8Array): void {
    this.checksum?.update(chunk);
    let offset = 0;
    while (offset < chunk.length) {
      const written = writeSync(this.fd, chunk, offset, chunk.length - offset, this.position);
      offset += written;
      this.position += written;
    }
  }

  /** Throw away everything written (the server sent the whole file again). */
  restart(): void {
    ftruncateSync(this.fd, 0);
    this.position = 0;
    this.checksum?.reset();
  }

  /** Close the file; the checksum of everything written. */
  finish(): string | null {
    this.destroy();
    return this.checksum?.value() ?? null;
  }

  /** Close the file (it is deleted next). */
  destroy(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

/** GET the file's content (from `Range` on, if given) over node:http, or the client's own fetch. */
async function openContent(
  core: Core,
  remote: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<DownloadResponse> {
  if (useNodeTransport(core)) {
    return openDownload(core, apiURL(core, '/v1/storage/content', { path: remote }), headers, signal);
  }
  const sent = await core.api.GET('/v1/storage/content', {
    params: { query: { path: remote } },
    headers,
    signal,
    parseAs: 'stream',
  });
  const { response } = sent;
  if (!response.ok) throw core.apiError(response, sent.error);
  return {
    status: response.status,
    header: (name) => response.headers.get(name),
    async consume(onChunk) {
      const body = sent.data as ReadableStream<Uint8Array> | null | undefined;
      if (!body) return;
      const reader = body.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          onChunk(value);
        }
      } finally {
        reader.releaseLock();
      }
    },
  };
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
  const out = FileSink.create(temp);
  try {
    let received = 0;
    let expected: Expected | null = null;
    let failures = 0;
    const { request } = settings;
    const idleMs = request.timeout ?? core.timeout;
    for (;;) {
      const attempt = new StreamAttempt(request.signal, idleMs);
      let failure: unknown;
      let progressThisAttempt = 0;
      try {
        const headers = core.headers(received > 0 ? { Range: `bytes=${received}-` } : undefined);
        if (failures) headers['X-Retry-Count'] = String(failures);
        const stream = await openContent(core, remote, headers, attempt.signal);
        const etag = stream.header('ETag');
        if (received > 0) {
          const start = stream.status === 206 ? contentRangeStart(stream.header('Content-Range')) : 0;
          if (start !== received || (expected?.etag && etag && etag !== expected.etag)) {
            throw new IntegrityError(`${remote} changed on the server while it was downloaded; download it again`);
          }
        } else {
          const length = stream.header('Content-Length');
          // A file the server has no CRC32C for (stored before it kept them) is checked by sha256.
          let kind = settings.verify;
          if (kind === 'crc32c' && !stream.header(checksumHeader(kind))) kind = 'sha256';
          const checksum = stream.header(checksumHeader(kind));
          if (out.checksum?.kind !== kind) out.checksum = await runningChecksum(kind);
          expected = { size: length === null ? -1 : Number(length), checksum, etag };
          if (progress.total < 0 && expected.size >= 0) (progress as { total: number }).total = expected.size;
        }
        await stream.consume((chunk) => {
          attempt.arm();
          received += chunk.length;
          progressThisAttempt += chunk.length;
          progress.add(chunk.length);
          out.push(chunk);
        });
        if (expected && expected.size >= 0 && received < expected.size) {
          throw new APIConnectionError(
            `GET ${remote}: the connection ended after ${received} of ${expected.size} bytes`,
          );
        }
        break;
      } catch (error) {
        failure = attempt.failure(error, `download of ${remote}`, (text) => core.scrub(text));
        if (failure instanceof APIUserAbortError || failure instanceof IntegrityError) throw failure;
      } finally {
        attempt.close();
      }
      // Bytes kept count; only an attempt that got nothing counts as a failure towards the limit.
      failures = progressThisAttempt > 0 ? 1 : failures + 1;
      const delay = retryDelay(core.policy, failure, failures - 1, true);
      if (delay === null) throw failure;
      if (received === 0) {
        // Nothing kept: start over cleanly (the hash has seen nothing either).
        out.restart();
      }
      await sleep(delay, request.signal);
    }
    const actual = out.finish();
    if (expected && expected.size >= 0 && received !== expected.size) {
      throw new IntegrityError(`${remote}: received ${received} bytes, expected ${expected.size}`);
    }
    if (expected?.checksum && actual !== expected.checksum) {
      const kind = out.checksum?.kind ?? settings.verify;
      throw new IntegrityError(`${remote}: ${kind} of the received bytes is ${actual}, expected ${expected.checksum}`);
    }
    await checkWritableTarget(target, root ?? folder); // still not a symlink that appeared meanwhile
    await rename(temp, target);
  } catch (error) {
    out.destroy();
    await rm(temp, { force: true });
    throw error;
  }
}
