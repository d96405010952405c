import { useSyncExternalStore } from 'react';
import type { paths } from '../api/schema';

/**
 * The signed-in session: tokens kept in localStorage so a reload stays signed in, and the account they
 * belong to. Refresh tokens are single-use: concurrent refreshes share one request.
 */
type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
export type Account = Json<paths['/api/v1/auth/me']['get']['responses'][200]>;
type Tokens = Pick<Json<paths['/api/v1/auth/login']['post']['responses'][200]>, 'accessToken' | 'refreshToken'>;

const KEY = 'bourse.session';
const listeners = new Set<() => void>();
let account: Account | null = null;
let loaded = false;
let refreshing: Promise<string | null> | null = null;

function readTokens(): Tokens | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Tokens) : null;
  } catch {
    return null;
  }
}

function writeTokens(tokens: Tokens | null): void {
  if (tokens) localStorage.setItem(KEY, JSON.stringify(tokens));
  else localStorage.removeItem(KEY);
}

function emit(): void {
  for (const l of listeners) l();
}

async function post(path: string, body: unknown, token?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  return fetch(path, { method: 'POST', headers, body: JSON.stringify(body) });
}

async function fetchAccount(token: string): Promise<Account | null> {
  const response = await fetch('/api/v1/auth/me', { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) return null;
  return (await response.json()) as Account;
}

async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    return body.error?.message ?? `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

export const session = {
  accessToken: (): string | null => readTokens()?.accessToken ?? null,
  account: (): Account | null => account,
  /** Whether the stored tokens have been checked (until then a protected page waits instead of redirecting). */
  loaded: (): boolean => loaded,

  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },

  /** Read the stored session at start-up. */
  async restore(): Promise<void> {
    let token = readTokens()?.accessToken ?? null;
    if (token) {
      account = await fetchAccount(token);
      if (!account) {
        token = await session.refresh();
        account = token ? await fetchAccount(token) : null;
      }
    }
    loaded = true;
    emit();
  },

  async signIn(email: string, password: string): Promise<void> {
    const response = await post('/api/v1/auth/login', { email, password });
    if (!response.ok) throw new Error(await errorMessage(response));
    const tokens = (await response.json()) as Tokens;
    writeTokens({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken });
    account = await fetchAccount(tokens.accessToken);
    loaded = true;
    emit();
  },

  async register(email: string, password: string): Promise<void> {
    const response = await post('/api/v1/auth/register', { email, password });
    if (!response.ok) throw new Error(await errorMessage(response));
  },

  async signOut(): Promise<void> {
    const tokens = readTokens();
    writeTokens(null);
    account = null;
    emit();
    if (tokens) await post('/api/v1/auth/logout', { refreshToken: tokens.refreshToken }, tokens.accessToken).catch(() => undefined);
  },

  /** A new access token from the refresh token, or null (then the session is over). */
  refresh(): Promise<string | null> {
    refreshing ??= (async () => {
      const tokens = readTokens();
      if (!tokens) return null;
      const response = await post('/api/v1/auth/refresh', { refreshToken: tokens.refreshToken }).catch(() => null);
      if (!response?.ok) {
        writeTokens(null);
        account = null;
        emit();
        return null;
      }
      const next = (await response.json()) as Tokens;
      writeTokens({ accessToken: next.accessToken, refreshToken: next.refreshToken });
      return next.accessToken;
    })().finally(() => {
      refreshing = null;
    });
    return refreshing;
  },
};

export function useAccount(): { account: Account | null; loaded: boolean } {
  const current = useSyncExternalStore(session.subscribe, session.account);
  const isLoaded = useSyncExternalStore(session.subscribe, session.loaded);
  return { account: current, loaded: isLoaded };
}
