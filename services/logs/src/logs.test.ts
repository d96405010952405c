import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { BusMessage, DeadLetter } from '@bourse/bus';
import { envelope, LOG_BATCH, loadConfig, subjects } from '@bourse/core';
import { testServerUrl } from '@bourse/core/testing';
import { API_KEY_PREFIX, hashSecret, type RunningProcess, startProcess } from '@bourse/kit';
import { logsService } from './index.ts';

/**
 * The logs service on its own: lines arrive as `log.batch` envelopes on
 * `logs.<service>` and are queried by admins on GET /logs. Run on the
 * in-process bus always and on NATS JetStream when a server is configured.
 * Every test files its lines under a service name of its own, so tests share
 * the process but not their data.
 */
const natsUrl = testServerUrl('nats');
const shapes = [{ name: 'in-process bus', env: {} }, ...(natsUrl ? [{ name: 'NATS', env: { BOURSE_BUS: natsUrl } }] : [])];

const MINUTE = 60_000;

interface Entry {
  ts: number;
  service: string;
  level: string;
  instance: string | null;
  requestId: string | null;
  msg: string;
  line: Record<string, unknown>;
}

/** Poll until `probe` gives a value: a wait on the effect itself, not on time. */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The next `n` messages of a live subscription. */
async function take(sub: AsyncIterable<BusMessage>, n: number): Promise<BusMessage[]> {
  const out: BusMessage[] = [];
  for await (const m of sub) {
    out.push(m);
    if (out.length === n) break;
  }
  return out;
}

