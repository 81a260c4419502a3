#!/usr/bin/env bash
# Install the Debian packages rvmm needs, only those missing. Idempotent and quick when
# everything is there (one dpkg-query). Why each package:
#   gcc-riscv64-unknown-elf  the target compiler      qemu-system-misc  qemu-system-riscv64
#   opensbi                  fw_jump.bin/fw_dynamic   device-tree-compiler  dtc for dts/
#   u-boot-qemu, u-boot-tools  the booti path, mkimage  python3-pytest, python3-serial  host runner
#   libfdt-dev               the FDT oracle           gdb-multiarch     make debug
#   clang, libclang-rt-14-dev  make fuzz: clang and its libFuzzer runtime (not a clang dependency)
#   python3-matplotlib       make bench: the PNG plots of ci/plot.py
#   libjemalloc2, libtcmalloc-minimal4, libmimalloc2.0  make bench-host: the real allocators
#                            the slab core is compared with in the same run
set -euo pipefail

pkgs=(gcc-riscv64-unknown-elf qemu-system-misc opensbi device-tree-compiler u-boot-qemu
      u-boot-tools python3-pytest python3-serial libfdt-dev gdb-multiarch clang libclang-rt-14-dev
      python3-matplotlib libjemalloc2 libtcmalloc-minimal4 libmimalloc2.0)

missing=()
for p in "${pkgs[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[[ $status == "install ok installed" ]] || missing+=("$p")
done
(( ${#missing[@]} == 0 )) && exit 0

echo "deps: installing ${missing[*]}"
sudo=""
if (( EUID != 0 )); then
	command -v sudo >/dev/null || { echo "deps: need root or sudo to install ${missing[*]}" >&2; exit 1; }
	sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "deps: done"
