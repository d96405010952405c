import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Envelope } from '@bourse/core';
import { loadConfig } from '@bourse/core';
import { initTracing, type RunningProcess, type Tracing, tracingWanted } from '@bourse/kit';
import { createUser } from '@bourse/svc-auth';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { start } from '@bourse/cli';
import { eventually } from './testing/servers.ts';

/** Tracing through the embedded process, exported to memory: HTTP -> database and HTTP -> bus publish -> consume. */
const PASSWORD = 'quartz-meadow-17-ferry';

describe('tracing', { timeout: 120_000 }, () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let running: RunningProcess;
  let dir: string;
  let admin = '';

  before(async () => {
    tracing = initTracing({ serviceName: 'bourse-test', spanProcessors: [new SimpleSpanProcessor(exporter)] });
    dir = await mkdtemp(join(tmpdir(), 'bourse-trace-'));
    running = await start(loadConfig({ NODE_ENV: 'test', PORT: '0', BOURSE_DATA_DIR: dir, BOURSE_FEED_ENABLED: 'false' }), []);
    await createUser(running.ctx.store.auth, { email: 'trace-admin@example.com', password: PASSWORD, role: 'admin' });
    const r = await running.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'trace-admin@example.com', password: PASSWORD },
    });
    admin = r.json().accessToken;
  });
  after(async () => {
    await running?.stop();
    await tracing?.shutdown();
    await rm(dir, { recursive: true, force: true });
  });

  it('is off unless the OTEL_* variables ask for it', () => {
    assert.equal(tracingWanted({}), false);
    assert.equal(tracingWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }), true);
    assert.equal(tracingWanted({ OTEL_TRACES_EXPORTER: 'otlp' }), true);
    assert.equal(tracingWanted({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x:4318' }), false);
    assert.equal(tracingWanted({ OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' }), false);
  });

  it('links the HTTP span, its database calls and a bus message across publish and consume', async () => {
    const received: Envelope[] = [];
    const consumer = await running.ctx.bus.consume('ref.instrument.>', { durable: 'trace-test' }, async (msg) => {
      received.push(msg.envelope);
      // A query inside the handler belongs to the consume span.
      await running.ctx.store.instruments.get('TRCE');
    });
    try {
      exporter.reset();
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      const callerSpan = '00f067aa0ba902b7';
      const r = await running.app.inject({
        method: 'POST',
        url: '/api/v1/symbols',
        headers: { authorization: `Bearer ${admin}`, traceparent: `00-${traceId}-${callerSpan}-01` },
        payload: {
          symbol: 'TRCE',
          name: 'Trace Co',
          exchange: 'NYSE',
          assetClass: 'equity',
          currency: 'USD',
          tickSize: 0.01,
          lotSize: 1,
          streamable: true,
        },
      });
      assert.equal(r.statusCode, 201, r.body);
      const spans = await eventually('the consume span', async () => {
        const all = exporter.getFinishedSpans();
        return all.some((s) => s.name.startsWith('consume ref.instrument.')) ? all : undefined;
      });
      const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;
      const server = spans.find((s) => s.name === 'POST /api/v1/symbols');
      assert.ok(server, `spans: ${spans.map((s) => s.name).join(', ')}`);
      assert.equal(server.spanContext().traceId, traceId, 'continues the caller trace');
      assert.equal(parentOf(server), callerSpan);
      assert.equal(server.attributes['http.response.status_code'], 201);
      const db = spans.filter((s) => s.name.startsWith('db ') && parentOf(s) === server.spanContext().spanId);
      assert.ok(
        db.some((s) => s.name === 'db insert instruments'),
        `db spans: ${db.map((s) => s.name).join(', ')}`,
      );
      const publish = spans.find((s) => s.name === 'publish ref.instrument.TRCE');
      assert.ok(publish);
      assert.equal(parentOf(publish), server.spanContext().spanId);
      const consume = spans.find((s) => s.name === 'consume ref.instrument.TRCE');
      assert.ok(consume);
      assert.equal(consume.spanContext().traceId, traceId, 'the bus message carries the trace');
      assert.equal(parentOf(consume), publish.spanContext().spanId);
      assert.ok(spans.some((s) => s.name.startsWith('db select') && parentOf(s) === consume.spanContext().spanId));
      const env = received.find((e) => e.key === 'TRCE');
      assert.ok(env?.traceparent?.includes(traceId));
      assert.equal(env?.requestId, r.headers['x-request-id']);
    } finally {
      await consumer.stop();
    }
  });
  it('hands the service behind the gateway a traceparent that is a child of the gateway span', async () => {
    const seen: string[] = [];
    const upstream = createServer((req, res) => {
      // The gateway also asks for /openapi.json; only the proxied call counts.
      if (req.url?.startsWith('/api/v1/symbols')) seen.push(String(req.headers.traceparent));
      res.setHeader('content-type', 'application/json');
      res.end('{"data":[],"total":0}');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const gateway = await start(loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', BOURSE_SYMBOLS_URL: url }), ['gateway']);
    try {
      exporter.reset();
      const callerTrace = '0af7651916cd43dd8448eb211c80319c';
      const r = await fetch(`${gateway.url}/api/v1/symbols`, { headers: { traceparent: `00-${callerTrace}-b7ad6b7169203331-01` } });
      assert.equal(r.status, 200);
      const [, traceId, parentId] = seen[0]!.split('-');
      assert.equal(traceId, callerTrace);
      const server = await eventually('the gateway span', async () =>
        exporter.getFinishedSpans().find((s) => s.spanContext().traceId === callerTrace && s.kind === SpanKind.SERVER),
      );
      assert.equal(parentId, server.spanContext().spanId);
      assert.equal(server.parentSpanContext?.spanId ?? (server as unknown as { parentSpanId?: string }).parentSpanId, 'b7ad6b7169203331');
    } finally {
      await gateway.stop();
      upstream.close();
    }
  });
});
