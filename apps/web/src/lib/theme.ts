import { useEffect, useState } from 'react';

/** The chart colours of the current system theme, read from the stylesheet's variables. */
export interface Palette {
  dark: boolean;
  text: string;
  muted: string;
  border: string;
  panel: string;
  accent: string;
  up: string;
  down: string;
  series: readonly string[];
}

const SERIES_LIGHT = ['#1d4ed8', '#b45309', '#7c3aed', '#0f766e', '#be185d', '#4d7c0f'];
const SERIES_DARK = ['#79a6ff', '#f5a524', '#b794f6', '#2dd4bf', '#f472b6', '#a3e635'];

function read(): Palette {
  const style = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const dark = matchMedia('(prefers-color-scheme: dark)').matches;
  return {
    dark,
    text: v('--text', dark ? '#e6e9ee' : '#14171c'),
    muted: v('--muted', '#565e6b'),
    border: v('--border', '#d9dde3'),
    panel: v('--panel', dark ? '#161b22' : '#ffffff'),
    accent: v('--accent', '#1d4ed8'),
    up: v('--up', '#0a7a3e'),
    down: v('--down', '#c0262d'),
    series: dark ? SERIES_DARK : SERIES_LIGHT,
  };
}

export function usePalette(): Palette {
  const [palette, setPalette] = useState(read);
  useEffect(() => {
    const media = matchMedia('(prefers-color-scheme: dark)');
    const onChange = () => setPalette(read());
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, []);
  return palette;
}
