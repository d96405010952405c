import { render, screen, within } from '@testing-library/react';
import type { ComponentProps } from 'react';
import { describe, expect, it } from 'vitest';
import { ChainTable } from './Options';

type Chain = ComponentProps<typeof ChainTable>['chain'];
type Side = NonNullable<Chain['data'][number]['call']>;

const side = (symbol: string, iv: number | null): Side => ({
  symbol,
  bid: 1,
  ask: 1.1,
  last: 1.05,
  mid: 1.05,
  volume: 10,
  openInterest: 100,
  iv,
  ivError: iv === null ? 'below intrinsic' : null,
  delta: 0.5,
  gamma: 0.01,
  vega: 0.1,
  theta: -1,
  thetaPerDay: -0.01,
  rho: 0.01,
  vanna: 0,
  volga: 0,
  charm: 0,
});

const chain = {
  underlying: 'SPY',
  ts: 0,
  spot: 101,
  rate: 0.04,
  dividendYield: 0.01,
  multiplier: 100,
  expiry: '2026-12-18',
  expiryTs: 0,
  kind: 'monthly',
  root: 'SPY',
  timeToExpiry: 0.1,
  forward: 101.2,
  data: [100, 101, 102].map((strike) => ({ strike, call: side(`C${strike}`, 0.2), put: side(`P${strike}`, strike === 102 ? null : 0.21) })),
} as unknown as Chain;

describe('ChainTable', () => {
  it('marks the strike nearest the forward at the money', () => {
    render(<ChainTable chain={chain} tickSize={1} />);
    const atm = screen.getByText('ATM').closest('tr')!;
    expect(within(atm).getByRole('rowheader').textContent).toContain('101');
  });

  it('shades calls below spot and puts above it as in the money', () => {
    render(<ChainTable chain={chain} tickSize={1} />);
    const rows = screen.getAllByRole('row').slice(2);
    const cells = (row: HTMLElement) => [...row.querySelectorAll('td')];
    // strike 100 < spot 101: its call side is in the money, its put side is not
    expect(
      cells(rows[0]!)
        .slice(0, 6)
        .every((c) => c.classList.contains('itm')),
    ).toBe(true);
    expect(
      cells(rows[0]!)
        .slice(6)
        .some((c) => c.classList.contains('itm')),
    ).toBe(false);
    // strike 102 > spot: the put side is
    expect(
      cells(rows[2]!)
        .slice(6)
        .every((c) => c.classList.contains('itm')),
    ).toBe(true);
  });

  it('shows IVs in percent and a dash where none was found', () => {
    render(<ChainTable chain={chain} tickSize={1} />);
    const ivs = screen.getAllByTestId('iv').map((c) => c.textContent);
    expect(ivs).toContain('20.0%');
    expect(ivs).toContain('21.0%');
    expect(ivs).toContain('—');
  });
});
