import { type FormEvent, useEffect, useState } from 'react';
import { ErrorState, Panel, Skeleton } from '../components/status';
import { api, getText, ok } from '../lib/api';
import { formatCompact, formatNumber, formatTime } from '../lib/format';
import { parseMetrics, total } from '../lib/metrics';
import { useAsync } from '../lib/use-async';

interface Ready {
  status: string;
  checks: Record<string, { ok: boolean; detail?: string; latencyMs?: number; error?: string }>;
}

function useEvery(ms: number): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setN((x) => x + 1), ms);
    return () => clearInterval(t);
  }, [ms]);
  return n;
}

function Readiness({ tick }: { tick: number }) {
  const ready = useAsync(async () => {
    const { status, text } = await getText('/ready');
    return { http: status, body: JSON.parse(text) as Ready };
  }, [tick]);
  return (
    <Panel title="Readiness (/ready)">
      {ready.error && !ready.data ? (
        <ErrorState error={ready.error} onRetry={ready.reload} />
      ) : !ready.data ? (
        <Skeleton height="6rem" />
      ) : (
        <>
          <p>
            <span className={ready.data.body.status === 'ok' ? 'ok' : 'bad'} data-testid="ready-status">
              {ready.data.body.status}
            </span>{' '}
            <span className="muted">HTTP {ready.data.http}</span>
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">Dependency</th>
                <th scope="col">State</th>
                <th scope="col" className="num">
                  Latency
                </th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(ready.data.body.checks).map(([name, c]) => (
                <tr key={name}>
                  <td>
                    {name}
                    {c.detail && <span className="muted small"> {c.detail}</span>}
                  </td>
                  <td className={c.ok ? 'ok' : 'bad'}>{c.ok ? 'ready' : (c.error ?? 'failing')}</td>
                  <td className="num">{c.latencyMs === undefined ? '—' : `${formatNumber(c.latencyMs, 1)} ms`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Panel>
  );
}

function KeyMetrics({ tick }: { tick: number }) {
  const metrics = useAsync(async () => {
    const { status, text } = await getText('/metrics');
    if (status !== 200) throw new Error(`/metrics answered ${status}`);
    return parseMetrics(text);
  }, [tick]);
  const feed = useAsync(() => ok(api.GET('/api/v1/feed/status')), [tick]);
  const stream = useAsync(() => ok(api.GET('/api/v1/stream/status')), [tick]);
  const m = metrics.data ?? [];
  const rows: [string, string][] = [
    [
      'Dead-lettered messages',
      formatCompact(
        total(m, 'bourse_ingest_messages', { outcome: 'dead_lettered' }) ?? total(m, 'bourse_ingest_messages_dead_lettered_total'),
      ),
    ],
    ['Retried messages', formatCompact(total(m, 'bourse_ingest_messages', { outcome: 'retried' }))],
    ['Ticks stored', formatCompact(total(m, 'bourse_ingest_ticks_stored_total'))],
    ['Ticks published by the feed', formatCompact(total(m, 'bourse_feed_ticks_published_total'))],
    ['Feed publish failures', formatCompact(total(m, 'bourse_feed_publish_failures_total'))],
    ['Option chains published', formatCompact(total(m, 'bourse_feed_chains_published_total'))],
    ['Bars published', formatCompact(total(m, 'bourse_bars_published_total'))],
    ['Stream connections', formatCompact(total(m, 'bourse_stream_connections'))],
    ['Stream subscriptions', formatCompact(total(m, 'bourse_stream_subscriptions'))],
    ['HTTP requests', formatCompact(total(m, 'bourse_http_request_duration_seconds_count'))],
    ['Event-loop lag p99', `${formatNumber((total(m, 'bourse_nodejs_eventloop_lag_p99_seconds') ?? Number.NaN) * 1000, 1)} ms`],
    ['Resident memory', `${formatNumber((total(m, 'bourse_process_resident_memory_bytes') ?? Number.NaN) / 2 ** 20, 0)} MiB`],
  ];
  return (
    <>
      <Panel title="Key metrics (/metrics)">
        {metrics.error && !metrics.data ? (
          <ErrorState error={metrics.error} onRetry={metrics.reload} />
        ) : !metrics.data ? (
          <Skeleton height="12rem" />
        ) : (
          <table data-testid="metrics">
            <tbody>
              {rows.map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">{k}</th>
                  <td className="num">{v}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
      <Panel title="Feed and stream">
        {feed.data && stream.data ? (
          <dl className="facts">
            <dt>Feed</dt>
            <dd className={feed.data.running ? 'ok' : 'bad'}>{feed.data.running ? 'running' : 'stopped'}</dd>
            <dt>Instruments</dt>
            <dd>{feed.data.instruments}</dd>
            <dt>Rate (ticks/s)</dt>
            <dd>{feed.data.rate}</dd>
            <dt>Stream instances</dt>
            <dd>{stream.data.totals.instances}</dd>
            <dt>Connections</dt>
            <dd>{stream.data.totals.connections}</dd>
            <dt>Messages out/s</dt>
            <dd>{formatNumber(stream.data.totals.messagesOutPerSecond, 0)}</dd>
          </dl>
        ) : feed.error || stream.error ? (
          <ErrorState
            error={(feed.error ?? stream.error)!}
            onRetry={() => {
              feed.reload();
              stream.reload();
            }}
          />
        ) : (
          <Skeleton height="8rem" />
        )}
      </Panel>
    </>
  );
}

type LogQuery = { requestId?: string; level?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal'; q?: string; service?: string };

function Logs() {
  const [query, setQuery] = useState<LogQuery>({ level: 'info' });
  const logs = useAsync(() => ok(api.GET('/api/v1/logs', { params: { query: { ...query, limit: 100 } } })), [JSON.stringify(query)]);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next: LogQuery = {};
    const requestId = String(form.get('requestId') ?? '').trim();
    const q = String(form.get('q') ?? '').trim();
    const service = String(form.get('service') ?? '').trim();
    const level = String(form.get('level') ?? '');
    if (requestId) next.requestId = requestId;
    if (q) next.q = q;
    if (service) next.service = service;
    if (level) next.level = level as NonNullable<LogQuery['level']>;
    setQuery(next);
  };
  return (
    <Panel title="Logs" className="wide">
      <form className="form inline" onSubmit={submit} aria-label="Search the logs">
        <label>
          Request id
          <input name="requestId" placeholder="x-request-id" pattern="[A-Za-z0-9._:\-]+" />
        </label>
        <label>
          Text
          <input name="q" />
        </label>
        <label>
          Service
          <input name="service" />
        </label>
        <label>
          Lowest level
          <select name="level" defaultValue="info">
            {['trace', 'debug', 'info', 'warn', 'error', 'fatal'].map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </label>
        <button type="submit">Search</button>
      </form>
      {logs.error ? (
        <ErrorState error={logs.error} onRetry={logs.reload} />
      ) : !logs.data ? (
        <Skeleton height="10rem" />
      ) : logs.data.data.length === 0 ? (
        <p className="muted">No line matches.</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="logs">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Service</th>
                <th scope="col">Level</th>
                <th scope="col">Request</th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {logs.data.data.map((l, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: log lines have no id; the list is replaced whole
                <tr key={i}>
                  <td>{formatTime(l.ts, undefined, true)}</td>
                  <td>{l.service}</td>
                  <td className={l.level === 'error' || l.level === 'fatal' ? 'bad' : ''}>{l.level}</td>
                  <td>
                    {l.requestId ? (
                      <button type="button" className="ghost small" onClick={() => setQuery({ requestId: l.requestId! })}>
                        {l.requestId}
                      </button>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className="log-line">{l.msg}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}

export default function Ops() {
  const tick = useEvery(5000);
  return (
    <div className="page ops">
      <h1>Operations</h1>
      <div className="ops-grid">
        <Readiness tick={tick} />
        <KeyMetrics tick={tick} />
      </div>
      <Logs />
    </div>
  );
}
