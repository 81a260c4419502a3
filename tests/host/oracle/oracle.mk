# Host oracle: lib/fdt.c against libfdt (Debian package libfdt-dev), on every tree given and
# on systematic corruptions of it. Included by the top Makefile (before DTBS is defined, so
# the tree list is spelled out here).
#
#   build/host/fdt-oracle [-v] FILE.dtb...      make fdt-oracle   (runs it on dts/*.dts)
host-tools-y += $(O)/host/fdt-oracle

$(O)/host/fdt-oracle: $(O)/host/obj/tests/host/oracle/fdt_oracle.o $(O)/host/obj/lib/fdt.o
	$(HOSTCC) $(LDFLAGS_H) $^ -lfdt -o $@

.PHONY: fdt-oracle
ORACLE_DTBS := $(patsubst dts/%.dts,$(O)/dts/%.dtb,$(wildcard dts/*.dts))
fdt-oracle: $(O)/host/fdt-oracle $(ORACLE_DTBS)
	$(O)/host/fdt-oracle $(ORACLE_DTBS)
