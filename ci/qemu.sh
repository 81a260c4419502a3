#!/usr/bin/env bash
# Boot rvmm on QEMU. The one place that turns the make variables into a QEMU command
# line: `make run`, `make debug`, the pytest runner and the benchmarks all come here.
#
# Environment (all optional): MACHINE=virt|sifive_u SMP=4 MEM=2G NODES=1 DTB=file
# APPEND='bootargs' BOOT=sbi|uboot ICOUNT=1 BIOS=path|default IMAGE=build/Image
# QEMU_EXTRA='more args' DUMPDTB=file (write QEMU's generated tree there and exit).
# Arguments given to this script are appended to QEMU's.
# QEMU_PRINT=1 prints the command instead of running it.
set -euo pipefail

MACHINE=${MACHINE:-virt}
SMP=${SMP:-4}
MEM=${MEM:-2G}
NODES=${NODES:-1}
BOOT=${BOOT:-sbi}
O=${O:-build}
IMAGE=${IMAGE:-$O/Image}
FW_JUMP=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin

die() { echo "qemu.sh: $*" >&2; exit 2; }

# Memory size in MiB from QEMU's notation (512M, 2G, 6G, 1024).
mem_mib() {
	local v=$1
	case "$v" in
	*[gG]) echo $(( ${v%[gG]} * 1024 )) ;;
	*[mM]) echo "${v%[mM]}" ;;
	*[0-9]) echo "$v" ;;
	*) die "bad MEM ($v)" ;;
	esac
}

args=(qemu-system-riscv64 -nographic -no-reboot)
machine_opt=$MACHINE

case "$MACHINE" in
virt) ;;
sifive_u) ;;
*) die "unknown MACHINE ($MACHINE): virt or sifive_u" ;;
esac

total=$(mem_mib "$MEM")
[[ $NODES =~ ^[0-9]+$ && $NODES -ge 1 && $NODES -le 8 ]] || die "bad NODES ($NODES): 1..8"
if (( NODES > 1 )); then
	[[ $MACHINE == virt ]] || die "NODES needs MACHINE=virt"
	(( total % NODES == 0 )) || die "MEM ($MEM) does not split evenly over $NODES nodes"
	(( NODES > 2 )) && machine_opt="$machine_opt,aia=aplic"
	per=$(( total / NODES ))
	for ((n = 0; n < NODES; n++)); do
		args+=(-object "memory-backend-ram,id=m$n,size=${per}M")
		if (( SMP >= NODES )); then
			c0=$(( n * SMP / NODES )); c1=$(( (n + 1) * SMP / NODES - 1 ))
			args+=(-numa "node,memdev=m$n,cpus=$c0-$c1,nodeid=$n")
		else
			if (( n < SMP )); then
				args+=(-numa "node,memdev=m$n,cpus=$n,nodeid=$n")
			else
				args+=(-numa "node,memdev=m$n,nodeid=$n")
			fi
		fi
	done
fi

[[ -n ${DUMPDTB:-} ]] && machine_opt="$machine_opt,dumpdtb=$DUMPDTB"
args+=(-M "$machine_opt" -m "${total}M" -smp "$SMP")

case "$BOOT" in
sbi)
	if [[ ${BIOS:-} == default ]]; then
		args+=(-bios default)
	else
		args+=(-bios "${BIOS:-$FW_JUMP}")
	fi
	args+=(-kernel "$IMAGE")
	[[ -n ${DTB:-} ]] && args+=(-dtb "$DTB")
	[[ -n ${APPEND:-} ]] && args+=(-append "$APPEND")
	;;
uboot)
	# OpenSBI -> U-Boot (S-mode) -> distro boot finds boot.scr on a virtio disk -> booti
	# with U-Boot's own device tree. APPEND goes into the boot script.
	[[ $MACHINE == virt ]] || die "BOOT=uboot needs MACHINE=virt (Debian's qemu-riscv64_smode)"
	[[ -z ${DTB:-} ]] || die "BOOT=uboot boots with U-Boot's own tree: DTB is not used"
	disk=$(mktemp -d /tmp/rvmm-uboot.XXXXXX)/disk.img
	trap 'rm -rf "$(dirname "$disk")"' EXIT
	IMAGE=$IMAGE ci/uboot-disk.sh "$disk" "${APPEND:-}" >&2
	args+=(-bios "${BIOS:-$FW_JUMP}" -kernel /usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin
	       -drive "file=$disk,if=none,format=raw,id=hd0" -device virtio-blk-device,drive=hd0)
	;;
*) die "unknown BOOT ($BOOT): sbi or uboot" ;;
esac

[[ ${ICOUNT:-} == 1 ]] && args+=(-icount shift=0)
# shellcheck disable=SC2206
[[ -n ${QEMU_EXTRA:-} ]] && args+=($QEMU_EXTRA)
args+=("$@")

if [[ ${QEMU_PRINT:-} == 1 ]]; then
	printf '%q ' "${args[@]}"; echo
	exit 0
fi
if [[ $BOOT == uboot ]]; then
	"${args[@]}"	# not exec: the trap removes the disk afterwards
else
	exec "${args[@]}"
fi
