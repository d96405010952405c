import { BadRequestError } from '@bourse/core';
import { type App, ErrorResponse } from '@bourse/kit';
import type { Store } from '@bourse/store';
import Type from 'typebox';

const Migration = Type.Object({
  name: Type.String(),
  applied: Type.Boolean(),
  appliedAt: Type.Optional(Type.Integer({ description: 'UTC epoch ms' })),
});

/**
 * The store's migrations for administrators: GET /data/migrations (applied and pending) and POST
 * /data/migrations/rollback {to, dryRun}, which reverts every applied migration after `to`, newest
 * first, or with dryRun only says which it would. Mounted by the logs service, the one with admin
 * routes and the store.
 */
export async function migrationAdminRoutes(app: App, store: Store): Promise<void> {
  const admin = { 401: ErrorResponse, 403: ErrorResponse };
  app.get(
    '/data/migrations',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['data'],
        summary: 'Database migrations, applied and pending (admins)',
        response: { 200: Type.Object({ applied: Type.Array(Migration), pending: Type.Array(Migration) }), ...admin },
      },
    },
    async () => {
      const all = await store.migrate.status();
      return { applied: all.filter((m) => m.applied), pending: all.filter((m) => !m.applied) };
    },
  );

  app.post(
    '/data/migrations/rollback',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['data'],
        summary: 'Revert the migrations applied after `to`, newest first (admins); dryRun only lists them',
        body: Type.Object(
          {
            to: Type.String({ minLength: 1, maxLength: 200, description: 'the migration to keep as the last applied' }),
            dryRun: Type.Boolean({ default: true }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            to: Type.String(),
            dryRun: Type.Boolean(),
            undone: Type.Array(Type.String(), { description: 'newest first' }),
          }),
          400: ErrorResponse,
          ...admin,
        },
      },
    },
    async (request) => {
      const { to, dryRun } = request.body;
      const all = await store.migrate.status();
      const target = all.findIndex((m) => m.name === to);
      if (target < 0) throw new BadRequestError(`body.to must name a migration (one of ${all.map((m) => m.name).join(', ')})`);
      if (!all[target]!.applied)
        throw new BadRequestError(`body.to names ${to}, which is pending: a rollback goes back to an applied migration`);
      const wouldUndo = all
        .slice(target + 1)
        .filter((m) => m.applied)
        .map((m) => m.name)
        .reverse();
      if (dryRun || wouldUndo.length === 0) return { to, dryRun, undone: wouldUndo };
      const undone = await store.migrate.downTo(to);
      request.log.warn({ to, undone }, 'migrations rolled back');
      return { to, dryRun, undone: undone.length > 0 ? undone : wouldUndo };
    },
  );
}
