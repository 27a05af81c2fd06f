import { assertDocumented, OpenApiChecker } from './openapi-checker.js';

const checkers = new Map<string, Promise<OpenApiChecker>>();
let originalFetch: typeof fetch | undefined;

/**
 * Checks every later `fetch` to `apiUrl` (any test's, with no change to the tests) against the
 * API's own `/openapi.json`: a request whose answer is undocumented rejects with what differs.
 */
export function checkResponsesOf(apiUrl: string): void {
  if (!originalFetch) {
    const plain = globalThis.fetch;
    originalFetch = plain;
    globalThis.fetch = async (input, init) => {
      const res = await plain(input, init);
      const url = input instanceof Request ? input.url : String(input);
      const checker = checkers.get(new URL(url).origin);
      if (checker) {
        const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
        await assertDocumented(await checker, method, url, res);
      }
      return res;
    };
  }
  const fetchPlain = originalFetch;
  const origin = new URL(apiUrl).origin;
  const checker = (async () => {
    const res = await fetchPlain(`${origin}/openapi.json`);
    return new OpenApiChecker((await res.json()) as Record<string, unknown>);
  })();
  // A failed download surfaces at the first checked request, not as an unhandled rejection.
  checker.catch(() => undefined);
  checkers.set(origin, checker);
}
