import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '@bourse/core';
import type { RunningProcess } from '@bourse/kit';
import { createUser } from '@bourse/svc-auth';
import fc from 'fast-check';
import { start } from '@bourse/cli';

/**
 * Property-based requests generated from the OpenAPI document, against the whole embedded
 * process (through inject, not the network). For every operation, requests are built from its
 * parameter and body schemas: values that fit, and hostile ones (SQL injection, path traversal,
 * unicode, huge numbers, NaN-like strings, nulls, wrong types, deep and large JSON), sent without
 * credentials, with a user token, an admin token or garbage. Every answer must be below 500, an
 * error must have the error body, and no answer may carry a stack trace, a file path or SQL.
 *
 * BOURSE_FUZZ_REQUESTS sets the total (default 10,000); BOURSE_FUZZ_SEED replays a run.
 */
const TOTAL = Number(process.env.BOURSE_FUZZ_REQUESTS ?? 10_000);
const SEED = Number(process.env.BOURSE_FUZZ_SEED ?? 20_261_122);
const PASSWORD = 'quartz-meadow-17-ferry';

const LEAK_SQL = /\bSELECT |\bINSERT INTO|\bUPDATE \w+ SET|\bDELETE FROM/;
const LEAK_ANY_CASE = /at \w+ \(|node_modules|\.ts:\d+|syntax error|relation "|pglite|postgres/i;

export const INJECTIONS = [
  "' OR 1=1 --",
  "'; DROP TABLE ticks; --",
  '" OR ""="',
  '1; SELECT pg_sleep(5)',
  "AAPL' UNION SELECT password_hash FROM users --",
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '....//....//etc/passwd',
  '/etc/passwd\u0000.png',
  '\u0000',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text is the attack
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-1',
  '0x10',
  '9007199254740993',
  '99999999999999999999999999999999',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '',
  ' ',
  'Ａ Ｂ Ｃ',
  'İstanbul',
  '\u202e\u202dRTL',
  '😀💥',
  '\ud800',
  'a'.repeat(5000),
];

type Schema = Record<string, unknown>;
interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body: Schema | undefined;
}

function deepJson(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
}

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 64, -(2 ** 63), -0, 0.1 + 0.2, -1, 0, 1e-320),
  },
  { weight: 1, arbitrary: fc.double() },
  { weight: 2, arbitrary: fc.constantFrom(null, true, false, [], {}) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      deepJson(64),
      deepJson(2000),
      Array.from({ length: 5000 }, (_, i) => i),
    ),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constant(JSON.parse('{"__proto__": {"admin": true}}')) },
);

function resolve(schema: Schema, doc: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.split('/').pop()!;
  const found = ((doc.components as Schema | undefined)?.schemas as Record<string, Schema> | undefined)?.[name];
  return found ?? {};
}

/** Values that fit a JSON schema (the subset the API uses). */
function fitting(raw: Schema | undefined, doc: Schema, depth = 0): fc.Arbitrary<unknown> {
  if (!raw) return fc.jsonValue({ maxDepth: 2 });
  const schema = resolve(raw, doc);
  if (depth > 4) return fc.constant(null);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => fitting(s, doc, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string': {
      if (schema.format === 'date-time')
        return fc.date({ min: new Date(0), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      if (schema.format === 'email') return fc.emailAddress();
      if (schema.format === 'uuid') return fc.uuid();
      const minLength = Number(schema.minLength ?? 0);
      const maxLength = Math.max(minLength, Math.min(Number(schema.maxLength ?? 24), 64));
      return fc.oneof(fc.string({ minLength, maxLength }), fc.constantFrom('AAPL', 'MSFT', 'BTC-USD', 'SPY', '1d', 'sma:20,rsi:14'));
    }
    case 'integer':
      return fc.integer({
        min: Math.max(Number(schema.minimum ?? -1_000_000), -1_000_000),
        max: Math.min(Number(schema.maximum ?? 1_000_000), 1_000_000),
      });
    case 'number':
      return fc.double({
        min: Math.max(Number(schema.minimum ?? -1e6), -1e6),
        max: Math.min(Number(schema.maximum ?? 1e6), 1e6),
        noNaN: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(fitting(schema.items as Schema | undefined, doc, depth + 1), {
        maxLength: Math.min(Number(schema.maxItems ?? 5), 8),
      });
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      const required = (schema.required ?? []) as string[];
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, s] of Object.entries(props)) model[k] = value(s, doc, depth + 1);
      return fc.record(model, { requiredKeys: required.filter((k) => k in props) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Mostly fitting values, often hostile ones. */
function value(schema: Schema | undefined, doc: Schema, depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 3, arbitrary: fitting(schema, doc, depth) }, { weight: 2, arbitrary: hostileValue });
}

function asText(v: unknown): string {
  const text = typeof v === 'string' ? v : v === undefined ? '' : (JSON.stringify(v) ?? String(v));
  // A lone surrogate cannot be put in a URL at all.
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

function operations(doc: Schema): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Schema>>)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const content = (op.requestBody as Schema | undefined)?.content as Record<string, { schema?: Schema }> | undefined;
      ops.push({
        method: method.toUpperCase(),
        path,
        parameters: (op.parameters ?? []) as Parameter[],
        body: content?.['application/json']?.schema,
      });
    }
  }
  return ops;
}

