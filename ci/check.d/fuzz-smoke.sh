#!/usr/bin/env bash
# libFuzzer smoke: each harness (FDT reader; DT -> memblock/NUMA/CMA) for 10 s from the
# committed seeds, the dts/ trees and the hostile corpus. `make fuzz` runs them longer.
set -euo pipefail
cd "$(dirname "$0")/../.."
make -s fuzz-smoke
