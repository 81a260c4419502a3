#!/usr/bin/env bash
# make debug: QEMU halted at reset with a gdb stub on :1234, and gdb-multiarch attached
# with the firmware's symbols. Quit gdb to stop QEMU.
set -euo pipefail
cd "$(dirname "$0")/.."
ci/qemu.sh -s -S > build/debug-console.log 2>&1 < /dev/null &
qpid=$!
trap 'kill $qpid 2>/dev/null || true' EXIT
echo "debug: QEMU pid $qpid, console output in build/debug-console.log"
gdb-multiarch -q build/firmware.elf \
	-ex 'set architecture riscv:rv64' \
	-ex 'target remote localhost:1234' \
	-ex 'break kmain'
