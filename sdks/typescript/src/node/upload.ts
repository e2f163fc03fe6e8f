/**
 * Uploading one local file: one streamed request for small files; for large ones an upload session
 * whose parts go in parallel, each retried on its own, remembered in a journal so that re-running the
 * same upload after an interruption sends only the parts the server does not hold yet.
 *
 * With `verify: 'crc32c'` (the default) each part's CRC32C is computed just before it is sent (one
 * more read of the part, from the page cache) and carried in `X-Content-CRC32C`, which the server
 * checks on arrival; the whole file's CRC32C, combined from the parts', is what the server checks
 * at completion. With `'sha256'` a worker thread hashes the whole file beside the parts.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConflictError, IntegrityError, TransferError, ValidationError, VantageAPIError } from '../core/errors.js';
import type { AttemptInit, Core, IdempotentRequestOptions } from '../core/http.js';
import { checkInt } from '../core/validation.js';
import type { TransferOptions, Verify } from '../resources/storage.js';
import type { FileInfo, UploadSession } from '../types.js';
import { checksumHeader, fileCrc32c } from './checksum.js';
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_PART_SIZE,
  fileBody,
  hashFile,
  hashFileInWorker,
  MiB,
  type Progress,
  pool,
  streamedBody,
} from './common.js';
import { crc32cCombine, encodeCrc32c } from './crc32c.js';
import { checkSourceFile } from './paths.js';
import { apiURL, fileRangeBody, sendBody, useNodeTransport } from './transport.js';

/** Where upload journals live (`VANTAGE_TRANSFER_STATE_DIR`, else a folder in the OS temp dir). */
export function journalDir(): string {
  return process.env.VANTAGE_TRANSFER_STATE_DIR ?? join(tmpdir(), 'vantage-sdk-uploads');
}

interface Journal {
  uploadId: string;
}

/** Settings of a transfer, checked once. */
export interface TransferSettings {
  /** The caller's part size; null: `partSizeFor` picks one from the file's size. */
  partSize: number | null;
  concurrency: number;
  verify: Verify;
  request: IdempotentRequestOptions;
}

export function transferSettings(options: TransferOptions): TransferSettings {
  const { onProgress, concurrency, partSize, verify, ...request } = options;
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw ValidationError.forField('onProgress', 'must be a function (bytesTransferred, totalBytes) => void');
  }
  if (verify !== undefined && verify !== 'crc32c' && verify !== 'sha256') {
    throw ValidationError.forField('verify', `must be 'crc32c' or 'sha256', got ${JSON.stringify(verify)}`);
  }
  return {
    partSize: partSize === undefined ? null : checkInt('partSize', partSize, 1024, 512 * MiB),
    concurrency: concurrency === undefined ? DEFAULT_CONCURRENCY : checkInt('concurrency', concurrency, 1, 64),
    verify: verify ?? 'crc32c',
    request,
  };
}

/** Most parts an automatic part size aims for; a larger file gets larger parts, up to MAX_AUTO_PART_SIZE. */
const AUTO_PARTS = 16;
const MAX_AUTO_PART_SIZE = 64 * MiB;

/**
 * The part size of a session upload of `size` bytes: the caller's, else 16 MiB growing (in whole
 * MiB) to keep about 16 parts, up to 64 MiB. Fewer, larger parts cost less per byte on both sides
 * (a request, a pass of the checksum, a server-side fsync each): a 1 GiB upload in 64 MiB parts
 * took ~8% less client CPU than in 16 MiB ones. Still 4 at a time; bodies are streamed, so
 * memory does not grow with the part size.
 */
export function partSizeFor(size: number, settings: TransferSettings): number {
  if (settings.partSize !== null) return settings.partSize;
  const even = Math.ceil(size / AUTO_PARTS / MiB) * MiB;
  return Math.min(MAX_AUTO_PART_SIZE, Math.max(DEFAULT_PART_SIZE, even));
}

/**
 * Upload `local` to `remote`, counting bytes into `progress`.
 *
 * @example
 * ```ts
 * await uploadFile(core, 'data.bin', '/datasets/data.bin', transferSettings({}), new Progress(size, undefined));
 * ```
 */
export async function uploadFile(
  core: Core,
  local: string,
  remote: string,
  settings: TransferSettings,
  progress: Progress,
): Promise<FileInfo> {
  const before = await checkSourceFile(local);
  const size = before.size;
  const unchanged = async (): Promise<void> => {
    const after = await stat(local);
    if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
      throw new TransferError(`${local} changed while it was uploaded; upload it again`);
    }
  };
  try {
    const info =
      size <= (settings.partSize ?? DEFAULT_PART_SIZE)
        ? await putWhole(core, local, remote, size, settings, progress)
        : await uploadInSession(core, local, remote, before, settings, progress);
    await unchanged();
    return info;
  } catch (error) {
    if (!isChecksumMismatch(error)) throw error;
    // The server refused the bytes: a file changed under the upload, else an IntegrityError naming it.
    await unchanged();
    throw new IntegrityError(
      `${local}: the server refused the upload to ${remote}: its checksum does not match the bytes sent (${error.message})`,
      { cause: error },
    );
  }
}

