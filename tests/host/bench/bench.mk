# slab-bench: the slab and buddy allocators against glibc malloc (and jemalloc, tcmalloc,
# mimalloc when their shared libraries are installed; dlopen'ed at run time, nothing to
# link), with 1 and 2 threads. Host only, optimised and without sanitizers: the portable
# core (lib/, mm/) and the host glue are built again under $(O)/host/bench/obj. Needs the
# top Makefile's variables: the top Makefile includes it, so `make slab-bench` (build and
# run) or `make build/host/slab-bench` (build) work from the top.
#
# The core is compiled without -Werror here: -O2 may warn where the -O1 host build does not,
# and a benchmark should not break on that.

BENCH_CFLAGS := -std=gnu11 -O2 -g -pthread $(filter-out -Werror,$(WARN)) -DRVMM_HOST -I. -Itests/host \
		-DRVMM_VERSION='"$(VERSION)"'
BENCH_SRCS := $(lib-y) $(mm-y) tests/host/glue.c tests/host/bench/slab_bench.c
BENCH_OBJS := $(patsubst %,$(O)/host/bench/obj/%.o,$(basename $(BENCH_SRCS)))

$(O)/host/bench/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(BENCH_CFLAGS) -MMD -MP -c $< -o $@

$(O)/host/slab-bench: $(BENCH_OBJS)
	$(HOSTCC) $^ -pthread -ldl -o $@

.PHONY: slab-bench
slab-bench: $(O)/host/slab-bench
	$(O)/host/slab-bench

# The same program under ThreadSanitizer, to look for data races in the core on two CPUs:
# build/host/slab-bench-tsan -n 20000 -r 1 -a slab-kmalloc,slab-cache,buddy (only rvmm's
# allocators and glibc: TSan cannot see the locks inside the dlopen'ed ones). The core's
# deliberate lockless reads are READ_ONCE/WRITE_ONCE (relaxed atomics), so it reports none
# of them: `make check` runs it (ci/check.d/tsan-smoke.sh) and any report is a real race.
TSAN_CFLAGS := $(filter-out -O2,$(BENCH_CFLAGS)) -O1 -fsanitize=thread
TSAN_OBJS := $(patsubst %,$(O)/host/bench-tsan/obj/%.o,$(basename $(BENCH_SRCS)))

$(O)/host/bench-tsan/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(TSAN_CFLAGS) -MMD -MP -c $< -o $@

$(O)/host/slab-bench-tsan: $(TSAN_OBJS)
	$(HOSTCC) -fsanitize=thread $^ -pthread -ldl -o $@
