/**
 * Every response the SDK receives in the tests, checked against the spec: the status must be one the
 * operation documents, JSON bodies must match their schema (ajv), event-stream events their
 * `x-event-data` schema, and every response must carry X-Request-ID. Installed over globalThis.fetch
 * and on node:http's diagnostics channel (in Node the SDK sends over node:http unless given a
 * `fetch`), and on the raw downloads' channel; violations are collected and fail the test they happened in (see `useEmulator`).
 */
import { subscribe } from 'node:diagnostics_channel';
import { readFileSync } from 'node:fs';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { RAW_RESPONSE_CHANNEL } from '../../src/node/rawget.js';
import { REPO_ROOT } from './emulator.js';

type Json = Record<string, unknown>;
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** OpenAPI 3.0 schema dialect to JSON Schema draft 7: boolean exclusive bounds, no examples. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (typeof node !== 'object' || node === null) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'example' || key.startsWith('x-')) continue;
    out[key] = toJsonSchema(value);
  }
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (out[flag] === true) {
      out[flag] = out[bound];
      delete out[bound];
    } else if (out[flag] === false) delete out[flag];
  }
  return out;
}

interface Route {
  method: string;
  pattern: RegExp;
  template: string;
  responses: Json;
}

export class Contract {
  readonly spec: Json;
  private readonly ajv: Ajv;
  private readonly routes: Route[] = [];
  private readonly validators = new Map<string, ValidateFunction>();
  violations: string[] = [];
  /** How many responses were checked (each counted as its check starts). */
  checked = 0;

