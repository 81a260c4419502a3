# libFuzzer harnesses (tests/fuzz/fuzz_*.c) over the portable core: lib/, mm/ and the host
# glue, compiled by clang with -fsanitize=fuzzer,address,undefined into $(O)/fuzz/.
# Included by the top Makefile; until it is, use
#	make -f Makefile -f tests/fuzz/fuzz.mk fuzz
#
#   make fuzz          every harness for FUZZ_SECONDS (default 60) on $(O)/fuzz/corpus/
#   make fuzz-smoke    the same, 10 s each
#   make fuzz-build    the binaries only ($(O)/fuzz/fuzz_*)
#
# The corpus each run starts from: the committed seeds (tests/fuzz/corpus/HARNESS/, written
# by tests/fuzz/make_seeds.py), the trees in dts/ and the hostile corpus (tests/corpus/),
# copied into $(O)/fuzz/corpus/HARNESS/, where what libFuzzer finds stays for the next run.
# A crash leaves its input in $(O)/fuzz/artifacts/HARNESS/ and fails.
# clang and libclang-rt-14-dev (libFuzzer itself) come from `make deps`.

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS  := -std=gnu11 -O1 -g $(WARN) -Wno-unknown-attributes \
		-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
		-fno-omit-frame-pointer -DRVMM_HOST -I. -Itests/host -DRVMM_VERSION='"$(VERSION)"'
FUZZ_LDFLAGS := -fsanitize=fuzzer,address,undefined

FUZZERS   := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS := $(addprefix $(O)/fuzz/,$(FUZZERS))
FUZZ_CORE := $(patsubst %.c,$(O)/fuzz/obj/%.o,$(filter %.c,$(lib-y) $(mm-y)) tests/host/glue.c)
FUZZ_DTBS := $(patsubst dts/%.dts,$(O)/dts/%.dtb,$(wildcard dts/*.dts))
FUZZ_SEEDS := $(FUZZ_DTBS) $(wildcard tests/corpus/hostile/*.dtb)

.PHONY: fuzz fuzz-smoke fuzz-build

$(O)/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

# The core as an archive: each harness links only the objects it reaches.
$(O)/fuzz/libcore.a: $(FUZZ_CORE)
	rm -f $@
	ar rcs $@ $^

$(FUZZ_BINS): $(O)/fuzz/%: $(O)/fuzz/obj/tests/fuzz/%.o $(O)/fuzz/libcore.a
	$(FUZZ_CC) $(FUZZ_LDFLAGS) $^ -o $@

fuzz-build: $(FUZZ_BINS)

fuzz: $(FUZZ_BINS) $(FUZZ_DTBS)
	@tests/fuzz/run.sh $(O) $(FUZZ_SECONDS) $(FUZZERS) -- $(FUZZ_SEEDS)

fuzz-smoke: $(FUZZ_BINS) $(FUZZ_DTBS)
	@tests/fuzz/run.sh $(O) 10 $(FUZZERS) -- $(FUZZ_SEEDS)