/** The server's 422 for a body whose checksum is not the one announced. */
function isChecksumMismatch(error: unknown): error is ValidationError {
  return error instanceof ValidationError && error.statusCode === 422 && error.code === 'checksum_mismatch';
}

async function putWhole(
  core: Core,
  local: string,
  remote: string,
  size: number,
  settings: TransferSettings,
  progress: Progress,
): Promise<FileInfo> {
  const digest = settings.verify === 'sha256' ? await hashFile(local) : encodeCrc32c(await fileCrc32c(local, 0, size));
  let sent = 0;
  return core.call<FileInfo>(
    'upload_file',
    (init: AttemptInit) => {
      progress.add(-sent);
      sent = 0;
      const count = (n: number): void => {
        sent += n;
        progress.add(n);
      };
      const headers = { 'Content-Type': 'application/octet-stream', [checksumHeader(settings.verify)]: digest };
      if (useNodeTransport(core)) {
        const url = apiURL(core, '/v1/storage/content', { path: remote });
        const sized = { ...headers, 'Content-Length': String(size) };
        return sendBody(url, 'PUT', init, sized, fileRangeBody(local, 0, size, count));
      }
      const body = fileBody(local, 0, size, count);
      return core.api.PUT('/v1/storage/content', {
        params: { query: { path: remote } },
        ...streamedBody(body),
        ...init,
        headers: { ...init.headers, ...headers },
      });
    },
    settings.request,
  );
}

function journalFile(local: string, remote: string, size: number, mtimeMs: number, partSize: number): string {
  const key = createHash('sha256')
    .update(JSON.stringify([resolve(local), remote, size, mtimeMs, partSize]))
    .digest('hex');
  return join(journalDir(), `${key.slice(0, 32)}.json`);
}

async function readJournal(file: string): Promise<Journal | null> {
  try {
    const data = JSON.parse(await readFile(file, 'utf-8')) as Partial<Journal>;
    return typeof data.uploadId === 'string' ? { uploadId: data.uploadId } : null;
  } catch {
    return null;
  }
}

async function writeJournal(file: string, journal: Journal): Promise<void> {
  await mkdir(journalDir(), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(journal), { mode: 0o600 });
  await rename(temp, file); // a crash leaves the old or the new journal, never half of one
}

async function resumable(
  core: Core,
  journal: Journal | null,
  remote: string,
  size: number,
  partSize: number,
  request: IdempotentRequestOptions,
): Promise<UploadSession | null> {
  if (journal === null) return null;
  try {
    const session = await core.call<UploadSession>(
      'get_upload',
      (init) =>
        core.api.GET('/v1/storage/uploads/{upload_id}', { params: { path: { upload_id: journal.uploadId } }, ...init }),
      request,
    );
    const same =
      session.status === 'open' && session.path === remote && session.size === size && session.partSize === partSize;
    return same ? session : null;
  } catch (error) {
    if (error instanceof VantageAPIError && error.statusCode === 404) return null;
    throw error;
  }
}

