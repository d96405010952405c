import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { UnavailableError } from '@bourse/core';
import { CompiledQuery, type DatabaseConnection, Kysely } from 'kysely';
import type { Backend } from '../backend.ts';
import type { Database } from '../schema.ts';
import { pgliteCopyTicks } from './copy.ts';
import { PGliteDialect } from './dialect.ts';

/** The embedded backend: PGlite in a directory (or `memory://`), tables in `schema` when given. */
export async function openPGlite(dir: string, schema: string | undefined): Promise<Backend> {
  let pglite: PGlite;
  try {
    if (!dir.includes('://')) mkdirSync(dir, { recursive: true });
    // int8 as number (our int8 values are epoch ms, sequence numbers and counts, all < 2^53).
    pglite = new PGlite(dir, { parsers: { 20: Number } });
    await pglite.waitReady;
  } catch (error) {
    throw new UnavailableError(`cannot open PGlite at ${dir}: ${(error as Error).message}`, error);
  }
  const db = new Kysely<Database>({
    dialect: new PGliteDialect({
      pglite,
      ...(schema
        ? {
            onCreateConnection: async (conn: DatabaseConnection) => {
              await conn.executeQuery(CompiledQuery.raw(`create schema if not exists "${schema}"`));
              await conn.executeQuery(CompiledQuery.raw(`set search_path to "${schema}"`));
            },
          }
        : {}),
    }),
  });
  return { db, copy: pgliteCopyTicks(db, pglite) };
}
