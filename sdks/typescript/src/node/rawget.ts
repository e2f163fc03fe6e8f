/**
 * A plain-HTTP GET for download bodies that reads the socket into one reused 1 MiB buffer
 * (`net.Socket`'s `onread`) and hands each read straight to the caller, who writes and checksums it
 * before the next read reuses the buffer.
 *
 * Why not node:http: it allocates a fresh 64 KiB buffer per socket read and passes each through
 * a readable stream; on loopback that cost about 1.2 CPU-seconds per GiB received against 0.45 here
 * (curl: 0.65), most of it the kernel faulting in the fresh buffers' pages. Only what a download
 * needs is here: one request per connection (`Connection: close`), a body framed by
 * Content-Length. A response framed otherwise (chunked, or by the end of the connection) is
 * refused with `UnsupportedFraming` before any of its body is read, and the caller asks again over
 * node:http; HTTPS never comes here.
 */
import { channel } from 'node:diagnostics_channel';
import { connect, type Socket } from 'node:net';
import { MiB } from './common.js';

/** The response head is small; a larger one is not HTTP this client should read. */
const MAX_HEAD_BYTES = 64 * 1024;
const READ_BUFFER = 1 * MiB;
const spareBuffers: Buffer[] = [];
const MAX_SPARE_BUFFERS = 8;

/**
 * Each response, for whoever watches (as node:http's `http.client.response.finish`): `{ method, url,
 * statusCode, rawHeaders, body }` once the head has arrived, `body` null; a JSON body (an error's)
 * is kept and the message sent at its end instead. Nothing is kept or sent while nobody watches.
 */
export const RAW_RESPONSE_CHANNEL = 'vantage.raw-http.response';
const responses = channel(RAW_RESPONSE_CHANNEL);

/** The response's body framing is not one this client reads; ask again over node:http. */
export class UnsupportedFraming extends Error {}

export interface RawResponse {
  statusCode: number;
  statusMessage: string;
  /** Header names and values in order, as node:http's `rawHeaders`. */
  rawHeaders: string[];
  header(name: string): string | null;
  /**
   * Pass every body chunk to `onChunk` synchronously (the chunk's memory is reused once it returns);
   * resolves at the end of the body, rejects if the connection ends early or `onChunk` throws.
   */
  consume(onChunk: (chunk: Buffer) => void): Promise<void>;
}

function checkHeader(name: string, value: string): void {
  // As node:http does: a CR or LF in a header would let it smuggle another header or request.
  if (/[\r\n\0]/.test(name) || /[\r\n\0]/.test(value) || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
    throw new TypeError(`invalid HTTP header ${JSON.stringify(name)}`);
  }
}

function requestHead(url: URL, headers: Record<string, string>): string {
  const lines = [`GET ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`];
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'host' || lower === 'connection') continue;
    checkHeader(name, value);
    lines.push(`${name}: ${value}`);
  }
  lines.push('Connection: close', '', '');
  return lines.join('\r\n');
}

interface Head {
  statusCode: number;
  statusMessage: string;
  rawHeaders: string[];
}

function parseHead(text: string): Head {
  const [statusLine = '', ...lines] = text.split('\r\n');
  const match = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(statusLine);
  if (!match) throw new Error(`not an HTTP/1.1 response: ${JSON.stringify(statusLine.slice(0, 80))}`);
  const rawHeaders: string[] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`malformed response header ${JSON.stringify(line.slice(0, 80))}`);
    rawHeaders.push(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return { statusCode: Number(match[1]), statusMessage: match[2] ?? '', rawHeaders };
}

