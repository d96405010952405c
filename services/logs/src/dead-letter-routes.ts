import type { Bus } from '@bourse/bus';
import { type App, ErrorResponse } from '@bourse/kit';
import type { Store } from '@bourse/store';
import Type from 'typebox';
import { replayDeadLetters } from './dead-letters.ts';

const Subject = Type.String({
  minLength: 1,
  maxLength: 1024,
  pattern: '^[A-Za-z0-9_.:~-]+(\\.>)?$|^>$',
  description: 'A subject, or a prefix ending in `.>` (md.tick.>)',
});
const Id = Type.String({ minLength: 1, maxLength: 300, pattern: '^[^\\u0000-\\u001f]+$' });

const DeadLetterEntry = Type.Object({
  id: Type.String(),
  subject: Type.String({ description: 'The original message subject' }),
  consumer: Type.String({ description: 'The durable that gave up on it' }),
  kind: Type.String({ description: 'malformed, poison, failed or not_acked' }),
  reason: Type.String(),
  deliveries: Type.Integer(),
  size: Type.Integer({ description: 'Bytes of the original message' }),
  sha256: Type.String(),
  truncated: Type.Boolean({ description: 'Too large to travel in its dead letter; the body was kept from the stream' }),
  deadAt: Type.Integer(),
  recordedAt: Type.Integer(),
  replays: Type.Integer(),
  replayedAt: Type.Union([Type.Integer(), Type.Null()]),
});

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse };

/** The dead-letter queue for admins: what failed and why, and a resend once the cause is fixed. */
export async function deadLetterRoutes(app: App, { bus, store }: { bus: Bus; store: Store }): Promise<void> {
  app.get(
    '/dlq',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['logs'],
        summary: 'List dead letters, newest first (admins)',
        querystring: Type.Object({
          subject: Type.Optional(Subject),
          pending: Type.Optional(Type.Boolean({ description: 'Only those never replayed' })),
          limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
        }),
        response: { 200: Type.Object({ data: Type.Array(DeadLetterEntry) }), ...errors },
      },
    },
    async (request) => {
      const { subject, pending, limit } = request.query;
      return { data: await store.deadLetters.list({ limit, ...(subject ? { subject } : {}), ...(pending ? { pending } : {}) }) };
    },
  );

  app.post(
    '/dlq/replay',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['logs'],
        summary: 'Resend dead letters to their subjects with fresh message ids (admins): those never replayed, or one by id',
        body: Type.Object(
          {
            subject: Type.Optional(Subject),
            id: Type.Optional(Id),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            replayed: Type.Array(Type.String()),
            skipped: Type.Array(Type.Object({ id: Type.String(), reason: Type.String() })),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { subject, id, limit } = request.body;
      return replayDeadLetters(
        { bus, store },
        { ...(subject ? { subject } : {}), ...(id ? { id } : {}), ...(limit !== undefined ? { limit } : {}) },
      );
    },
  );
}
