#!/usr/bin/env bash
# Optional comparison: builds llama.cpp's own llama-bench from the sources node-llama-cpp ships
# (llama/gitRelease.bundle, offline; ~8 min on 2 cores, run at nice 19) and measures tok/s on the
# generated tiny model with 1 thread, to set beside bench.ts's end-to-end number.
# Run from the repo root: bash bench/models/llama-bench.sh   (build cached in $AIOS_BENCH_CACHE)
set -euo pipefail
cache=${AIOS_BENCH_CACHE:-/tmp/aios-llama-bench}
bin=$cache/build/bin/llama-bench
if [ ! -x "$bin" ]; then
  mkdir -p "$cache"
  [ -d "$cache/src" ] || git -c advice.detachedHead=false clone -q node_modules/node-llama-cpp/llama/gitRelease.bundle "$cache/src"
  cmake -S "$cache/src" -B "$cache/build" -DCMAKE_BUILD_TYPE=Release -DLLAMA_CURL=OFF -DGGML_OPENMP=OFF \
    -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_SERVER=OFF -DBUILD_SHARED_LIBS=OFF >/dev/null
  nice -n 19 cmake --build "$cache/build" --target llama-bench -j "${JOBS:-2}" >/dev/null
fi
model=$cache/tiny.gguf
node_modules/.bin/bun -e "
  import { writeFileSync } from 'node:fs';
  import { tinyLlama } from './runtime/models/gguf/tiny-llama.ts';
  writeFileSync('$model', tinyLlama({ seed: 14 }).bytes);
"
"$bin" -m "$model" -t 1 -p 16 -n 128 -r 5
