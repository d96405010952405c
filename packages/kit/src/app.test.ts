import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { NotFoundError } from '@bourse/core';
import Type from 'typebox';
import { buildApp } from './app.ts';
import { createLogger } from './logger.ts';
import { Metrics } from './metrics.ts';

describe('the HTTP app', async () => {
  const app = await buildApp({
    logger: createLogger({ logLevel: 'silent', instanceId: 't' }),
    metrics: new Metrics(),
    title: 't',
    version: '0',
    bodyLimit: 1024,
    ready: async () => ({ db: { ok: false, detail: 'down' } }),
  });
  app.post('/echo', { schema: { body: Type.Object({ n: Type.Integer({ minimum: 1 }) }) } }, async (r) => r.body);
  app.get('/missing', async () => {
    throw new NotFoundError('no such thing');
  });
  app.get('/bug', async () => {
    throw new Error('secret SQL: SELECT * FROM users');
  });
  await app.ready();
  after(() => app.close());

  it('names the invalid field in a 400', async () => {
    const r = await app.inject({ method: 'POST', url: '/echo', payload: { n: 0 } });
    assert.equal(r.statusCode, 400);
    assert.equal(r.json().error.code, 'validation_failed');
    assert.match(r.json().error.message, /^body\.n must be >= 1/);
  });

  it('names a missing field', async () => {
    const r = await app.inject({ method: 'POST', url: '/echo', payload: {} });
    assert.equal(r.statusCode, 400);
    assert.match(r.json().error.message, /^body\.n is required/);
  });

  it('answers malformed JSON with 400', async () => {
    const r = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '{"n":' });
    assert.equal(r.statusCode, 400);
    assert.equal(r.json().error.code, 'bad_request');
  });

  it('answers an oversized body with 413', async () => {
    const r = await app.inject({ method: 'POST', url: '/echo', payload: { n: 1, pad: 'x'.repeat(5000) } });
    assert.equal(r.statusCode, 413);
    assert.equal(r.json().error.code, 'payload_too_large');
  });

  it('maps Bourse errors to their status', async () => {
    const r = await app.inject({ method: 'GET', url: '/missing' });
    assert.equal(r.statusCode, 404);
    assert.deepEqual(r.json(), { error: { code: 'not_found', message: 'no such thing' } });
  });

  it('hides the message of an unexpected error', async () => {
    const r = await app.inject({ method: 'GET', url: '/bug' });
    assert.equal(r.statusCode, 500);
    assert.deepEqual(r.json(), { error: { code: 'internal', message: 'Internal server error' } });
  });

  it('answers unknown routes with a 404 error body', async () => {
    const r = await app.inject({ method: 'GET', url: '/nope?x=1' });
    assert.equal(r.statusCode, 404);
    assert.equal(r.json().error.message, 'Route GET /nope not found');
  });

  it('echoes a well-formed request id and replaces a malformed one', async () => {
    const given = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'abc-123' } });
    assert.equal(given.headers['x-request-id'], 'abc-123');
    const bad = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'a b\nc' } });
    assert.match(String(bad.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  });

  it('reports readiness per dependency with 503 when one is down', async () => {
    const r = await app.inject({ method: 'GET', url: '/ready' });
    assert.equal(r.statusCode, 503);
    assert.deepEqual(r.json(), { status: 'unavailable', checks: { db: { ok: false, detail: 'down' } } });
  });

  it('serves Prometheus metrics prefixed bourse_', async () => {
    const r = await app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /^bourse_http_request_duration_seconds_bucket/m);
    assert.match(r.body, /^bourse_process_cpu_user_seconds_total/m);
  });

  it('serves an OpenAPI 3.1 document', async () => {
    const r = await app.inject({ method: 'GET', url: '/openapi.json' });
    assert.equal(r.json().openapi, '3.1.0');
    assert.ok(r.json().paths['/echo']);
  });
});
