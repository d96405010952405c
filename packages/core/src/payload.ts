import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import type { Envelope } from './envelope.ts';
import { PoisonMessageError } from './errors.ts';

/**
 * Reading bus payloads on receipt. Every payload type has one TypeBox schema in core (its
 * TypeScript type is derived from it); a consumer reads an envelope through the reader made
 * here, which checks the envelope's type and version and validates `data` against the schema.
 * What fails throws PoisonMessageError whose message is the dead letter's reason, naming the
 * first invalid field: `invalid option.chain: /quotes/3/iv must be number`.
 */
export interface PayloadReader<T> {
  /** The envelope type it reads (`option.chain`, `bar`, ...). */
  readonly type: string;
  /** The validated payload; throws PoisonMessageError with the reason. */
  read(env: Envelope): T;
  /** The validated payload, or undefined: for followers that skip what they cannot read. */
  readOrNone(env: Envelope): T | undefined;
  /** Validate a value that is not in an envelope (a cached copy, a frame); throws PoisonMessageError. */
  check(value: unknown): T;
}

/** The first schema error as `<path> <message>`. */
export function firstSchemaError(
  check: { Errors(value: unknown): Iterable<{ instancePath: string; message: string }> },
  value: unknown,
): string {
  for (const e of check.Errors(value)) return `${e.instancePath || '/'} ${e.message}`;
  return 'invalid';
}

/**
 * A reader for payloads of envelope type `type` at the given versions (default: 1) that must
 * match `schema`. The schema is compiled once. A payload read once is remembered for that
 * envelope object, so several followers of one message (rooms of one stream instance) validate
 * it once.
 */
export function payloadReader<S extends TSchema>(
  type: string,
  schema: S,
  options: { versions?: readonly number[] } = {},
): PayloadReader<Static<S>> {
  const versions = options.versions ?? [1];
  const compiled = Compile(schema);
  const seen = new WeakMap<Envelope, { ok: true; value: Static<S> } | { ok: false; reason: string }>();
  const check = (value: unknown): Static<S> => {
    if (!compiled.Check(value)) throw new PoisonMessageError(`invalid ${type}: ${firstSchemaError(compiled, value)}`);
    return value as Static<S>;
  };
  const decide = (env: Envelope) => {
    let r = seen.get(env);
    if (r === undefined) {
      if (env.type !== type) r = { ok: false, reason: `unexpected message type "${env.type}" (want ${type})` };
      else if (!versions.includes(env.v))
        r = { ok: false, reason: `unsupported ${type} version ${env.v} (this build reads ${versions.join(', ')})` };
      else if (!compiled.Check(env.data)) r = { ok: false, reason: `invalid ${type}: ${firstSchemaError(compiled, env.data)}` };
      else r = { ok: true, value: env.data as Static<S> };
      seen.set(env, r);
    }
    return r;
  };
  return {
    type,
    read(env) {
      const r = decide(env);
      if (!r.ok) throw new PoisonMessageError(r.reason);
      return r.value;
    },
    readOrNone(env) {
      const r = decide(env);
      return r.ok ? r.value : undefined;
    },
    check,
  };
}
