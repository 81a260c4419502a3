# rvmm: the only build entry. See README.md and ../shared/ARCHITECTURE.md.
#
#   make            build/firmware.elf, build/Image, DTBs, host tools (build/host/)
#   make run        boot the console on QEMU          make check   every test, host and target
#   make bench      benchmarks under -icount          make deps    install Debian packages
#   make debug      QEMU -s -S with gdb-multiarch     make image   boot files for boards
#
# Variables: MACHINE=virt|sifive_u SMP=N MEM=2G NODES=N DTB=file APPEND='...' BOOT=sbi|uboot
# ICOUNT=1 BIOS=path|default O=builddir
#
# Non-recursive: every folder lists its objects in an objects.mk.

# Plain `make` builds `all`, whatever the included .mk files define first.
.DEFAULT_GOAL := all

O        ?= build
CROSS    ?= riscv64-unknown-elf-
CC_T     := $(CROSS)gcc
OBJCOPY  := $(CROSS)objcopy
HOSTCC   ?= gcc
DTC      ?= dtc
PYTHON   ?= /usr/bin/python3

MACHINE  ?= virt
SMP      ?= 4
MEM      ?= 2G
NODES    ?= 1
BOOT     ?= sbi
export MACHINE SMP MEM NODES DTB APPEND BOOT ICOUNT BIOS

VERSION  := $(shell git describe --always --dirty 2>/dev/null || echo unknown)
# The files that print it are rebuilt when it changes (the stamp is rewritten only then).
VERSION_STAMP := $(O)/version
$(shell mkdir -p $(O) && { [ "$$(cat $(VERSION_STAMP) 2>/dev/null)" = "$(VERSION)" ] || \
	echo "$(VERSION)" > $(VERSION_STAMP); })

WARN     := -Wall -Wextra -Werror -Wno-unused-parameter -Wshadow -Wstrict-prototypes \
	    -Wmissing-prototypes -Wno-missing-field-initializers
CFLAGS_T := -std=gnu11 -O2 -g $(WARN) -march=rv64imac_zicsr_zifencei -mabi=lp64 \
	    -mcmodel=medany -ffreestanding -fno-builtin -nostdlib -fno-stack-protector \
	    -fno-pic -fno-jump-tables -fno-common -fno-omit-frame-pointer -mno-relax \
	    -I. -Ifirmware -DRVMM_VERSION='"$(VERSION)"'
ASFLAGS_T := $(filter-out -std=gnu11,$(CFLAGS_T)) -D__ASSEMBLY__
LDFLAGS_T := -nostdlib -static -Wl,--gc-sections -Wl,-T,link.ld -Wl,--no-relax \
	     -Wl,--build-id=none -Wl,-z,max-page-size=4096 -lgcc
CFLAGS_H := -std=gnu11 -O1 -g $(WARN) -fsanitize=address,undefined -fno-sanitize-recover=all \
	    -fno-omit-frame-pointer -DRVMM_HOST -I. -Itests/host -DRVMM_VERSION='"$(VERSION)"'
LDFLAGS_H := -fsanitize=address,undefined

include lib/objects.mk
include mm/objects.mk
include drivers/objects.mk
include firmware/objects.mk
include tests/objects.mk
-include tests/host/oracle/oracle.mk
-include tests/host/bench/bench.mk
-include tests/fuzz/fuzz.mk

# Target: everything in firmware/, drivers/, lib/, mm/ and the test suites.
T_SRCS := $(firmware-y) $(drivers-y) $(lib-y) $(mm-y) $(tests-y) $(tests-target-y)
T_OBJS := $(patsubst %,$(O)/target/%.o,$(basename $(T_SRCS)))
# Host: lib/, mm/ and the test suites, linked with a host main.
H_OBJS := $(patsubst %,$(O)/host/obj/%.o,$(basename $(lib-y) $(mm-y) $(tests-y) $(tests-host-y)))
H_CORE := $(filter-out $(O)/host/obj/tests/%,$(H_OBJS))

host-tools-y += $(O)/host/rvmm-dt

DTS_SRCS := $(wildcard dts/*.dts)
DTBS     := $(patsubst dts/%.dts,$(O)/dts/%.dtb,$(DTS_SRCS))

all: $(O)/firmware.elf $(O)/Image $(DTBS) host-tools
.PHONY: all run check bench debug deps image host-tools host-test clean format

$(O)/target/firmware/main.o $(O)/target/firmware/commands.o: $(VERSION_STAMP)

$(O)/target/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC_T) $(CFLAGS_T) -MMD -MP -c $< -o $@
$(O)/target/%.o: %.S
	@mkdir -p $(dir $@)
	$(CC_T) $(ASFLAGS_T) -MMD -MP -c $< -o $@
$(O)/host/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(CFLAGS_H) -MMD -MP -c $< -o $@

# Link with the plain ISA string so gcc picks its rv64imac/lp64 libgcc multilib (the
# _zicsr_zifencei suffix defeats multilib matching and drags in the lp64d default).
$(O)/firmware.elf: $(T_OBJS) link.ld
	$(CC_T) $(filter-out -march=%,$(CFLAGS_T)) -march=rv64imac $(T_OBJS) $(LDFLAGS_T) -o $@
$(O)/Image: $(O)/firmware.elf
	$(OBJCOPY) -O binary $< $@

$(O)/dts/%.dtb: dts/%.dts
	@mkdir -p $(dir $@)
	$(DTC) -q -I dts -O dtb -o $@ $<

host-tools: $(O)/host/ktest-host $(host-tools-y)
$(O)/host/ktest-host: $(H_OBJS)
	$(HOSTCC) $(LDFLAGS_H) $^ -o $@

# Host tools: the portable core (lib/, mm/) with the host glue and a main of their own.
H_GLUE := $(O)/host/obj/tests/host/glue.o
$(O)/host/rvmm-dt: $(H_CORE) $(H_GLUE) $(O)/host/obj/tests/host/tools/rvmm_dt.o
	$(HOSTCC) $(LDFLAGS_H) $^ -o $@

host-test: $(O)/host/ktest-host
	$(O)/host/ktest-host

run: all deps
	ci/qemu.sh

debug: all deps
	ci/debug.sh

check: deps
	@ci/check.sh

bench: all deps
	ci/bench.sh

# Each metric of a new run against bench/baseline.csv, in %; the host slab benchmark.
.PHONY: bench-compare bench-host
bench-compare: all deps
	ci/bench.sh compare
bench-host: deps
	ci/bench.sh host

deps:
	@ci/deps.sh

image: all
	ci/image.sh

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(O)

-include $(shell find $(O) -name '*.d' 2>/dev/null)
