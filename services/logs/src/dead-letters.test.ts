import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { BusMessage } from '@bourse/bus';
import { envelope, loadConfig, PoisonMessageError, UnavailableError } from '@bourse/core';
import { API_KEY_PREFIX, hashSecret, type RunningProcess, startProcess } from '@bourse/kit';
import type { StoredDeadLetter } from '@bourse/store';
import { logsService, replayDeadLetters } from './index.ts';

/**
 * The dead-letter record: a consumer in the same process dead-letters messages, the logs
 * service stores each letter once with the original's body, admins list and replay them.
 * (The distributed shape, on NATS in separate processes, is tests/src/dead-letters.test.ts.)
 */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('dead-letter record (logs service, in-process bus)', () => {
  let running: RunningProcess<'bus' | 'store'>;
  let adminKey = '';
  let userKey = '';
  /** the test's consumer: poison until `fixed` */
  let fixed = false;
  const accepted: BusMessage[] = [];
  const run = randomUUID().slice(0, 8);
  const subject = (s: string) => `md.tick.${run}.${s}`;

  before(async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    running = await startProcess({
      config: { ...config, database: { kind: 'pglite', dir: 'memory://' } },
      modules: [logsService],
      listen: false,
    });
    await running.ctx.bus.consume(`md.tick.${run}.>`, { durable: `t_${run}` }, async (m) => {
      if (!fixed) throw new PoisonMessageError('unknown symbol ZZZZ');
      accepted.push(m);
    });
    for (const role of ['admin', 'user'] as const) {
      const user = await running.ctx.store.auth.createUser({ id: randomUUID(), email: `${role}@example.com`, passwordHash: 'x', role });
      const key = `${API_KEY_PREFIX}${role}-dlq-test-${randomUUID()}`;
      await running.ctx.store.auth.createApiKey({
        id: randomUUID(),
        userId: user.id,
        name: 't',
        keyHash: hashSecret(key),
        prefix: key.slice(0, 8),
        readOnly: false,
      });
      if (role === 'admin') adminKey = key;
      else userKey = key;
    }
  });
  after(async () => {
    await running?.stop();
  });

  const letters = (s: string) =>
    eventually(`dead letters of ${s}`, async () => {
      const l = await running.ctx.store.deadLetters.list({ subject: s, limit: 10 });
      return l.length > 0 ? l : undefined;
    });

  it('stores a dead letter once, with the original envelope as its body', async () => {
    const sent = envelope({ id: `${run}:a`, type: 'tick.batch', source: 'test', key: 'ZZZZ', data: [{ price: 1 }] });
    await running.ctx.bus.publish(subject('ZZZZ'), sent);
    const [letter] = await letters(subject('ZZZZ'));
    assert.equal(letter!.id, `dlq:t_${run}:${sent.id}`);
    assert.equal(letter!.kind, 'poison');
    assert.match(letter!.reason, /unknown symbol ZZZZ/);
    assert.equal(letter!.consumer, `t_${run}`);
    const body = await running.ctx.store.deadLetters.body(letter!.id);
    assert.deepEqual(JSON.parse(new TextDecoder().decode(body)), sent);
    assert.equal(letter!.sha256, createHash('sha256').update(JSON.stringify(sent)).digest('hex'));
  });

  it('keeps the whole body of a message too large for its dead letter', async () => {
    // 600,000 quote characters travel escaped (1.2 MB); the dead letter would carry them escaped once more, past 1 MiB.
    const sent = envelope({ id: `${run}:q`, type: 'tick.batch', source: 'test', key: 'QUOTES', data: '"'.repeat(600_000) });
    const text = JSON.stringify(sent);
    await running.ctx.bus.publish(subject('QUOTES'), sent);
    const [letter] = await letters(subject('QUOTES'));
    assert.equal(letter!.truncated, true);
    assert.equal(letter!.size, Buffer.byteLength(text));
    assert.equal(letter!.sha256, createHash('sha256').update(text).digest('hex'));
    const body = await running.ctx.store.deadLetters.body(letter!.id);
    assert.equal(new TextDecoder().decode(body), text);
  });

  it('lists dead letters to admins only, and replays one once its cause is fixed', async () => {
    const list = async (key: string) => {
      const r = await running.app.inject({ method: 'GET', url: `/api/v1/dlq?subject=${subject('>')}`, headers: { 'x-api-key': key } });
      return { status: r.statusCode, body: r.json() as { data: StoredDeadLetter[] } };
    };
    assert.equal((await list(userKey)).status, 403);
    const listed = await list(adminKey);
    assert.equal(listed.status, 200);
    const zzzz = listed.body.data.find((l) => l.subject === subject('ZZZZ'));
    assert.ok(zzzz);

    fixed = true;
    const r = await running.app.inject({
      method: 'POST',
      url: '/api/v1/dlq/replay',
      headers: { 'x-api-key': adminKey },
      payload: { subject: subject('ZZZZ') },
    });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json(), { replayed: [zzzz.id], skipped: [] });
    await eventually('the replayed message', async () => (accepted.length > 0 ? true : undefined));
    assert.equal(accepted[0]!.envelope.id, `${run}:a~replay1`);
    assert.deepEqual(accepted[0]!.envelope.data, [{ price: 1 }]);
    const [after] = await running.ctx.store.deadLetters.list({ id: zzzz.id, limit: 1 });
    assert.equal(after!.replays, 1);
    // replayed already: a second replay of the subject resends nothing
    assert.deepEqual(await replayDeadLetters(running.ctx, { subject: subject('ZZZZ') }), { replayed: [], skipped: [] });
    const doc = (await running.app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, object> };
    assert.ok(doc.paths['/api/v1/dlq'] && doc.paths['/api/v1/dlq/replay'], Object.keys(doc.paths).join(' '));
    const bad = await running.app.inject({
      method: 'POST',
      url: '/api/v1/dlq/replay',
      headers: { 'x-api-key': adminKey },
      payload: { nope: 1 },
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'validation_failed');
  });

  it('counts dead letters and transient retries on /metrics', async () => {
    let calls = 0;
    const durable = `tr_${run}`;
    const c = await running.ctx.bus.consume(`md.tick.${run}t.>`, { durable, retryDelayMs: 5, maxRetryDelayMs: 20 }, async () => {
      calls++;
      if (calls <= 3) throw new UnavailableError('PostgreSQL is restarting');
    });
    await running.ctx.bus.publish(`md.tick.${run}t.X`, envelope({ id: `${run}:t`, type: 'test', source: 'test', key: 'X', data: null }));
    await eventually('the message through', async () => (c.stats.acked === 1 ? true : undefined));
    const text = (await running.app.inject({ method: 'GET', url: '/metrics' })).body;
    const value = (name: string, labels: string) => {
      const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
      return line ? Number(line.split(' ').at(-1)) : 0;
    };
    assert.equal(value('bourse_bus_transient_retries_total', `subject="md.tick.${run}t.>",consumer="${durable}"`), 3);
    // the two poison messages of the tests above (ZZZZ and the large one), each once
    assert.equal(value('bourse_bus_dead_letters_total', `subject="md.tick.${run}.>",consumer="t_${run}",reason="poison"`), 2);
    assert.ok(value('bourse_dead_letters_stored_total', `consumer="t_${run}",reason="poison"`) >= 2);
  });
});
