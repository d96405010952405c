import { AsyncLocalStorage } from 'node:async_hooks';
import type { Bus, BusMessage, MessageHandler } from '@bourse/bus';
import type { Envelope } from '@bourse/core';
import type { Logger } from 'pino';

/**
 * What a unit of work runs for: the HTTP request, or the bus message, that caused it.
 * Envelopes published inside it carry its request id; log lines written while a bus
 * message is handled carry the request id of that message (the logger's mixin).
 */
export interface WorkContext {
  readonly requestId?: string;
  /** Set while a bus message is handled (HTTP request logs already carry requestId through Fastify). */
  readonly fromMessage?: boolean;
}

export const workContext = new AsyncLocalStorage<WorkContext>();

export function currentRequestId(): string | undefined {
  return workContext.getStore()?.requestId;
}

/** The fields the process logger adds to every line: the request id of the bus message being handled. */
export function contextLogFields(): Record<string, unknown> {
  const store = workContext.getStore();
  return store?.fromMessage && store.requestId ? { requestId: store.requestId } : {};
}

/** A child logger carrying the request id of a message, when it has one (for subscriptions, whose loops run outside a handler). */
export function messageLog(log: Logger, env: Envelope): Logger {
  return env.requestId ? log.child({ requestId: env.requestId }) : log;
}

export interface BusHooks {
  /** Wraps a publish (tracing). Returns the envelope to send (e.g. with traceparent) and runs `send`. */
  publish?(subject: string, env: Envelope, send: (env: Envelope) => Promise<void>): Promise<void>;
  /** Wraps a consumed message's handler (tracing). */
  consume?(msg: BusMessage, run: () => Promise<void>): Promise<void>;
}

/**
 * The bus as services see it: an envelope published while handling a request carries that
 * request's id (when the publisher did not set one), and a consumer's handler runs in the
 * context of the message's request id, so that its log lines carry it.
 */
export function contextualBus(bus: Bus, hooks: BusHooks = {}): Bus {
  const withRequest = (env: Envelope): Envelope => {
    const requestId = currentRequestId();
    return requestId && env.requestId === undefined ? { ...env, requestId } : env;
  };
  const wrap =
    (handler: MessageHandler): MessageHandler =>
    (msg) => {
      const run = () => (hooks.consume ? hooks.consume(msg, () => handler(msg)) : handler(msg));
      // Always a context of its own: an in-process bus may run the handler inside the publisher's request.
      const requestId = msg.envelope.requestId;
      return workContext.run(requestId ? { requestId, fromMessage: true } : { fromMessage: true }, run);
    };
  return {
    get kind() {
      return bus.kind;
    },
    publish: (subject, env) => {
      const e = withRequest(env);
      return hooks.publish ? hooks.publish(subject, e, (x) => bus.publish(subject, x)) : bus.publish(subject, e);
    },
    consume: (pattern, options, handler) => bus.consume(pattern, options, wrap(handler)),
    subscribe: (pattern) => bus.subscribe(pattern),
    lastPublished: (subject) => bus.lastPublished(subject),
    storedMessage: (ref) => bus.storedMessage(ref),
    health: () => bus.health(),
    close: () => bus.close(),
  };
}
