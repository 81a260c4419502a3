#!/usr/bin/env bash
# The FDT reader against libfdt over every tree in dts/ and ~100k mutations of them:
# same answers on every accepted blob, and a rejection wherever fdt_check_full rejects.
set -euo pipefail
cd "$(dirname "$0")/../.."
make -s fdt-oracle
