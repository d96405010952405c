import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from './schema.ts';
import type { Store } from './store.ts';

/**
 * A logical backup made by the application, the same for PGlite and PostgreSQL: JSON lines, a
 * header naming the applied migrations, then per table (parents before children, by their foreign
 * keys) a line with its name and columns and a line per row (`row_to_json`, so timestamps keep
 * their microseconds and float8 its shortest exact digits). A restore goes into a store migrated to
 * the same migrations, in one transaction: every table emptied, the rows inserted through
 * `json_populate_recordset` (PostgreSQL's own casts from the JSON), the sequences moved past them.
 */

export const BACKUP_FORMAT = 'bourse-backup';
const VERSION = 1;
const PAGE = 5_000;
/** The migrator's own bookkeeping: the target store has its own. */
const SKIPPED = new Set(['kysely_migration', 'kysely_migration_lock']);

type Db = Kysely<Database> | Transaction<Database>;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  kind: Store['kind'];
  createdAt: string;
  migrations: string[];
}

export interface TableSummary {
  table: string;
  rows: number;
}

/** The tables of the current schema, parents before children. */
async function tables(db: Db): Promise<string[]> {
  const { rows: names } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const { rows: edges } = await sql<{ child: string; parent: string }>`
    select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
    from pg_constraint c join pg_namespace n on n.oid = c.connamespace
    where c.contype = 'f' and n.nspname = current_schema()`.execute(db);
  const all = names.map((r) => r.name).filter((n) => !SKIPPED.has(n));
  const unquote = (n: string) => n.replace(/^.*\./, '').replace(/"/g, '');
  const parents = new Map(all.map((t) => [t, new Set<string>()]));
  for (const e of edges) if (unquote(e.child) !== unquote(e.parent)) parents.get(unquote(e.child))?.add(unquote(e.parent));
  const ordered: string[] = [];
  const visit = (t: string, path: Set<string>) => {
    if (ordered.includes(t) || path.has(t)) return;
    path.add(t);
    for (const p of parents.get(t) ?? []) visit(p, path);
    ordered.push(t);
  };
  for (const t of all) visit(t, new Set());
  return ordered;
}

async function columns(db: Db, table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select column_name as name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(db);
  return rows.map((r) => r.name);
}

/**
 * A stable order for paging and digests: the primary key's columns, else every column by its text
 * (a table without a key may hold json, which has no ordering operator; its text form always has).
 */
interface RowOrder {
  readonly columns: readonly string[];
  readonly asText: boolean;
}

async function rowOrder(db: Db, table: string): Promise<RowOrder> {
  const { rows } = await sql<{ name: string }>`
    select a.attname as name from pg_index i
    join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
    where i.indrelid = ${sql.lit(table)}::regclass and i.indisprimary
    order by array_position(i.indkey, a.attnum)`.execute(db);
  return rows.length > 0 ? { columns: rows.map((r) => r.name), asText: false } : { columns: await columns(db, table), asText: true };
}

const orderBy = (order: RowOrder, alias: string) =>
  sql.join(order.columns.map((c) => (order.asText ? sql`${sql.ref(`${alias}.${c}`)}::text` : sql.ref(`${alias}.${c}`))));

async function applied(store: Store): Promise<string[]> {
  return (await store.migrate.status()).filter((m) => m.applied).map((m) => m.name);
}

/** Write the store's backup, line by line, to `write`; returns the rows per table. */
export async function backupStore(store: Store, write: (line: string) => Promise<void> | void): Promise<TableSummary[]> {
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    version: VERSION,
    kind: store.kind,
    createdAt: new Date().toISOString(),
    migrations: await applied(store),
  };
  await write(JSON.stringify(header));
  // One repeatable-read transaction: every table as of the same instant.
  return store.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const summary: TableSummary[] = [];
      for (const table of await tables(trx)) {
        await write(JSON.stringify({ table, columns: await columns(trx, table) }));
        const order = await rowOrder(trx, table);
        let rows = 0;
        for (let offset = 0; ; offset += PAGE) {
          const page = await sql<{ r: string }>`
            select row_to_json(t)::text as r from ${sql.table(table)} t order by ${orderBy(order, 't')} limit ${PAGE} offset ${offset}`.execute(
            trx,
          );
          for (const { r } of page.rows) await write(r);
          rows += page.rows.length;
          if (page.rows.length < PAGE) break;
        }
        summary.push({ table, rows });
      }
      return summary;
    });
}

