/* Times TA-Lib's C functions on a 1,000,000-bar random walk: median of 5 runs after 3 untimed ones, ns per bar.
 * Prints one JSON object per line: {"name": "...", "ns": ...}. Built by bench/indicators/build-c.sh. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "ta_libc.h"

#define RUNS 5
#define WARMUP 3 /* untimed runs first, as in run.ts */

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); /* CPU time, as run.ts measures */
  return t.tv_sec * 1e9 + t.tv_nsec;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static int n;
static double *o, *h, *l, *c, *v, *out1, *out2, *out3;
static int beg, nb;
static volatile double sink;

static void report(const char *name, double *t) {
  qsort(t, RUNS, sizeof(double), cmp);
  printf("{\"name\":\"%s\",\"ns\":%.3f}\n", name, t[RUNS / 2] / n);
  sink += out1[nb > 0 ? nb - 1 : 0];
}

#define TIME(name, call)                          \
  do {                                            \
    double t[RUNS];                               \
    for (int w = 0; w < WARMUP; w++) call;        \
    for (int r = 0; r < RUNS; r++) {              \
      double s = now_ns();                        \
      call;                                       \
      t[r] = now_ns() - s;                        \
    }                                             \
    report(name, t);                              \
  } while (0)

int main(int argc, char **argv) {
  n = argc > 1 ? atoi(argv[1]) : 1000000;
  o = malloc(n * sizeof(double)); h = malloc(n * sizeof(double)); l = malloc(n * sizeof(double));
  c = malloc(n * sizeof(double)); v = malloc(n * sizeof(double));
  out1 = malloc(n * sizeof(double)); out2 = malloc(n * sizeof(double)); out3 = malloc(n * sizeof(double));
  unsigned long long s = 42;
  double price = 100;
  for (int i = 0; i < n; i++) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    double u = (double)(s >> 11) / 9007199254740992.0;
    double u2 = (double)((s >> 7) & 0xffff) / 65536.0;
    o[i] = price;
    c[i] = price * (1 + (u - 0.5) * 0.04);
    h[i] = fmax(o[i], c[i]) * (1 + u2 * 0.01);
    l[i] = fmin(o[i], c[i]) * (1 - u2 * 0.01);
    v[i] = 1000 + u2 * 100000;
    price = c[i];
  }
  TA_Initialize();
  int e = n - 1;
  TIME("sma", TA_SMA(0, e, c, 20, &beg, &nb, out1));
  TIME("ema", TA_EMA(0, e, c, 20, &beg, &nb, out1));
  TIME("rsi", TA_RSI(0, e, c, 14, &beg, &nb, out1));
  TIME("macd", TA_MACD(0, e, c, 12, 26, 9, &beg, &nb, out1, out2, out3));
  TIME("bbands", TA_BBANDS(0, e, c, 20, 2, 2, TA_MAType_SMA, &beg, &nb, out1, out2, out3));
  TIME("atr", TA_ATR(0, e, h, l, c, 14, &beg, &nb, out1));
  TIME("stoch", TA_STOCH(0, e, h, l, c, 14, 3, TA_MAType_SMA, 3, TA_MAType_SMA, &beg, &nb, out1, out2));
  TIME("adx", TA_ADX(0, e, h, l, c, 14, &beg, &nb, out1));
  TIME("cci", TA_CCI(0, e, h, l, c, 20, &beg, &nb, out1));
  TIME("willr", TA_WILLR(0, e, h, l, c, 14, &beg, &nb, out1));
  TIME("obv", TA_OBV(0, e, c, v, &beg, &nb, out1));
  TA_Shutdown();
  return sink == 12345.678 ? 1 : 0;
}
