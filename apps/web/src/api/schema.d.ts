// Generated from the API's /openapi.json by `npm run api-types -w @bourse/web`: do not edit.
export interface paths {
  '/api/v1/ai/backtest': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Walk-forward validation of a model on a posted series
     * @description Expanding training windows with a purge of the horizon before each test window; out-of-sample AUC, accuracy, log loss and Brier score, and the signal traded with costs against buy-and-hold on the same bars.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            costBps?: number;
            deadBand?: number;
            /** @description features (default: ret_1, ret_5, ret_20, rv_20, rsi_14, macd_hist, bb_pctb, adx_14, atr_rel_14, sma_dist_20, sma_dist_50, volume_z_20) */
            features?: string[];
            folds?: number;
            horizon: number;
            model: {
              /** @enum {unknown} */
              kind: 'logistic' | 'gbdt';
              /** @description logistic: l2; gbdt: trees, depth, learningRate, lambda, minLeaf, subsample, seed */
              params?: {
                [key: string]: number;
              };
            };
            periodsPerYear?: number;
            series: {
              close: number[];
              high: number[];
              low: number[];
              open?: number[];
              t?: number[];
              volume: number[];
            };
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              buyAndHold: {
                annualReturn: number | null;
                maxDrawdown: number | null;
                sharpe: number | null;
                totalReturn: number | null;
                volatility: number | null;
              };
              folds: {
                auc: number | null;
                testFrom: number;
                testTo: number;
                trainFrom: number;
                trainRows: number;
                trainTo: number;
              }[];
              metrics: {
                aboveChance: boolean;
                accuracy: number | null;
                auc: number | null;
                balancedAccuracy: number | null;
                brier: number | null;
                logLoss: number | null;
                n: number;
              };
              strategy: {
                annualReturn: number | null;
                hitRate: number | null;
                maxDrawdown: number | null;
                sharpe: number | null;
                totalReturn: number | null;
                turnover: number | null;
                volatility: number | null;
              };
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/ai/jobs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Training jobs, newest first */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                createdAt: number;
                error: string | null;
                finishedAt: number | null;
                id: string;
                modelId: string | null;
                progress: number;
                request: unknown;
                startedAt: number | null;
                /** @enum {unknown} */
                state: 'queued' | 'running' | 'succeeded' | 'failed';
              }[];
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/ai/jobs/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A training job and its progress */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              createdAt: number;
              error: string | null;
              finishedAt: number | null;
              id: string;
              modelId: string | null;
              progress: number;
              request: unknown;
              startedAt: number | null;
              /** @enum {unknown} */
              state: 'queued' | 'running' | 'succeeded' | 'failed';
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/ai/models': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The model registry */
    get: {
      parameters: {
        query?: {
          status?: 'candidate' | 'active' | 'retired';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                aboveChance: boolean;
                createdAt: number;
                createdBy: string;
                dataHash: string;
                features: string[];
                horizon: number;
                id: string;
                interval: string;
                kind: string;
                /** @description out-of-sample (walk-forward) metrics; aboveChance false flags a model no better than a coin */
                metrics: {
                  [key: string]: unknown;
                };
                name: string;
                params: {
                  [key: string]: unknown;
                };
                /** @enum {unknown} */
                status: 'candidate' | 'active' | 'retired';
                trainFrom: number;
                trainTo: number;
                universe: string[];
                version: number;
              }[];
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/ai/models/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A model with its artefact */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              aboveChance: boolean;
              artefact: unknown;
              createdAt: number;
              createdBy: string;
              dataHash: string;
              features: string[];
              horizon: number;
              id: string;
              interval: string;
              kind: string;
              /** @description out-of-sample (walk-forward) metrics; aboveChance false flags a model no better than a coin */
              metrics: {
                [key: string]: unknown;
              };
              name: string;
              params: {
                [key: string]: unknown;
              };
              /** @enum {unknown} */
              status: 'candidate' | 'active' | 'retired';
              trainFrom: number;
              trainTo: number;
              universe: string[];
              version: number;
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/ai/models/{id}/activate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Activate a model (admins) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              aboveChance: boolean;
              createdAt: number;
              createdBy: string;
              dataHash: string;
              features: string[];
              horizon: number;
              id: string;
              interval: string;
              kind: string;
              /** @description out-of-sample (walk-forward) metrics; aboveChance false flags a model no better than a coin */
              metrics: {
                [key: string]: unknown;
              };
              name: string;
              params: {
                [key: string]: unknown;
              };
              /** @enum {unknown} */
              status: 'candidate' | 'active' | 'retired';
              trainFrom: number;
              trainTo: number;
              universe: string[];
              version: number;
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/ai/models/{id}/retire': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Retire a model (admins) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              aboveChance: boolean;
              createdAt: number;
              createdBy: string;
              dataHash: string;
              features: string[];
              horizon: number;
              id: string;
              interval: string;
              kind: string;
              /** @description out-of-sample (walk-forward) metrics; aboveChance false flags a model no better than a coin */
              metrics: {
                [key: string]: unknown;
              };
              name: string;
              params: {
                [key: string]: unknown;
              };
              /** @enum {unknown} */
              status: 'candidate' | 'active' | 'retired';
              trainFrom: number;
              trainTo: number;
              universe: string[];
              version: number;
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/ai/models/train': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Train a model (a job run by an ai worker) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            activate?: boolean;
            deadBand?: number;
            /** @description features (default: ret_1, ret_5, ret_20, rv_20, rsi_14, macd_hist, bb_pctb, adx_14, atr_rel_14, sma_dist_20, sma_dist_50, volume_z_20) */
            features?: string[];
            folds?: number;
            from?: number;
            horizon: number;
            /** @enum {unknown} */
            interval: '1m' | '5m' | '15m' | '1h' | '1d';
            /** @enum {unknown} */
            kind: 'logistic' | 'gbdt';
            name?: string;
            /** @description logistic: l2; gbdt: trees, depth, learningRate, lambda, minLeaf, subsample, seed */
            params?: {
              [key: string]: number;
            };
            to?: number;
            /** @description symbols (default: every registered instrument) */
            universe?: string[];
          };
        };
      };
      responses: {
        /** @description Default Response */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              createdAt: number;
              error: string | null;
              finishedAt: number | null;
              id: string;
              modelId: string | null;
              progress: number;
              request: unknown;
              startedAt: number | null;
              /** @enum {unknown} */
              state: 'queued' | 'running' | 'succeeded' | 'failed';
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/ai/signals/{symbol}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A symbol's latest signal, and its history with from/to */
    get: {
      parameters: {
        query?: {
          /** @description UTC epoch milliseconds or an ISO 8601 date-time, from 1970-01-01 to 9999-12-31 */
          from?: number | string;
          limit?: number;
          /** @description UTC epoch milliseconds or an ISO 8601 date-time, from 1970-01-01 to 9999-12-31 */
          to?: number | string;
        };
        header?: never;
        path: {
          /** @description Instrument symbol, e.g. AAPL, BTC-USD, EURUSD */
          symbol: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              history?: {
                /** @description close of the bar scored, UTC epoch ms */
                asOf: number;
                confidence: number;
                /** @description bars of `interval` ahead */
                horizon: number;
                /** @enum {unknown} */
                interval: '1m' | '5m' | '15m' | '1h' | '1d';
                modelId: string;
                /** @description the model's out-of-sample record (walk-forward) */
                oos: {
                  /** @description the lower 95% bound of the model's out-of-sample AUC is above 0.5 */
                  aboveChance: boolean;
                  auc: number | null;
                  n: number;
                };
                probability: number;
                /** @enum {unknown} */
                signal: 'buy' | 'sell' | 'hold';
                /** @description Instrument symbol, e.g. AAPL, BTC-USD, EURUSD */
                symbol: string;
                topFeatures: {
                  contribution: number;
                  name: string;
                  value: number;
                }[];
                version: number;
              }[];
              latest: {
                /** @description close of the bar scored, UTC epoch ms */
                asOf: number;
                confidence: number;
                /** @description bars of `interval` ahead */
                horizon: number;
                /** @enum {unknown} */
                interval: '1m' | '5m' | '15m' | '1h' | '1d';
                modelId: string;
                /** @description the model's out-of-sample record (walk-forward) */
                oos: {
                  /** @description the lower 95% bound of the model's out-of-sample AUC is above 0.5 */
                  aboveChance: boolean;
                  auc: number | null;
                  n: number;
                };
                probability: number;
                /** @enum {unknown} */
                signal: 'buy' | 'sell' | 'hold';
                /** @description Instrument symbol, e.g. AAPL, BTC-USD, EURUSD */
                symbol: string;
                topFeatures: {
                  contribution: number;
                  name: string;
                  value: number;
                }[];
                version: number;
              } | null;
              symbol: string;
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/api-keys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Your API keys */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                createdAt: number;
                id: string;
                lastUsedAt: number | null;
                name: string;
                /** @description The first characters of the key */
                prefix: string;
                readOnly: boolean;
                revokedAt: number | null;
              }[];
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    /** Create an API key (the key is shown once) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            name: string;
            /** @default false */
            readOnly: boolean;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              createdAt: number;
              id: string;
              lastUsedAt: number | null;
              name: string;
              /** @description The first characters of the key */
              prefix: string;
              readOnly: boolean;
              revokedAt: number | null;
            } & {
              key: string;
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/api-keys/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke one of your API keys */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sign in: an access and a refresh token */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description Email address (case-insensitive) */
            email: string;
            password: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description JWT (EdDSA), send as Authorization: Bearer */
              accessToken: string;
              /** @description Access token lifetime in seconds */
              expiresIn: number;
              /** @description Opaque; single use: each refresh returns a new one */
              refreshToken: string;
              /** @enum {string} */
              tokenType: 'Bearer';
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/logout': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** End the session of a refresh token (every refresh and access token of its family) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            refreshToken: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The signed-in account */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              createdAt: number;
              email: string;
              id: string;
              role: 'admin' | 'user';
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/password': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Change the password; ends every session */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            currentPassword: string;
            newPassword: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/refresh': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Exchange a refresh token for a new pair */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            refreshToken: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description JWT (EdDSA), send as Authorization: Bearer */
              accessToken: string;
              /** @description Access token lifetime in seconds */
              expiresIn: number;
              /** @description Opaque; single use: each refresh returns a new one */
              refreshToken: string;
              /** @enum {string} */
              tokenType: 'Bearer';
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/register': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Create an account */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description Email address (case-insensitive) */
            email: string;
            password: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              createdAt: number;
              email: string;
              id: string;
              role: 'admin' | 'user';
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/corporate-actions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Load splits and dividends (admins); an event replaces the stored one of the same symbol, kind and ex-date */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            actions: {
              /** @description dividend: cash per share as paid (before any later split) */
              amount?: number;
              /** @description dividend: the currency of the amount */
              currency?: string;
              /** @description YYYY-MM-DD */
              exDate: string;
              kind: 'split' | 'dividend';
              /** @description split: new shares per old share (4 for a 4-for-1, 0.1 for a 1-for-10 reverse split) */
              ratio?: number;
              /** @description where the event comes from (a source id; default manual) */
              source?: string;
              symbol: string;
            }[];
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              inserted: number;
              updated: number;
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/corporate-actions/{symbol}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Splits and dividends of a symbol, ascending by ex-date */
    get: {
      parameters: {
        query?: {
          /** @description YYYY-MM-DD */
          from?: string;
          /** @description YYYY-MM-DD */
          to?: string;
        };
        header?: never;
        path: {
          symbol: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              actions: {
                /** @description dividend: cash per share as paid (before any later split) */
                amount?: number;
                /** @description dividend: the currency of the amount */
                currency?: string;
                /** @description YYYY-MM-DD */
                exDate: string;
                kind: 'split' | 'dividend';
                /** @description split: new shares per old share (4 for a 4-for-1, 0.1 for a 1-for-10 reverse split) */
                ratio?: number;
                /** @description where the event comes from (a source id; default manual) */
                source?: string;
                symbol: string;
              }[];
              symbol: string;
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/data/migrations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Database migrations, applied and pending (admins) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              applied: {
                applied: boolean;
                /** @description UTC epoch ms */
                appliedAt?: number;
                name: string;
              }[];
              pending: {
                applied: boolean;
                /** @description UTC epoch ms */
                appliedAt?: number;
                name: string;
              }[];
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/data/migrations/rollback': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Revert the migrations applied after `to`, newest first (admins); dryRun only lists them */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @default true */
            dryRun: boolean;
            /** @description the migration to keep as the last applied */
            to: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              dryRun: boolean;
              to: string;
              /** @description newest first */
              undone: string[];
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/dlq': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List dead letters, newest first (admins) */
    get: {
      parameters: {
        query: {
          limit: number;
          /** @description Only those never replayed */
          pending?: boolean;
          /** @description A subject, or a prefix ending in `.>` (md.tick.>) */
          subject?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                /** @description The durable that gave up on it */
                consumer: string;
                deadAt: number;
                deliveries: number;
                id: string;
                /** @description malformed, poison, failed or not_acked */
                kind: string;
                reason: string;
                recordedAt: number;
                replayedAt: number | null;
                replays: number;
                sha256: string;
                /** @description Bytes of the original message */
                size: number;
                /** @description The original message subject */
                subject: string;
                /** @description Too large to travel in its dead letter; the body was kept from the stream */
                truncated: boolean;
              }[];
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/dlq/replay': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Resend dead letters to their subjects with fresh message ids (admins): those never replayed, or one by id */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            id?: string;
            limit?: number;
            /** @description A subject, or a prefix ending in `.>` (md.tick.>) */
            subject?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              replayed: string[];
              skipped: {
                id: string;
                reason: string;
              }[];
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/etl/import': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Import OHLCV bars of one symbol from a CSV upload (text/csv)
     * @description A header naming the columns: date (YYYY-MM-DD, an ISO 8601 instant with its offset, or epoch ms) and close, with open, high, low and volume optional. Every row is checked; nothing is imported unless every row is valid, or partial=true loads the valid rows and reports the others. The symbol becomes a manual series (refused for one that has market data from another source).
     */
    post: {
      parameters: {
        query: {
          interval: '1m' | '5m' | '15m' | '1h' | '1d';
          partial: boolean;
          symbol: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      /** @description the CSV text */
      requestBody: {
        content: {
          'application/json': string;
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              inserted: number;
              interval: string;
              /** @description rows left out (partial=true), by line */
              rejected: {
                line: number;
                message: string;
              }[];
              /** @description data rows in the file */
              rows: number;
              symbol: string;
              /** @description bars that replaced a stored one */
              updated: number;
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/etl/jobs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** ETL jobs, newest first */
    get: {
      parameters: {
        query: {
          limit: number;
          /** @description api, cli, backfill or schedule:<name> */
          origin?: string;
          state?: 'queued' | 'running' | 'succeeded' | 'partially_succeeded' | 'failed' | 'cancelled';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                /** @description times a worker took it (more than one: a worker died and another resumed it) */
                attempts: number;
                cancelRequested: boolean;
                /** @description UTC epoch ms */
                createdAt: number;
                error: string | null;
                finishedAt: number | null;
                /** @description UTC epoch ms */
                from: number;
                id: string;
                interval: string;
                /** @description api, backfill or schedule:<name> */
                origin: string;
                source: string;
                startedAt: number | null;
                /** @enum {unknown} */
                state: 'queued' | 'running' | 'succeeded' | 'partially_succeeded' | 'failed' | 'cancelled';
                symbols: {
                  error: string | null;
                  /** @description rows the provider returned */
                  fetched: number;
                  fetchMs: number | null;
                  finishedAt: number | null;
                  /** @description outliers, gaps and staleness found (loaded) */
                  flagged: number;
                  /** @description rows new to the store */
                  loaded: number;
                  loadMs: number | null;
                  /** @description rows not loaded, kept with their reasons (GET /etl/quality) */
                  rejected: number;
                  /** @description stored rows replaced by a corrected value */
                  revised: number;
                  startedAt: number | null;
                  /** @enum {unknown} */
                  state: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
                  symbol: string;
                  /** @description rows equal to what was stored */
                  unchanged: number;
                }[];
                /** @description UTC epoch ms */
                to: number;
              }[];
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    /** Queue an ETL job: fetch, check and load history of symbols from a source */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description UTC epoch ms, an ISO 8601 date-time or an ISO day (YYYY-MM-DD, UTC midnight) */
            from: number | string;
            /** @enum {unknown} */
            interval?: '1m' | '5m' | '15m' | '1h' | '1d';
            /**
             * @description source id
             * @enum {unknown}
             */
            source: 'synthetic' | 'vci' | 'yahoo' | 'alphavantage' | 'coingecko' | 'fred' | 'binance' | 'manual';
            /** @description Bourse symbols (or macro series ids) */
            symbols: string[];
            /** @description UTC epoch ms, an ISO 8601 date-time or an ISO day (YYYY-MM-DD, UTC midnight) */
            to?: number | string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description times a worker took it (more than one: a worker died and another resumed it) */
              attempts: number;
              cancelRequested: boolean;
              /** @description UTC epoch ms */
              createdAt: number;
              error: string | null;
              finishedAt: number | null;
              /** @description UTC epoch ms */
              from: number;
              id: string;
              interval: string;
              /** @description api, backfill or schedule:<name> */
              origin: string;
              source: string;
              startedAt: number | null;
              /** @enum {unknown} */
              state: 'queued' | 'running' | 'succeeded' | 'partially_succeeded' | 'failed' | 'cancelled';
              symbols: {
                error: string | null;
                /** @description rows the provider returned */
                fetched: number;
                fetchMs: number | null;
                finishedAt: number | null;
                /** @description outliers, gaps and staleness found (loaded) */
                flagged: number;
                /** @description rows new to the store */
                loaded: number;
                loadMs: number | null;
                /** @description rows not loaded, kept with their reasons (GET /etl/quality) */
                rejected: number;
                /** @description stored rows replaced by a corrected value */
                revised: number;
                startedAt: number | null;
                /** @enum {unknown} */
                state: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
                symbol: string;
                /** @description rows equal to what was stored */
                unchanged: number;
              }[];
              /** @description UTC epoch ms */
              to: number;
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/etl/jobs/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One ETL job */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description times a worker took it (more than one: a worker died and another resumed it) */
              attempts: number;
              cancelRequested: boolean;
              /** @description UTC epoch ms */
              createdAt: number;
              error: string | null;
              finishedAt: number | null;
              /** @description UTC epoch ms */
              from: number;
              id: string;
              interval: string;
              /** @description api, backfill or schedule:<name> */
              origin: string;
              source: string;
              startedAt: number | null;
              /** @enum {unknown} */
              state: 'queued' | 'running' | 'succeeded' | 'partially_succeeded' | 'failed' | 'cancelled';
              symbols: {
                error: string | null;
                /** @description rows the provider returned */
                fetched: number;
                fetchMs: number | null;
                finishedAt: number | null;
                /** @description outliers, gaps and staleness found (loaded) */
                flagged: number;
                /** @description rows new to the store */
                loaded: number;
                loadMs: number | null;
                /** @description rows not loaded, kept with their reasons (GET /etl/quality) */
                rejected: number;
                /** @description stored rows replaced by a corrected value */
                revised: number;
                startedAt: number | null;
                /** @enum {unknown} */
                state: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
                symbol: string;
                /** @description rows equal to what was stored */
                unchanged: number;
              }[];
              /** @description UTC epoch ms */
              to: number;
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/etl/jobs/{id}/cancel': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Cancel a job: at once when queued, after its current symbol when running */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description times a worker took it (more than one: a worker died and another resumed it) */
              attempts: number;
              cancelRequested: boolean;
              /** @description UTC epoch ms */
              createdAt: number;
              error: string | null;
              finishedAt: number | null;
              /** @description UTC epoch ms */
              from: number;
              id: string;
              interval: string;
              /** @description api, backfill or schedule:<name> */
              origin: string;
              source: string;
              startedAt: number | null;
              /** @enum {unknown} */
              state: 'queued' | 'running' | 'succeeded' | 'partially_succeeded' | 'failed' | 'cancelled';
              symbols: {
                error: string | null;
                /** @description rows the provider returned */
                fetched: number;
                fetchMs: number | null;
                finishedAt: number | null;
                /** @description outliers, gaps and staleness found (loaded) */
                flagged: number;
                /** @description rows new to the store */
                loaded: number;
                loadMs: number | null;
                /** @description rows not loaded, kept with their reasons (GET /etl/quality) */
                rejected: number;
                /** @description stored rows replaced by a corrected value */
                revised: number;
                startedAt: number | null;
                /** @enum {unknown} */
                state: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
                symbol: string;
                /** @description rows equal to what was stored */
                unchanged: number;
              }[];
              /** @description UTC epoch ms */
              to: number;
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/etl/quality': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Data quality: issues found by the loads, by check; with a symbol, its latest issues too */
    get: {
      parameters: {
        query?: {
          /** @description UTC epoch milliseconds or an ISO 8601 date-time, from 1970-01-01 to 9999-12-31 */
          since?: number | string;
          /** @description Instrument symbol, e.g. AAPL, BTC-USD, EURUSD */
          symbol?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              checks: {
                check: string;
                /** @description findings flagged by this check (rows kept) */
                flagged: number;
                /** @description UTC epoch ms */
                lastAt: number;
                lastReason: string;
                /** @description rows rejected by this check */
                rejected: number;
              }[];
              recent: {
                check: string;
                /** @description UTC epoch ms */
                createdAt: number;
                interval: string;
                jobId: string;
                reason: string;
                rejected: boolean;
                row: unknown;
                source: string;
                start: number | null;
              }[];
              symbol: string | null;
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/etl/reconcile': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Trading days where two sources' daily closes differ beyond a tolerance */
    get: {
      parameters: {
        query: {
          /** @description UTC epoch milliseconds or an ISO 8601 date-time, from 1970-01-01 to 9999-12-31 */
          from: number | string;
          /** @description Instrument symbol, e.g. AAPL, BTC-USD, EURUSD */
          symbol: string;
          /** @description UTC epoch milliseconds or an ISO 8601 date-time, from 1970-01-01 to 9999-12-31 */
          to?: number | string;
          /** @description relative difference, 0.005 = 0.5% */
          tolerance: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              days: {
                closes: {
                  [key: string]: number;
                };
                /** @description trading day (YYYY-MM-DD) */
                date: string;
                /** @description highest close over lowest, less one */
                difference: number;
              }[];
              symbol: string;
              tolerance: number;
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/etl/schedules': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Scheduled collections (BOURSE_ETL_SCHEDULES), with their last and next run */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                cron: string;
                enabled: boolean;
                interval: string;
                lastRun: number | null;
                lookbackMs: number;
                name: string;
                nextRun: number | null;
                source: string;
                symbols: string[];
              }[];
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/exchanges': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Exchanges */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                code: string;
                /** @description ISO 3166-1 alpha-2 */
                country: string;
                currency: string;
                name: string;
                /** @description IANA time zone */
                timezone: string;
              }[];
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/feed/status': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Synthetic feed status */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              batches: number;
              /** @description option chains published since start */
              chains: number;
              instruments: number;
              /** @description ticks per second in total */
              rate: number;
              running: boolean;
              seed: number;
              startedAt: number | null;
              /** @description ticks published since start */
              ticks: number;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/indicators/{symbol}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Indicators over the stored bars of a symbol */
    get: {
      parameters: {
        query: {
          /** @description e.g. rsi(14),macd(12,26,9),bbands(20,2) */
          indicators: string;
          interval: '1m' | '5m' | '15m' | '1h' | '1d';
          limit: number;
        };
        header?: never;
        path: {
          symbol: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              interval: string;
              results: {
                /** @description canonical form, e.g. macd(12,26,9) */
                label: string;
                /** @description leading bars with null values (warm-up) */
                lookback: number;
                name: string;
                outputs: {
                  [key: string]: (number | null)[];
                };
                params: {
                  [key: string]: number;
                };
              }[];
              symbol: string;
              /** @description bar starts, UTC epoch ms */
              t: number[];
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/indicators/available': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every indicator with its inputs, parameters and outputs */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                description: string;
                group: string;
                inputs: string[];
                name: string;
                outputs: string[];
                parameters: {
                  default: number;
                  description: string;
                  integer: boolean;
                  max: number;
                  min: number;
                  name: string;
                }[];
                talib: string | null;
                title: string;
              }[];
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/indicators/calculate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Indicators over a posted series, or over the stored bars of one or more symbols */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            indicators: (
              | string
              | {
                  name: string;
                  params?: {
                    [key: string]: number;
                  };
                }
            )[];
            /** @default 1d */
            interval?: '1m' | '5m' | '15m' | '1h' | '1d';
            limit?: number;
            series?: {
              close?: number[];
              high?: number[];
              low?: number[];
              open?: number[];
              start?: number[];
              volume?: number[];
            };
            symbol?: string;
            symbols?: string[];
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json':
              | {
                  length: number;
                  results: {
                    /** @description canonical form, e.g. macd(12,26,9) */
                    label: string;
                    /** @description leading bars with null values (warm-up) */
                    lookback: number;
                    name: string;
                    outputs: {
                      [key: string]: (number | null)[];
                    };
                    params: {
                      [key: string]: number;
                    };
                  }[];
                }
              | {
                  data: {
                    interval: string;
                    results: {
                      /** @description canonical form, e.g. macd(12,26,9) */
                      label: string;
                      /** @description leading bars with null values (warm-up) */
                      lookback: number;
                      name: string;
                      outputs: {
                        [key: string]: (number | null)[];
                      };
                      params: {
                        [key: string]: number;
                      };
                    }[];
                    symbol: string;
                    /** @description bar starts, UTC epoch ms */
                    t: number[];
                  }[];
                };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/insights': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The market overview: the latest insight of every symbol by score */
    get: {
      parameters: {
        query?: {
          limit?: number;
          /** @description desc: strongest first (default); asc: weakest first */
          order?: 'desc' | 'asc';
          sort?: 'score';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                asOf: number;
                components: {
                  asOf: number | null;
                  configuredWeight: number;
                  contribution: number;
                  detail?: {
                    [key: string]: unknown;
                  };
                  missing?: string;
                  /** @enum {unknown} */
                  name: 'technical' | 'ai' | 'sentiment' | 'options';
                  value: number | null;
                  /** @description the weight used, after the missing components’ weights were shared out */
                  weight: number;
                }[];
                confidence: number;
                /** @enum {unknown} */
                label: 'strong sell' | 'sell' | 'neutral' | 'buy' | 'strong buy';
                notes: string[];
                score: number;
                /** @description Instrument symbol, e.g. AAPL, BTC-USD, EURUSD */
                symbol: string;
              }[];
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/insights/{symbol}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A symbol's composite score with its components, and its history with from/to */
    get: {
      parameters: {
        query?: {
          /** @description UTC epoch milliseconds or an ISO 8601 date-time, from 1970-01-01 to 9999-12-31 */
          from?: number | string;
          limit?: number;
          /** @description UTC epoch milliseconds or an ISO 8601 date-time, from 1970-01-01 to 9999-12-31 */
          to?: number | string;
        };
        header?: never;
        path: {
          /** @description Instrument symbol, e.g. AAPL, BTC-USD, EURUSD */
          symbol: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              asOf: number;
              components: {
                asOf: number | null;
                configuredWeight: number;
                contribution: number;
                detail?: {
                  [key: string]: unknown;
                };
                missing?: string;
                /** @enum {unknown} */
                name: 'technical' | 'ai' | 'sentiment' | 'options';
                value: number | null;
                /** @description the weight used, after the missing components’ weights were shared out */
                weight: number;
              }[];
              confidence: number;
              history?: {
                asOf: number;
                components: {
                  asOf: number | null;
                  configuredWeight: number;
                  contribution: number;
                  detail?: {
                    [key: string]: unknown;
                  };
                  missing?: string;
                  /** @enum {unknown} */
                  name: 'technical' | 'ai' | 'sentiment' | 'options';
                  value: number | null;
                  /** @description the weight used, after the missing components’ weights were shared out */
                  weight: number;
                }[];
                confidence: number;
                /** @enum {unknown} */
                label: 'strong sell' | 'sell' | 'neutral' | 'buy' | 'strong buy';
                notes: string[];
                score: number;
                /** @description Instrument symbol, e.g. AAPL, BTC-USD, EURUSD */
                symbol: string;
              }[];
              /** @enum {unknown} */
              label: 'strong sell' | 'sell' | 'neutral' | 'buy' | 'strong buy';
              notes: string[];
              score: number;
              /** @description Instrument symbol, e.g. AAPL, BTC-USD, EURUSD */
              symbol: string;
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/logs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Query the central logs (admins) */
    get: {
      parameters: {
        query: {
          /** @description The lowest level returned */
          level?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
          limit: number;
          /** @description Text the message contains (case-insensitive) */
          q?: string;
          requestId?: string;
          service?: string;
          /** @description UTC epoch milliseconds or an ISO 8601 date-time, from 1970-01-01 to 9999-12-31 */
          since?: number | string;
          /** @description UTC epoch milliseconds or an ISO 8601 date-time, from 1970-01-01 to 9999-12-31 */
          until?: number | string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                instance: string | null;
                level: string;
                /** @description The whole line as logged */
                line: {
                  [key: string]: unknown;
                };
                msg: string;
                requestId: string | null;
                service: string;
                ts: number;
              }[];
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/macro/{seriesId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A macro series (FRED): observations by date, a missing value as null */
    get: {
      parameters: {
        query?: {
          from?: string;
          to?: string;
        };
        header?: never;
        path: {
          seriesId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              observations: {
                date: string;
                value: number | null;
              }[];
              seriesId: string;
              source: string;
              title?: string;
              units?: string;
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/ohlcv/{symbol}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** OHLCV bars, ascending by start */
    get: {
      parameters: {
        query: {
          /** @description none: as traded; split: prices before each split divided by its ratio, volumes multiplied; total: also dividends (CRSP/Yahoo factors) */
          adjust: 'none' | 'split' | 'total';
          /** @description UTC epoch milliseconds or an ISO 8601 date-time, from 1970-01-01 to 9999-12-31 */
          from?: number | string;
          interval: '1m' | '5m' | '15m' | '1h' | '1d';
          limit: number;
          /** @description `live` (tick-built bars) or a source id (synthetic, yahoo, vci, ...); default the instrument's primary source */
          source?: string;
          /** @description UTC epoch milliseconds or an ISO 8601 date-time, from 1970-01-01 to 9999-12-31 */
          to?: number | string;
        };
        header?: never;
        path: {
          symbol: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              bars: {
                c: number;
                h: number;
                l: number;
                /** @description number of trades */
                n: number;
                o: number;
                /** @description bar start, UTC epoch ms */
                t: number;
                v: number;
                /** @description volume-weighted average price */
                vw: number;
              }[];
              interval: string;
              /** @description what the bars came from, e.g. live+synthetic */
              source: string;
              symbol: string;
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/options/{underlying}/analytics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** PCR, max pain, ATM straddle, OI build-up, smile and 25-delta RR/BF per expiry (all, or one) */
    get: {
      parameters: {
        query?: {
          /** @description YYYY-MM-DD; default the nearest expiry */
          expiry?: string;
        };
        header?: never;
        path: {
          /** @description e.g. SPX, NIFTY, BTC-USD */
          underlying: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                atm: {
                  straddle: number | null;
                  strike: number;
                } | null;
                atmIv: number | null;
                bf25: number | null;
                buildUp: {
                  atmBand: {
                    lower: number;
                    upper: number;
                  };
                  calls: {
                    atm: number;
                    itm: number;
                    otm: number;
                  };
                  change: {
                    calls: {
                      atm: number;
                      itm: number;
                      otm: number;
                    };
                    puts: {
                      atm: number;
                      itm: number;
                      otm: number;
                    };
                  } | null;
                  puts: {
                    atm: number;
                    itm: number;
                    otm: number;
                  };
                };
                callOpenInterest: number;
                callVolume: number;
                expiry: string;
                forward: number;
                kind: string;
                maxPain: {
                  payout: number;
                  strike: number;
                } | null;
                pcr: {
                  byOpenInterest: number | null;
                  byVolume: number | null;
                };
                putOpenInterest: number;
                putVolume: number;
                rr25: number | null;
                smile: {
                  callIv: number | null;
                  delta: number | null;
                  iv: number | null;
                  logMoneyness: number;
                  /** @description K/F */
                  moneyness: number;
                  putIv: number | null;
                  strike: number;
                }[];
                timeToExpiry: number;
                totalGex: number;
              }[];
              maxPain: {
                payout: number;
                strike: number;
              } | null;
              spot: number;
              /** @description chain time, UTC epoch ms */
              ts: number;
              underlying: string;
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/options/{underlying}/chain': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The chain of one expiry: calls and puts by strike with quotes, volume, open interest, IV and greeks */
    get: {
      parameters: {
        query?: {
          /** @description YYYY-MM-DD; default the nearest expiry */
          expiry?: string;
        };
        header?: never;
        path: {
          /** @description e.g. SPX, NIFTY, BTC-USD */
          underlying: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                call: {
                  ask: number;
                  bid: number;
                  charm: number | null;
                  delta: number | null;
                  gamma: number | null;
                  iv: number | null;
                  ivError: string | null;
                  last: number | null;
                  mid: number;
                  openInterest: number;
                  rho: number | null;
                  /** @description OCC symbol */
                  symbol: string;
                  theta: number | null;
                  thetaPerDay: number | null;
                  vanna: number | null;
                  vega: number | null;
                  volga: number | null;
                  volume: number;
                };
                put: {
                  ask: number;
                  bid: number;
                  charm: number | null;
                  delta: number | null;
                  gamma: number | null;
                  iv: number | null;
                  ivError: string | null;
                  last: number | null;
                  mid: number;
                  openInterest: number;
                  rho: number | null;
                  /** @description OCC symbol */
                  symbol: string;
                  theta: number | null;
                  thetaPerDay: number | null;
                  vanna: number | null;
                  vega: number | null;
                  volga: number | null;
                  volume: number;
                };
                strike: number;
              }[];
              dividendYield: number;
              expiry: string;
              expiryTs: number;
              forward: number;
              /** @description daily, weekly or monthly */
              kind: string;
              multiplier: number;
              rate: number;
              /** @description OCC root */
              root: string;
              spot: number;
              /** @description years */
              timeToExpiry: number;
              /** @description chain time, UTC epoch ms */
              ts: number;
              underlying: string;
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/options/{underlying}/expiries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Listed expiries of an underlying */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description e.g. SPX, NIFTY, BTC-USD */
          underlying: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                expiry: string;
                expiryTs: number;
                forward: number;
                /** @description daily, weekly or monthly */
                kind: string;
                /** @description OCC root */
                root: string;
                strikes: number;
                /** @description years */
                timeToExpiry: number;
              }[];
              spot: number;
              /** @description chain time, UTC epoch ms */
              ts: number;
              underlying: string;
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/options/{underlying}/gex': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Dealer gamma exposure by strike (currency per 1% move), over all expiries or one */
    get: {
      parameters: {
        query?: {
          /** @description YYYY-MM-DD; default the nearest expiry */
          expiry?: string;
        };
        header?: never;
        path: {
          /** @description e.g. SPX, NIFTY, BTC-USD */
          underlying: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                gex: number;
                strike: number;
              }[];
              spot: number;
              total: number;
              /** @description chain time, UTC epoch ms */
              ts: number;
              underlying: string;
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/options/{underlying}/max-pain': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Max pain per expiry and over the open interest of all expiries together */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description e.g. SPX, NIFTY, BTC-USD */
          underlying: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                expiry: string;
                maxPain: {
                  payout: number;
                  strike: number;
                } | null;
                timeToExpiry: number;
              }[];
              overall: {
                payout: number;
                strike: number;
              } | null;
              spot: number;
              /** @description chain time, UTC epoch ms */
              ts: number;
              underlying: string;
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/options/{underlying}/pcr': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Put/call ratio trend from the stored history (open interest and volume summed over expiries, or one) */
    get: {
      parameters: {
        query: {
          /** @description YYYY-MM-DD; default the nearest expiry */
          expiry?: string;
          /** @description UTC epoch milliseconds or an ISO 8601 date-time, from 1970-01-01 to 9999-12-31 */
          from?: number | string;
          limit: number;
          /** @description UTC epoch milliseconds or an ISO 8601 date-time, from 1970-01-01 to 9999-12-31 */
          to?: number | string;
        };
        header?: never;
        path: {
          /** @description e.g. SPX, NIFTY, BTC-USD */
          underlying: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                callOi: number;
                callVolume: number;
                pcrOi: number | null;
                pcrVolume: number | null;
                putOi: number;
                putVolume: number;
                ts: number;
              }[];
              underlying: string;
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/options/{underlying}/surface': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Implied-volatility surface on expiry × moneyness (K/F) and expiry × call delta, with the ATM term structure */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description e.g. SPX, NIFTY, BTC-USD */
          underlying: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                atmIv: number | null;
                bf25: number | null;
                byDelta: (number | null)[];
                byMoneyness: (number | null)[];
                expiry: string;
                forward: number;
                rr25: number | null;
                straddle: number | null;
                timeToExpiry: number;
              }[];
              deltas: number[];
              moneyness: number[];
              spot: number;
              /** @description chain time, UTC epoch ms */
              ts: number;
              underlying: string;
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/options/contracts/{occSymbol}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * One contract by OCC symbol (e.g. "SPY   261218C00600000", URL-encoded; the root padding may be left out)
     * @description Strikes of 100,000 and more (BTC-USD) do not fit the 8 OCC strike digits: their symbols carry strike × 1000 in as many digits as it needs, with no leading zero (e.g. "BTC   261225C105000000" for the 105,000 call).
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          occSymbol: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              contract: {
                ask: number;
                bid: number;
                charm: number | null;
                delta: number | null;
                gamma: number | null;
                iv: number | null;
                ivError: string | null;
                last: number | null;
                mid: number;
                openInterest: number;
                rho: number | null;
                /** @description OCC symbol */
                symbol: string;
                theta: number | null;
                thetaPerDay: number | null;
                vanna: number | null;
                vega: number | null;
                volga: number | null;
                volume: number;
              };
              expiry: string;
              expiryTs: number;
              spot: number;
              strike: number;
              timeToExpiry: number;
              /** @description chain time, UTC epoch ms */
              ts: number;
              type: 'call' | 'put';
              underlying: string;
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/options/implied-vol': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Implied volatility of one price (422 with the reason when there is none), or of an array of up to 10000
     * @description The array form answers an array in the same order: `{impliedVol}` where there is one, and `{error: {code: "unprocessable", reason, message}}` where there is not, so one bad price does not fail the batch.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': unknown;
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json':
              | {
                  impliedVol: number;
                }
              | (
                  | {
                      impliedVol: number;
                    }
                  | {
                      error: {
                        /** @enum {string} */
                        code: 'unprocessable';
                        message: string;
                        /** @description below_intrinsic, above_upper_bound or no_time_value */
                        reason: string;
                      };
                    }
                )[];
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/options/price': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Price and greeks (BSM or Black-76) of one option, or of an array of up to 10000 (answered as an array) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': unknown;
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json':
              | {
                  charm: number;
                  delta: number;
                  gamma: number;
                  price: number;
                  /** @description per 1.00 of rate */
                  rho: number;
                  /** @description per year */
                  theta: number;
                  /** @description theta / 365 */
                  thetaPerDay: number;
                  vanna: number;
                  /** @description per 1.00 of volatility */
                  vega: number;
                  volga: number;
                }
              | {
                  charm: number;
                  delta: number;
                  gamma: number;
                  price: number;
                  /** @description per 1.00 of rate */
                  rho: number;
                  /** @description per year */
                  theta: number;
                  /** @description theta / 365 */
                  thetaPerDay: number;
                  vanna: number;
                  /** @description per 1.00 of volatility */
                  vega: number;
                  volga: number;
                }[];
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/quotes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Latest quotes of up to 100 symbols */
    get: {
      parameters: {
        query: {
          /** @description Comma-separated symbols, at most 100 */
          symbols: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              ask: number;
              bid: number;
              change: number | null;
              changePct: number | null;
              high: number | null;
              last: number;
              low: number | null;
              open: number | null;
              prevClose: number | null;
              /** @description Instrument symbol, e.g. AAPL, BTC-USD, EURUSD */
              symbol: string;
              /** @description UTC epoch milliseconds */
              ts: number;
              volume: number;
            }[];
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/quotes/{symbol}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Latest quote of one symbol */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          symbol: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              ask: number;
              bid: number;
              change: number | null;
              changePct: number | null;
              high: number | null;
              last: number;
              low: number | null;
              open: number | null;
              prevClose: number | null;
              /** @description Instrument symbol, e.g. AAPL, BTC-USD, EURUSD */
              symbol: string;
              /** @description UTC epoch milliseconds */
              ts: number;
              volume: number;
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/stream/connections': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Open connections on every instance (each instance reports up to 200 of its connections, this one up to 1000) */
    get: {
      parameters: {
        query: {
          limit: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              connections: {
                bufferedBytes: number;
                conflated: number;
                connectedAt: number;
                id: string;
                instanceId: string;
                /** @description frames waiting in its send queue */
                queued: number;
                remote: string;
                rooms: number;
                sent: number;
              }[];
              instances: number;
              total: number;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/stream/status': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Stream status: this instance and every instance heard from on the bus recently */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description the instance that answered */
              instanceId: string;
              instances: {
                /** @description live bus subscriptions held for the rooms in use */
                busSubscriptions: number;
                bytesOutPerSecond: number;
                /** @description connections closed, by reason */
                closes: {
                  [key: string]: number;
                };
                /** @description frames replaced by a newer one of the same room for slow clients */
                conflated: number;
                connections: number;
                instanceId: string;
                /** @description bus messages received per second */
                messagesInPerSecond: number;
                /** @description frames sent to clients per second */
                messagesOutPerSecond: number;
                rooms: number;
                startedAt: number;
                /** @description room memberships (connection x room) */
                subscriptions: number;
                uptimeSeconds: number;
              }[];
              totals: {
                connections: number;
                instances: number;
                messagesInPerSecond: number;
                messagesOutPerSecond: number;
                subscriptions: number;
              };
              uptimeSeconds: number;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/stream/subscriptions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Subscribers per room, summed over every instance */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              instances: {
                instanceId: string;
                rooms: {
                  [key: string]: number;
                };
              }[];
              /** @description room -> subscribers */
              rooms: {
                [key: string]: number;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/symbols': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Search instruments */
    get: {
      parameters: {
        query: {
          assetClass?: 'equity' | 'etf' | 'index' | 'crypto' | 'fx' | 'option';
          exchange?: string;
          limit: number;
          offset: number;
          /** @description Matches symbol or name, case-insensitive */
          q?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                assetClass: 'equity' | 'etf' | 'index' | 'crypto' | 'fx' | 'option';
                currency: string;
                exchange: string;
                lotSize: number;
                name: string;
                streamable: boolean;
                /** @description Instrument symbol, e.g. AAPL, BTC-USD, EURUSD */
                symbol: string;
                tickSize: number;
              }[];
              total: number;
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    /** Register an instrument */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            assetClass: 'equity' | 'etf' | 'index' | 'crypto' | 'fx' | 'option';
            currency: string;
            exchange: string;
            /**
             * @description default 1
             * @default 1
             */
            lotSize?: number;
            name: string;
            /**
             * @description default false
             * @default false
             */
            streamable?: boolean;
            /** @description Instrument symbol, e.g. AAPL, BTC-USD, EURUSD */
            symbol: string;
            /**
             * @description default 0.01
             * @default 0.01
             */
            tickSize?: number;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              assetClass: 'equity' | 'etf' | 'index' | 'crypto' | 'fx' | 'option';
              currency: string;
              exchange: string;
              lotSize: number;
              name: string;
              streamable: boolean;
              /** @description Instrument symbol, e.g. AAPL, BTC-USD, EURUSD */
              symbol: string;
              tickSize: number;
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/symbols/{symbol}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One instrument */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description Instrument symbol */
          symbol: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              assetClass: 'equity' | 'etf' | 'index' | 'crypto' | 'fx' | 'option';
              currency: string;
              exchange: string;
              lotSize: number;
              name: string;
              streamable: boolean;
              /** @description Instrument symbol, e.g. AAPL, BTC-USD, EURUSD */
              symbol: string;
              tickSize: number;
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/symbols/{symbol}/prices': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Price a manual series by hand: daily closes, stored as daily bars */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          symbol: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            close: number;
            /** @description YYYY-MM-DD */
            date: string;
          }[];
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              inserted: number;
              interval: string;
              /** @description rows left out (partial=true), by line */
              rejected: {
                line: number;
                message: string;
              }[];
              /** @description data rows in the file */
              rows: number;
              symbol: string;
              /** @description bars that replaced a stored one */
              updated: number;
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
        /** @description Error */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                /** @description Stable machine-readable code */
                code: string;
                details?: unknown;
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: never;
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
