#!/usr/bin/env bash
# Benchmarks: instruction counts on QEMU under -icount shift=0, collected and plotted.
#
#   ci/bench.sh            (make bench) boot MEM=2G cma=128M, run `bench`, `bench churn`, `memmap`;
#                          boot MEM=8G for the boot figures; write build/bench/target.csv
#                          (name,value,unit,config) and the PNGs of ci/plot.py
#   ci/bench.sh compare    (make bench-compare) the same runs, then each metric's change
#                          against bench/baseline.csv in %
#   ci/bench.sh host       (make bench-host) the host benchmark (tests/host/bench: slab and
#                          buddy against glibc, jemalloc, tcmalloc, mimalloc; 1 and 2
#                          threads) into build/bench/host.csv, then the plots again;
#                          HOST_BENCH_ARGS passes options (e.g. "-n 100000 -r 1": quicker)
#   ci/bench.sh baseline   make the last run the baseline: build/bench/target.csv to
#                          bench/baseline.csv and build/bench/*.png to docs/bench/
#
# One hart (SMP=1) except for the "with 4 harts busy" metrics (tests/bench/bench_smp.c,
# which explains how they count): QEMU's -icount clock counts every vCPU's instructions, and rdinstret
# reads that clock, so other harts running would add theirs. Under -icount the counts are
# deterministic: the same image gives the same numbers on every machine.
set -euo pipefail
cd "$(dirname "$0")/.."

O=${O:-build}
OUT=$O/bench
PY=${PYTHON:-/usr/bin/python3}
BASELINE=bench/baseline.csv
MODE=${1:-run}
SMP_METRICS="pcp_order0_pair_1hart pcp_order0_pair_4harts kmalloc64_pair_1hart kmalloc64_pair_4harts buddy_order0_pair_1hart buddy_order0_pair_4harts smp_disturbed_4harts"
BOOT_METRICS="boot_console_insns direct_map_insns direct_map_pte_writes memmap_init_insns_per_page memmap_free_insns_per_page"

die() { echo "bench: $*" >&2; exit 1; }
mkdir -p "$OUT"

# boot CONFIG MEM BOOTARGS COMMANDS: boot once, keep the console log in $OUT/CONFIG.log.
# BENCH_SMP=N before the call boots N harts (default 1; make exports SMP for make run).
boot() {
	local config=$1 mem=$2 args=$3 cmds=$4 log=$OUT/$1.log smp=${BENCH_SMP:-1}
	echo "bench: $config: SMP=$smp $args run=\"$cmds\""
	if ! env -u DTB -u NODES -u BOOT -u BIOS MACHINE=virt SMP="$smp" MEM="$mem" ICOUNT=1 \
		APPEND="$args run=\"$cmds\"" timeout 300 ci/qemu.sh > "$log" 2>&1 < /dev/null; then
		tail -n 20 "$log"
		die "$config: the run failed or timed out (see $log)"
	fi
	tr -d '\r' < "$log" > "$log.tmp" && mv "$log.tmp" "$log"
}

# csv_from LOG CONFIG: "bench: NAME VALUE UNIT" lines as CSV rows; notes for SKIP and FAIL.
csv_from() {
	awk -v config="$2" '
		/^bench: [a-z0-9_]+ [0-9]+(\.[0-9]+)? [^ ]+$/ { print $2 "," $3 "," $4 "," config; next }
		/^bench: [a-z0-9_-]+ SKIP / { sub(/^bench: /, ""); print "bench: skipped: " $0 > "/dev/stderr"; next }
		/^bench: / { print "bench: " config ": " $0 > "/dev/stderr"; bad = 1 }
		END { exit bad }' "$1"
}

