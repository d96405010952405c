import { type Config, ConfigError } from '@bourse/core';
import { gatewayOptions, upstreamsFor } from '@bourse/svc-gateway';
import { type AnyService, type RunningProcess, startProcess, VERSION } from '@bourse/kit';
import { ALL_SERVICES, type EmbeddedPorts } from './services.ts';

/** Which services run here, checked against the shape the config describes. */
export function selectServices(config: Config, names: readonly string[]): { local: AnyService[]; remote: AnyService[] } {
  const unknown = names.filter((n) => !ALL_SERVICES.some((m) => m.name === n));
  if (unknown.length) {
    throw new ConfigError('services', `unknown: ${unknown.join(', ')} (known: ${ALL_SERVICES.map((m) => m.name).join(', ')})`);
  }
  const all = names.length === 0;
  const local: AnyService[] = ALL_SERVICES.filter((m) => all || names.includes(m.name));
  const remote: AnyService[] = ALL_SERVICES.filter((m) => !local.includes(m));
  if (remote.length > 0) {
    // Services split over processes must share a real bus and database.
    if (local.some((m) => m.needs.includes('bus')) && config.bus.kind === 'memory') {
      throw new ConfigError(
        'BOURSE_BUS',
        'must be a nats:// URL when only some services run in this process (the in-process bus reaches no other process)',
      );
    }
    if (local.some((m) => m.needs.includes('store')) && config.database.kind === 'pglite') {
      throw new ConfigError(
        'BOURSE_DATABASE_URL',
        'must be a postgres:// URL when only some services run in this process (PGlite is private to one process)',
      );
    }
  }
  return { local, remote };
}

export function describeShape(config: Config): string {
  const bus = config.bus.kind === 'memory' ? 'in-process' : `NATS ${config.bus.servers.join(',')}`;
  const store = config.database.kind === 'pglite' ? `PGlite ${config.database.dir}` : `PostgreSQL ${redact(config.database.url)}`;
  const cache = config.cache.kind === 'memory' ? 'in-memory' : `Redis ${redact(config.cache.url)}`;
  return `bus: ${bus} | store: ${store} | cache: ${cache}`;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/**
 * Start the services named, or with none every service (the embedded shape, whose context has every
 * port). Some of them only: the ports in the context depend on which, so it is typed with none.
 */
export async function start(config: Config, names: readonly []): Promise<RunningProcess<EmbeddedPorts>>;
export async function start(config: Config, names: readonly string[]): Promise<RunningProcess<never>>;
export async function start(config: Config, names: readonly string[]): Promise<RunningProcess<EmbeddedPorts>> {
  const { local, remote } = selectServices(config, names);
  const unconfigured = remote.filter((m) => m.prefixes.length > 0 && !config.serviceUrls[m.name]);
  const gateway = local.some((m) => m.name === 'gateway') ? gatewayOptions(upstreamsFor(config, remote), unconfigured) : {};
  return startProcess({ config, modules: local, ...gateway });
}

export function banner(config: Config, running: RunningProcess<never>, names: readonly string[]): string {
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const port = running.url ? new URL(running.url).port : String(config.port);
  const base = `http://${host}:${port}`;
  const shape = names.length === 0 ? 'embedded shape: every service in one process' : `services: ${names.join(', ')}`;
  return [
    `Bourse ${VERSION} — ${shape}`,
    `  ${describeShape(config)}`,
    `  API      ${base}/api/v1   (try ${base}/api/v1/quotes/AAPL)`,
    `  Docs     ${base}/docs`,
    `  OpenAPI  ${base}/openapi.json`,
    `  Health   ${base}/health  ${base}/ready`,
    `  Metrics  ${base}/metrics`,
    '  Ctrl-C to stop.',
  ].join('\n');
}
