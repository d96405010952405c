// Generated from the API's /openapi.json by `npm run api-types -w @bourse/web`: do not edit.
export interface paths {
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
          /** @description UTC epoch milliseconds or an ISO 8601 date-time */
          since?: number | string;
          /** @description UTC epoch milliseconds or an ISO 8601 date-time */
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
          /** @description UTC epoch milliseconds or an ISO 8601 date-time */
          from?: number | string;
          interval: '1m' | '5m' | '15m' | '1h' | '1d';
          limit: number;
          /** @description UTC epoch milliseconds or an ISO 8601 date-time */
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
          /** @description UTC epoch milliseconds or an ISO 8601 date-time */
          from?: number | string;
          limit: number;
          /** @description UTC epoch milliseconds or an ISO 8601 date-time */
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
            lotSize: number;
            name: string;
            streamable: boolean;
            /** @description Instrument symbol, e.g. AAPL, BTC-USD, EURUSD */
            symbol: string;
            tickSize: number;
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
