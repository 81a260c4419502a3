#!/usr/bin/env bash
# Run each libFuzzer harness for a fixed time on its corpus (see tests/fuzz/fuzz.mk).
#
#	tests/fuzz/run.sh O SECONDS HARNESS... -- SEED_DTB...
#
# Per harness: seeds from tests/fuzz/corpus/HARNESS/ and SEED_DTB... are copied (without
# overwriting) into O/fuzz/corpus/HARNESS/, the run's log goes to O/fuzz/HARNESS.log, and
# one line sums it up: "fuzz: HARNESS: N execs in S s (N/s), corpus N files". A crash,
# leak, timeout or out-of-memory prints the end of the log and the input it left in
# O/fuzz/artifacts/HARNESS/, and the script exits 1 after trying the other harnesses.
set -uo pipefail

out=$1 seconds=$2
shift 2
harnesses=()
while (( $# )) && [[ $1 != -- ]]; do harnesses+=("$1"); shift; done
(( $# )) && shift
seeds=("$@")

status=0
for h in "${harnesses[@]}"; do
	corpus=$out/fuzz/corpus/$h artifacts=$out/fuzz/artifacts/$h/ log=$out/fuzz/$h.log
	mkdir -p "$corpus" "$artifacts"
	[[ -d tests/fuzz/corpus/$h ]] && cp -n tests/fuzz/corpus/$h/* "$corpus"/ 2>/dev/null
	(( ${#seeds[@]} )) && cp -n "${seeds[@]}" "$corpus"/
	"$out/fuzz/$h" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
		-dict=tests/fuzz/fdt.dict -artifact_prefix="$artifacts" -print_final_stats=1 \
		"$corpus" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
	files=$(find "$corpus" -type f | wc -l)
	if (( rc != 0 )); then
		echo "fuzz: $h: FAILED (exit $rc) after ${execs:-?} execs; log $log"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz_|.*runtime error)' "$log" | head -5
		ls -t "$artifacts" 2>/dev/null | head -3 | sed "s|^|fuzz: $h: input $artifacts|"
		status=1
	else
		echo "fuzz: $h: ${execs:-0} execs in ${seconds} s (${rate:-0}/s), corpus $files files"
	fi
done
exit $status
