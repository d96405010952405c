import Type from 'typebox';

const Price = Type.Union([Type.Number(), Type.Null()]);

/** The chart API's answer (v8/finance/chart), as far as Bourse reads it. */
export const ChartResponse = Type.Object({
  chart: Type.Object({
    result: Type.Union([
      Type.Array(
        Type.Object({
          meta: Type.Object({
            currency: Type.String(),
            symbol: Type.String(),
            exchangeName: Type.String(),
            instrumentType: Type.String(),
            exchangeTimezoneName: Type.String(),
            gmtoffset: Type.Number(),
            regularMarketPrice: Type.Optional(Type.Number()),
            regularMarketTime: Type.Optional(Type.Integer()),
            longName: Type.Optional(Type.String()),
            shortName: Type.Optional(Type.String()),
          }),
          // Absent when the range holds no trading.
          timestamp: Type.Optional(Type.Array(Type.Integer())),
          events: Type.Optional(
            Type.Object({
              dividends: Type.Optional(Type.Record(Type.String(), Type.Object({ amount: Type.Number(), date: Type.Integer() }))),
              splits: Type.Optional(
                Type.Record(
                  Type.String(),
                  Type.Object({
                    date: Type.Integer(),
                    numerator: Type.Number({ exclusiveMinimum: 0 }),
                    denominator: Type.Number({ exclusiveMinimum: 0 }),
                  }),
                ),
              ),
            }),
          ),
          indicators: Type.Object({
            quote: Type.Array(
              Type.Object({
                open: Type.Optional(Type.Array(Price)),
                high: Type.Optional(Type.Array(Price)),
                low: Type.Optional(Type.Array(Price)),
                close: Type.Optional(Type.Array(Price)),
                volume: Type.Optional(Type.Array(Price)),
              }),
              { minItems: 1 },
            ),
          }),
        }),
        { minItems: 1 },
      ),
      Type.Null(),
    ]),
    error: Type.Union([Type.Null(), Type.Object({ code: Type.String(), description: Type.String() })]),
  }),
});
