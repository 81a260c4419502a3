#!/usr/bin/env bash
# make image: boot files for the boards, one directory each under build/image/:
#   Image      the same build/Image that QEMU boots (RISC-V Image header, booti)
#   boot.scr   U-Boot script (mkimage) loading Image from the boot partition and
#              booting it with U-Boot's own device tree; boot.cmd is its source
#   rvmm-dt.txt what rvmm will discover on the board (rvmm-dt over dts/BOARD.dts)
# APPEND='...' puts bootargs into the script (e.g. APPEND='run="test"').
# Copy a directory's files to the first (FAT or ext) partition of the SD card:
# docs/boards.md has the steps.
set -euo pipefail
cd "$(dirname "$0")/.."
for board in visionfive2 hifive-unmatched; do
	out=build/image/$board
	rm -rf "$out"
	ci/boot-files.sh "$out" "${APPEND:-}"
	build/host/rvmm-dt "build/dts/$board.dtb" > "$out/rvmm-dt.txt"
	echo "image: $out: $(ls "$out" | tr '\n' ' ')"
done
