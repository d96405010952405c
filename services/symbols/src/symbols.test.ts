import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { loadConfig, subjects } from '@bourse/core';
import { API_KEY_PREFIX, hashSecret, startProcess } from '@bourse/kit';
import { symbolsService } from './index.ts';

describe('symbols service', async () => {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const running = await startProcess({
    config: { ...config, database: { kind: 'pglite', dir: 'memory://' } },
    modules: [symbolsService],
    listen: false,
  });
  after(() => running.stop());
  // Registering instruments is for administrators: an admin's API key and a plain user's.
  const auth = running.ctx.store.auth;
  const keyFor = async (role: 'admin' | 'user') => {
    const user = await auth.createUser({ id: crypto.randomUUID(), email: `${role}@example.com`, passwordHash: 'x', role });
    const key = `${API_KEY_PREFIX}${role}-test-key-${crypto.randomUUID()}`;
    await auth.createApiKey({
      id: crypto.randomUUID(),
      userId: user.id,
      name: 't',
      keyHash: hashSecret(key),
      prefix: key.slice(0, 8),
      readOnly: false,
    });
    return key;
  };
  const adminKey = await keyFor('admin');
  const userKey = await keyFor('user');
  const call = async (method: 'GET' | 'POST', url: string, payload?: object, key: string | null = adminKey) => {
    const r = await running.app.inject({ method, url, ...(payload ? { payload } : {}), ...(key ? { headers: { 'x-api-key': key } } : {}) });
    return { status: r.statusCode, body: r.json() };
  };

  it('finds bitcoin by name', async () => {
    const r = await call('GET', '/api/v1/symbols?q=bitcoin');
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.body.data.map((i: { symbol: string }) => i.symbol),
      ['BTC-USD'],
    );
    assert.equal(r.body.total, 1);
  });

  it('filters by exchange and asset class and pages', async () => {
    const hose = await call('GET', '/api/v1/symbols?exchange=HOSE&limit=5');
    assert.equal(hose.body.data.length, 5);
    assert.ok(hose.body.total >= 12);
    assert.ok(hose.body.data.every((i: { exchange: string }) => i.exchange === 'HOSE'));
    const page2 = await call('GET', '/api/v1/symbols?exchange=HOSE&limit=5&offset=5');
    assert.notDeepEqual(page2.body.data[0], hose.body.data[0]);
    const fx = await call('GET', '/api/v1/symbols?assetClass=fx');
    assert.ok(fx.body.data.some((i: { symbol: string }) => i.symbol === 'USDJPY'));
  });

  it('lists the instruments the issue names, with their metadata', async () => {
    for (const s of ['AAPL', 'MSFT', 'NVDA', 'SPY', 'QQQ', 'SPX', 'BTC-USD', 'ETH-USD', 'EURUSD', 'USDJPY', 'VNM', 'FPT', 'VCB']) {
      const r = await call('GET', `/api/v1/symbols/${s}`);
      assert.equal(r.status, 200, s);
      assert.deepEqual(Object.keys(r.body).sort(), [
        'assetClass',
        'currency',
        'exchange',
        'lotSize',
        'name',
        'streamable',
        'symbol',
        'tickSize',
      ]);
    }
    const all = await call('GET', '/api/v1/symbols?limit=500');
    assert.ok(all.body.total >= 50);
  });

  it('rejects bad queries with 400', async () => {
    for (const url of [
      '/api/v1/symbols?limit=0',
      '/api/v1/symbols?limit=501',
      '/api/v1/symbols?assetClass=bond',
      '/api/v1/symbols?offset=-1',
    ]) {
      const r = await call('GET', url);
      assert.equal(r.status, 400, url);
      assert.equal(r.body.error.code, 'validation_failed');
    }
  });

  it('registers an instrument, announces it, and refuses it twice', async () => {
    const announced = running.ctx.bus.subscribe(subjects.instrumentsAll);
    const instrument = {
      symbol: 'ACME',
      name: 'Acme Corp',
      exchange: 'NYSE',
      assetClass: 'equity',
      currency: 'USD',
      tickSize: 0.01,
      lotSize: 1,
      streamable: true,
    };
    const created = await call('POST', '/api/v1/symbols', instrument);
    assert.equal(created.status, 201);
    assert.deepEqual(created.body, instrument);
    for await (const msg of announced) {
      assert.equal((msg.envelope.data as { symbol: string }).symbol, 'ACME');
      break;
    }
    assert.equal((await call('GET', '/api/v1/symbols/ACME')).status, 200);
    const again = await call('POST', '/api/v1/symbols', instrument);
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'conflict');
  });

  it('lets only administrators register instruments', async () => {
    const instrument = {
      symbol: 'NOPE1',
      name: 'N',
      exchange: 'NYSE',
      assetClass: 'equity',
      currency: 'USD',
      tickSize: 0.01,
      lotSize: 1,
      streamable: true,
    };
    const anonymous = await call('POST', '/api/v1/symbols', instrument, null);
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.body.error.code, 'unauthorized');
    const user = await call('POST', '/api/v1/symbols', instrument, userKey);
    assert.equal(user.status, 403);
    assert.equal(user.body.error.code, 'forbidden');
    assert.equal((await call('GET', '/api/v1/symbols/NOPE1')).status, 404);
  });

  it('validates a new instrument, naming the field', async () => {
    const base = {
      symbol: 'NEW1',
      name: 'N',
      exchange: 'NYSE',
      assetClass: 'equity',
      currency: 'USD',
      tickSize: 0.01,
      lotSize: 1,
      streamable: true,
    };
    const cases: [object, RegExp][] = [
      [{ ...base, tickSize: 0 }, /body\.tickSize/],
      [{ ...base, symbol: 'bad symbol' }, /body\.symbol/],
      [{ ...base, assetClass: 'bond' }, /body\.assetClass/],
      [{ ...base, exchange: 'MOON' }, /body\.exchange must be one of/],
      [(({ name: _n, ...rest }) => rest)(base), /body\.name is required/],
    ];
    for (const [body, message] of cases) {
      const r = await call('POST', '/api/v1/symbols', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.match(r.body.error.message, message);
    }
  });

  it('registers an instrument from symbol, name, exchange, asset class and currency, with the documented defaults', async () => {
    const r = await call('POST', '/api/v1/symbols', {
      symbol: 'DFLT',
      name: 'Defaults Inc.',
      exchange: 'NYSE',
      assetClass: 'equity',
      currency: 'USD',
    });
    assert.equal(r.status, 201);
    assert.deepEqual(r.body, {
      symbol: 'DFLT',
      name: 'Defaults Inc.',
      exchange: 'NYSE',
      assetClass: 'equity',
      currency: 'USD',
      tickSize: 0.01,
      lotSize: 1,
      streamable: false,
    });
  });

  it('lists exchanges', async () => {
    const r = await call('GET', '/api/v1/exchanges');
    assert.ok(r.body.data.some((e: { code: string }) => e.code === 'HOSE'));
  });
});
