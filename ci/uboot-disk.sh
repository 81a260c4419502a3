#!/usr/bin/env bash
# A 32 MiB raw disk with one bootable MBR partition (ext2) holding Image and boot.scr, the
# way an SD card is laid out: U-Boot's distro boot finds /boot.scr on it by itself.
# Needs only e2fsprogs (mke2fs -d) and python3, both on every Debian.
#
#   ci/uboot-disk.sh DISK [BOOTARGS]
set -euo pipefail
disk=$1
dir=$disk.d
rm -rf "$dir" "$disk"
ci/boot-files.sh "$dir" "${2:-}"
truncate -s 32M "$disk"
/usr/bin/python3 - "$disk" <<'PY'
import struct, sys
mbr = bytearray(512)
start, sectors = 2048, 32 * 2048 - 2048
mbr[446:462] = struct.pack("<B3sB3sII", 0x80, b"\0\0\0", 0x83, b"\0\0\0", start, sectors)
mbr[510:512] = b"\x55\xaa"
with open(sys.argv[1], "r+b") as f:
    f.write(mbr)
PY
/sbin/mke2fs -q -t ext2 -E offset=1048576 -d "$dir" -F "$disk" 31M
