/** `useEmulator()`: one emulator per test file, and the contract check failing any test that broke it. */
import { after, afterEach, before } from 'node:test';
import { VantageClient } from '@vantage/sdk';
import { type Contract, installContractCheck } from './contract.js';
import { Emulator } from './emulator.js';

export interface TestContext {
  emulator: Emulator;
  contract: Contract;
  /** A client of the emulator (options merged over the emulator's key and URL). */
  client(options?: ConstructorParameters<typeof VantageClient>[0]): VantageClient;
}

/**
 * Start an emulator before this file's tests (with `args`), stop it after, and check the contract
 * after each test.
 */
export function useEmulator(args: string[] = []): TestContext {
  const contract = installContractCheck();
  const context: TestContext = {
    emulator: undefined as unknown as Emulator,
    contract,
    client(options = {}) {
      return new VantageClient({ apiKey: context.emulator.apiKey, baseURL: context.emulator.baseURL, ...options });
    },
  };
  before(async () => {
    context.emulator = await Emulator.start(args);
  });
  after(async () => {
    await context.emulator?.stop();
  });
  afterEach(() => contract.assertClean());
  return context;
}

/** Poll until the job reaches a terminal status. */
export async function waitForJob(client: VantageClient, jobId: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await client.jobs.get(jobId);
    if (['succeeded', 'failed', 'cancelled'].includes(job.status)) return job.status;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
