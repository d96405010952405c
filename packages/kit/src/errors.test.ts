import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import Type from 'typebox';
import { buildApp } from './app.ts';
import { clientErrorReply } from './errors.ts';
import { createLogger } from './logger.ts';
import { Metrics } from './metrics.ts';
import type { App } from './service.ts';

/** What a raw HTTP/1.1 exchange answers: the status line's code and the body after the headers. */
async function rawRequest(port: number, request: string): Promise<{ status: number; body: string }> {
  const text = await new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
    });
    socket.on('error', (err) => (received ? resolve(received) : reject(err)));
    socket.on('close', () => resolve(received));
    socket.write(request);
  });
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
  return { status, body: text.slice(text.indexOf('\r\n\r\n') + 4) };
}

function assertErrorBody(body: string, code: string): void {
  const parsed = JSON.parse(body) as { error: { code: string; message: string } };
  assert.equal(parsed.error.code, code, body);
  assert.equal(typeof parsed.error.message, 'string');
  assert.deepEqual(Object.keys(parsed), ['error']);
}

describe('every error status has the error body', () => {
  let app: App;
  let port: number;
  before(async () => {
    app = await buildApp({
      logger: createLogger({ logLevel: 'silent', instanceId: 't' }),
      metrics: new Metrics(),
      title: 't',
      version: '0',
      bodyLimit: 1024,
      openapi: 'none',
      ready: async () => ({}),
    });
    app.post('/things', { schema: { body: Type.Object({ n: Type.Integer() }) } }, async (r) => r.body);
    app.get('/things/:id', async (r) => r.params);
    app.get('/upstream', async () => {
      // What @fastify/reply-from sends when the service behind the gateway does not answer.
      throw Object.assign(new Error('Bad Gateway'), { code: 'FST_REPLY_FROM_BAD_GATEWAY', statusCode: 502 });
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as { port: number }).port;
  });
  after(() => app.close());

  const cases: [string, () => Promise<{ status: number; body: string }>, number, string][] = [
    ['a malformed JSON body', () => inject('POST', '/things', '{"n":', 'application/json'), 400, 'bad_request'],
    ['an invalid field', () => inject('POST', '/things', '{"n":"x"}', 'application/json'), 400, 'validation_failed'],
    ['an unknown route', () => inject('GET', '/nowhere'), 404, 'not_found'],
    ['a method the path does not have', () => inject('DELETE', '/things'), 405, 'method_not_allowed'],
    [
      'a body past the limit',
      () => inject('POST', '/things', JSON.stringify({ n: 1, pad: 'x'.repeat(4000) }), 'application/json'),
      413,
      'payload_too_large',
    ],
    ['a path parameter past the router limit', () => inject('GET', `/things/${'a'.repeat(300)}`), 414, 'uri_too_long'],
    ['a media type with no parser', () => inject('POST', '/things', '<n>1</n>', 'application/xml'), 415, 'unsupported_media_type'],
    ['an upstream that does not answer', () => inject('GET', '/upstream'), 502, 'bad_gateway'],
  ];
  async function inject(method: 'GET' | 'POST' | 'DELETE', url: string, payload?: string, contentType?: string) {
    const r = await app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload }),
      headers: contentType ? { 'content-type': contentType } : {},
    });
    return { status: r.statusCode, body: r.body };
  }
  for (const [what, send, status, code] of cases) {
    it(`answers ${what} with ${status} ${code}`, async () => {
      const r = await send();
      assert.equal(r.status, status, r.body);
      assertErrorBody(r.body, code);
    });
  }

  it('names the allowed methods of a 405', async () => {
    const r = await app.inject({ method: 'DELETE', url: '/things' });
    assert.equal(r.headers.allow, 'POST');
  });

  it("answers a URL past Node's header limit with 431 and the error body", async () => {
    const r = await rawRequest(port, `GET /things/1?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    assert.equal(r.status, 431);
    assertErrorBody(r.body, 'header_too_large');
  });

  it('answers a request the HTTP parser cannot read with 400 and the error body', async () => {
    const r = await rawRequest(port, 'GET /things/1 HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n');
    assert.equal(r.status, 400);
    assertErrorBody(r.body, 'bad_request');
  });

  it('answers a request that timed out in the parser with 408 and the error body', async () => {
    const socket = new PassThrough();
    let written = '';
    // The handler destroys the socket with the parser's error, as it would a real one.
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      written += chunk.toString('utf8');
    });
    clientErrorReply.call(app, Object.assign(new Error('timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), socket);
    assert.match(written, /^HTTP\/1\.1 408 Request Timeout\r\n/);
    assertErrorBody(written.slice(written.indexOf('\r\n\r\n') + 4), 'request_timeout');
  });
});

describe('a request while the server closes', () => {
  it('answers 503 with the error body', async () => {
    const app = await buildApp({
      logger: createLogger({ logLevel: 'silent', instanceId: 't' }),
      metrics: new Metrics(),
      title: 't',
      version: '0',
      openapi: 'none',
      ready: async () => ({}),
    });
    let answered: { status: number; body: string } | undefined;
    // preClose hooks run in order: this one, added after the kit's, sees the server already closing
    // while it still listens (a request on a kept-alive connection, or one a load balancer sent late).
    app.addHook('preClose', async () => {
      const r = await fetch(`http://127.0.0.1:${port}/health`);
      answered = { status: r.status, body: await r.text() };
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as { port: number }).port;
    await app.close();
    assert.equal(answered?.status, 503);
    assertErrorBody(answered!.body, 'unavailable');
  });
});