  constructor(specPath = join(REPO_ROOT, 'openapi', 'vantage.yaml')) {
    this.spec = parse(readFileSync(specPath, 'utf-8')) as Json;
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: 'vantage', components: toJsonSchema((this.spec.components as Json) ?? {}) } as Json);
    for (const [template, item] of Object.entries(this.spec.paths as Json)) {
      const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      for (const [method, op] of Object.entries(item as Json)) {
        if (typeof op === 'object' && op !== null && 'responses' in op) {
          this.routes.push({
            method: method.toUpperCase(),
            pattern,
            template,
            responses: (op as Json).responses as Json,
          });
        }
      }
    }
  }

  private resolve(node: unknown): Json {
    let current = node as Json;
    while (current && typeof current.$ref === 'string') {
      current = (current.$ref as string)
        .slice(2)
        .split('/')
        .reduce<Json>((n, part) => n[part] as Json, this.spec);
    }
    return current ?? {};
  }

  /** The ajv validator of a schema node (a `$ref` or inline). */
  validator(schema: unknown): ValidateFunction {
    const key = JSON.stringify(schema);
    let validate = this.validators.get(key);
    if (validate === undefined) {
      const rewritten = JSON.parse(key.replace(/"#\/components\//g, '"vantage#/components/')) as Json;
      validate = this.ajv.compile(toJsonSchema(rewritten) as Json);
      this.validators.set(key, validate);
    }
    return validate;
  }

  private fail(where: string, message: string): void {
    this.violations.push(`${where}: ${message}`);
  }

  /** Check one response (JSON bodies are read from a clone); returns the response the caller should use. */
  async check(request: Request, response: Response): Promise<Response> {
    this.checked += 1;
    const url = new URL(request.url);
    const where = `${request.method} ${url.pathname} -> ${response.status}`;
    const route = this.routes.find((r) => r.method === request.method && r.pattern.test(url.pathname));
    if (route === undefined) {
      this.fail(where, 'no such operation in the spec');
      return response;
    }
    const documented = route.responses[String(response.status)] ?? route.responses.default;
    if (documented === undefined) {
      this.fail(where, `status ${response.status} is not documented for ${request.method} ${route.template}`);
      return response;
    }
    if (!response.headers.get('X-Request-ID')) this.fail(where, 'no X-Request-ID header');
    const content = (this.resolve(documented).content ?? {}) as Json;
    const type = (response.headers.get('Content-Type') ?? '').split(';')[0]?.trim() ?? '';
    if (response.status === 204 || Object.keys(content).length === 0) return response;
    const media = content[type] as Json | undefined;
    if (media === undefined) {
      this.fail(where, `Content-Type ${type || '(none)'} is not one of ${Object.keys(content).join(', ')}`);
      return response;
    }
    if (type.endsWith('json')) {
      const text = await response.clone().text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        this.fail(where, `body is not JSON: ${text.slice(0, 100)}`);
        return response;
      }
      const validate = this.validator(media.schema);
      if (!validate(body)) this.fail(where, `body does not match the schema: ${this.ajv.errorsText(validate.errors)}`);
      return response;
    }
    if (type === 'text/event-stream' && response.body) {
      return new Response(response.body.pipeThrough(this.eventChecker(where, (media['x-event-data'] ?? {}) as Json)), {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    }
    return response;
  }

  /** Passes an event stream through unchanged while checking each event's data against its schema. */
  private eventChecker(where: string, schemas: Json): TransformStream<Uint8Array, Uint8Array> {
    const decoder = new TextDecoder();
    let buffer = '';
    const check = (block: string): void => {
      const lines = block.split('\n');
      const event =
        lines
          .find((l) => l.startsWith('event:'))
          ?.slice(6)
          .trim() ?? 'message';
      const data = lines
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trimStart())
        .join('\n');
      if (!data) return;
      const schema = schemas[event];
      if (schema === undefined) {
        this.fail(where, `undocumented event type ${event}`);
        return;
      }
      const validate = this.validator(schema);
      let parsed: unknown;
      try {
        parsed = JSON.parse(data);
      } catch {
        this.fail(where, `${event} event data is not JSON`);
        return;
      }
      if (!validate(parsed))
        this.fail(where, `${event} event does not match the schema: ${this.ajv.errorsText(validate.errors)}`);
    };
    return new TransformStream({
      transform(chunk, controller) {
        controller.enqueue(chunk);
        buffer += decoder.decode(chunk, { stream: true }).replace(/\r\n?/g, '\n');
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          check(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
        }
      },
    });
  }

  /** Throw (failing the current test) when any response broke the contract since the last call. */
  assertClean(): void {
    const found = this.violations;
    this.violations = [];
    if (found.length) throw new Error(`responses that break the API contract:\n  ${found.join('\n  ')}`);
  }
}

let installed: Contract | null = null;

/**
 * Check the responses the SDK receives over node:http too: the diagnostics channel reports each
 * response as its headers arrive; a JSON body is collected as the SDK reads it and checked at its
 * end, an event stream's events as they are read.
 */
function checkNodeHttp(contract: Contract): void {
  subscribe('http.client.response.finish', (message) => {
    const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
    const url = `${request.protocol}//${request.host}${request.path}`;
    const headers = new Headers();
    for (let i = 0; i < response.rawHeaders.length; i += 2) {
      headers.append(response.rawHeaders[i] as string, response.rawHeaders[i + 1] as string);
    }
    const status = response.statusCode ?? 0;
    const fetchRequest = new Request(url, { method: request.method });
    const type = (headers.get('Content-Type') ?? '').split(';')[0]?.trim() ?? '';
    if (type === 'text/event-stream' && status === 200) {
      checkEventStream(contract, fetchRequest, response, status, headers);
      return;
    }
    if (!type.endsWith('json') || status === 204) {
      void contract.check(fetchRequest, new Response(null, { status, headers }));
      return;
    }
    const chunks: Buffer[] = [];
    watchBody(
      response,
      (chunk) => chunks.push(chunk),
      (complete) => {
        if (complete) void contract.check(fetchRequest, new Response(Buffer.concat(chunks), { status, headers }));
      },
    );
  });
}

/**
 * Watch the body events the SDK's reading causes (a listener of our own would start the flow early):
 * each chunk, then the end, `complete` false when the connection closed before it.
 */
function watchBody(
  response: IncomingMessage,
  onChunk: (chunk: Buffer) => void,
  onEnd: (complete: boolean) => void,
): void {
  let ended = false;
  const emit = response.emit.bind(response);
  response.emit = (event: string | symbol, ...args: unknown[]): boolean => {
    if (event === 'data' && !ended) onChunk(args[0] as Buffer);
    if ((event === 'end' || event === 'close') && !ended) {
      ended = true;
      onEnd(event === 'end');
    }
    return emit(event, ...args);
  };
}

/** An event stream over node:http: each event is checked as the SDK reads it, as over fetch. */
function checkEventStream(
  contract: Contract,
  request: Request,
  response: IncomingMessage,
  status: number,
  headers: Headers,
): void {
  let feed: ReadableStreamDefaultController<Uint8Array> | undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      feed = controller;
    },
  });
  void contract
    .check(request, new Response(body, { status, headers }))
    .then((checked) => checked.arrayBuffer())
    .catch(() => undefined);
  watchBody(
    response,
    (chunk) => feed?.enqueue(new Uint8Array(chunk)),
    () => feed?.close(),
  );
}

/** The same for the SDK's raw-socket downloads (plain HTTP), which report on a channel of their own. */
function checkRawHttp(contract: Contract): void {
  subscribe(RAW_RESPONSE_CHANNEL, (message) => {
    const { method, url, statusCode, rawHeaders, body } = message as {
      method: string;
      url: string;
      statusCode: number;
      rawHeaders: string[];
      body: Buffer | null;
    };
    const headers = new Headers();
    for (let i = 0; i < rawHeaders.length; i += 2) headers.append(rawHeaders[i] as string, rawHeaders[i + 1] as string);
    void contract.check(
      new Request(url, { method }),
      new Response(body === null ? null : body.toString('utf-8'), { status: statusCode, headers }),
    );
  });
}

/**
 * Wrap globalThis.fetch and watch node:http (once per process) so every response is checked;
 * returns the checker.
 */
export function installContractCheck(): Contract {
  if (installed !== null) return installed;
  const contract = new Contract();
  checkNodeHttp(contract);
  checkRawHttp(contract);
  const original = globalThis.fetch;
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const response = await original(request);
    return contract.check(request, response);
  };
  installed = contract;
  return contract;
}
