import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { createMemoryBus } from '@bourse/bus';
import { envelope } from '@bourse/core';
import pino from 'pino';
import { contextLogFields, contextualBus, messageLog, workContext } from './context.ts';

describe('request ids across the bus', () => {
  it('stamps envelopes published in a request and logs the id while the message is handled', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(JSON.parse(String(chunk)));
        cb();
      },
    });
    const log = pino({ mixin: contextLogFields }, sink);
    const raw = createMemoryBus();
    const bus = contextualBus(raw);
    /** The request id each consumed envelope carried, by envelope id, and a wait for one of them. */
    const seen = new Map<string, string | undefined>();
    const waiters = new Map<string, () => void>();
    const handled = (id: string) => (seen.has(id) ? Promise.resolve() : new Promise<void>((resolve) => waiters.set(id, resolve)));
    // consume resolves once the durable consumer is registered: nothing published after it is missed.
    await bus.consume('ref.ctxtest.>', { durable: 'ctx-test' }, async (msg) => {
      seen.set(msg.envelope.id, msg.envelope.requestId);
      log.info('handled');
      waiters.get(msg.envelope.id)?.();
    });
    await workContext.run({ requestId: 'req-42' }, () =>
      bus.publish('ref.ctxtest.a', envelope({ id: 'e1', type: 't', source: 's', key: 'k', data: 1 })),
    );
    await handled('e1');
    assert.equal(seen.get('e1'), 'req-42');
    await new Promise((r) => setImmediate(r));
    assert.equal(lines.find((l) => l.msg === 'handled')?.requestId, 'req-42');
    // An explicit requestId wins over the request the message is published in.
    await workContext.run({ requestId: 'outer' }, () =>
      bus.publish('ref.ctxtest.b', envelope({ id: 'e2', type: 't', source: 's', key: 'k', data: 1, requestId: 'own' })),
    );
    await handled('e2');
    assert.equal(seen.get('e2'), 'own');
    // Outside a request none is added.
    const sub = bus.subscribe('u.>');
    await bus.publish('u.a', envelope({ id: 'e3', type: 't', source: 's', key: 'k', data: 1 }));
    for await (const msg of sub) {
      assert.equal(msg.envelope.requestId, undefined);
      messageLog(log, msg.envelope).info('sub');
      break;
    }
    await bus.close();
  });
});
