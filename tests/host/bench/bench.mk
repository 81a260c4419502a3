# slab-bench: the slab allocator against glibc malloc (and jemalloc, tcmalloc, mimalloc when
# their shared libraries are installed; dlopen'ed at run time, nothing to link). Host only,
# optimised and without sanitizers: the portable core (lib/, mm/) and the host glue are
# built again under $(O)/host/bench/obj. Needs the top Makefile's variables: include it from
# there, or run
#
#	make -f Makefile -f tests/host/bench/bench.mk slab-bench
#
# The core is compiled without -Werror here: -O2 may warn where the -O1 host build does not,
# and a benchmark should not break on that.

BENCH_CFLAGS := -std=gnu11 -O2 -g $(filter-out -Werror,$(WARN)) -DRVMM_HOST -I. -Itests/host \
		-DRVMM_VERSION='"$(VERSION)"'
BENCH_SRCS := $(lib-y) $(mm-y) tests/host/glue.c tests/host/bench/slab_bench.c
BENCH_OBJS := $(patsubst %,$(O)/host/bench/obj/%.o,$(basename $(BENCH_SRCS)))

$(O)/host/bench/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(BENCH_CFLAGS) -MMD -MP -c $< -o $@

$(O)/host/slab-bench: $(BENCH_OBJS)
	$(HOSTCC) $^ -ldl -o $@

.PHONY: slab-bench
slab-bench: $(O)/host/slab-bench
	$(O)/host/slab-bench
