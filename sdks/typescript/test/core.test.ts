/** The core's pure parts: Retry-After, backoff decisions, the SSE decoder, field renaming, argument checks. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  APIConnectionError,
  APIUserAbortError,
  ConflictError,
  parseRetryAfter,
  RateLimitError,
  ServerError,
} from '../src/core/errors.js';
import { backoffCeiling, DEFAULT_RETRY_POLICY, retryDelay } from '../src/core/retry.js';
import { fromWire, toWire } from '../src/core/shapes.js';
import { SSEDecoder } from '../src/core/sse.js';
import { checkDateTime } from '../src/core/validation.js';

test('Retry-After as seconds or an HTTP date; nonsense is null', () => {
  assert.equal(parseRetryAfter('2'), 2);
  assert.equal(parseRetryAfter('-5'), 0);
  assert.equal(parseRetryAfter(null), null);
  assert.equal(parseRetryAfter('soon'), null);
  const now = Date.parse('2024-01-01T00:00:00Z');
  assert.equal(parseRetryAfter('Mon, 01 Jan 2024 00:00:30 GMT', now), 30);
});

test('retry decisions: what is retried, how long to wait, when to give up', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, maxRetries: 3 };
  const half = (): number => 0.5;
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5].map((n) => backoffCeiling(policy, n)),
    [0.5, 1, 2, 4, 8, 8],
  );
  assert.equal(retryDelay(policy, new ServerError('x', { statusCode: 500 }), 1, true, half), 0.5);
  assert.equal(retryDelay(policy, new ServerError('x', { statusCode: 503, retryAfter: 3 }), 0, true, half), 3);
  assert.equal(retryDelay(policy, new ServerError('x', { statusCode: 503, retryAfter: 600 }), 0, true), null);
  assert.equal(retryDelay(policy, new ServerError('x', { statusCode: 500 }), 0, false), null, 'unsafe: no 5xx retry');
  assert.equal(
    retryDelay(policy, new RateLimitError('x', { statusCode: 429, retryAfter: 1 }), 0, false),
    1,
    '429: never acted on',
  );
  assert.equal(retryDelay(policy, new ConflictError('x', { statusCode: 409 }), 0, true), null);
  assert.equal(retryDelay(policy, new APIConnectionError('reset'), 2, true, half), 1);
  assert.equal(retryDelay(policy, new APIConnectionError('reset'), 3, true), null, 'out of retries');
  assert.equal(retryDelay(policy, new APIUserAbortError('stop'), 0, true), null);
});

test('the SSE decoder handles split chunks, CRLF, comments and multi-line data', () => {
  const decoder = new SSEDecoder();
  const bytes = new TextEncoder().encode(
    ': keep-alive\r\nevent: log\r\nid: 7\r\ndata: {"a":\r\ndata: 1}\r\n\r\nevent: end\ndata: {}\n\n',
  );
  const events = [];
  for (let i = 0; i < bytes.length; i += 5) events.push(...decoder.push(bytes.subarray(i, i + 5)));
  assert.deepEqual(events, [
    { event: 'log', data: '{"a":\n1}', id: '7' },
    { event: 'end', data: '{}', id: null },
  ]);
});

test('fields are renamed by the spec: map keys and unknown fields are kept as sent', () => {
  const wire = {
    id: 'j',
    created_at: 't',
    spec: { command: ['x'], env: { MY_VAR: 'v' }, working_dir: 'w' },
    labels: { team_name: 'a' },
    brand_new: 1,
  };
  const sdk = fromWire('Job', wire) as Record<string, unknown>;
  assert.deepEqual(sdk, {
    id: 'j',
    createdAt: 't',
    spec: { command: ['x'], env: { MY_VAR: 'v' }, workingDir: 'w' },
    labels: { team_name: 'a' },
    brand_new: 1,
  });
  assert.deepEqual(toWire('ScaleRequest', { minNodes: 1, max_nodes: 2 }), { min_nodes: 1, max_nodes: 2 });
  assert.throws(() => toWire('ScaleRequest', { minNode: 1 }), /minNode: is not a known field/);
});

test('dates are RFC 3339; a Date is converted', () => {
  assert.equal(checkDateTime('since', '2024-01-01T00:00:00Z'), '2024-01-01T00:00:00Z');
  assert.equal(checkDateTime('since', new Date(0)), '1970-01-01T00:00:00.000Z');
  assert.throws(() => checkDateTime('since', '2024-01-01'), /since: must be an RFC 3339 date-time/);
});
