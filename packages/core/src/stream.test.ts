import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Compile } from 'typebox/compile';
import { envelope } from './envelope.ts';
import { PoisonMessageError } from './errors.ts';
import { payloadReader } from './payload.ts';
import {
  ClientFrame,
  DataFrame,
  ErrorFrame,
  MAX_REPORTED_CONNECTIONS,
  STREAM_STATUS,
  ServerFrame,
  type StatusReport,
  StatusReport as StatusReportSchema,
  WelcomeFrame,
} from './stream.ts';

const client = Compile(ClientFrame);
const server = Compile(ServerFrame);

const limits = {
  maxRooms: 100,
  messagesPerSecond: 20,
  burst: 40,
  maxRateViolations: 20,
  maxMessageBytes: 16384,
  heartbeatMs: 15000,
  maxQueuedFrames: 2000,
  maxQueuedBytes: 4194304,
};

function report(instanceId: string): StatusReport {
  return {
    status: {
      instanceId,
      startedAt: 1_700_000_000_000,
      uptimeSeconds: 5,
      connections: 1,
      rooms: 1,
      subscriptions: 1,
      busSubscriptions: 1,
      messagesInPerSecond: 10,
      messagesOutPerSecond: 10,
      bytesOutPerSecond: 900,
      conflated: 0,
      closes: { client: 2 },
      limits,
    },
    rooms: { 'quotes:AAPL': 1 },
    connections: [
      {
        id: `${instanceId}:1`,
        instanceId,
        remote: '127.0.0.1',
        connectedAt: 1_700_000_000_000,
        rooms: 1,
        queued: 0,
        bufferedBytes: 0,
        sent: 3,
        conflated: 0,
      },
    ],
  };
}

describe('WebSocket frames', () => {
  it('accepts the three client ops, with or without an id', () => {
    assert.ok(client.Check({ op: 'subscribe', rooms: ['quotes:AAPL'], id: 'a' }));
    assert.ok(client.Check({ op: 'unsubscribe', rooms: ['quotes:AAPL'], id: 7 }));
    assert.ok(client.Check({ op: 'ping' }));
  });

  it('refuses a client frame with no rooms, too many, a bad id or an unknown op', () => {
    assert.equal(client.Check({ op: 'subscribe', rooms: [] }), false);
    assert.equal(client.Check({ op: 'subscribe', rooms: Array.from({ length: 201 }, (_, i) => `quotes:S${i}`) }), false);
    assert.equal(client.Check({ op: 'subscribe', rooms: 'quotes:AAPL' }), false);
    assert.equal(client.Check({ op: 'ping', id: true }), false);
    assert.equal(client.Check({ op: 'dance' }), false);
    assert.equal(client.Check(['ping']), false);
  });

  it('describes what the server sends: welcome, acks, errors and data frames', () => {
    const welcome = {
      type: 'welcome',
      serverTime: 1,
      instanceId: 'i',
      connectionId: 'i:1',
      rooms: ['general', 'quotes:<symbol>'],
      limits,
    };
    assert.ok(Compile(WelcomeFrame).Check(welcome));
    assert.ok(server.Check(welcome));
    assert.ok(server.Check({ type: 'subscribed', rooms: ['quotes:AAPL'], id: 1 }));
    assert.ok(server.Check({ type: 'heartbeat', serverTime: 1 }));
    assert.ok(server.Check({ type: 'error', code: 'unknown_room', message: 'no', room: 'weather:PARIS' }));
    assert.equal(Compile(ErrorFrame).Check({ type: 'error', code: 'teapot', message: 'no' }), false, 'error codes are a closed list');
    const quote = { symbol: 'AAPL', ts: 1, seq: 3, last: 190, bid: 189.9, ask: 190.1, size: 5 };
    assert.ok(Compile(DataFrame).Check({ room: 'quotes:AAPL', type: 'quote', seq: 3, data: quote }));
    assert.ok(Compile(DataFrame).Check({ room: 'quotes:AAPL', type: 'quote', seq: 0, snapshot: true, data: null }));
    assert.equal(Compile(DataFrame).Check({ room: 'quotes:AAPL', type: 'quote', seq: 3, data: { symbol: 'AAPL' } }), false);
  });
});

describe('stream status report', () => {
  const reader = payloadReader(STREAM_STATUS, StatusReportSchema);
  const env = (data: unknown) => envelope({ id: 's', type: STREAM_STATUS, source: 'test', key: 'a', data });

  it('reads a valid report', () => {
    assert.equal(reader.read(env(report('a'))).status.instanceId, 'a');
  });

  it('refuses a report with a missing field or too many connections, naming where', () => {
    const r = report('a') as unknown as { status: Record<string, unknown> };
    delete r.status.limits;
    assert.throws(
      () => reader.read(env(r)),
      (err: unknown) => err instanceof PoisonMessageError && /^invalid stream\.status: \/status /.test(err.message),
    );
    const big = report('a');
    big.connections = Array.from({ length: MAX_REPORTED_CONNECTIONS + 1 }, () => big.connections[0]!);
    assert.throws(() => reader.read(env(big)), /invalid stream\.status: \/connections /);
  });
});

describe('@bourse/core/stream', () => {
  it('imports nothing but TypeBox and its own modules, so that a browser bundle can take it', () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const seen = new Set<string>();
    const outside = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(/^(?:import|export)\s(type\s)?[^'"]*?from\s+'([^']+)'/gm)) {
        const [, typeOnly, spec] = m;
        if (spec === undefined) continue;
        if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
        else if (typeOnly === undefined) outside.add(spec);
      }
    };
    visit(resolve(here, 'stream.ts'));
    assert.ok(seen.size >= 4, `modules seen: ${[...seen].join(', ')}`);
    assert.deepEqual(
      [...outside].filter((spec) => spec !== 'typebox' && spec !== 'typebox/compile'),
      [],
      'runtime imports other than TypeBox',
    );
  });
});