interface Generated {
  url: string;
  payload: string | undefined;
  contentType: string;
  who: 'anonymous' | 'user' | 'admin' | 'garbage';
  sent: string[];
}

function requests(op: Operation, doc: Schema): fc.Arbitrary<Generated> {
  const params: Record<string, fc.Arbitrary<unknown>> = {};
  const required: string[] = [];
  for (const p of op.parameters) {
    if (p.in !== 'path' && p.in !== 'query') continue;
    params[`${p.in}:${p.name}`] = value(p.schema, doc);
    if (p.in === 'path' || p.required) required.push(`${p.in}:${p.name}`);
  }
  const body = op.body
    ? fc.oneof({ weight: 4, arbitrary: value(op.body, doc) }, { weight: 1, arbitrary: fc.constant(undefined) })
    : fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: hostileValue });
  return fc
    .record({
      params: fc.record(params, { requiredKeys: required }),
      body,
      rawPath: fc.boolean(),
      contentType: fc.constantFrom(
        'application/json',
        'application/json',
        'application/json',
        'text/plain',
        'application/x-www-form-urlencoded',
      ),
      who: fc.constantFrom('anonymous' as const, 'user' as const, 'admin' as const, 'garbage' as const),
      extra: fc.option(fc.tuple(fc.constantFrom(...INJECTIONS), fc.constantFrom(...INJECTIONS)), { freq: 4 }),
    })
    .map(({ params: values, body: b, rawPath, contentType, who, extra }) => {
      const sent: string[] = [];
      let url = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
        const text = asText(values[`path:${name}`]);
        sent.push(text);
        // Mostly encoded; sometimes raw (traversal through the router).
        return rawPath ? text.replace(/[?#\s]/g, encodeURIComponent) || 'x' : encodeURIComponent(text) || 'x';
      });
      const query = new URLSearchParams();
      for (const p of op.parameters) {
        const v = values[`query:${p.name}`];
        if (p.in !== 'query' || v === undefined) continue;
        const text = asText(v);
        sent.push(text);
        query.append(p.name, text);
      }
      if (extra) {
        query.append(extra[0], extra[1]);
        sent.push(extra[0], extra[1]);
      }
      const qs = query.toString();
      if (qs) url += `?${qs}`;
      const payload = b === undefined ? undefined : JSON.stringify(b);
      if (payload !== undefined) collectStrings(b, sent);
      return { url, payload, contentType, who, sent };
    });
}

function collectStrings(v: unknown, into: string[], depth = 0): void {
  if (depth > 20) return;
  if (typeof v === 'string') into.push(v);
  else if (Array.isArray(v)) for (const x of v.slice(0, 50)) collectStrings(x, into, depth + 1);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      into.push(k);
      collectStrings(x, into, depth + 1);
    }
  }
}

/** The body without what the request itself sent (an echoed input is no leak). */
function withoutEcho(body: string, sent: string[]): string {
  let out = body;
  // Earlier requests may have stored hostile strings (an API key's name) that later answers list.
  for (const s of [...sent, ...INJECTIONS]) {
    if (s.length < 3) continue;
    for (const form of [s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s)]) out = out.split(form).join('');
  }
  return out;
}

