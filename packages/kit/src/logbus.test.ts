import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Bus } from '@bourse/bus';
import type { Envelope } from '@bourse/core';
import { LogBusSink } from './logbus.ts';

const line = (level: string, msg: string, service?: string) =>
  `${JSON.stringify({ level, time: new Date().toISOString(), msg, ...(service ? { service } : {}) })}\n`;

function fakeBus(publish: (subject: string, env: Envelope) => Promise<void>): Bus {
  return { kind: 'memory', publish } as unknown as Bus;
}

describe('log lines to the bus', () => {
  it('batches lines per service on logs.<service>', async () => {
    const sent: [string, Envelope][] = [];
    const sink = new LogBusSink({ ratePerSecond: 1000, instance: 'i1' });
    sink.write(line('info', 'before the bus', 'ingest'));
    sink.attach(
      fakeBus(async (s, e) => {
        sent.push([s, e]);
      }),
      'proc',
    );
    sink.write(line('warn', 'no service'));
    await sink.detach();
    const subjects = sent.map(([s]) => s).sort();
    assert.deepEqual(subjects, ['logs.ingest', 'logs.proc']);
    assert.equal(
      sent.reduce((n, [, e]) => n + (e.data as { lines: unknown[] }).lines.length, 0),
      2,
    );
    assert.equal(new Set(sent.map(([, e]) => e.id)).size, 2);
  });

  it('samples past the rate, keeps errors, and neither blocks nor throws when the bus is down', async () => {
    let calls = 0;
    const sink = new LogBusSink({ ratePerSecond: 100, instance: 'i1', maxBuffered: 500 });
    sink.attach(
      fakeBus(() => {
        calls++;
        return calls % 2 ? Promise.reject(new Error('bus down')) : new Promise(() => undefined); // fails or hangs
      }),
      'proc',
    );
    // write() is synchronous and the bus never answers half of the publishes: were a write to
    // wait for the bus, this loop could not finish, and the sampling is counted before any await.
    for (let i = 0; i < 20_000; i++) assert.equal(sink.write(line(i % 100 === 0 ? 'error' : 'info', `line ${i}`)), undefined);
    sink.write('not json at all');
    assert.ok(sink.stats.sampledOut > 15_000, `sampled out ${sink.stats.sampledOut}`);
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(sink.stats.dropped > 0, 'failed batches and overflow are dropped');
    assert.ok(calls <= 8, `bounded publishes in flight: ${calls}`);
  });
});
