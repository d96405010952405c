import type { AiSignal } from '@bourse/core/stream';
import { useState } from 'react';
import { ErrorState, Panel, Skeleton } from '../components/status';
import { api, ok } from '../lib/api';
import { formatPercent, formatTime } from '../lib/format';
import { useRooms } from '../lib/stream';
import { useAsync } from '../lib/use-async';

/**
 * The instrument's model signal with its model's out-of-sample record beside it, and the features
 * that moved it most: from /ai/signals, then live from the `signals:<symbol>` room.
 */
export function SignalPanel({ symbol, zone }: { symbol: string; zone: string | undefined }) {
  const rest = useAsync(() => ok(api.GET('/api/v1/ai/signals/{symbol}', { params: { path: { symbol } } })), [symbol]);
  const [live, setLive] = useState<AiSignal | undefined>(undefined);
  useRooms([`signals:${symbol}`], (msg) => {
    if (msg.type === 'ai.signal' && msg.data) setLive(msg.data);
  });
  const stored = rest.data?.latest ?? undefined;
  const s = live && (!stored || live.asOf >= stored.asOf) ? live : stored;
  return (
    <Panel title="Model signal">
      {rest.error && !rest.data ? (
        <ErrorState error={rest.error} onRetry={rest.reload} />
      ) : !rest.data ? (
        <Skeleton height="4rem" />
      ) : !s ? (
        <p className="muted" data-testid="signal-none">
          No signal yet: the default model trains once the daily history allows, then scores every final daily bar.
        </p>
      ) : (
        <>
          <p className={`big-price ${s.signal === 'buy' ? 'up' : s.signal === 'sell' ? 'down' : ''}`} data-testid="signal">
            {s.signal.toUpperCase()}{' '}
            <span className="muted small">
              p(up in {s.horizon} × {s.interval}) = {formatPercent(s.probability * 100)}
            </span>
          </p>
          <p className={s.oos.aboveChance ? 'small' : 'small down'}>
            Out of sample: AUC {s.oos.auc === null ? '—' : s.oos.auc.toFixed(3)} over {s.oos.n} predictions
            {s.oos.aboveChance ? '' : ' — not better than chance'}
          </p>
          <dl className="facts">
            {s.topFeatures.map((f) => (
              <span key={f.name} style={{ display: 'contents' }}>
                <dt>{f.name}</dt>
                <dd>
                  {f.value.toPrecision(3)}{' '}
                  <span className={f.contribution >= 0 ? 'up' : 'down'}>
                    ({f.contribution >= 0 ? '+' : ''}
                    {f.contribution.toFixed(2)})
                  </span>
                </dd>
              </span>
            ))}
          </dl>
          <p className="muted small">
            Model {s.modelId} v{s.version} · as of {formatTime(s.asOf, zone)} · confidence {formatPercent(s.confidence * 100)}
          </p>
        </>
      )}
    </Panel>
  );
}
