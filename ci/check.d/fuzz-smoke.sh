#!/usr/bin/env bash
# libFuzzer smoke: each harness for 10 s (FDT reader; DT -> memblock/NUMA/CMA; buddy +
# slab + vmalloc API sequences with every verifier after each step), from the committed
# seeds, the dts/ trees and the hostile corpus. `make fuzz` runs them longer.
set -euo pipefail
cd "$(dirname "$0")/../.."
make -s fuzz-smoke
