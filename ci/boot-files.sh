#!/usr/bin/env bash
# Make U-Boot boot files for rvmm in a directory: Image, boot.cmd and boot.scr (mkimage).
# The script uses only distro-boot variables (devtype, devnum, distro_bootpart,
# kernel_addr_r, fdtcontroladdr), so the same files boot QEMU's virtio disk, a VisionFive 2
# or a HiFive Unmatched SD card. U-Boot passes its own device tree.
#
#   ci/boot-files.sh OUTDIR [BOOTARGS]
set -euo pipefail
out=$1
bootargs=${2:-}
image=${IMAGE:-build/Image}
mkdir -p "$out"
cp "$image" "$out/Image"
{
	echo "# rvmm boot script (U-Boot hush). Built by ci/boot-files.sh."
	echo "echo \"rvmm: loading Image from \${devtype} \${devnum}:\${distro_bootpart}\""
	echo "load \${devtype} \${devnum}:\${distro_bootpart} \${kernel_addr_r} Image"
	if [[ -n $bootargs ]]; then
		[[ $bootargs == *"'"* ]] && { echo "boot-files: bootargs must not contain ' ($bootargs)" >&2; exit 2; }
		echo "setenv bootargs '$bootargs'"
	fi
	echo "booti \${kernel_addr_r} - \${fdtcontroladdr}"
} > "$out/boot.cmd"
mkimage -A riscv -O linux -T script -C none -n rvmm -d "$out/boot.cmd" "$out/boot.scr" > /dev/null
