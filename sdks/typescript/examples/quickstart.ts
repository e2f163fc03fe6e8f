/**
 * A tour of the TypeScript SDK: jobs, live logs, pagination, clusters, files, errors.
 *
 * It talks to whatever VANTAGE_BASE_URL points at, with VANTAGE_API_KEY (and VANTAGE_ORGANIZATION).
 * It is meant for the local emulator (it scales a cluster and submits jobs); `make demo-ts` starts
 * one on a free port with a throw-away data folder and runs this against it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ResourceNotFoundError, ValidationError, VantageAPIError, VantageClient } from '@vantage/sdk';

const client = new VantageClient({ timeout: 30_000, maxRetries: 3 });
console.log(`Using ${client.baseURL}`);

// Jobs: submit, follow the logs live, read the result.
const job = await client.jobs.submit(
  { name: 'quickstart', spec: { command: ['sh', '-c', 'for i in 1 2 3; do echo "step $i of 3"; sleep 0.2; done'] } },
  { env: { GREETING: 'hello' }, priority: 5 },
);
console.log(`Submitted ${job.id} (${job.status})`);
for await (const line of client.jobs.logsStream(job.id)) console.log(`  log | ${line}`);
const done = await client.jobs.get(job.id, { include: ['metrics'] });
console.log(
  `Job ${done.id}: ${done.status}, exit code ${done.exitCode}, ${done.metrics?.wallTimeSeconds.toFixed(2)} s`,
);

// Pagination: every job, page by page, fetched lazily.
let count = 0;
for await (const each of client.jobs.listAll({ pageSize: 2 })) count += each.id ? 1 : 0;
console.log(`${count} job(s) in the organization`);

// Clusters.
for (const cluster of await client.clusters.list()) {
  console.log(
    `Cluster ${cluster.name}: ${cluster.status}, ${cluster.nodeCount} node(s), ${cluster.totalResources.cpuCores} cores`,
  );
}
const scaled = await client.clusters.scale('my-cluster', { minNodes: 1, maxNodes: 4, targetUtilization: 0.75 });
console.log(`my-cluster autoscaling: ${JSON.stringify(scaled.autoscaling)}`);

// Storage: a file up in parallel parts, back down verified by size and sha256.
const dir = mkdtempSync(join(tmpdir(), 'vantage-quickstart-'));
try {
  const local = join(dir, 'data.bin');
  writeFileSync(local, randomBytes(24 * 1024 * 1024));
  let shown = -1;
  const info = await client.storage.upload(local, '/quickstart/data.bin', {
    onProgress: (sent, total) => {
      const percent = Math.floor((sent / total) * 100);
      if (percent % 25 === 0 && percent !== shown) {
        shown = percent;
        console.log(`  upload ${percent}%`);
      }
    },
  });
  console.log(`Uploaded ${info.path}: ${info.size} bytes, sha256 ${info.sha256?.slice(0, 12)}...`);
  await client.storage.download('/quickstart/data.bin', join(dir, 'copy.bin'));
  const same =
    createHash('sha256')
      .update(readFileSync(join(dir, 'copy.bin')))
      .digest('hex') === info.sha256;
  console.log(`Downloaded it again: ${same ? 'identical' : 'DIFFERENT'}`);
  await client.storage.uploadString('Hello World!', '/quickstart/hello.txt');
  console.log(`hello.txt says: ${await client.storage.downloadToString('/quickstart/hello.txt')}`);
  for (const file of await client.storage.list('/quickstart/')) console.log(`  ${file.path} (${file.size} bytes)`);
  await client.storage.delete('/quickstart/', { recursive: true });
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// Errors are typed, with the status, the message and the request id.
try {
  await client.jobs.get('job-000000000000');
} catch (error) {
  if (error instanceof ResourceNotFoundError)
    console.log(`Not found as expected: ${error.message} (request ${error.requestId})`);
  else throw error;
}
try {
  await client.jobs.submit({ name: 'broken', spec: { command: [] } });
} catch (error) {
  if (error instanceof ValidationError) console.log(`Refused before sending: ${error.message}`);
  else if (error instanceof VantageAPIError) console.log(`API error ${error.statusCode}: ${error.message}`);
  else throw error;
}
console.log('Done.');
