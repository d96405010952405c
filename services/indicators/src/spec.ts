import { BadRequestError } from '@bourse/core';
import {
  getIndicator,
  IndicatorParamError,
  indicators,
  type IndicatorDefinition,
  type Params,
  resolveParams,
} from '@bourse/quant/indicators';

/** One requested indicator: its definition and resolved parameters. */
export interface IndicatorRequest {
  readonly def: IndicatorDefinition;
  readonly params: Params<string>;
  /** Canonical label, e.g. `macd(12,26,9)`: the key of its stream and cache entries. */
  readonly label: string;
}

export const INDICATOR_NAMES: readonly string[] = indicators.map((d) => d.name);

function definition(name: string): IndicatorDefinition {
  const def = getIndicator(name.trim().toLowerCase());
  if (!def) throw new BadRequestError(`unknown indicator '${name}'; valid: ${INDICATOR_NAMES.join(', ')}`, { valid: INDICATOR_NAMES });
  return def;
}

/** Resolve parameters, turning the quant package's errors into 400s that name the valid values. */
export function resolve(name: string, given: Readonly<Record<string, number>>): IndicatorRequest {
  const def = definition(name);
  let params: Params<string>;
  try {
    params = resolveParams(def, given);
  } catch (err) {
    if (err instanceof IndicatorParamError) {
      throw new BadRequestError(err.message, {
        indicator: def.name,
        params: def.params.map((p) => ({ name: p.name, min: p.min, max: p.max, default: p.default, integer: p.integer })),
      });
    }
    throw err;
  }
  return { def, params, label: `${def.name}(${def.params.map((p) => params[p.name]).join(',')})` };
}

/**
 * Parse `rsi(14),macd(12,26,9),bbands(20,2),obv` — positional parameters in the order the
 * indicator declares them, or named ones (`bbands(period=20,stdDev=2.5)`); omitted ones take
 * their defaults.
 */
export function parseSpecList(text: string): IndicatorRequest[] {
  const out: IndicatorRequest[] = [];
  const re = /\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\(([^()]*)\))?\s*(?:,|$)/y;
  let at = 0;
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m || m[0].length === 0)
      throw new BadRequestError(
        `querystring.indicators is malformed near '${text.slice(at, at + 20)}'; expected e.g. rsi(14),macd(12,26,9)`,
      );
    at = re.lastIndex;
    const def = definition(m[1]!);
    const given: Record<string, number> = {};
    const args = (m[2] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (args.length > def.params.length) {
      throw new BadRequestError(
        `${def.name} takes at most ${def.params.length} parameters (${def.params.map((p) => p.name).join(', ') || 'none'})`,
      );
    }
    args.forEach((arg, i) => {
      const named = /^([A-Za-z][A-Za-z0-9]*)\s*=\s*(.+)$/.exec(arg);
      const key = named ? named[1]! : def.params[i]!.name;
      const value = Number(named ? named[2] : arg);
      if (!Number.isFinite(value)) throw new BadRequestError(`${def.name}.${key} must be a number (got '${named ? named[2] : arg}')`);
      given[key] = value;
    });
    out.push(resolve(def.name, given));
  }
  if (out.length === 0) throw new BadRequestError('querystring.indicators must name at least one indicator, e.g. rsi(14)');
  if (out.length > 50) throw new BadRequestError('at most 50 indicators per request');
  return out;
}
