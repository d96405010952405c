import Type from 'typebox';

/** A number as Alpha Vantage writes it: text. */
const Num = Type.String({ pattern: '^-?\\d+(\\.\\d+)?$' });
/** A statement or overview figure: a number as text, or "None" when the company did not report it. */
export const Figure = Type.String({ pattern: '^(-?\\d+(\\.\\d+)?(E[-+]?\\d+)?|None|-)$' });

const Ohlc = { '1. open': Num, '2. high': Num, '3. low': Num, '4. close': Num };

export const DailySeries = Type.Object({
  'Meta Data': Type.Object({ '2. Symbol': Type.String(), '5. Time Zone': Type.String() }),
  'Time Series (Daily)': Type.Record(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), Type.Object({ ...Ohlc, '5. volume': Num })),
});

export const FxDailySeries = Type.Object({
  'Meta Data': Type.Object({ '2. From Symbol': Type.String(), '3. To Symbol': Type.String(), '6. Time Zone': Type.String() }),
  'Time Series FX (Daily)': Type.Record(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), Type.Object(Ohlc)),
});

export const GlobalQuote = Type.Object({
  'Global Quote': Type.Object({
    '01. symbol': Type.String(),
    '05. price': Num,
    '07. latest trading day': Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
  }),
});

export const Overview = Type.Object({
  Symbol: Type.String(),
  AssetType: Type.String(),
  Name: Type.String(),
  Description: Type.String(),
  Exchange: Type.String(),
  Currency: Type.String(),
  Country: Type.String(),
  Sector: Type.String(),
  Industry: Type.String(),
  FiscalYearEnd: Type.String(),
  LatestQuarter: Type.String(),
  MarketCapitalization: Figure,
  SharesOutstanding: Figure,
  EBITDA: Figure,
  PERatio: Figure,
  EPS: Figure,
  DividendPerShare: Figure,
  Beta: Figure,
});

const Report = Type.Intersect([
  Type.Object({ fiscalDateEnding: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), reportedCurrency: Type.String() }),
  Type.Record(Type.String(), Type.String()),
]);

export const Statements = Type.Object({
  symbol: Type.String(),
  annualReports: Type.Array(Report),
  quarterlyReports: Type.Array(Report),
});
