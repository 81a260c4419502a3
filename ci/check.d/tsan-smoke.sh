#!/usr/bin/env bash
# ThreadSanitizer over rvmm's slab and buddy allocators on two host threads (the host
# benchmark, built with -fsanitize=thread, run short): no data race reported, and the
# run's own checks (slab_verify, buddy_verify, every page back, no object handed out
# twice) pass. The lockless reads the allocator makes on purpose are READ_ONCE/WRITE_ONCE,
# relaxed atomics, so a report here is a real race.
set -euo pipefail
cd "$(dirname "$0")/../.."
make -s build/host/slab-bench-tsan
TSAN_OPTIONS="halt_on_error=1 exitcode=66" \
	build/host/slab-bench-tsan -n 20000 -r 1 -a slab-kmalloc,slab-cache,buddy > build/tsan-smoke.log 2>&1 ||
	{ rc=$?; grep -A20 "WARNING: ThreadSanitizer" build/tsan-smoke.log | head -40; tail -n 5 build/tsan-smoke.log
	  echo "tsan-smoke: slab-bench-tsan failed (exit $rc)"; exit 1; }
grep -q "^slab_verify: 0 errors" build/tsan-smoke.log
grep -q "^buddy_verify: 0 errors" build/tsan-smoke.log
echo "tsan-smoke: no data race in slab and buddy on 2 threads, verifiers clean"
