/**
 * Transfer checksums: CRC32C (the default) or sha256, as the bytes pass, in the forms the API uses
 * (base64 of the CRC's 4 big-endian bytes in `X-Content-CRC32C`, lowercase hex in `X-Content-SHA256`).
 */
import { createHash, type Hash } from 'node:crypto';
import { readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { TransferError } from '../core/errors.js';
import type { Verify } from '../resources/storage.js';
import { MiB } from './common.js';
import { type Crc32cExtend, encodeCrc32c, loadCrc32c } from './crc32c.js';

/** The header carrying a body's checksum of this kind. */
export function checksumHeader(kind: Verify): string {
  return kind === 'sha256' ? 'X-Content-SHA256' : 'X-Content-CRC32C';
}

/** A checksum fed in order, restartable. */
export interface RunningChecksum {
  readonly kind: Verify;
  update(bytes: Uint8Array): void;
  /** Forget everything fed so far. */
  reset(): void;
  /** The wire form of everything fed so far. */
  value(): string;
}

class Crc32cChecksum implements RunningChecksum {
  readonly kind = 'crc32c';
  crc = 0;
  constructor(private readonly extend: Crc32cExtend) {}
  update(bytes: Uint8Array): void {
    this.crc = this.extend(this.crc, bytes);
  }
  reset(): void {
    this.crc = 0;
  }
  value(): string {
    return encodeCrc32c(this.crc);
  }
}

class Sha256Checksum implements RunningChecksum {
  readonly kind = 'sha256';
  private hash: Hash = createHash('sha256');
  update(bytes: Uint8Array): void {
    this.hash.update(bytes);
  }
  reset(): void {
    this.hash = createHash('sha256');
  }
  value(): string {
    return this.hash.copy().digest('hex');
  }
}

/** A running checksum of `kind` (loading the CRC32C implementation on first use). */
export async function runningChecksum(kind: Verify): Promise<RunningChecksum> {
  return kind === 'sha256' ? new Sha256Checksum() : new Crc32cChecksum(await loadCrc32c());
}

/** Read buffers of `fileCrc32c`, reused: checksumming every part of a 1 GiB upload allocates nothing. */
const spare: Buffer[] = [];

/**
 * The CRC32C (as a number) of a file's bytes [start, end), read in 1 MiB chunks. Blocking reads
 * (as the part's body is read next, mostly from the page cache) cost ~15% less CPU per GiB uploaded
 * than the thread pool's; the event loop gets a turn between chunks, so parts in flight keep going.
 */
export async function fileCrc32c(path: string, start: number, end: number): Promise<number> {
  const extend = await loadCrc32c();
  const buffer = spare.pop() ?? Buffer.allocUnsafe(MiB);
  const file = await open(path, 'r');
  try {
    let crc = 0;
    for (let position = start; position < end; ) {
      const bytesRead = readSync(file.fd, buffer, 0, Math.min(buffer.length, end - position), position);
      if (bytesRead === 0) throw new TransferError(`${path} ended at byte ${position}, expected ${end}`);
      crc = extend(crc, bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead));
      position += bytesRead;
      await new Promise(setImmediate);
    }
    return crc;
  } finally {
    await file.close();
    spare.push(buffer);
  }
}
