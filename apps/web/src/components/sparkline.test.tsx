import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Sparkline } from './sparkline';

describe('Sparkline', () => {
  it('draws one point per price, rising prices in the up colour', () => {
    render(<Sparkline values={[1, 2, 1.5, 3]} label="AAPL recent prices" />);
    const svg = screen.getByRole('img', { name: 'AAPL recent prices' });
    expect(svg.getAttribute('class')).toContain('up');
    expect(svg.querySelector('polyline')?.getAttribute('points')?.split(' ')).toHaveLength(4);
  });

  it('marks falling prices down', () => {
    render(<Sparkline values={[3, 2]} label="down" />);
    expect(screen.getByRole('img', { name: 'down' }).getAttribute('class')).toContain('down');
  });

  it('says when there is not enough data to draw', () => {
    render(<Sparkline values={[3]} label="FPT" />);
    expect(screen.getByRole('img', { name: 'FPT: not enough data yet' }).querySelector('polyline')).toBeNull();
  });
});
