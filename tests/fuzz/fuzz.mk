# libFuzzer harnesses (tests/fuzz/fuzz_*.c) over the portable core: lib/, mm/ and the host
# glue, compiled by clang with -fsanitize=fuzzer,address,undefined into $(O)/fuzz/.
# Included by the top Makefile; until it is, use
#	make -f Makefile -f tests/fuzz/fuzz.mk fuzz
#
#   make fuzz          every harness for FUZZ_SECONDS (default 60) on $(O)/fuzz/corpus/
#   make fuzz-smoke    the same, 10 s each
#   make fuzz-build    the binaries only ($(O)/fuzz/fuzz_*)
#
# The harnesses: fuzz_fdt and fuzz_dt_memory read device trees, fuzz_mm reads a sequence of
# allocator operations (buddy, slab/kmalloc, vmalloc; see the top of tests/fuzz/fuzz_mm.c).
# The corpus each run starts from: the committed seeds (tests/fuzz/corpus/HARNESS/, written
# by tests/fuzz/make_seeds.py or by hand for fuzz_mm), and for the device-tree harnesses
# the trees in dts/ and the hostile corpus (tests/corpus/), copied into
# $(O)/fuzz/corpus/HARNESS/, where what libFuzzer finds stays for the next run.
# A crash leaves its input in $(O)/fuzz/artifacts/HARNESS/ and fails.
# clang and libclang-rt-14-dev (libFuzzer itself) come from `make deps`.

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS  := -std=gnu11 -O1 -g $(WARN) -Wno-unknown-attributes \
		-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
		-fno-omit-frame-pointer -DRVMM_HOST -I. -Itests/host -DRVMM_VERSION='"$(VERSION)"'
FUZZ_LDFLAGS := -fsanitize=fuzzer,address,undefined

FUZZERS   := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
# Harnesses whose input is not a device tree, and those that get the trees as seeds too.
FUZZ_OPS  := fuzz_mm
FUZZ_DT   := $(filter-out $(FUZZ_OPS),$(FUZZERS))
FUZZ_BINS := $(addprefix $(O)/fuzz/,$(FUZZERS))
FUZZ_CORE := $(patsubst %.c,$(O)/fuzz/obj/%.o,$(filter %.c,$(lib-y) $(mm-y)) tests/host/glue.c)
FUZZ_DTBS := $(patsubst dts/%.dts,$(O)/dts/%.dtb,$(wildcard dts/*.dts))
FUZZ_SEEDS := $(FUZZ_DTBS) $(wildcard tests/corpus/hostile/*.dtb)

.PHONY: fuzz fuzz-smoke fuzz-build

$(O)/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_CFLAGS_$*) -MMD -MP -c $< -o $@

# The allocators' checkers run after every step of fuzz_mm: they are the oracle, not the
# code under test, so their comparisons are not traced (that took 3/4 of the time).
FUZZ_NO_CMP := -fno-sanitize-coverage=trace-cmp
FUZZ_CFLAGS_mm/buddy_verify := $(FUZZ_NO_CMP)
FUZZ_CFLAGS_mm/slabinfo := $(FUZZ_NO_CMP)
FUZZ_CFLAGS_mm/vmalloc_info := $(FUZZ_NO_CMP)

# The core as an archive: each harness links only the objects it reaches.
$(O)/fuzz/libcore.a: $(FUZZ_CORE)
	rm -f $@
	ar rcs $@ $^

$(FUZZ_BINS): $(O)/fuzz/%: $(O)/fuzz/obj/tests/fuzz/%.o $(O)/fuzz/libcore.a
	$(FUZZ_CC) $(FUZZ_LDFLAGS) $^ -o $@

fuzz-build: $(FUZZ_BINS)

# Both groups run, then the status is that of the worse.
fuzz-run = tests/fuzz/run.sh $(O) $(1) $(FUZZ_DT) -- $(FUZZ_SEEDS); dt=$$?; \
	   tests/fuzz/run.sh $(O) $(1) $(filter $(FUZZ_OPS),$(FUZZERS)); exit $$((dt | $$?))

fuzz: $(FUZZ_BINS) $(FUZZ_DTBS)
	@$(call fuzz-run,$(FUZZ_SECONDS))

fuzz-smoke: $(FUZZ_BINS) $(FUZZ_DTBS)
	@$(call fuzz-run,10)
