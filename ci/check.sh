#!/usr/bin/env bash
# make check: every test, host and target. Ends with one line
#   check: N passed, N failed
# counting host test cases (ktest-host), host tools' checks and the pytest target tests.
set -uo pipefail
cd "$(dirname "$0")/.."

PY=/usr/bin/python3
LOG=build/check
mkdir -p "$LOG"
passed=0
failed=0

count_ktap() { # file label
	local line p f
	line=$(tr -d '\r' < "$1" | grep -E '^# [a-z]+: [0-9]+ passed, [0-9]+ failed$' | tail -n 1)
	if [[ -z $line ]]; then
		echo "check: $2 printed no summary (crash?):"; tail -n 30 "$1"
		failed=$((failed + 1)); return
	fi
	p=$(sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed/\1/' <<<"$line")
	f=$(sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed/\2/' <<<"$line")
	passed=$((passed + p)); failed=$((failed + f))
}

echo "== build"
if ! make -s -j2 all > "$LOG/build.log" 2>&1; then
	cat "$LOG/build.log"
	echo "check: 0 passed, 1 failed"
	exit 1
fi

echo "== host: ktest-host (ASan+UBSan)"
build/host/ktest-host > "$LOG/host.log" 2>&1
rc=$?
grep -E '^(not ok|ok) |^    not ok|^    # |^# ' "$LOG/host.log" | grep -vE '^    # Subtest' | grep -E 'not ok|#.*:[0-9]+:|^# ' || true
count_ktap "$LOG/host.log" ktest-host
if (( rc != 0 )) && ! grep -qE '^# host: [0-9]+ passed, [1-9]' "$LOG/host.log"; then
	echo "check: ktest-host exited $rc"; tail -n 30 "$LOG/host.log"; failed=$((failed + 1))
fi

for t in ci/check.d/*.sh; do
	[[ -e $t ]] || continue
	name=$(basename "$t" .sh)
	echo "== host: $name"
	if bash "$t" > "$LOG/$name.log" 2>&1; then
		passed=$((passed + 1)); tail -n 1 "$LOG/$name.log"
	else
		failed=$((failed + 1)); tail -n 20 "$LOG/$name.log"
	fi
done

echo "== target: pytest (QEMU)"
rm -f "$LOG"/ktap-*.log
$PY -m pytest -q -p no:cacheprovider tests/ 2>&1 | tee "$LOG/pytest.log" | grep -vE '^\.|^$' || true
summary=$(tail -n 1 "$LOG/pytest.log")
p=$(grep -oE '[0-9]+ passed' <<<"$summary" | grep -oE '[0-9]+' || echo 0)
f=$(grep -oE '[0-9]+ (failed|errors?)' <<<"$summary" | awk '{s += $1} END {print s + 0}')
if ! grep -qE '[0-9]+ (passed|failed)' <<<"$summary"; then
	echo "check: pytest printed no result"; f=$((f + 1))
fi
passed=$((passed + p)); failed=$((failed + f))

# The on-target KTAP cases of every configuration the target tests booted.
for k in "$LOG"/ktap-*.log; do
	[[ -e $k ]] || continue
	count_ktap "$k" "$(basename "$k" .log)"
	echo "   $(basename "$k" .log): $(tr -d '\r' < "$k" | grep -E '^# firmware:' | tail -n 1)"
done

echo "check: $passed passed, $failed failed"
(( failed == 0 ))
