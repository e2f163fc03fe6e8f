/** Token pagination, driven by the `x-vantage-pagination` hint of the operation (generated `operations`). */
import { type OperationId, operations } from '../generated/operations.js';

function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/** A page as returned by the SDK (camelCase fields). */
type Page = Record<string, unknown>;

/**
 * Yield pages of a token-paged operation lazily; `fetchPage(token)` gets one page (token undefined first).
 *
 * @example
 * ```ts
 * for await (const page of pages('list_jobs', (pageToken) => jobs.list({ pageToken }))) console.log(page.items);
 * ```
 */
export async function* pages<P>(
  op: OperationId,
  fetchPage: (token: string | undefined) => Promise<P>,
): AsyncGenerator<P, void, undefined> {
  const hint = operations[op].pagination;
  if (hint === null) throw new Error(`${op} does not page`);
  const nextField = camel(hint.nextTokenField);
  const moreField = camel(hint.hasMoreField);
  let token: string | undefined;
  const seen = new Set<string>();
  while (true) {
    const page = await fetchPage(token);
    yield page;
    const record = page as unknown as Page;
    const next = record[nextField];
    // A server that repeats a token would loop forever; stop instead.
    if (record[moreField] !== true || typeof next !== 'string' || !next || seen.has(next)) return;
    seen.add(next);
    token = next;
  }
}

/**
 * A fetched page with the API's `null` next-page token (the last page) as `undefined`, so the token
 * goes straight back into `list({ pageToken })` as `string | undefined`.
 *
 * @example
 * ```ts
 * const page = tokenPage<JobPage>('list_jobs', { items: [], has_next: false, nextPageToken: null });
 * page.nextPageToken; // undefined
 * ```
 */
export function tokenPage<P>(op: OperationId, page: unknown): P {
  const hint = operations[op].pagination;
  if (hint === null) throw new Error(`${op} does not page`);
  const record = page as Page;
  const field = camel(hint.nextTokenField);
  if (record[field] === null) record[field] = undefined;
  return page as P;
}

/** Yield every item of every page. */
export async function* items<P, I>(
  op: OperationId,
  fetchPage: (token: string | undefined) => Promise<P>,
): AsyncGenerator<I, void, undefined> {
  const field = camel(operations[op].pagination?.itemsField ?? 'items');
  for await (const page of pages(op, fetchPage)) {
    yield* (page as unknown as Page)[field] as I[];
  }
}
