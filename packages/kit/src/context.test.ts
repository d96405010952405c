import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { type Bus, createMemoryBus } from '@bourse/bus';
import { envelope } from '@bourse/core';
import pino from 'pino';
import { contextLogFields, contextualBus, messageLog, workContext } from './context.ts';

/** A logger that keeps its lines (pino writes to the stream synchronously, so they are there on return). */
function capturedLog() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(JSON.parse(String(chunk)));
      cb();
    },
  });
  return { log: pino({ mixin: contextLogFields }, sink), lines };
}

/**
 * A durable consumer on the contextual bus that records the request id each envelope arrived with
 * and logs one line per envelope while handling it; `handled(id)` waits for that envelope.
 */
async function recordingConsumer(bus: Bus, log: pino.Logger) {
  const seen = new Map<string, string | undefined>();
  const waiters = new Map<string, () => void>();
  // consume resolves once the durable consumer is registered: nothing published after it is missed.
  await bus.consume('ref.ctxtest.>', { durable: 'ctx-test' }, async (msg) => {
    seen.set(msg.envelope.id, msg.envelope.requestId);
    log.info({ envelopeId: msg.envelope.id }, 'handled');
    waiters.get(msg.envelope.id)?.();
  });
  const handled = (id: string) => (seen.has(id) ? Promise.resolve() : new Promise<void>((resolve) => waiters.set(id, resolve)));
  return { seen, handled };
}

const message = (id: string, requestId?: string) =>
  envelope({ id, type: 't', source: 's', key: 'k', data: 1, ...(requestId === undefined ? {} : { requestId }) });

describe('request ids across the bus', () => {
  it('stamps envelopes published in a request and logs the id while the message is handled', async () => {
    const { log, lines } = capturedLog();
    const bus = contextualBus(createMemoryBus());
    try {
      const { seen, handled } = await recordingConsumer(bus, log);
      await workContext.run({ requestId: 'req-42' }, () => bus.publish('ref.ctxtest.a', message('e1')));
      await handled('e1');
      assert.equal(seen.get('e1'), 'req-42');
      assert.equal(lines.find((l) => l.envelopeId === 'e1')?.requestId, 'req-42');
    } finally {
      await bus.close();
    }
  });

  it('keeps an explicit request id over the one of the request it is published in', async () => {
    const { log, lines } = capturedLog();
    const bus = contextualBus(createMemoryBus());
    try {
      const { seen, handled } = await recordingConsumer(bus, log);
      await workContext.run({ requestId: 'outer' }, () => bus.publish('ref.ctxtest.b', message('e2', 'own')));
      await handled('e2');
      assert.equal(seen.get('e2'), 'own');
      // The consumer's log line carries the id the message came with, not the publisher's.
      assert.equal(lines.find((l) => l.envelopeId === 'e2')?.requestId, 'own');
    } finally {
      await bus.close();
    }
  });

  it('adds no request id outside a request', async () => {
    const { log, lines } = capturedLog();
    const bus = contextualBus(createMemoryBus());
    try {
      const sub = bus.subscribe('u.>');
      await bus.publish('u.a', message('e3'));
      for await (const msg of sub) {
        assert.equal(msg.envelope.requestId, undefined);
        messageLog(log, msg.envelope).info('sub');
        break;
      }
      const line = lines.find((l) => l.msg === 'sub');
      assert.ok(line, 'the subscriber logged');
      assert.equal('requestId' in line, false);
    } finally {
      await bus.close();
    }
  });
});