describe('property-based requests from the OpenAPI document', { timeout: 300_000 }, () => {
  let running: RunningProcess;
  let dir: string;
  let doc: Schema;
  const tokens: Record<string, string> = {};
  const crashes: unknown[] = [];
  const onCrash = (err: unknown) => crashes.push(err);

  before(async () => {
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);
    dir = await mkdtemp(join(tmpdir(), 'bourse-fuzz-'));
    running = await start(
      loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        PORT: '0',
        BOURSE_DATA_DIR: dir,
        BOURSE_FEED_ENABLED: 'false',
        BOURSE_FEED_RATE: '1',
        BOURSE_RATE_LIMIT_ENABLED: 'false',
      }),
      [],
    );
    const repo = running.ctx.store.auth;
    await createUser(repo, { email: 'fuzz-admin@example.com', password: PASSWORD, role: 'admin' });
    await createUser(repo, { email: 'fuzz-user@example.com', password: PASSWORD, role: 'user' });
    for (const who of ['admin', 'user']) {
      const r = await running.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: `fuzz-${who}@example.com`, password: PASSWORD },
      });
      tokens[who] = r.json().accessToken;
    }
    doc = (await running.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  });
  after(async () => {
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    await running?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const check = (what: string, status: number, body: string, sent: string[]) => {
    assert.ok(status < 500, `${what}: ${status} ${body.slice(0, 300)}`);
    if (status >= 400) {
      const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
      assert.equal(typeof parsed.error?.code, 'string', `${what}: error body ${body.slice(0, 300)}`);
      assert.equal(typeof parsed.error?.message, 'string', `${what}: error body ${body.slice(0, 300)}`);
    }
    const rest = withoutEcho(body, sent);
    // A match is a leak unless the request itself sent that text with what follows it (a message may quote a slice of the input).
    const echoed = (m: RegExpExecArray) => {
      const context = rest.slice(m.index, m.index + m[0].length + 8).split(/["']/)[0]!;
      return sent.some((x) => x.includes(context));
    };
    const leak = [...rest.matchAll(new RegExp(LEAK_SQL, 'g')), ...rest.matchAll(new RegExp(LEAK_ANY_CASE, 'gi'))].find((m) => !echoed(m));
    assert.equal(leak, undefined, `${what}: leaks "${leak?.[0]}" in ${body.slice(0, 300)}`);
  };

  it(`answers ${TOTAL} generated requests without a 5xx, a crash or a leak`, async () => {
    const ops = operations(doc);
    assert.ok(ops.length >= 30, `operations in the document: ${ops.length}`);
    const perOp = Math.max(1, Math.ceil(TOTAL / ops.length));
    let tried = 0;
    const findings: string[] = [];
    for (const [i, op] of ops.entries()) {
      await fc.assert(
        fc.asyncProperty(requests(op, doc), async (g) => {
          const headers: Record<string, string> = {};
          if (g.who === 'user' || g.who === 'admin') headers.authorization = `Bearer ${tokens[g.who]}`;
          if (g.who === 'garbage')
            headers.authorization = `Bearer ${INJECTIONS[tried % INJECTIONS.length]!.replace(/[^\x21-\x7e]/g, 'x') || 'x'}`;
          if (g.payload !== undefined) headers['content-type'] = g.contentType;
          const r = await running.app.inject({
            method: op.method as 'GET',
            url: g.url,
            headers,
            ...(g.payload !== undefined ? { payload: g.payload } : {}),
          });
          tried++;
          try {
            check(`${op.method} ${g.url.slice(0, 200)} (${g.who}) ${g.payload?.slice(0, 200) ?? ''}`, r.statusCode, r.body, g.sent);
          } catch (err) {
            findings.push((err as Error).message.split('\n')[0]!);
          }
        }),
        { numRuns: perOp, seed: SEED + i },
      );
    }
    assert.deepEqual(crashes, []);
    assert.equal(findings.length, 0, `${findings.length} findings:\n${[...new Set(findings)].slice(0, 30).join('\n')}`);
    console.log(`fuzz: ${ops.length} operations, ${tried} requests, seed ${SEED}`);
  });

  it('answers 413 to an oversized body on every operation that takes one, and 404 to unknown paths', async () => {
    // Past the largest limit of any route (1 MiB by default, 16 MiB for /indicators/calculate).
    const big = JSON.stringify({ data: 'x'.repeat(17 * 1024 * 1024) });
    let n = 0;
    for (const op of operations(doc).filter((o) => o.body)) {
      for (const who of ['anonymous', 'admin']) {
        const url = op.path.replace(/\{\w+\}/g, 'AAPL');
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (who === 'admin') headers.authorization = `Bearer ${tokens.admin}`;
        const r = await running.app.inject({ method: op.method as 'POST', url, headers, payload: big });
        // Anonymous callers of a protected route may be refused before the body is read.
        if (who === 'admin' || r.statusCode !== 401) {
          assert.equal(r.statusCode, 413, `${op.method} ${url} (${who}): ${r.statusCode}`);
          assert.equal(r.json().error.code, 'payload_too_large');
        }
        n++;
      }
    }
    for (const path of ['/../../etc/passwd', '/api/v1/%2e%2e/%2e%2e/etc/passwd', '/api/v1/quotes/..%2f..%2fetc%2fpasswd', '/%00']) {
      const r = await running.app.inject({ method: 'GET', url: path });
      check(`GET ${path}`, r.statusCode, r.body, []);
      n++;
    }
    assert.ok(n > 10);
  });
});
