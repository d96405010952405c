import { act, render } from '@testing-library/react';
import { useEffect } from 'react';
import { describe, expect, it } from 'vitest';
import { useFrameState } from './frame';

describe('useFrameState', () => {
  it('renders a burst of updates once, at the next animation frame, with all of them applied', async () => {
    let renders = 0;
    let seen = 0;
    function Counter() {
      const [count, update] = useFrameState(0);
      renders++;
      seen = count;
      useEffect(() => {
        for (let i = 0; i < 50; i++) update((n) => n + 1);
      }, [update]);
      return null;
    }
    render(<Counter />);
    const before = renders;
    expect(seen).toBe(0);
    await act(() => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
    expect(seen).toBe(50);
    expect(renders - before).toBe(1);
  });
});
