export { createStore } from './store.ts';
export type { Health, MigrationStatus, Migrations, Store, StoreOptions } from './store.ts';
export type { Database } from './schema.ts';
export type { ExchangeRepository, InstrumentQuery, InstrumentRepository } from './repositories/reference.ts';
export type { RangeQuery } from './rows.ts';
export type { IngestResult, LastSeq, TickRepository } from './repositories/ticks.ts';
export type { BarRepository } from './repositories/bars.ts';
export type { LatestQuote, QuoteRepository } from './repositories/quotes.ts';
export { MigrationError, StoreConfigError, isConnectionError } from './errors.ts';
export { MIGRATIONS } from './migrations.ts';
export { PGliteDialect } from './pglite/index.ts';
export type { PGliteDialectConfig, PGliteLike } from './pglite/index.ts';
export { optionsRepository } from './repositories/options.ts';
export type {
  ChainSnapshot,
  LatestChainRecord,
  OptionAnalyticsRecord,
  OptionBuckets,
  OptionDayOpen,
  OptionHistoryQuery,
  OptionsRepository,
  PcrPoint,
} from './repositories/options.ts';
export type { OptionAnalyticsTable } from './schema.ts';
export { authRepository } from './repositories/auth.ts';
export type { DeadLetterQuery, DeadLetterRecord, DeadLetterRepository, StoredDeadLetter } from './repositories/dead-letters.ts';
export { LOG_LEVELS, logsRepository } from './repositories/logs.ts';
export type { LogLevelName, LogQuery, LogRecord, LogsRepository } from './repositories/logs.ts';
export type { ApiKeyRecord, AuthRepository, RefreshOutcome, Role, User, UserWithHash } from './repositories/auth.ts';
export { ticksCopyBinary } from './postgres/index.ts';
export { ticksCopyText } from './pglite/index.ts';
export type { AiRepository, ModelRecord, ModelStatus, NewModel, TrainJobRecord, TrainJobState } from './repositories/ai.ts';
export type { InsightsRepository } from './repositories/insights.ts';
export type { CorporateActionRecord, CorporateActionRepository } from './repositories/corporate-actions.ts';
export type { LoadedBar, ManualSeriesRepository } from './repositories/manual.ts';
export { BACKUP_FORMAT, BackupFormatError, backupStore, restoreStore, tableDigests } from './backup.ts';
export type { BackupHeader, TableSummary } from './backup.ts';
export type {
  EtlIssue,
  EtlJobRecord,
  EtlJobState,
  EtlRepository,
  EtlSymbolRecord,
  EtlSymbolState,
  LoadBar,
  LoadResult,
  MacroRecord,
  NewEtlJob,
  QualityCount,
  StoredProviderBar,
  SymbolOutcome,
} from './repositories/etl.ts';
