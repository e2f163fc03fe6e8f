/**
 * Transfer bodies (upload parts, whole-file PUTs, downloads) over node:http/https with keep-alive
 * agents rather than fetch. On loopback a streamed fetch body cost nearly twice the CPU per GiB
 * uploaded and ~10% more per GiB downloaded, and allocated a fresh buffer per chunk that the
 * collector frees late (~110 MiB of RSS growth); here request bodies are read into a few reused
 * buffers instead.
 *
 * A client given its own `fetch` (a proxy, a test hook) keeps sending everything through it; see
 * `useNodeTransport`. Retries, deadlines and typed errors stay `Core`'s: `sendBody` returns what the
 * generated client would (`Sent`), and `openStream` throws the same typed error for an error status.
 */
import { readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { type ClientRequest, Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { TransferError } from '../core/errors.js';
import type { Core, Sent } from '../core/http.js';
import { MiB } from './common.js';
import { rawGet, UnsupportedFraming } from './rawget.js';

/** Bytes per read of a request body; each request has at most two of them with the socket at once. */
export const BODY_CHUNK = 1 * MiB;
/** Error bodies and JSON answers of transfer requests are small; more than this is not read. */
const MAX_TEXT_BYTES = 1 * MiB;

const agents = {
  'http:': new HttpAgent({ keepAlive: true }),
  'https:': new HttpsAgent({ keepAlive: true }),
};

/** Whether transfer bodies go over node:http (the client has no `fetch` of its own to honour). */
export function useNodeTransport(core: Core): boolean {
  return !core.hasCustomFetch;
}

/** The full URL of an API path with its query. */
export function apiURL(core: Core, path: string, query?: Record<string, string>): URL {
  const url = new URL(`${core.baseURL}${path}`);
  for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, value);
  return url;
}

/**
 * Buffers for request bodies, shared by the parts in flight: a 1 GiB upload reuses the same few
 * instead of leaving a thousand for the collector.
 */
const spareBuffers: Buffer[] = [];
const MAX_SPARE_BUFFERS = 16;

function takeBuffer(): Buffer {
  return spareBuffers.pop() ?? Buffer.allocUnsafe(BODY_CHUNK);
}

function giveBuffer(buffer: Buffer): void {
  if (spareBuffers.length < MAX_SPARE_BUFFERS) spareBuffers.push(buffer);
}

/** Writes a request body; resolves once every byte is handed to the socket. */
export type BodyWriter = (request: ClientRequest) => Promise<void>;

/**
 * The bytes [start, end) of a file as a request body, counting bytes into `onBytes` as they are
 * read for sending. Two buffers take turns: one is read into while the socket sends the other.
 * Reads block (1 MiB each, mostly from the page cache, as curl's do): the thread pool's cost ~15%
 * more CPU per GiB on a loaded machine, where every hop to another thread is a context switch.
 */
export function fileRangeBody(path: string, start: number, end: number, onBytes: (n: number) => void): BodyWriter {
  return async (request) => {
    // A request that ends early may never call back its writes: wait for either.
    const closed = new Promise<never>((_, reject) =>
      request.once('close', () => reject(new Error('the connection closed while the body was sent'))),
    );
    closed.catch(() => undefined);
    const file = await open(path, 'r');
    const buffers: Buffer[] = [];
    const inFlight: Promise<void>[] = [];
    let clean = false;
    try {
      for (let position = start, turn = 0; position < end; turn ^= 1) {
        // This buffer's last write has reached the socket: it may be reused.
        if (inFlight[turn]) await Promise.race([inFlight[turn], closed]);
        const buffer = buffers[turn] ?? takeBuffer();
        buffers[turn] = buffer;
        const bytesRead = readSync(file.fd, buffer, 0, Math.min(buffer.length, end - position), position);
        if (bytesRead === 0) throw new TransferError(`${path} ended at byte ${position}, expected ${end}`);
        position += bytesRead;
        onBytes(bytesRead);
        const chunk = bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
        inFlight[turn] = new Promise<void>((resolve, reject) =>
          request.write(chunk, (error) => (error ? reject(error) : resolve())),
        );
      }
      await Promise.race([Promise.all(inFlight), closed]);
      clean = true;
    } finally {
      await file.close();
      // After a failure a buffer may still sit in a socket's queue: only buffers known free go back.
      if (clean) for (const buffer of buffers) giveBuffer(buffer);
    }
  };
}

/**
 * Send one request; resolves with the response once its headers arrive. A body writer runs as soon
 * as the request is sent (a failure of either ends the request); bytes in memory are sent at once.
 */
export function openStream(
  url: URL | string,
  method: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  body?: BodyWriter | string | Uint8Array,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const https = typeof url === 'string' ? url.startsWith('https:') : url.protocol === 'https:';
    const send = https ? httpsRequest : httpRequest;
    const agent = https ? agents['https:'] : agents['http:'];
    let request: ClientRequest;
    try {
      request = send(url, { method, headers, signal, agent });
    } catch (error) {
      reject(error);
      return;
    }
    let responded = false;
    request.once('response', (response: IncomingMessage) => {
      responded = true;
      resolve(response);
    });
    request.once('error', reject);
    if (typeof body !== 'function') {
      request.end(body);
      return;
    }
    body(request).then(
      () => request.end(),
      (error: unknown) => {
        // A server that answered early (an error status) gets its answer read, not cut off.
        if (responded) return;
        request.destroy(error instanceof Error ? error : new Error(String(error)));
        reject(error);
      },
    );
  });
}

