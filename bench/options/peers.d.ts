// Minimal typings for the untyped CommonJS peers the options benchmark compares against.
declare module 'black-scholes' {
  const pkg: { blackScholes(s: number, k: number, t: number, v: number, r: number, callPut: string): number };
  export default pkg;
}
declare module 'greeks' {
  const pkg: Record<string, (...args: unknown[]) => number>;
  export default pkg;
}
declare module 'implied-volatility' {
  const pkg: {
    getImpliedVolatility(price: number, s: number, k: number, t: number, r: number, callPut: string, estimate?: number): number;
  };
  export default pkg;
}
