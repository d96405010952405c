#!/usr/bin/env bash
# Builds the TA-Lib C timing harness into bench/indicators/build/ from the TA-Lib sources that
# ship inside node_modules/talib (src/lib). Usage: bench/indicators/build-c.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
ta="$root/node_modules/talib/src/lib"
out="$here/build"
mkdir -p "$out/obj"
[ -f "$ta/include/ta_libc.h" ] || { echo "TA-Lib sources not found under $ta" >&2; exit 1; }
flags=(-O2 -march=native -I"$ta/include" -I"$ta/src/ta_common" -I"$ta/src/ta_func")
# compile each TA-Lib source once (2 jobs), then link the harness
ls "$ta"/src/ta_func/*.c "$ta"/src/ta_common/*.c | xargs -P 2 -I{} sh -c 'o="$0/obj/$(basename "{}" .c).o"; [ "$o" -nt "{}" ] || gcc "$@" -c "{}" -o "$o"' "$out" "${flags[@]}"
gcc "${flags[@]}" "$here/c/harness.c" "$out"/obj/*.o -lm -o "$out/talib-c-harness"
echo "built $out/talib-c-harness"