/**
 * Pass every chunk of `response` to `onChunk` (synchronously, as it arrives); resolves at the end of
 * the body, rejects if the connection ends early or `onChunk` throws.
 */
export function consume(response: IncomingMessage, onChunk: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed = false;
    const fail = (error: unknown): void => {
      if (failed) return;
      failed = true;
      reject(error);
      response.destroy();
    };
    response.on('data', (chunk: Buffer) => {
      if (failed) return;
      try {
        onChunk(chunk);
      } catch (error) {
        fail(error);
      }
    });
    response.once('error', fail);
    response.once('end', () => {
      if (!failed) resolve();
    });
    response.once('close', () => {
      if (!response.complete) fail(new Error('the connection closed before the response ended'));
    });
  });
}

/** Passes a response body's chunks to `onChunk` (see `consume`). */
type BodyReader = (onChunk: (chunk: Uint8Array) => void) => Promise<void>;

/** A body as text (at most MAX_TEXT_BYTES of it), from a node:http response or a `BodyReader`. */
export async function readText(response: IncomingMessage | BodyReader): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  const keep = (chunk: Uint8Array): void => {
    if (length >= MAX_TEXT_BYTES) return;
    chunks.push(Buffer.from(chunk)); // a copy: a raw GET reuses the chunk's memory
    length += chunk.length;
  };
  await (typeof response === 'function' ? response(keep) : consume(response, keep));
  return Buffer.concat(chunks).subarray(0, MAX_TEXT_BYTES).toString('utf-8');
}

/** Statuses whose response a fetch `Response` must give no body. */
export const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);

/** A fetch `Response` with the status, headers and body of a node:http (or raw GET) response. */
export function asResponse(
  response: Pick<IncomingMessage, 'statusCode' | 'statusMessage' | 'rawHeaders'>,
  body: string | Uint8Array | ReadableStream<Uint8Array>,
): Response {
  const headers = new Headers();
  for (let i = 0; i < response.rawHeaders.length; i += 2) {
    headers.append(response.rawHeaders[i] as string, response.rawHeaders[i + 1] as string);
  }
  const status = response.statusCode ?? 0;
  const empty = NULL_BODY_STATUSES.has(status) || body === '' || (body instanceof Uint8Array && body.length === 0);
  return new Response(empty ? null : (body as BodyInit), { status, statusText: response.statusMessage ?? '', headers });
}

/**
 * One attempt of a request with a streamed body, answered with JSON: what the generated client would
 * return (`Sent`), so `core.call` retries, types errors and decodes it as for any other operation.
 */
export async function sendBody(
  url: URL,
  method: string,
  init: { signal: AbortSignal; headers: Record<string, string> },
  extraHeaders: Record<string, string>,
  body: BodyWriter,
): Promise<Sent> {
  const response = await openStream(url, method, { ...init.headers, ...extraHeaders }, init.signal, body);
  const text = await readText(response);
  const fetchLike = asResponse(response, text);
  if (!fetchLike.ok) return { error: text, response: fetchLike };
  return { data: text === '' ? undefined : text, response: fetchLike };
}

/** A download's response: status, headers, and its body passed chunk by chunk to a callback. */
export interface DownloadResponse {
  status: number;
  header(name: string): string | null;
  /** Each chunk is passed synchronously; its memory may be reused once the callback returns. */
  consume: BodyReader;
}

/**
 * Open a streamed GET; an error status is thrown as its typed error (after reading its body).
 * Plain HTTP goes through `rawGet` (a third of node:http's CPU per byte), anything else, or a body
 * `rawGet` does not read, through node:http.
 */
export async function openDownload(
  core: Core,
  url: URL,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<DownloadResponse> {
  if (url.protocol === 'http:') {
    try {
      const raw = await rawGet(url, headers, signal);
      if (raw.statusCode < 200 || raw.statusCode > 299) {
        const text = await readText(raw.consume);
        throw core.apiError(asResponse(raw, text), text);
      }
      return { status: raw.statusCode, header: raw.header, consume: raw.consume };
    } catch (error) {
      if (!(error instanceof UnsupportedFraming)) throw error;
    }
  }
  const response = await openStream(url, 'GET', headers, signal);
  const status = response.statusCode ?? 0;
  if (status < 200 || status > 299) {
    const text = await readText(response);
    throw core.apiError(asResponse(response, text), text);
  }
  return {
    status,
    header: (name) => {
      const value = response.headers[name.toLowerCase()];
      return typeof value === 'string' ? value : null;
    },
    consume: (onChunk) => consume(response, onChunk),
  };
}
