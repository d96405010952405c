import type { CSSProperties, ReactNode } from 'react';

/** A grey placeholder of the final size, so nothing moves when the data arrives. */
export function Skeleton({ height = '1em', width = '100%', style }: { height?: string; width?: string; style?: CSSProperties }) {
  return <span className="skeleton" aria-hidden="true" style={{ height, width, ...style }} />;
}

export function ErrorState({ error, onRetry, children }: { error: Error; onRetry?: () => void; children?: ReactNode }) {
  return (
    <div className="error-state" role="alert">
      <p>
        {children ?? 'Could not load this.'} <span className="muted">{error.message}</span>
      </p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

/** A card: a titled section of a page. */
export function Panel({
  title,
  actions,
  children,
  className,
}: {
  title: string;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <section className={`panel ${className ?? ''}`} aria-label={title}>
      <header className="panel-head">
        <h2>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}
