import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProviderError } from './port.ts';
import { type Answer, fixtureServer } from './testing/fixture-server.ts';
import { testHttp } from './testing/transport.ts';

describe('resilience around a provider call', () => {
  let server: Awaited<ReturnType<typeof fixtureServer>>;
  let script: Answer[] = [];
  before(async () => {
    server = await fixtureServer(() => script.shift() ?? { body: '{"ok":true}' });
  });
  after(() => server.close());
  const call = (http = testHttp('yahoo', server.url)) => http.json('v8/finance/chart/AAPL', { symbol: 'AAPL' });

  it('retries a 503 and returns the answer that follows', async () => {
    script = [{ status: 503, body: '<html>Service Unavailable</html>' }, { body: '{"ok":true}' }];
    const before = server.seen.length;
    assert.deepEqual(await call(), { ok: true });
    assert.equal(server.seen.length - before, 2);
  });

  it('abandons an answer slower than the timeout, retries, and says so when every attempt is late', async () => {
    // Late answers come a minute late (never, for the test); the prompt one has 1.5 s, plenty on a loaded machine.
    const http = testHttp('yahoo', server.url, { resilience: { timeoutMs: 1_500, maxAttempts: 2 } });
    script = [{ body: '{"late":true}', delayMs: 60_000 }, { body: '{"ok":true}' }];
    assert.deepEqual(await call(http), { ok: true });
    script = [0, 1].map(() => ({ body: '{"late":true}', delayMs: 60_000 }));
    await assert.rejects(
      call(http),
      (e: unknown) => e instanceof ProviderError && e.kind === 'unavailable' && /AAPL: no answer in time/.test(e.message),
    );
  });

  it('does not retry what retrying cannot fix (a 404)', async () => {
    script = [{ status: 404, body: '{}' }];
    const before = server.seen.length;
    await assert.rejects(call(), (e: unknown) => e instanceof ProviderError && e.kind === 'not_found');
    assert.equal(server.seen.length - before, 1);
  });

  it('opens the breaker after repeated failures, fails fast while open, and closes after a good trial call', async () => {
    const http = testHttp('yahoo', server.url, { resilience: { maxAttempts: 1, breakerThreshold: 2, halfOpenAfterMs: 50 } });
    const states: string[] = [];
    script = [
      { status: 500, body: '{}' },
      { status: 502, body: '{}' },
    ];
    await assert.rejects(call(http));
    await assert.rejects(call(http));
    const before = server.seen.length;
    await assert.rejects(call(http), (e: unknown) => e instanceof ProviderError && /circuit open/.test(e.message));
    assert.equal(server.seen.length, before, 'an open breaker sends nothing');
    states.push(http['options'].resilience.state);
    await new Promise((r) => setTimeout(r, 80));
    script = [{ body: '{"ok":true}' }];
    assert.deepEqual(await call(http), { ok: true });
    states.push(http['options'].resilience.state);
    assert.deepEqual(states, ['open', 'closed']);
  });
});
