import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from '../api/schema';
import { session } from './session';

/** An error answer of the API: `{error: {code, message}}` with its HTTP status. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The signed-in user's access token on every call; one refresh and a retry when it has expired. */
const auth: Middleware = {
  onRequest({ request }) {
    const token = session.accessToken();
    if (token && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
  async onResponse({ request, response }) {
    if (response.status !== 401 || !request.headers.has('authorization')) return response;
    const token = await session.refresh();
    if (!token) return response;
    const retry = new Request(request, { headers: new Headers(request.headers) });
    retry.headers.set('authorization', `Bearer ${token}`);
    return fetch(retry);
  },
};

export const api = createClient<paths>({ baseUrl: '' });
api.use(auth);

/** Unwrap an openapi-fetch answer: its data, or an ApiError with the server's code and message. */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok && data !== undefined) return data;
  const body = (error ?? {}) as { error?: { code?: string; message?: string } };
  throw new ApiError(response.status, body.error?.code ?? 'http_error', body.error?.message ?? `HTTP ${response.status}`);
}

/** The process endpoints outside /api/v1 (/ready, /metrics), which the OpenAPI document does not describe. */
export async function getText(path: string): Promise<{ status: number; text: string }> {
  const response = await fetch(path, { headers: { accept: 'application/json, text/plain' } });
  return { status: response.status, text: await response.text() };
}