/** GET `url` (http: only); resolves once the response head has arrived, before any body is read. */
export function rawGet(url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let request: string;
    try {
      request = requestHead(url, headers);
    } catch (error) {
      reject(error);
      return;
    }
    const buffer = spareBuffers.pop() ?? Buffer.allocUnsafe(READ_BUFFER);
    let head: Buffer | null = Buffer.alloc(0); // null once the head is parsed
    let early: Buffer | null = null; // body bytes read with the head, before `consume`
    let remaining = 0; // body bytes still to come
    let onChunk: ((chunk: Buffer) => void) | null = null;
    let watched: { message: Record<string, unknown>; chunks: Buffer[] } | null = null; // a JSON body, for the channel
    let settle: { resolve: () => void; reject: (error: unknown) => void } | null = null;
    let done = false;
    let failure: unknown; // why it ended, for a `consume` that comes after
    let socket: Socket;

    const finish = (error?: unknown): void => {
      if (done) return;
      done = true;
      failure = error;
      if (watched && error === undefined)
        responses.publish({ ...watched.message, body: Buffer.concat(watched.chunks) });
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      // A buffer goes back only once no read can land in it again.
      socket.once('close', () => {
        if (spareBuffers.length < MAX_SPARE_BUFFERS) spareBuffers.push(buffer);
      });
      if (settle) {
        if (error === undefined) settle.resolve();
        else settle.reject(error);
      } else reject(error ?? new Error('the connection closed before the response head arrived'));
    };
    const onAbort = (): void => finish(signal.reason ?? new Error('aborted'));

    const deliver = (chunk: Buffer): void => {
      if (chunk.length === 0) return;
      if (chunk.length > remaining) {
        finish(new Error('the server sent more bytes than its Content-Length'));
        return;
      }
      remaining -= chunk.length;
      watched?.chunks.push(Buffer.from(chunk));
      try {
        (onChunk as (chunk: Buffer) => void)(chunk);
      } catch (error) {
        finish(error);
        return;
      }
      if (remaining === 0) finish();
    };

    const onHead = (bytes: Buffer): boolean => {
      const all: Buffer = Buffer.concat([head as Buffer, bytes]);
      const end = all.indexOf('\r\n\r\n');
      if (end < 0) {
        if (all.length > MAX_HEAD_BYTES) finish(new Error('the response head is too large'));
        head = all;
        return true;
      }
      let parsed: Head;
      try {
        parsed = parseHead(all.subarray(0, end).toString('latin1'));
      } catch (error) {
        finish(error);
        return false;
      }
      head = null;
      const value = (name: string): string | null => {
        const wanted = name.toLowerCase();
        const found: string[] = [];
        for (let i = 0; i < parsed.rawHeaders.length; i += 2) {
          if ((parsed.rawHeaders[i] as string).toLowerCase() === wanted) found.push(parsed.rawHeaders[i + 1] as string);
        }
        return found.length ? found.join(', ') : null;
      };
      const length = value('content-length');
      if (value('transfer-encoding') !== null || length === null || !/^\d+$/.test(length)) {
        finish(new UnsupportedFraming('the response body is not framed by Content-Length'));
        return false;
      }
      remaining = Number(length);
      if (responses.hasSubscribers) {
        const message = { method: 'GET', url: url.href, ...parsed, body: null };
        if (/json/i.test(value('content-type') ?? '')) watched = { message, chunks: [] };
        else responses.publish(message);
      }
      early = Buffer.from(all.subarray(end + 4)); // a copy: `buffer` is read into again
      resolve({
        ...parsed,
        header: value,
        consume(callback) {
          return new Promise<void>((resolveBody, rejectBody) => {
            onChunk = callback;
            settle = { resolve: resolveBody, reject: rejectBody };
            if (done) {
              // It ended (failed, or the caller's signal fired) before the body was asked for.
              if (failure === undefined) resolveBody();
              else rejectBody(failure);
              return;
            }
            const first = early as Buffer;
            early = null;
            if (remaining === 0) finish();
            else deliver(first);
            if (!done) socket.resume();
          });
        },
      });
      return false; // paused until `consume`
    };

    socket = connect({
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: Number(url.port || 80),
      onread: {
        buffer,
        callback: (length: number, bytes: Uint8Array): boolean => {
          if (done) return false;
          const chunk = (bytes as Buffer).subarray(0, length);
          if (head !== null) return onHead(chunk);
          deliver(chunk);
          return !done;
        },
      },
    });
    socket.setNoDelay(true);
    socket.once('connect', () => socket.write(request));
    socket.once('error', (error) => finish(error));
    socket.once('end', () => finish(new Error('the connection closed before the response ended')));
    socket.once('close', () => finish(new Error('the connection closed before the response ended')));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}
