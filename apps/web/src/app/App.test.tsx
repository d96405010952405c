import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { session } from '../lib/session';
import { App } from './App';
import { match } from './router';

describe('routes', () => {
  it('matches a deep link and decodes its parameter', () => {
    expect(match('/instrument/:symbol', '/instrument/BTC-USD')).toEqual({ symbol: 'BTC-USD' });
    expect(match('/instrument/:symbol', '/instrument/BRK.B/extra')).toBeNull();
    expect(match('/options/:underlying', '/options/%5ESPX')).toEqual({ underlying: '^SPX' });
  });
});

describe('protected pages', () => {
  beforeEach(() => {
    // the app's page chunks reach for the network; nothing answers in a component test
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('{}', { status: 503 })),
    );
    vi.stubGlobal('WebSocket', undefined);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('send a signed-out visitor to sign in, remembering where they were going', async () => {
    history.replaceState(null, '', '/keys');
    await act(async () => {
      await session.restore();
    });
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(location.pathname + location.search).toBe('/signin?next=%2Fkeys');
  });

  it('show a page that is not the app as not found', async () => {
    history.replaceState(null, '', '/no/such/page');
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeTruthy();
  });
});
