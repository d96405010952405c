import type { OptionChainMessage } from '@bourse/core';
import type { ColumnType, Generated } from 'kysely';

/**
 * Table types as Kysely sees them. Timestamps are `timestamptz`, read as Date
 * and converted to UTC epoch ms by the repositories; int8 columns are parsed
 * to numbers by both backends (values stay far below 2^53).
 */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface ExchangesTable {
  code: string;
  name: string;
  country: string;
  timezone: string;
  currency: string;
}

export interface InstrumentsTable {
  symbol: string;
  name: string;
  exchange: string;
  asset_class: string;
  currency: string;
  tick_size: number;
  lot_size: number;
  streamable: boolean;
  created_at: Generated<Date>;
}

export interface TicksTable {
  symbol: string;
  ts: Timestamp;
  seq: number;
  price: number;
  size: number;
  bid: number;
  ask: number;
}

export interface BarsTable {
  symbol: string;
  interval: string;
  start: Timestamp;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  trades: number;
  pv: number;
  open_ts: Timestamp;
  open_seq: number;
  close_ts: Timestamp;
  close_seq: number;
}

export interface LatestQuotesTable {
  symbol: string;
  ts: Timestamp;
  seq: number;
  last: number;
  bid: number;
  ask: number;
  size: number;
}

export interface Database {
  exchanges: ExchangesTable;
  instruments: InstrumentsTable;
  ticks: TicksTable;
  bars: BarsTable;
  latest_quotes: LatestQuotesTable;
}

/** Option analytics history (migration 0005_options): one row per underlying, expiry and chain snapshot. */
export interface OptionAnalyticsTable {
  underlying: string;
  /** YYYY-MM-DD */
  expiry: string;
  ts: Timestamp;
  spot: number;
  forward: number;
  time_to_expiry: number;
  call_oi: number;
  put_oi: number;
  call_volume: number;
  put_volume: number;
  pcr_oi: number | null;
  pcr_volume: number | null;
  max_pain: number | null;
  atm_strike: number | null;
  straddle: number | null;
  atm_iv: number | null;
  rr25: number | null;
  bf25: number | null;
  gex: number;
}

export interface Database {
  option_analytics: OptionAnalyticsTable;
}

/** The latest chain of each underlying and its day's opening build-up (migration 0008_option_latest). */
export interface OptionLatestChainsTable {
  underlying: string;
  ts: Timestamp;
  chain: OptionChainMessage;
  day_open: OptionDayOpen;
  /** the snapshot whose open interest `day_open` holds: the first of its UTC day */
  day_opened_at: Timestamp;
}

/** Which underlying each OCC root belongs to (migration 0008_option_latest). */
export interface OptionRootsTable {
  root: string;
  underlying: string;
}

export interface Database {
  option_latest_chains: OptionLatestChainsTable;
  option_roots: OptionRootsTable;
}