run_target() {
	local csv=$OUT/target.csv
	boot virt-2G 2G "cma=128M" "bench; bench churn; memmap"
	boot virt-8G 8G "" "bench $BOOT_METRICS"
	# 5 harts for 4: under -icount QEMU 7.2 never wakes hart 1 from OpenSBI's cold-boot
	# wait (the boot says "smp: hart 1 did not come online"), the other four run.
	BENCH_SMP=5 boot virt-2G-smp 2G "" "bench $SMP_METRICS"
	local bad=0
	echo "name,value,unit,config" > "$csv.tmp"
	csv_from "$OUT/virt-2G.log" virt-2G >> "$csv.tmp" || bad=1
	csv_from "$OUT/virt-8G.log" virt-8G >> "$csv.tmp" || bad=1
	csv_from "$OUT/virt-2G-smp.log" virt-2G-smp >> "$csv.tmp" || bad=1
	(( bad == 0 )) || die "some benchmarks failed (see $OUT/virt-*.log)"
	mv "$csv.tmp" "$csv"
	echo "bench: $(($(wc -l < "$csv") - 1)) metrics in $csv"
}

plot() {
	if ! "$PY" -c 'import matplotlib' 2>/dev/null; then
		echo "bench: no plots: python3-matplotlib is missing (make deps installs it)"
		return 0
	fi
	"$PY" ci/plot.py "$OUT"
}

# compare BASE NEW: each metric of NEW with its baseline value, change in %.
compare() {
	[[ -f $1 ]] || die "no baseline ($1): run make bench, then ci/bench.sh baseline"
	awk -F, '
		FNR == 1 { next }
		NR == FNR { base[$1 "," $4] = $2; next }
		{
			key = $1 "," $4
			if (!(key in base)) {
				printf "%-28s %-8s %14s %14s %9s  %s\n", $1, $4, "-", $2, "new", $3
			} else {
				b = base[key] + 0; v = $2 + 0; seen[key] = 1
				ch = b == 0 ? (v == 0 ? "+0.00%" : "inf") : sprintf("%+.2f%%", (v - b) * 100 / b)
				printf "%-28s %-8s %14s %14s %9s  %s\n", $1, $4, base[key], $2, ch, $3
			}
		}
		END {
			for (k in base) if (!(k in seen)) { split(k, a, ","); printf "%-28s %-8s %14s %14s %9s\n", a[1], a[2], base[k], "-", "gone" }
		}' "$1" "$2" | { printf "%-28s %-8s %14s %14s %9s  %s\n" metric config baseline now change unit; cat; }
}

run_host() {
	local bin=$O/host/slab-bench csv=$OUT/host.csv
	if [[ ! -f tests/host/bench/bench.mk ]]; then
		echo "bench: no host benchmark yet (tests/host/bench/bench.mk)"
		return 0
	fi
	make -s "$bin" # the top Makefile includes tests/host/bench/bench.mk
	# shellcheck disable=SC2086 # options, split on purpose
	"$bin" ${HOST_BENCH_ARGS:-} > "$OUT/host.log" 2>&1 ||
		{ tail -n 20 "$OUT/host.log"; die "host: $bin failed (see $OUT/host.log)"; }
	grep -vE '^bench: ' "$OUT/host.log" || true
	{
		echo "name,value,unit,config"
		awk '/^bench: [^ ]+ [0-9]+(\.[0-9]+)? [^ ]+$/ { print $2 "," $3 "," $4 ",host" }' "$OUT/host.log"
	} > "$csv"
	echo "bench: $(($(wc -l < "$csv") - 1)) host metrics in $csv"
}

case "$MODE" in
run)
	run_target
	plot
	;;
compare)
	run_target
	compare "$BASELINE" "$OUT/target.csv"
	;;
host)
	run_host
	plot
	;;
baseline)
	[[ -f $OUT/target.csv ]] || die "no $OUT/target.csv: run make bench first"
	mkdir -p bench docs/bench
	cp "$OUT/target.csv" "$BASELINE"
	cp "$OUT"/*.png docs/bench/ 2>/dev/null || true
	echo "bench: $BASELINE and docs/bench/*.png updated from $OUT"
	;;
*)
	die "unknown mode ($MODE): run, compare, host or baseline"
	;;
esac
