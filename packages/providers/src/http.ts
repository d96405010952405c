import { ProviderError, type SourceId } from './port.ts';
import type { Resilience } from './resilience.ts';

/** What the connectors need of `fetch`: the global one in production, any stand-in that behaves alike. */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export interface JsonRequest {
  /** The Bourse symbol (or series) the call is for: named in every error. */
  readonly symbol: string;
  readonly method?: 'GET' | 'POST';
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** A JSON body (POST). */
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  /**
   * Looks at a parsed 2xx body before it is returned, inside the retried attempt: a provider that
   * answers its rate limit or an error with HTTP 200 (Alpha Vantage) throws the ProviderError here,
   * so an in-body rate limit is retried and counted like a 429.
   */
  readonly inspect?: (body: unknown) => void;
}

export interface HttpOptions {
  readonly provider: SourceId;
  /** The provider's root (BOURSE_<PROVIDER>_URL): documented paths are appended to it. */
  readonly baseUrl: string;
  readonly resilience: Resilience;
  readonly fetch?: Fetch;
  /** Headers on every request (an API key header). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The provider's own error text in a non-2xx JSON body, for the message. */
  readonly errorText?: (body: unknown) => string | undefined;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const SNIPPET = 60;

/**
 * JSON over HTTP for one provider: the URL built under the configured root, each attempt run through
 * the provider's resilience (budget, timeout, retry, breaker), and every way an answer can be wrong
 * turned into a ProviderError that says which: the status (429 with its Retry-After, 5xx, 401/403,
 * 404, other 4xx), a network failure or timeout, an HTML page where JSON was expected, a truncated body.
 */
export class HttpJson {
  private readonly fetch: Fetch;
  constructor(private readonly options: HttpOptions) {
    this.fetch = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  }

  get provider(): SourceId {
    return this.options.provider;
  }

  url(path: string, query: JsonRequest['query'] = {}): string {
    const root = this.options.baseUrl.replace(/\/+$/, '');
    const url = new URL(`${root}/${path.replace(/^\/+/, '')}`);
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
    return url.toString();
  }

  /** The parsed JSON body of `path`; throws a ProviderError for every failure. */
  async json(path: string, request: JsonRequest): Promise<unknown> {
    const url = this.url(path, request.query);
    return this.options.resilience.execute(async (signal) => {
      const body = await this.attempt(url, request, signal);
      request.inspect?.(body);
      return body;
    }, request.signal);
  }

  private async attempt(url: string, request: JsonRequest, signal: AbortSignal): Promise<unknown> {
    const { provider } = this.options;
    const symbol = request.symbol;
    let response: Response;
    let text: string;
    try {
      response = await this.fetch(url, {
        method: request.method ?? 'GET',
        headers: {
          accept: 'application/json',
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...this.options.headers,
          ...request.headers,
        },
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        signal,
      });
      text = await response.text();
    } catch (error) {
      if (signal.aborted)
        throw new ProviderError(provider, 'unavailable', `${symbol}: no answer in time (request aborted)`, { symbol }, { cause: error });
      throw new ProviderError(
        provider,
        'unavailable',
        `${symbol}: request failed (${(error as Error).message})`,
        { symbol },
        { cause: error },
      );
    }
    const body = readJson(text);
    if (!response.ok) throw this.statusError(response, symbol, body);
    if (body.kind === 'html') {
      throw new ProviderError(provider, 'unavailable', `${symbol}: answered an HTML page instead of JSON ("${body.snippet}")`, {
        symbol,
        status: response.status,
      });
    }
    if (body.kind === 'broken') {
      const what = body.truncated ? 'a truncated JSON body' : `a body that is not JSON ("${body.snippet}")`;
      throw new ProviderError(provider, 'unavailable', `${symbol}: answered ${what}`, { symbol, status: response.status });
    }
    return body.value;
  }

  private statusError(response: Response, symbol: string, body: ReturnType<typeof readJson>): ProviderError {
    const { provider } = this.options;
    const status = response.status;
    const said = body.kind === 'json' ? this.options.errorText?.(body.value) : undefined;
    const message = `${symbol}: HTTP ${status}${said ? ` (${said})` : ''}`;
    const details = { symbol, status };
    if (status === 429 || status === 418) {
      const wait = retryAfterMs(response.headers.get('retry-after'), Date.now());
      return new ProviderError(provider, 'rate_limited', message, wait === undefined ? details : { ...details, retryAfterMs: wait });
    }
    if (status >= 500 || status === 408) return new ProviderError(provider, 'unavailable', message, details);
    if (status === 401 || status === 403) return new ProviderError(provider, 'auth', message, details);
    if (status === 404) return new ProviderError(provider, 'not_found', message, details);
    return new ProviderError(provider, 'bad_request', message, details);
  }
}

type Body =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'html'; readonly snippet: string }
  | { readonly kind: 'broken'; readonly truncated: boolean; readonly snippet: string };

function readJson(text: string): Body {
  const trimmed = text.trimStart();
  const snippet = trimmed.slice(0, SNIPPET).replaceAll(/\s+/g, ' ');
  if (trimmed.startsWith('<')) return { kind: 'html', snippet };
  try {
    return { kind: 'json', value: JSON.parse(text) };
  } catch (error) {
    // V8 says "Unexpected end of JSON input" (or "Unterminated string") when the text stops early.
    const truncated = trimmed !== '' && /end of JSON input|Unterminated/i.test((error as Error).message);
    return { kind: 'broken', truncated: truncated || trimmed === '', snippet };
  }
}