async function uploadInSession(
  core: Core,
  local: string,
  remote: string,
  stats: import('node:fs').Stats,
  settings: TransferSettings,
  progress: Progress,
  fresh = false,
): Promise<FileInfo> {
  const { size } = stats;
  const { request } = settings;
  const partSize = partSizeFor(size, settings);
  const journalPath = journalFile(local, remote, size, stats.mtimeMs, partSize);
  let session = fresh ? null : await resumable(core, await readJournal(journalPath), remote, size, partSize, request);
  const resumed = session !== null;
  if (session === null) {
    session = await core.call<UploadSession>(
      'create_upload',
      (init) => core.api.POST('/v1/storage/uploads', { body: { path: remote, size, part_size: partSize }, ...init }),
      request,
    );
    await writeJournal(journalPath, { uploadId: session.uploadId });
  }
  const upload_id = session.uploadId;
  const partBytes = (n: number): number => Math.min(partSize, size - (n - 1) * partSize);
  // A part the server holds at the right size is kept: by CRC32C when it reports one (so a part the
  // file no longer has is sent again), else trusted until the whole-file check at completion.
  const held = new Map(session.parts.filter((p) => p.size === partBytes(p.partNumber)).map((p) => [p.partNumber, p]));
  const numbers = Array.from({ length: session.partCount }, (_, i) => i + 1);
  let digest: Promise<string>;
  if (settings.verify === 'sha256') {
    const missing = numbers.filter((n) => !held.has(n));
    for (const n of held.keys()) progress.add(partBytes(n));
    const hashing = hashFileInWorker(local);
    hashing.catch(() => undefined); // awaited below; a part failure must not leave it unhandled
    await pool(missing, settings.concurrency, (n) =>
      putPart(core, local, upload_id, n, (n - 1) * partSize, partBytes(n), null, request, progress),
    );
    digest = hashing;
  } else {
    const crcs = await pool(numbers, settings.concurrency, async (n) => {
      const start = (n - 1) * partSize;
      const crc = await fileCrc32c(local, start, start + partBytes(n));
      const part = held.get(n);
      if (part && (part.crc32c === undefined || part.crc32c === null || part.crc32c === encodeCrc32c(crc))) {
        progress.add(partBytes(n));
      } else {
        await putPart(core, local, upload_id, n, start, partBytes(n), crc, request, progress);
      }
      return crc;
    });
    let whole = 0;
    for (const n of numbers) whole = crc32cCombine(whole, crcs[n - 1] as number, partBytes(n));
    digest = Promise.resolve(encodeCrc32c(whole));
  }
  try {
    const info = await complete(core, upload_id, settings.verify, await digest, size, request);
    await rm(journalPath, { force: true });
    return info;
  } catch (error) {
    // A held part that is not what this file has now: start over once, in a new session.
    if (resumed && error instanceof ValidationError && error.statusCode === 422) {
      await rm(journalPath, { force: true });
      progress.add(-progress.done);
      return uploadInSession(core, local, remote, stats, settings, progress, true);
    }
    throw error;
  }
}

async function putPart(
  core: Core,
  local: string,
  upload_id: string,
  part_number: number,
  start: number,
  length: number,
  crc32c: number | null,
  request: IdempotentRequestOptions,
  progress: Progress,
): Promise<void> {
  const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream' };
  // The server checks it on arrival: a part corrupted on the way fails (422) and is sent again.
  if (crc32c !== null) headers['X-Content-CRC32C'] = encodeCrc32c(crc32c);
  let sent = 0;
  const send = (): Promise<unknown> =>
    core.call(
      'upload_part',
      (init) => {
        progress.add(-sent); // a retried part counts again from zero
        sent = 0;
        const count = (n: number): void => {
          sent += n;
          progress.add(n);
        };
        if (useNodeTransport(core)) {
          const url = apiURL(
            core,
            `/v1/storage/uploads/${encodeURIComponent(upload_id)}/parts/${encodeURIComponent(part_number)}`,
          );
          const sized = { ...headers, 'Content-Length': String(length) };
          return sendBody(url, 'PUT', init, sized, fileRangeBody(local, start, start + length, count));
        }
        const body = fileBody(local, start, start + length, count);
        return core.api.PUT('/v1/storage/uploads/{upload_id}/parts/{part_number}', {
          params: { path: { upload_id, part_number } },
          ...streamedBody(body),
          ...init,
          headers: { ...init.headers, ...headers },
        });
      },
      request,
    );
  try {
    await send();
  } catch (error) {
    // Bytes damaged on the way: the server refused them (422) and holds nothing; send them once more.
    if (crc32c === null || !isChecksumMismatch(error)) throw error;
    await send();
  }
}

async function complete(
  core: Core,
  upload_id: string,
  kind: Verify,
  digest: string,
  size: number,
  request: IdempotentRequestOptions,
): Promise<FileInfo> {
  // The server may have to hash every byte before it answers: allow 30 s plus 20 MiB/s.
  const timeout = Math.max(request.timeout ?? core.timeout, 30_000 + Math.ceil(size / (20 * MiB)) * 1000);
  const idempotencyKey = request.idempotencyKey ?? `complete-${upload_id}-${kind}-${digest.slice(0, 16)}`;
  let delay = 0.25;
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await core.call<FileInfo>(
        'complete_upload',
        (init) =>
          core.api.POST('/v1/storage/uploads/{upload_id}/complete', {
            params: { path: { upload_id } },
            body: kind === 'sha256' ? { sha256: digest } : { crc32c: digest },
            ...init,
          }),
        { ...request, timeout, idempotencyKey },
      );
    } catch (error) {
      // A retry after a timeout can find the first completion still running: ask again until it is done.
      if (!(error instanceof ConflictError) || error.code !== 'upload_completing' || Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, delay * 1000));
      delay = Math.min(delay * 2, 5);
    }
  }
}
