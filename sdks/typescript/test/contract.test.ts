/** The contract check itself: a response that breaks the spec fails its test; a valid one does not. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Contract } from './helpers/contract.js';

const fixture = fileURLToPath(new URL('./fixtures/contract-violation.fixture.js', import.meta.url));

function runFixture(mode: string): { status: number | null; output: string } {
  // Without NODE_TEST_CONTEXT the child is a test run of its own, not a reporter for this one.
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  const result = spawnSync(process.execPath, ['--test', '--test-reporter=tap', fixture], {
    env: { ...env, CONTRACT_FIXTURE: mode },
    encoding: 'utf-8',
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

test('a response that breaks the spec fails the test that received it', () => {
  const { status, output } = runFixture('violate');
  assert.notEqual(status, 0, output);
  assert.match(output, /responses that break the API contract/);
  assert.match(output, /GET \/v1\/jobs\/job-1 -> 200: body does not match the schema/);
  assert.match(output, /created_at/);
  assert.match(output, /GET \/v1\/storage\/content -> 200: no X-Request-ID header/);
});

test('the same test passes when the response keeps to the spec', () => {
  const { status, output } = runFixture('valid');
  assert.equal(status, 0, output);
});

test('undocumented statuses, missing request ids and bad event data are violations', async () => {
  const contract = new Contract();
  const request = new Request('http://h/v1/jobs/job-1');
  await contract.check(request, new Response('{}', { status: 418, headers: { 'X-Request-ID': 'r' } }));
  await contract.check(
    request,
    new Response('x', { status: 404, headers: { 'Content-Type': 'application/problem+json' } }),
  );
  const stream = new Request('http://h/v1/jobs/job-1/logs/stream');
  const events = await contract.check(
    stream,
    new Response('event: log\ndata: {"offset": -1}\n\n', {
      status: 200,
      headers: { 'Content-Type': 'text/event-stream', 'X-Request-ID': 'r' },
    }),
  );
  await events.text();
  const found = contract.violations.join('\n');
  assert.match(found, /status 418 is not documented/);
  assert.match(found, /no X-Request-ID header/);
  assert.match(found, /body is not JSON/);
  assert.match(found, /log event does not match the schema/);
});
