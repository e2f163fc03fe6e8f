/**
 * The API's JSON calls in Node over node:http/https with the transfers' keep-alive agents, behind a
 * fetch-compatible function the generated client sends through (as the AWS SDK's NodeHttpHandler
 * and stripe-node's NodeHttpClient do). On loopback fetch (undici) cost about 2.5 times node:http's
 * instructions per small GET: its Request registers the attempt's AbortSignal for cleanup by the
 * collector, and its Headers and body streams are heavier than a plain record and one buffer.
 *
 * It behaves as fetch does for what the SDK sends and reads: the same request headers and bodies;
 * an abort (the caller's signal or the attempt's timeout) ends the request and rejects with the
 * signal's reason, the body included, since a body is read before the promise resolves; any other
 * failure rejects with `TypeError('fetch failed')` and the error as its cause. Differences: a
 * redirect is not followed (the API sends none; a 3xx becomes a typed error), and bodies that
 * are not strings or bytes (a stream, a Blob, FormData) are handed to fetch.
 */
import type { IncomingMessage } from 'node:http';
import { pipeline, Readable, type Transform } from 'node:stream';
import { createGunzip, createInflate, gunzipSync, inflateSync } from 'node:zlib';
import { MAX_JSON_RESPONSE_BYTES } from '../core/http.js';
import { asResponse, consume, NULL_BODY_STATUSES, openStream } from './transport.js';

/** Headers fetch adds in Node when the request has none of its own, so the server sees the same request. */
const FETCH_DEFAULT_HEADERS: Readonly<Record<string, string>> = {
  accept: '*/*',
  'user-agent': 'node',
  'accept-encoding': 'gzip, deflate',
};

/** Whether this is Node itself (Bun and Deno load the Node entry point too, and keep their own fetch). */
export const isNode =
  typeof process === 'object' &&
  typeof process.versions?.node === 'string' &&
  typeof (process.versions as Record<string, string | undefined>).bun !== 'string' &&
  !('Deno' in globalThis);

type Bytes = string | Uint8Array | undefined;

/** The body as bytes node:http can send, or null for kinds only fetch knows how to send. */
function bytesOf(body: BodyInit | null | undefined): Bytes | null {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  return null;
}

function headerRecord(init: RequestInit, method: string, body: Bytes): Record<string, string> {
  const headers: Record<string, string> = {};
  const given = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
  given.forEach((value, name) => {
    headers[name] = value;
  });
  for (const [name, value] of Object.entries(FETCH_DEFAULT_HEADERS)) headers[name] ??= value;
  if (typeof body === 'string') headers['content-type'] ??= 'text/plain;charset=UTF-8';
  // As fetch: the length of a body, 0 for a POST or PUT without one (node:http would send it chunked).
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  else if (method === 'POST' || method === 'PUT') headers['content-length'] = '0';
  return headers;
}

/** The content codings fetch decodes: a stream decoder for streamed bodies, a one-shot one for whole ones. */
interface Decoder {
  stream: () => Transform;
  whole: (body: Buffer) => Buffer;
}
const gzip: Decoder = { stream: createGunzip, whole: gunzipSync };
const DECODERS: ReadonlyMap<string, Decoder> = new Map([
  ['gzip', gzip],
  ['x-gzip', gzip],
  ['deflate', { stream: createInflate, whole: inflateSync }],
]);

function decoderOf(response: IncomingMessage): Decoder | undefined {
  const value = response.headers['content-encoding'];
  return typeof value === 'string' ? DECODERS.get(value.trim().toLowerCase()) : undefined;
}

/** The body stream, decompressed as fetch would (a failure of either side ends both). */
function decoded(response: IncomingMessage): Readable {
  const decoder = decoderOf(response);
  const ignore = (): void => undefined; // the error reaches the stream's reader
  return decoder === undefined ? response : pipeline(response, decoder.stream(), ignore);
}

async function readWhole(response: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await consume(response, (chunk) => chunks.push(chunk));
  const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
  const decoder = decoderOf(response);
  return body.length === 0 || decoder === undefined ? body : decoder.whole(body);
}

/**
 * A body of known, capped length is read whole before the response is returned (a JSON answer,
 * within the attempt's deadline); anything else (an event stream, a body of unknown or too large a
 * length) is returned as a stream, as fetch would, for the caller to read or refuse.
 */
function buffered(response: IncomingMessage, method: string): boolean {
  if (method === 'HEAD' || NULL_BODY_STATUSES.has(response.statusCode ?? 0)) return true;
  const type = response.headers['content-type'] ?? '';
  if (type.startsWith('text/event-stream')) return false;
  const length = response.headers['content-length'];
  return length !== undefined && /^\d+$/.test(length) && Number(length) <= MAX_JSON_RESPONSE_BYTES;
}

/**
 * `fetch(url, init)` over node:http for the generated client: resolves with a real `Response`.
 *
 * @example
 * ```ts
 * const response = await fetchOverHttp('http://127.0.0.1:8080/v1/jobs', { headers: new Headers() });
 * ```
 */
export async function fetchOverHttp(url: string, init: RequestInit): Promise<Response> {
  const body = bytesOf(init.body);
  if (body === null) return globalThis.fetch(url, init);
  const method = (init.method ?? 'GET').toUpperCase();
  const signal = init.signal ?? new AbortController().signal;
  let response: IncomingMessage | undefined;
  try {
    response = await openStream(url, method, headerRecord(init, method, body), signal, body);
    if (buffered(response, method)) return asResponse(response, await readWhole(response));
    const stream = Readable.toWeb(decoded(response)) as ReadableStream<Uint8Array>;
    return asResponse(response, stream);
  } catch (error) {
    response?.destroy();
    if (signal.aborted) throw signal.reason;
    throw new TypeError('fetch failed', { cause: error });
  }
}
