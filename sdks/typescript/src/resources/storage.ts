/**
 * `client.storage`: list, upload, download and delete files. Strings move in memory everywhere;
 * local files and folders need Node: the Node entry point installs the transfer engine.
 */
import { IntegrityError, ValidationError } from '../core/errors.js';
import { type Core, platform, type RequestOptions } from '../core/http.js';
import { items, tokenPage } from '../core/pagination.js';
import { checkBool, checkOptions, checkString } from '../core/validation.js';
import type { FileInfo, FilePage } from '../types.js';

/** Called as bytes move: `(bytesTransferred, totalBytes)`. */
export type ProgressCallback = (bytesTransferred: number, totalBytes: number) => void;

/** Options of `storage.list`. */
export interface StorageListOptions extends RequestOptions {
  /** Every file below the folder instead of its direct children. */
  recursive?: boolean;
  /** Give folders their total size too. */
  includeSize?: boolean;
  /** Include each file's sha256, content type and user metadata. */
  includeMetadata?: boolean;
}

/**
 * How transfers are verified: `'crc32c'` (the default, as Google Cloud Storage does: hardware CRC
 * instructions, a fraction of the CPU) or `'sha256'`.
 */
export type Verify = 'crc32c' | 'sha256';

/** Options of single-file transfers. */
export interface TransferOptions extends RequestOptions {
  /** Progress of the bytes of this transfer. */
  onProgress?: ProgressCallback;
  /** Parts (uploads) or files (directories) moved at once (default 4). */
  concurrency?: number;
  /**
   * Bytes per upload part; files up to this size go in one request (default 16 MiB, and for files
   * over 256 MiB larger parts, about 16 of them, up to 64 MiB).
   */
  partSize?: number;
  /**
   * The checksum the server and the SDK compare: `'crc32c'` (default; each upload part carries its
   * own too) or `'sha256'`. A download of a file the server has no CRC32C for is checked by sha256.
   */
  verify?: Verify;
}

/** Options of `storage.delete`. */
export interface DeleteOptions extends RequestOptions {
  /** Delete every file below a folder path. */
  recursive?: boolean;
}

/** The file-system half of storage, provided by the Node entry point. */
export interface FileTransfers {
  upload(core: Core, localPath: string, remotePath: string, options: TransferOptions): Promise<FileInfo>;
  uploadDirectory(core: Core, localDir: string, remoteDir: string, options: TransferOptions): Promise<FileInfo[]>;
  download(core: Core, remotePath: string, localPath: string, options: TransferOptions): Promise<void>;
  downloadDirectory(core: Core, remoteDir: string, localDir: string, options: TransferOptions): Promise<string[]>;
}

/** Check a storage path: absolute, no `..` segment, no NUL. */
export function checkRemotePath(name: string, value: unknown): string {
  const path = checkString(name, value, 1024);
  if (!path.startsWith('/'))
    throw ValidationError.forField(
      name,
      `must be an absolute storage path such as /datasets/file.csv, got ${JSON.stringify(path)}`,
    );
  if (path.includes('\0') || path.split('/').some((part) => part === '..' || part === '.')) {
    throw ValidationError.forField(
      name,
      `must not contain '.' or '..' segments or NUL bytes, got ${JSON.stringify(path)}`,
    );
  }
  return path;
}

