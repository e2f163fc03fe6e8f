/** The package as users load it: ESM and CommonJS through the exports map, and the browser entry point. */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

const require = createRequire(import.meta.url);

test('ESM and CommonJS builds export the same names, errors usable with instanceof', async () => {
  const esm = await import('@vantage/sdk');
  const cjs = require('@vantage/sdk') as typeof esm;
  assert.deepEqual(Object.keys(esm).sort(), Object.keys(cjs).sort());
  for (const name of [
    'VantageClient',
    'VantageAPIError',
    'AuthenticationError',
    'AuthorizationError',
    'ResourceNotFoundError',
    'ValidationError',
    'RateLimitError',
    'ServerError',
  ]) {
    assert.equal(typeof (esm as Record<string, unknown>)[name], 'function', name);
  }
  const error = new esm.RateLimitError('slow down', { statusCode: 429, retryAfter: 2, requestId: 'req-1' });
  assert.ok(error instanceof esm.VantageAPIError && error instanceof Error);
  assert.equal(error.retryAfter, 2);
  assert.equal(error.statusCode, 429);
  assert.equal(error.requestId, 'req-1');
});

test('the browser entry point has the JSON surface, and file operations say they need Node', async () => {
  const browser = await import('@vantage/sdk/browser');
  assert.equal(typeof browser.VantageClient, 'function');
  const client = new browser.VantageClient({ apiKey: 'k', baseURL: 'http://127.0.0.1:9' });
  // In Node the Node entry point installs file transfers for the whole process, so check the browser
  // build's own modules in a fresh process without it.
  const { spawnSync } = await import('node:child_process');
  const script = `import('@vantage/sdk/browser').then(async (m) => {
    const c = new m.VantageClient({ apiKey: 'k', baseURL: 'http://127.0.0.1:9' });
    try { await c.storage.upload('a', '/b'); } catch (e) { console.log(e.name + ': ' + e.message); }
    try { await c.jobs.submitFromFile('a.yaml'); } catch (e) { console.log(e.name + ': ' + e.message); }
  })`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf-8',
    cwd: process.cwd(),
  });
  assert.match(result.stdout, /ValidationError: storage.upload works with local files and needs Node/);
  assert.match(result.stdout, /ValidationError: submitFromFile reads files and needs Node/);
  assert.ok(client.toString().includes('127.0.0.1'));
});