for (const shape of shapes) {
  describe(`logs service (${shape.name})`, () => {
    let running: RunningProcess<'bus' | 'store'>;
    const keys: Record<'admin' | 'user', string> = { admin: '', user: '' };

    before(async () => {
      const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...shape.env });
      running = await startProcess({
        config: { ...config, database: { kind: 'pglite', dir: 'memory://' } },
        modules: [logsService],
        listen: false,
      });
      for (const role of ['admin', 'user'] as const) {
        const user = await running.ctx.store.auth.createUser({ id: randomUUID(), email: `${role}@example.com`, passwordHash: 'x', role });
        const key = `${API_KEY_PREFIX}${role}-logs-test-${randomUUID()}`;
        await running.ctx.store.auth.createApiKey({
          id: randomUUID(),
          userId: user.id,
          name: 't',
          keyHash: hashSecret(key),
          prefix: key.slice(0, 8),
          readOnly: false,
        });
        keys[role] = key;
      }
    });
    after(async () => {
      await running?.stop();
    });

    /** A service name no other test uses. */
    const serviceName = () => `svc-${randomUUID().slice(0, 8)}`;

    const publish = (service: string, data: unknown, ts = Date.now()) =>
      running.ctx.bus.publish(
        subjects.logs(service),
        envelope({ id: `logs-test:${randomUUID()}`, type: LOG_BATCH, source: `${service}@test`, key: service, data, ts }),
      );

    const query = async (params: Record<string, string | number>, who: 'admin' | 'user' | null = 'admin') => {
      const qs = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();
      const r = await running.app.inject({
        method: 'GET',
        url: `/api/v1/logs?${qs}`,
        ...(who ? { headers: { 'x-api-key': keys[who] } } : {}),
      });
      return { status: r.statusCode, body: r.json() as { data: Entry[]; error?: { code: string; message: string } } };
    };

    /** The lines stored for `service`, once there are `n` of them. */
    const stored = (service: string, n: number) =>
      eventually(`${n} lines of ${service}`, async () => {
        const r = await query({ service, limit: 1000 });
        assert.equal(r.status, 200);
        return r.body.data.length >= n ? r.body.data : undefined;
      });

    it('stores each line of a published batch, whole, and serves them newest first', async () => {
      const service = serviceName();
      const t0 = Date.now() - 10 * MINUTE;
      const lines = [
        { level: 'info', time: new Date(t0).toISOString(), msg: 'started', service, instance: 'i-1', port: 8080 },
        { level: 'error', time: t0 + MINUTE, msg: 'lost the bus', service, instance: 'i-1', requestId: 'r-1', err: { message: 'boom' } },
      ];
      await publish(service, { lines });
      const data = await stored(service, 2);
      assert.deepEqual(data, [
        { ts: t0 + MINUTE, service, level: 'error', instance: 'i-1', requestId: 'r-1', msg: 'lost the bus', line: lines[1] },
        { ts: t0, service, level: 'info', instance: 'i-1', requestId: null, msg: 'started', line: lines[0] },
      ]);
    });

    it('files a line without service, time or known level under its subject, the envelope time and info', async () => {
      const service = serviceName();
      const sent = Date.now() - 5 * MINUTE;
      await publish(service, { lines: [{ msg: 'bare' }, { level: 'loud', time: 'not a time', msg: 'odd' }] }, sent);
      const data = await stored(service, 2);
      assert.deepEqual(data.map((l) => [l.service, l.ts, l.level, l.instance, l.requestId]).sort(), [
        [service, sent, 'info', null, null],
        [service, sent, 'info', null, null],
      ]);
      assert.deepEqual(data.map((l) => l.msg).sort(), ['bare', 'odd']);
    });

    it('filters by service, lowest level, text, time range and request id, up to the limit', async () => {
      const service = serviceName();
      const other = serviceName();
      const t0 = Date.now() - 30 * MINUTE;
      const line = (i: number, level: string, msg: string, requestId?: string) => ({
        level,
        time: t0 + i * MINUTE,
        msg,
        service,
        ...(requestId ? { requestId } : {}),
      });
      const requestId = `req-${randomUUID()}`;
      await publish(service, {
        lines: [
          line(0, 'debug', 'Cache warmed'),
          line(1, 'info', 'Instrument REGISTERED', requestId),
          line(2, 'warn', 'slow query', requestId),
          line(3, 'error', 'query failed'),
          line(4, 'fatal', 'giving up'),
        ],
      });
      await publish(other, { lines: [{ level: 'error', time: t0, msg: 'query failed elsewhere', service: other }] });
      await stored(service, 5);
      await stored(other, 1);
      const msgs = async (params: Record<string, string | number>) => {
        const r = await query(params);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        return r.body.data.map((l) => l.msg);
      };
      assert.deepEqual(await msgs({ service, level: 'warn' }), ['giving up', 'query failed', 'slow query']);
      assert.deepEqual(await msgs({ service, q: 'QUERY' }), ['query failed', 'slow query']);
      assert.deepEqual(await msgs({ service, q: 'registered' }), ['Instrument REGISTERED']);
      assert.deepEqual(await msgs({ requestId }), ['slow query', 'Instrument REGISTERED']);
      // since is inclusive, until exclusive; both take epoch ms or ISO 8601.
      assert.deepEqual(await msgs({ service, since: t0 + MINUTE, until: new Date(t0 + 3 * MINUTE).toISOString() }), [
        'slow query',
        'Instrument REGISTERED',
      ]);
      assert.deepEqual(await msgs({ service, limit: 2 }), ['giving up', 'query failed']);
      assert.deepEqual(await msgs({ service: other }), ['query failed elsewhere']);
    });

    it('answers a bad query with 400, no credentials with 401 and a user who is not an admin with 403', async () => {
      for (const params of [{ level: 'loud' }, { limit: 0 }, { limit: 1001 }, { since: 'yesterday' }, { requestId: "' OR 1=1 --" }]) {
        const r = await query(params);
        assert.equal(r.status, 400, JSON.stringify(params));
        assert.equal(r.body.error?.code, 'validation_failed', JSON.stringify(r.body));
      }
      assert.equal((await query({}, null)).status, 401);
      assert.equal((await query({}, 'user')).status, 403);
      const injection = await query({ q: "'; DROP TABLE logs; --" });
      assert.equal(injection.status, 200);
      assert.deepEqual(injection.body.data, []);
    });

    it('dead-letters a batch that is not one, with the invalid field as the reason, and goes on storing', async () => {
      const service = serviceName();
      const dlq = running.ctx.bus.subscribe(subjects.deadLetter(subjects.logs(service)));
      const letters = take(dlq, 2);
      await publish(service, { lines: 'not a list' });
      await publish(service, { lines: [{ msg: 'fine' }, { msg: 'level as a number', level: 30 }] });
      const reasons = (await letters).map((m) => (m.envelope.data as DeadLetter).reason).sort();
      dlq.unsubscribe();
      assert.match(reasons[0]!, /invalid log\.batch: \/lines must be array/);
      assert.match(reasons[1]!, /invalid log\.batch: \/lines\/1\/level must be string/);
      await publish(service, { lines: [{ msg: 'after the bad ones', service }] });
      assert.deepEqual(
        (await stored(service, 1)).map((l) => l.msg),
        ['after the bad ones'],
      );
    });
  });
}