export interface UsersTable {
  id: string;
  email: string;
  password_hash: string;
  role: 'admin' | 'user';
  created_at: Generated<Date>;
  password_changed_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** A refresh-token family: one login and every token rotated from it. */
export interface AuthSessionsTable {
  id: string;
  user_id: string;
  created_at: Generated<Date>;
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  revoked_reason: string | null;
}

export interface RefreshTokensTable {
  /** SHA-256 (hex) of the opaque token. */
  token_hash: string;
  session_id: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface ApiKeysTable {
  id: string;
  user_id: string;
  name: string;
  /** SHA-256 (hex) of the key. */
  key_hash: string;
  /** The first characters of the key, shown in listings. */
  prefix: string;
  read_only: boolean;
  created_at: Generated<Date>;
  last_used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** The auth tables (migration 0004_auth), merged into Database. */
export interface Database {
  users: UsersTable;
  auth_sessions: AuthSessionsTable;
  refresh_tokens: RefreshTokensTable;
  api_keys: ApiKeysTable;
}

/** Central logs (migration 0006_logs): one row per log line of any process. */
export interface LogsTable {
  id: Generated<number>;
  ts: Timestamp;
  service: string;
  /** pino's level number (LOG_LEVELS). */
  level: number;
  instance: string | null;
  request_id: string | null;
  msg: string;
  /** The whole line as JSON text (fields vary by line). */
  line: string;
  received_at: Generated<Date>;
}

export interface Database {
  logs: LogsTable;
}

/** Open interest of one side of one expiry, in, at and out of the money. */
export interface OptionBuckets {
  itm: number;
  atm: number;
  otm: number;
}

/** The open-interest build-up of each expiry (by YYYY-MM-DD) at the first snapshot of a UTC day. */
export type OptionDayOpen = Record<string, { calls: OptionBuckets; puts: OptionBuckets }>;

/** A JSON column: written as JSON text, read back parsed. */
type Json<T> = ColumnType<T, string, string>;

/** The ai service's model registry, training jobs and signals (migration 0010_ai). */
export interface AiModelsTable {
  id: string;
  name: string;
  version: number;
  kind: string;
  features: Json<string[]>;
  horizon: number;
  interval: string;
  universe: Json<string[]>;
  params: Json<Record<string, unknown>>;
  train_from: Timestamp;
  train_to: Timestamp;
  data_hash: string;
  metrics: Json<Record<string, unknown>>;
  artefact: Json<unknown>;
  status: string;
  created_at: Generated<Date>;
  created_by: string;
}

export interface AiTrainJobsTable {
  id: string;
  state: string;
  progress: Generated<number>;
  request: Json<Record<string, unknown>>;
  model_id: string | null;
  error: string | null;
  created_by: string;
  created_at: Generated<Date>;
  started_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  finished_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  lease_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface AiSignalsTable {
  symbol: string;
  model_id: string;
  as_of: Timestamp;
  signal: Json<unknown>;
}

export interface Database {
  ai_models: AiModelsTable;
  ai_train_jobs: AiTrainJobsTable;
  ai_signals: AiSignalsTable;
}

/** Composite scores (migration 0011_insights): the history and the latest per symbol. */
export interface InsightsTable {
  symbol: string;
  as_of: Timestamp;
  score: number;
  insight: Json<unknown>;
}

export interface InsightsLatestTable extends InsightsTable {
  updated_at: Generated<Date>;
}

export interface Database {
  insights: InsightsTable;
  insights_latest: InsightsLatestTable;
}

/** Splits and dividends (migration 0009_corporate_actions). */
export interface CorporateActionsTable {
  symbol: string;
  kind: 'split' | 'dividend';
  /** a `date` column, read back as YYYY-MM-DD text */
  ex_date: ColumnType<string, string, string>;
  ratio: number | null;
  amount: number | null;
  currency: string | null;
  source: string;
  updated_at: Generated<Date>;
}

/** The symbols priced by hand (migration 0010_manual_series). */
export interface ManualSeriesTable {
  symbol: string;
  created_at: Generated<Date>;
}

export interface Database {
  corporate_actions: CorporateActionsTable;
  manual_series: ManualSeriesTable;
}

/** The etl service's tables (migration 0009_etl). */
export interface EtlJobsTable {
  id: string;
  source: string;
  interval: string;
  from: Timestamp;
  to: Timestamp;
  state: string;
  origin: string;
  created_at: Generated<Date>;
  started_at: Date | null;
  finished_at: Date | null;
  lease_owner: string | null;
  lease_until: Date | null;
  attempts: Generated<number>;
  cancel_requested: Generated<boolean>;
  error: string | null;
}

export interface EtlJobSymbolsTable {
  job_id: string;
  symbol: string;
  position: number;
  state: string;
  fetched: Generated<number>;
  loaded: Generated<number>;
  revised: Generated<number>;
  unchanged: Generated<number>;
  rejected: Generated<number>;
  flagged: Generated<number>;
  fetch_ms: number | null;
  load_ms: number | null;
  started_at: Date | null;
  finished_at: Date | null;
  error: string | null;
}

export interface ProviderBarsTable {
  symbol: string;
  interval: string;
  start: Timestamp;
  source: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  trades: number | null;
}

export interface EtlIssuesTable {
  job_id: string;
  symbol: string;
  interval: string;
  source: string;
  start: Date | null;
  check: string;
  rejected: boolean;
  reason: string;
  row: unknown;
  created_at: Generated<Date>;
}

export interface MacroSeriesTable {
  series_id: string;
  source: string;
  title: string | null;
  units: string | null;
  updated_at: Generated<Date>;
}

export interface MacroObservationsTable {
  series_id: string;
  source: string;
  date: ColumnType<string, string, string>;
  value: number | null;
}

export interface Database {
  etl_jobs: EtlJobsTable;
  etl_job_symbols: EtlJobSymbolsTable;
  provider_bars: ProviderBarsTable;
  etl_issues: EtlIssuesTable;
  macro_series: MacroSeriesTable;
  macro_observations: MacroObservationsTable;
}
