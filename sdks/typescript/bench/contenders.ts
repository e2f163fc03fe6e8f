/** The two contenders of the per-call benchmarks, defined once for `run.ts` and `instructions.ts`. */
import { VantageClient } from '@vantage/sdk';

export interface Endpoint {
  baseURL: string;
  apiKey: string;
  organization: string;
}

/**
 * `raw`: fetch + JSON.parse of GET /v1/jobs/{id} with the same key and organization; `sdk`:
 * `client.jobs.get(id)`. With `jobId` unset, a job is submitted first.
 */
export async function perCallContenders(
  endpoint: Endpoint,
  jobId?: string,
): Promise<{ raw: () => Promise<unknown>; sdk: () => Promise<unknown>; jobId: string }> {
  const client = new VantageClient(endpoint);
  const id = jobId ?? (await client.jobs.submit({ name: 'bench', spec: { command: ['true'] } })).id;
  const url = `${endpoint.baseURL}/v1/jobs/${id}`;
  const headers = { Authorization: `Bearer ${endpoint.apiKey}`, 'X-Vantage-Organization': endpoint.organization };
  const raw = async (): Promise<unknown> => {
    const response = await fetch(url, { headers });
    if (!response.ok) throw new Error(`raw fetch: ${response.status}`);
    return JSON.parse(await response.text());
  };
  const sdk = (): Promise<unknown> => client.jobs.get(id);
  return { raw, sdk, jobId: id };
}