export class BackupFormatError extends Error {
  override name = 'BackupFormatError';
}

/** Replace the store's contents with a backup's (one transaction: all or nothing); returns the rows per table. */
export async function restoreStore(store: Store, lines: AsyncIterable<string>): Promise<TableSummary[]> {
  const it = lines[Symbol.asyncIterator]();
  const first = await it.next();
  let header: BackupHeader;
  try {
    header = JSON.parse(first.done ? '' : first.value) as BackupHeader;
  } catch {
    throw new BackupFormatError('not a Bourse backup: the first line is not its JSON header');
  }
  if (header.format !== BACKUP_FORMAT || header.version !== VERSION)
    throw new BackupFormatError(`not a Bourse backup of version ${VERSION}`);
  const mine = await applied(store);
  if (mine.join() !== header.migrations.join())
    throw new BackupFormatError(
      `the backup's migrations (${header.migrations.at(-1) ?? 'none'}) differ from this store's (${mine.at(-1) ?? 'none'}): migrate first`,
    );
  return store.db.transaction().execute(async (trx) => {
    const known = await tables(trx);
    if (known.length > 0) await sql`truncate ${sql.join(known.map((t) => sql.table(t)))} cascade`.execute(trx);
    const summary: TableSummary[] = [];
    let table: string | undefined;
    let batch: string[] = [];
    const flush = async () => {
      if (table === undefined || batch.length === 0) return;
      const cols = await columns(trx, table);
      await sql`
        insert into ${sql.table(table)} (${sql.join(cols.map((c) => sql.ref(c)))})
        select ${sql.join(cols.map((c) => sql.ref(`r.${c}`)))} from json_populate_recordset(null::${sql.table(table)}, ${`[${batch.join(',')}]`}::json) r`.execute(
        trx,
      );
      summary.at(-1)!.rows += batch.length;
      batch = [];
    };
    let line = 1;
    for (let next = await it.next(); !next.done; next = await it.next()) {
      line++;
      const text = next.value;
      if (text.trim() === '') continue;
      if (text.startsWith('{"table":')) {
        await flush();
        const { table: name } = JSON.parse(text) as { table: string };
        if (!known.includes(name)) throw new BackupFormatError(`line ${line}: table ${name} is not in this store`);
        table = name;
        summary.push({ table, rows: 0 });
      } else {
        if (table === undefined) throw new BackupFormatError(`line ${line}: a row before any table`);
        batch.push(text);
        if (batch.length >= PAGE) await flush();
      }
    }
    await flush();
    // Serial columns continue after the restored ids.
    const { rows: serials } = await sql<{ tbl: string; col: string }>`
      select table_name as tbl, column_name as col from information_schema.columns
      where table_schema = current_schema() and column_default like 'nextval(%'`.execute(trx);
    for (const { tbl, col } of serials) {
      if (!known.includes(tbl)) continue;
      await sql`select setval(pg_get_serial_sequence(${tbl}, ${col}), coalesce((select max(${sql.ref(col)}) from ${sql.table(tbl)}), 0) + 1, false)`.execute(
        trx,
      );
    }
    return summary;
  });
}

/** Rows and an MD5 of every row in primary-key order, per table: two stores with the same contents have the same digests. */
export async function tableDigests(store: Store): Promise<Record<string, { rows: number; md5: string }>> {
  const out: Record<string, { rows: number; md5: string }> = {};
  for (const table of await tables(store.db)) {
    const order = await rowOrder(store.db, table);
    const { rows } = await sql<{ n: number; md5: string | null }>`
      select count(*)::int as n, md5(coalesce(string_agg(row_to_json(t)::text, E'\\n' order by ${orderBy(order, 't')}), '')) as md5
      from ${sql.table(table)} t`.execute(store.db);
    out[table] = { rows: rows[0]?.n ?? 0, md5: rows[0]?.md5 ?? '' };
  }
  return out;
}