/** Lowercase hex sha256 with Web Crypto, or null where it is missing (plain-HTTP browser pages). */
async function webSha256(bytes: Uint8Array): Promise<string | null> {
  if (platform.sha256) return platform.sha256(bytes);
  const subtle = (globalThis as { crypto?: Crypto }).crypto?.subtle;
  if (!subtle) return null;
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Files in the organization's storage (`client.storage`). */
export class Storage {
  /** Installed by the Node entry point. */
  static transfers: FileTransfers | null = null;

  constructor(private readonly core: Core) {}

  private fileTransfers(method: string): FileTransfers {
    const transfers = Storage.transfers;
    if (transfers === null)
      throw new ValidationError(
        `storage.${method} works with local files and needs Node (import from @vantage/sdk in Node)`,
      );
    return transfers;
  }

  /**
   * The files and folders under a folder path (every page).
   *
   * @example
   * ```ts
   * const files = await client.storage.list('/datasets/', { recursive: true });
   * files.forEach((file) => console.log(file.path, file.size));
   * ```
   */
  async list(remotePath: string, options?: StorageListOptions): Promise<FileInfo[]> {
    const path = checkRemotePath('remotePath', remotePath);
    const opts = checkOptions('options', options);
    const query: Record<string, unknown> = { path };
    if (opts.recursive !== undefined) query.recursive = checkBool('recursive', opts.recursive);
    if (opts.includeSize !== undefined) query.include_size = checkBool('includeSize', opts.includeSize);
    if (opts.includeMetadata !== undefined) query.include_metadata = checkBool('includeMetadata', opts.includeMetadata);
    const page = async (page_token: string | undefined): Promise<FilePage> =>
      tokenPage<FilePage>(
        'list_files',
        await this.core.call(
          'list_files',
          (init) =>
            this.core.api.GET('/v1/storage/files', { params: { query: { ...query, path, page_token } }, ...init }),
          opts,
        ),
      );
    const files: FileInfo[] = [];
    for await (const file of items<FilePage, FileInfo>('list_files', page)) files.push(file);
    return files;
  }

  /**
   * A file's size, sha256, ETag, content type and user metadata.
   *
   * @example
   * ```ts
   * const info = await client.storage.metadata('/datasets/remote-file.txt');
   * ```
   */
  async metadata(remotePath: string, options?: RequestOptions): Promise<FileInfo> {
    const path = checkRemotePath('remotePath', remotePath);
    return this.core.call(
      'get_file_metadata',
      (init) => this.core.api.GET('/v1/storage/metadata', { params: { query: { path } }, ...init }),
      checkOptions('options', options),
    );
  }

  /**
   * Store a string (UTF-8) or bytes at `remotePath`, checked by sha256 on the server.
   *
   * @example
   * ```ts
   * await client.storage.uploadString('Hello World!', '/datasets/hello.txt');
   * ```
   */
  async uploadString(content: string | Uint8Array, remotePath: string, options?: RequestOptions): Promise<FileInfo> {
    if (typeof content !== 'string' && !(content instanceof Uint8Array)) {
      throw ValidationError.forField('content', 'must be a string or a Uint8Array');
    }
    const path = checkRemotePath('remotePath', remotePath);
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    const sha256 = await webSha256(bytes);
    const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream' };
    if (sha256) headers['X-Content-SHA256'] = sha256;
    return this.core.call(
      'upload_file',
      (init) =>
        this.core.api.PUT('/v1/storage/content', {
          params: { query: { path } },
          body: bytes as never,
          bodySerializer: (body: unknown) => body,
          ...init,
          headers: { ...init.headers, ...headers },
        }),
      checkOptions('options', options),
    );
  }

  /**
   * A file's content decoded as UTF-8, after checking its size and sha256.
   *
   * @example
   * ```ts
   * const content = await client.storage.downloadToString('/datasets/small-file.txt');
   * ```
   */
  async downloadToString(remotePath: string, options?: RequestOptions): Promise<string> {
    const bytes = await this.downloadToBytes(remotePath, options);
    return new TextDecoder('utf-8').decode(bytes);
  }

  /**
   * A file's bytes, after checking its size and sha256.
   *
   * @example
   * ```ts
   * const bytes = await client.storage.downloadToBytes('/datasets/small-file.bin');
   * ```
   */
  async downloadToBytes(remotePath: string, options?: RequestOptions): Promise<Uint8Array> {
    const path = checkRemotePath('remotePath', remotePath);
    return this.core.exchange(
      'download_file',
      (init) =>
        this.core.api.GET('/v1/storage/content', { params: { query: { path } }, ...init, parseAs: 'arrayBuffer' }),
      checkOptions('options', options),
      async (sent) => {
        const bytes = new Uint8Array(sent.data as ArrayBuffer);
        const length = sent.response.headers.get('Content-Length');
        if (length !== null && Number(length) !== bytes.length) {
          throw new IntegrityError(`${path}: received ${bytes.length} bytes, expected ${length}`);
        }
        const expected = sent.response.headers.get('X-Content-SHA256');
        const actual = expected ? await webSha256(bytes) : null;
        if (expected && actual && actual !== expected) {
          throw new IntegrityError(`${path}: sha256 of the received bytes is ${actual}, expected ${expected}`);
        }
        return bytes;
      },
    );
  }

  /**
   * Delete a file, or with `recursive` every file below a folder path.
   *
   * @example
   * ```ts
   * await client.storage.delete('/datasets/old/', { recursive: true });
   * ```
   */
  async delete(remotePath: string, options?: DeleteOptions): Promise<void> {
    const path = checkRemotePath('remotePath', remotePath);
    const opts = checkOptions('options', options);
    const recursive = opts.recursive === undefined ? undefined : checkBool('recursive', opts.recursive);
    await this.core.call(
      'delete_file',
      (init) => this.core.api.DELETE('/v1/storage/files', { params: { query: { path, recursive } }, ...init }),
      opts,
    );
  }

  /**
   * Upload a local file (Node): streamed, large files in parallel parts of an upload session,
   * resumed from the parts the server holds when re-run after an interruption; the server checks
   * the CRC32C of every part and of the whole file (or the file's sha256 with `verify: 'sha256'`).
   *
   * @example
   * ```ts
   * await client.storage.upload('large-file.tar.gz', '/datasets/large-file.tar.gz', {
   *   onProgress: (done, total) => console.log(`${((done / total) * 100).toFixed(1)}%`),
   * });
   * ```
   */
  async upload(localPath: string, remotePath: string, options?: TransferOptions): Promise<FileInfo> {
    const local = checkString('localPath', localPath);
    const remote = checkRemotePath('remotePath', remotePath);
    return this.fileTransfers('upload').upload(this.core, local, remote, checkOptions('options', options));
  }

  /**
   * Upload every file below a local folder, keeping relative paths (Node).
   *
   * @example
   * ```ts
   * await client.storage.uploadDirectory('./local-dir/', '/datasets/remote-dir/');
   * ```
   */
  async uploadDirectory(localDir: string, remoteDir: string, options?: TransferOptions): Promise<FileInfo[]> {
    const local = checkString('localDir', localDir);
    const remote = checkRemotePath('remoteDir', remoteDir);
    return this.fileTransfers('uploadDirectory').uploadDirectory(
      this.core,
      local,
      remote,
      checkOptions('options', options),
    );
  }

  /**
   * Download a file to a local path (Node): into a temporary file beside it, renamed into place only
   * after its size and checksum (CRC32C, or sha256 with `verify: 'sha256'`) match.
   *
   * @example
   * ```ts
   * await client.storage.download('/datasets/remote-file.txt', 'local-file.txt');
   * await client.storage.download('/datasets/remote-file.txt', 'checked.txt', { verify: 'sha256' });
   * ```
   */
  async download(remotePath: string, localPath: string, options?: TransferOptions): Promise<void> {
    const remote = checkRemotePath('remotePath', remotePath);
    const local = checkString('localPath', localPath);
    return this.fileTransfers('download').download(this.core, remote, local, checkOptions('options', options));
  }

  /**
   * Download every file below a folder path, keeping relative paths and refusing any that would land
   * outside `localDir` (Node). Returns the local paths written.
   *
   * @example
   * ```ts
   * await client.storage.downloadDirectory('/datasets/remote-dir/', './local-dir/');
   * ```
   */
  async downloadDirectory(remoteDir: string, localDir: string, options?: TransferOptions): Promise<string[]> {
    const remote = checkRemotePath('remoteDir', remoteDir);
    const local = checkString('localDir', localDir);
    return this.fileTransfers('downloadDirectory').downloadDirectory(
      this.core,
      remote,
      local,
      checkOptions('options', options),
    );
  }
}
