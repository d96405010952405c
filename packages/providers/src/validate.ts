import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { ProviderError, type SourceId } from './port.ts';

/** A JSON pointer (`/chart/result/0/meta/currency`) as a field path (`chart.result[0].meta.currency`). */
function fieldPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path === '' ? part : `${path}.${part}`), '');
}

/**
 * The provider's answer checked against the schema of what the connector reads: what does not fit
 * is a `schema` ProviderError naming the provider, the symbol and the first field that is missing or
 * of another type, so a format change fails that symbol's fetch with a message that says what changed.
 */
export function parse<S extends TSchema>(provider: SourceId, symbol: string, schema: S, value: unknown): Static<S> {
  if (Value.Check(schema, value)) return value as Static<S>;
  const [first] = Value.Errors(schema, value);
  const missing = first?.keyword === 'required' ? (first.params as { requiredProperties?: string[] }).requiredProperties?.[0] : undefined;
  const pointer = `${first?.instancePath ?? ''}${missing === undefined ? '' : `/${missing}`}`;
  const field = fieldPath(pointer) || '(body)';
  const what = missing === undefined ? (first?.message ?? 'is invalid') : 'is missing';
  throw new ProviderError(provider, 'schema', `${symbol}: field ${field} ${what}`, { symbol, field });
}

/** A number written as text (Alpha Vantage, Binance, FRED), read only when it is a finite decimal. */
export const DECIMAL_TEXT = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** The finite number a decimal text holds; anything else is a schema error naming the field. */
export function decimal(provider: SourceId, symbol: string, field: string, text: string): number {
  const n = DECIMAL_TEXT.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isFinite(n))
    throw new ProviderError(provider, 'schema', `${symbol}: field ${field} is not a number ("${text}")`, { symbol, field });
  return n;
}
