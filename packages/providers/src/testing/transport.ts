import { HttpJson, type HttpOptions } from '../http.ts';
import type { SourceId } from '../port.ts';
import { Resilience, type ResilienceOptions } from '../resilience.ts';

/**
 * Policies with test-sized delays: retries after a few ms and a breaker that reopens quickly. The
 * timeout stays generous (a loaded machine answers slowly); the timeout test sets its own.
 */
export const FAST: ResilienceOptions = {
  timeoutMs: 10_000,
  maxAttempts: 3,
  initialDelayMs: 5,
  maxDelayMs: 20,
  maxRetryAfterMs: 2_000,
  breakerThreshold: 3,
  halfOpenAfterMs: 100,
  random: () => 0.5,
};

export function testHttp(
  provider: SourceId,
  baseUrl: string,
  extra: Omit<Partial<HttpOptions>, 'resilience'> & { resilience?: ResilienceOptions } = {},
): HttpJson {
  const { resilience, ...rest } = extra;
  return new HttpJson({ provider, baseUrl, resilience: new Resilience(provider, { ...FAST, ...(resilience ?? {}) }), ...rest });
}
