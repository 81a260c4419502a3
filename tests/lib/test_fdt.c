// SPDX-License-Identifier: MIT
/*
 * FDT reader: lookups on a tree built in C, and every rejection cause of fdt_open() with its
 * exact value (header fields, block layout, truncation at each structural boundary, the
 * token stream). Runs on the host (each blob copied into an exact-size heap buffer, so ASan
 * sees any read past `avail`) and on the target.
 */
#include "tests/ktest.h"
#include "tests/lib/fdt_builder.h"
#include "lib/fdt.h"
#include "lib/errno.h"
#ifdef RVMM_HOST
#include <stdlib.h>
#include <string.h>
#endif

static struct fdtb b;
static u8 blob[16384] __aligned(8);
static u8 blob2[16384 + 8] __aligned(8);

/* Open blob[0..n) as fdt_open would see it from a buffer of exactly n bytes. */
static struct fdt_error open_err(const void *p, size_t n)
{
	struct fdt f;
	struct fdt_error e = {0};
	int ret;
#ifdef RVMM_HOST
	void *copy = malloc(n ? n : 1);

	memcpy(copy, p, n);
	ret = fdt_open(&f, copy, n, &e);
	free(copy);
#else
	ret = fdt_open(&f, p, n, &e);
#endif
	if (ret == 0)
		e.cause = "(accepted)";
	else if (ret != -EINVAL || !e.cause)
		e.cause = "(bad return)";
	return e;
}

#define EXPECT_CAUSE(p, n, want, val)                                                              \
	do {                                                                                       \
		struct fdt_error _e = open_err(p, n);                                              \
		EXPECT_STREQ(_e.cause, want);                                                      \
		EXPECT_EQ(_e.value, val);                                                          \
	} while (0)

#define EXPECT_OK(p, n) EXPECT_STREQ(open_err(p, n).cause, "(accepted)")

static int finish(const struct fdtb_opts *o)
{
	return fdtb_finish(&b, o, blob, sizeof(blob));
}

/*
 * The sample tree used by the lookup tests:
 *
 *	/memreserve/ 0x80000000 0x200000; /memreserve/ 0x90000000 0x1000;
 *	/ { #address-cells = <2>; #size-cells = <2>; compatible = "rvmm,test", "riscv-virtio";
 *	    chosen { bootargs = "console=ttyS0"; stdout-path = "/soc/serial@10000000"; };
 *	    aliases { serial0 = "/soc/serial@10000000"; cpus = "/cpus"; rel = "cpus"; };
 *	    memory@80000000 { device_type = "memory"; reg = <0 0x80000000 0 0x40000000>,
 *	                                                     <1 0 0 0x1000>; };
 *	    cpus { #address-cells = <1>; #size-cells = <0>;
 *	           cpu@0 { reg = <0>; compatible = "riscv"; phandle = <1>;
 *	                   interrupt-controller { compatible = "riscv,cpu-intc"; phandle = <2>; };
 *}; cpu@1 { reg = <1>; compatible = "riscv"; linux,phandle = <3>; }; }; soc { #address-cells = <2>;
 *#size-cells = <2>; compatible = "simple-bus"; serial@10000000 { compatible = "ns16550a"; reg = <0
 *0x10000000 0 0x100>; }; bad@1 { reg = <1 2 3>; }; }; wide { #address-cells = <3>; #size-cells =
 *<3>; dev@0 { reg = <0 0 0 0 0 0>; }; }; bus { #address-cells = <1>; #size-cells = <1>; dev@100 {
 *reg = <0x100 0x20 0x200 0x40>; str = [61 62]; empty; }; }; nocells { #address-cells = <0>;
 *#size-cells = <3>; x { reg = <1>; }; }; shortcells { #address-cells = [00 01]; y { reg = <1 2>; };
 *};
 *	};
 */
static int build_sample(void)
{
	static const u32 mem_reg[] = {0, 0x80000000, 0, 0x40000000, 1, 0, 0, 0x1000};
	static const u32 serial_reg[] = {0, 0x10000000, 0, 0x100};
	static const u32 bad_reg[] = {1, 2, 3};
	static const u32 wide_reg[] = {0, 0, 0, 0, 0, 0};
	static const u32 dev_reg[] = {0x100, 0x20, 0x200, 0x40};
	static const u32 y_reg[] = {1, 2};

	fdtb_init(&b);
	fdtb_memreserve(&b, 0x80000000, 0x200000);
	fdtb_memreserve(&b, 0x90000000, 0x1000);
	fdtb_begin_node(&b, "");
	fdtb_prop_u32(&b, "#address-cells", 2);
	fdtb_prop_u32(&b, "#size-cells", 2);
	fdtb_prop(&b, "compatible", "rvmm,test\0riscv-virtio", 23);
	fdtb_begin_node(&b, "chosen");
	fdtb_prop_str(&b, "bootargs", "console=ttyS0");
	fdtb_prop_str(&b, "stdout-path", "/soc/serial@10000000");
	fdtb_end_node(&b);
	fdtb_begin_node(&b, "aliases");
	fdtb_prop_str(&b, "serial0", "/soc/serial@10000000");
	fdtb_prop_str(&b, "cpus", "/cpus");
	fdtb_prop_str(&b, "rel", "cpus");
	fdtb_end_node(&b);
	fdtb_begin_node(&b, "memory@80000000");
	fdtb_prop_str(&b, "device_type", "memory");
	fdtb_prop_cells(&b, "reg", mem_reg, 8);
	fdtb_end_node(&b);
	fdtb_begin_node(&b, "cpus");
	fdtb_prop_u32(&b, "#address-cells", 1);
	fdtb_prop_u32(&b, "#size-cells", 0);
	fdtb_begin_node(&b, "cpu@0");
	fdtb_prop_u32(&b, "reg", 0);
	fdtb_prop_str(&b, "compatible", "riscv");
	fdtb_prop_u32(&b, "phandle", 1);
	fdtb_begin_node(&b, "interrupt-controller");
	fdtb_prop_str(&b, "compatible", "riscv,cpu-intc");
	fdtb_prop_u32(&b, "phandle", 2);
	fdtb_end_node(&b);
	fdtb_end_node(&b);
	fdtb_begin_node(&b, "cpu@1");
	fdtb_prop_u32(&b, "reg", 1);
	fdtb_prop_str(&b, "compatible", "riscv");
	fdtb_prop_u32(&b, "linux,phandle", 3);
	fdtb_end_node(&b);
	fdtb_end_node(&b);
	fdtb_begin_node(&b, "soc");
	fdtb_prop_u32(&b, "#address-cells", 2);
	fdtb_prop_u32(&b, "#size-cells", 2);
	fdtb_prop_str(&b, "compatible", "simple-bus");
	fdtb_begin_node(&b, "serial@10000000");
	fdtb_prop_str(&b, "compatible", "ns16550a");
	fdtb_prop_cells(&b, "reg", serial_reg, 4);
	fdtb_end_node(&b);
	fdtb_begin_node(&b, "bad@1");
	fdtb_prop_cells(&b, "reg", bad_reg, 3);
	fdtb_end_node(&b);
	fdtb_end_node(&b);
	fdtb_begin_node(&b, "wide");
	fdtb_prop_u32(&b, "#address-cells", 3);
	fdtb_prop_u32(&b, "#size-cells", 3);
	fdtb_begin_node(&b, "dev@0");
	fdtb_prop_cells(&b, "reg", wide_reg, 6);
	fdtb_end_node(&b);
	fdtb_end_node(&b);
	fdtb_begin_node(&b, "bus");
	fdtb_prop_u32(&b, "#address-cells", 1);
	fdtb_prop_u32(&b, "#size-cells", 1);
	fdtb_begin_node(&b, "dev@100");
	fdtb_prop_cells(&b, "reg", dev_reg, 4);
	fdtb_prop(&b, "str", "ab", 2);
	fdtb_prop(&b, "empty", NULL, 0);
	fdtb_end_node(&b);
	fdtb_end_node(&b);
	fdtb_begin_node(&b, "nocells");
	fdtb_prop_u32(&b, "#address-cells", 0);
	fdtb_prop_u32(&b, "#size-cells", 3);
	fdtb_begin_node(&b, "x");
	fdtb_prop_u32(&b, "reg", 1);
	fdtb_end_node(&b);
	fdtb_end_node(&b);
	fdtb_begin_node(&b, "shortcells");
	fdtb_prop(&b, "#address-cells", "\0\1", 2);
	fdtb_begin_node(&b, "y");
	fdtb_prop_cells(&b, "reg", y_reg, 2);
	fdtb_end_node(&b);
	fdtb_end_node(&b);
	fdtb_end_node(&b);
	return finish(NULL);
}

static struct fdt sample;

/* Build and open the sample tree; false (and a failure) if that does not work. */
static bool open_sample(struct ktest *t)
{
	struct fdt_error e;
	int n = build_sample();

	EXPECT_GT(n, 0);
	if (n <= 0)
		return false;
	EXPECT_EQ(fdt_open(&sample, blob, (size_t)n, &e), 0);
	if (e.cause)
		ktest_log(t, "fdt_open: %s (%llu)", e.cause, (unsigned long long)e.value);
	return !e.cause;
}

#define P(path) fdt_find_path(&sample, path)

KTEST(test_open_header_fields)
{
	ASSERT_TRUE(open_sample(t));
	EXPECT_EQ(sample.version, 17);
	EXPECT_EQ(sample.last_comp_version, 16);
	EXPECT_EQ(sample.num_rsv, 2);
	EXPECT_EQ(sample.off_rsvmap, 40);
	EXPECT_EQ(sample.off_struct, 40 + 3 * 16);
	EXPECT_EQ(sample.size_struct, b.st_len + 4);
	EXPECT_EQ(sample.off_strings, sample.off_struct + sample.size_struct);
	EXPECT_EQ(sample.size_strings, b.str_len);
	EXPECT_EQ(sample.totalsize, sample.off_strings + sample.size_strings);
	EXPECT_PTR_EQ(sample.blob, blob);
}

KTEST(test_find_path)
{
	int cpus, cpu1;

	ASSERT_TRUE(open_sample(t));
	EXPECT_EQ(P("/"), 0);
	cpus = P("/cpus");
	cpu1 = P("/cpus/cpu@1");
	EXPECT_GT(cpus, 0);
	EXPECT_GT(cpu1, cpus);
	EXPECT_STREQ(fdt_name(&sample, cpu1), "cpu@1");
	EXPECT_STREQ(fdt_name(&sample, 0), "");
	EXPECT_EQ(P("//cpus///cpu@1/"), cpu1);
	EXPECT_EQ(P("/cpus/cpu"), -ENOENT); /* two cpu@ children: ambiguous */
	EXPECT_EQ(P("/memory"), P("/memory@80000000"));
	EXPECT_GT(P("/memory"), 0);
	EXPECT_EQ(P("/soc/serial"), P("/soc/serial@10000000"));
	EXPECT_EQ(P("/cpus/cpu@0/interrupt-controller"), fdt_child(&sample, P("/cpus/cpu@0")));
	EXPECT_EQ(P("/cpus/cpu@2"), -ENOENT);
	EXPECT_EQ(P("/cpus/cpu@"), -ENOENT);
	EXPECT_EQ(P("/cpu"), -ENOENT);
	EXPECT_EQ(P("/chosen/bootargs"), -ENOENT);
	EXPECT_EQ(P("/cpus/cpu@1/x"), -ENOENT);
	EXPECT_EQ(P("/memory@80000000@"), -ENOENT);
	EXPECT_EQ(P(""), -EINVAL);
	EXPECT_EQ(fdt_find_path(&sample, NULL), -EINVAL);
	/* Aliases: the first component names a property of /aliases. */
	EXPECT_EQ(P("serial0"), P("/soc/serial@10000000"));
	EXPECT_EQ(P("cpus/cpu@1"), cpu1);
	EXPECT_EQ(P("cpus"), cpus);
	EXPECT_EQ(P("rel"), -ENOENT); /* alias value not absolute */
	EXPECT_EQ(P("nosuch"), -ENOENT);
	EXPECT_EQ(P("serial"), -ENOENT);
}

KTEST(test_navigation)
{
	static const char *const order[] = {
	    "",
	    "chosen",
	    "aliases",
	    "memory@80000000",
	    "cpus",
	    "cpu@0",
	    "interrupt-controller",
	    "cpu@1",
	    "soc",
	    "serial@10000000",
	    "bad@1",
	    "wide",
	    "dev@0",
	    "bus",
	    "dev@100",
	    "nocells",
	    "x",
	    "shortcells",
	    "y",
	};
	static const int depths[] = {0, 1, 1, 1, 1, 2, 3, 2, 1, 2, 2, 1, 2, 1, 2, 1, 2, 1, 2};
	int node = -1, depth = 0, i = 0, cpus, cpu0, cpu1, soc;

	ASSERT_TRUE(open_sample(t));
	while ((node = fdt_walk_next(&sample, node, &depth)) >= 0 && i < (int)ARRAY_SIZE(order)) {
		EXPECT_STREQ(fdt_name(&sample, node), order[i]);
		EXPECT_EQ(depth, depths[i]);
		i++;
	}
	EXPECT_EQ(i, ARRAY_SIZE(order));
	EXPECT_EQ(node, -ENOENT);

	cpus = P("/cpus");
	cpu0 = P("/cpus/cpu@0");
	cpu1 = P("/cpus/cpu@1");
	soc = P("/soc");
	EXPECT_EQ(fdt_child(&sample, 0), P("/chosen"));
	EXPECT_EQ(fdt_child(&sample, cpus), cpu0);
	EXPECT_EQ(fdt_sibling(&sample, cpu0), cpu1);
	EXPECT_EQ(fdt_sibling(&sample, cpu1), -ENOENT);
	EXPECT_EQ(fdt_sibling(&sample, cpus), soc);
	EXPECT_EQ(fdt_sibling(&sample, 0), -ENOENT);
	EXPECT_EQ(fdt_child(&sample, cpu1), -ENOENT);
	EXPECT_EQ(fdt_parent(&sample, cpu1), cpus);
	EXPECT_EQ(fdt_parent(&sample, P("/cpus/cpu@0/interrupt-controller")), cpu0);
	EXPECT_EQ(fdt_parent(&sample, cpus), 0);
	EXPECT_EQ(fdt_parent(&sample, 0), -ENOENT);

	/* A subtree walk: depth 0 at the start node ends when the walk leaves it. */
	depth = 0;
	node = fdt_walk_next(&sample, cpus, &depth);
	EXPECT_EQ(node, cpu0);
	EXPECT_EQ(depth, 1);
	node = fdt_walk_next(&sample, node, &depth);
	EXPECT_EQ(node, P("/cpus/cpu@0/interrupt-controller"));
	EXPECT_EQ(depth, 2);
	node = fdt_walk_next(&sample, node, &depth);
	EXPECT_EQ(node, cpu1);
	EXPECT_EQ(depth, 1);
	EXPECT_EQ(fdt_walk_next(&sample, node, &depth), -ENOENT);
	/* Without depth the walk goes on in document order. */
	EXPECT_EQ(fdt_walk_next(&sample, cpu1, NULL), soc);
}

KTEST(test_node_path)
{
	char buf[64];

	ASSERT_TRUE(open_sample(t));
	EXPECT_EQ(fdt_node_path(&sample, 0, buf, sizeof(buf)), 1);
	EXPECT_STREQ(buf, "/");
	EXPECT_EQ(fdt_node_path(&sample, P("/cpus/cpu@0/interrupt-controller"), buf, sizeof(buf)),
		  32);
	EXPECT_STREQ(buf, "/cpus/cpu@0/interrupt-controller");
	EXPECT_EQ(fdt_node_path(&sample, P("/cpus/cpu@0/interrupt-controller"), buf, 32), -ENOSPC);
	EXPECT_EQ(fdt_node_path(&sample, P("/cpus/cpu@0/interrupt-controller"), buf, 33), 32);
	EXPECT_EQ(fdt_node_path(&sample, 0, buf, 1), -ENOSPC);
	EXPECT_EQ(fdt_node_path(&sample, 3, buf, sizeof(buf)), -EINVAL);
}

KTEST(test_properties)
{
	int dev = -1, len = -1, p, n = 0;
	const char *name;
	const u8 *v;

	ASSERT_TRUE(open_sample(t));
	dev = P("/bus/dev@100");
	v = fdt_prop(&sample, dev, "reg", &len);
	ASSERT_NOT_NULL(v);
	EXPECT_EQ(len, 16);
	EXPECT_EQ(fdt_be32(v + 4), 0x20);
	EXPECT_NOT_NULL(fdt_prop(&sample, dev, "empty", &len));
	EXPECT_EQ(len, 0);
	EXPECT_NULL(fdt_prop(&sample, dev, "nosuch", &len));
	EXPECT_EQ(len, 0);
	EXPECT_NULL(fdt_prop(&sample, dev, "re", NULL));
	EXPECT_NULL(fdt_prop(&sample, dev, "regs", NULL));
	EXPECT_NULL(fdt_prop(&sample, dev, NULL, NULL));
	EXPECT_NULL(fdt_prop_str(&sample, dev, "str"));	  /* not NUL-terminated */
	EXPECT_NULL(fdt_prop_str(&sample, dev, "empty")); /* no bytes at all */
	EXPECT_STREQ(fdt_prop_str(&sample, P("/chosen"), "bootargs"), "console=ttyS0");
	EXPECT_EQ(fdt_prop_u32(&sample, P("/cpus"), "#address-cells", 7), 1);
	EXPECT_EQ(fdt_prop_u32(&sample, dev, "reg", 7), 7); /* 16 bytes, not 4 */
	EXPECT_EQ(fdt_prop_u32(&sample, dev, "nosuch", 7), 7);

	EXPECT_TRUE(fdt_prop_has_string(&sample, 0, "compatible", "rvmm,test"));
	EXPECT_TRUE(fdt_prop_has_string(&sample, 0, "compatible", "riscv-virtio"));
	EXPECT_FALSE(fdt_prop_has_string(&sample, 0, "compatible", "riscv"));
	EXPECT_FALSE(fdt_prop_has_string(&sample, dev, "str", "ab")); /* unterminated */
	EXPECT_FALSE(fdt_prop_has_string(&sample, dev, "empty", ""));
	EXPECT_FALSE(fdt_prop_has_string(&sample, dev, "reg", NULL));
	EXPECT_TRUE(fdt_is_compatible(&sample, P("/soc/serial@10000000"), "ns16550a"));
	EXPECT_FALSE(fdt_is_compatible(&sample, P("/soc"), "ns16550a"));

	EXPECT_EQ(fdt_find_compatible(&sample, -1, "riscv"), P("/cpus/cpu@0"));
	EXPECT_EQ(fdt_find_compatible(&sample, P("/cpus/cpu@0"), "riscv"), P("/cpus/cpu@1"));
	EXPECT_EQ(fdt_find_compatible(&sample, P("/cpus/cpu@1"), "riscv"), -ENOENT);
	EXPECT_EQ(fdt_find_compatible(&sample, -1, "rvmm,test"), 0);
	EXPECT_EQ(fdt_find_compatible(&sample, -1, "nosuch"), -ENOENT);

	/* Property cursors, in order. */
	for (p = fdt_first_prop(&sample, dev); p >= 0; p = fdt_next_prop(&sample, p), n++) {
		v = fdt_prop_at(&sample, p, &name, &len);
		EXPECT_NOT_NULL(v);
		if (n == 1) {
			EXPECT_STREQ(name, "str");
			EXPECT_EQ(len, 2);
			EXPECT_MEMEQ(v, "ab", 2);
		}
	}
	EXPECT_EQ(n, 3);
	EXPECT_EQ(p, -ENOENT);
	EXPECT_EQ(fdt_first_prop(&sample, P("/cpus/cpu@0/interrupt-controller/")), //
		  fdt_first_prop(&sample, P("/cpus/cpu@0/interrupt-controller")));
	EXPECT_EQ(fdt_first_prop(&sample, P("/soc/bad@1")) > 0, true);
	EXPECT_NULL(fdt_prop_at(&sample, 0, &name, &len)); /* a node, not a property */
	EXPECT_NULL(name);
}

KTEST(test_cells_and_reg)
{
	u64 addr = 1, size = 1;

	ASSERT_TRUE(open_sample(t));
	EXPECT_EQ(fdt_addr_cells(&sample, 0), 2);
	EXPECT_EQ(fdt_size_cells(&sample, 0), 2);
	EXPECT_EQ(fdt_addr_cells(&sample, P("/cpus")), 1);
	EXPECT_EQ(fdt_size_cells(&sample, P("/cpus")), 0);
	EXPECT_EQ(fdt_addr_cells(&sample, P("/chosen")), 2); /* defaults */
	EXPECT_EQ(fdt_size_cells(&sample, P("/chosen")), 1);
	EXPECT_EQ(fdt_addr_cells(&sample, P("/wide")), -EINVAL);
	EXPECT_EQ(fdt_size_cells(&sample, P("/wide")), -EINVAL);
	EXPECT_EQ(fdt_addr_cells(&sample, P("/nocells")), -EINVAL);
	EXPECT_EQ(fdt_size_cells(&sample, P("/nocells")), -EINVAL);
	EXPECT_EQ(fdt_addr_cells(&sample, P("/shortcells")), -EINVAL);

	EXPECT_EQ(fdt_reg_count(&sample, P("/memory")), 2);
	EXPECT_EQ(fdt_reg(&sample, P("/memory"), 0, &addr, &size), 0);
	EXPECT_EQ(addr, 0x80000000);
	EXPECT_EQ(size, 0x40000000);
	EXPECT_EQ(fdt_reg(&sample, P("/memory"), 1, &addr, &size), 0);
	EXPECT_EQ(addr, 0x100000000ULL);
	EXPECT_EQ(size, 0x1000);
	EXPECT_EQ(fdt_reg(&sample, P("/memory"), 2, &addr, &size), -ENOENT);
	EXPECT_EQ(fdt_reg(&sample, P("/memory"), -1, &addr, &size), -ENOENT);
	EXPECT_EQ(fdt_reg(&sample, P("/memory"), 1, NULL, NULL), 0);

	EXPECT_EQ(fdt_reg_count(&sample, P("/cpus/cpu@1")), 1);
	EXPECT_EQ(fdt_reg(&sample, P("/cpus/cpu@1"), 0, &addr, &size), 0);
	EXPECT_EQ(addr, 1);
	EXPECT_EQ(size, 0);
	EXPECT_EQ(fdt_reg_count(&sample, P("/bus/dev@100")), 2);
	EXPECT_EQ(fdt_reg(&sample, P("/bus/dev@100"), 1, &addr, &size), 0);
	EXPECT_EQ(addr, 0x200);
	EXPECT_EQ(size, 0x40);
	EXPECT_EQ(fdt_reg(&sample, P("/soc/serial"), 0, &addr, &size), 0);
	EXPECT_EQ(addr, 0x10000000);
	EXPECT_EQ(size, 0x100);

	EXPECT_EQ(fdt_reg_count(&sample, P("/soc/bad@1")), -EINVAL); /* 12 bytes, stride 16 */
	EXPECT_EQ(fdt_reg(&sample, P("/soc/bad@1"), 0, &addr, &size), -EINVAL);
	EXPECT_EQ(fdt_reg_count(&sample, P("/wide/dev@0")), -EINVAL);
	EXPECT_EQ(fdt_reg(&sample, P("/wide/dev@0"), 0, &addr, &size), -EINVAL);
	EXPECT_EQ(fdt_reg_count(&sample, P("/nocells/x")), -EINVAL);
	EXPECT_EQ(fdt_reg_count(&sample, P("/shortcells/y")), -EINVAL);
	EXPECT_EQ(fdt_reg_count(&sample, P("/chosen")), 0);
	EXPECT_EQ(fdt_reg(&sample, P("/chosen"), 0, &addr, &size), -ENOENT);
	EXPECT_EQ(fdt_reg_count(&sample, 0), -EINVAL); /* the root has no parent */

	EXPECT_EQ(fdt_read_cells("\x12\x34\x56\x78\x9a\xbc\xde\xf0", 2), 0x123456789abcdef0ULL);
	EXPECT_EQ(fdt_read_cells("\x12\x34\x56\x78", 1), 0x12345678);
	EXPECT_EQ(fdt_read_cells("\x12\x34\x56\x78", 0), 0);
	EXPECT_EQ(fdt_be32("\xd0\x0d\xfe\xed"), FDT_MAGIC);
}

KTEST(test_phandle_and_memreserve)
{
	u64 addr = 0, size = 0;

	ASSERT_TRUE(open_sample(t));
	EXPECT_EQ(fdt_find_phandle(&sample, 1), P("/cpus/cpu@0"));
	EXPECT_EQ(fdt_find_phandle(&sample, 2), P("/cpus/cpu@0/interrupt-controller"));
	EXPECT_EQ(fdt_find_phandle(&sample, 3), P("/cpus/cpu@1")); /* linux,phandle */
	EXPECT_EQ(fdt_find_phandle(&sample, 4), -ENOENT);
	EXPECT_EQ(fdt_find_phandle(&sample, 0), -ENOENT);
	EXPECT_EQ(fdt_find_phandle(&sample, 0xffffffff), -ENOENT);

	EXPECT_EQ(fdt_memreserve(&sample, 0, &addr, &size), 0);
	EXPECT_EQ(addr, 0x80000000);
	EXPECT_EQ(size, 0x200000);
	EXPECT_EQ(fdt_memreserve(&sample, 1, &addr, &size), 0);
	EXPECT_EQ(addr, 0x90000000);
	EXPECT_EQ(size, 0x1000);
	EXPECT_EQ(fdt_memreserve(&sample, 2, &addr, &size), -ENOENT);
}

/* Handles that are not nodes: never a crash, always an error. */
KTEST(test_bad_handles)
{
	static const int bad[] = {-1, -ENOENT, 1, 2, 3, 12, 16, 0x7fffffff, 0x100000};
	int prop;
	u64 a;
	char buf[8];

	ASSERT_TRUE(open_sample(t));
	prop = fdt_first_prop(&sample, 0);
	ASSERT_GT(prop, 0);
	for (unsigned i = 0; i <= ARRAY_SIZE(bad); i++) {
		int h = i < ARRAY_SIZE(bad) ? bad[i] : prop;

		EXPECT_NULL(fdt_name(&sample, h));
		EXPECT_EQ(fdt_child(&sample, h), -EINVAL);
		EXPECT_EQ(fdt_sibling(&sample, h), -EINVAL);
		EXPECT_EQ(fdt_parent(&sample, h), -EINVAL);
		EXPECT_EQ(fdt_first_prop(&sample, h), -EINVAL);
		EXPECT_NULL(fdt_prop(&sample, h, "reg", NULL));
		EXPECT_EQ(fdt_prop_u32(&sample, h, "reg", 5), 5);
		EXPECT_FALSE(fdt_is_compatible(&sample, h, "riscv"));
		EXPECT_EQ(fdt_addr_cells(&sample, h), -EINVAL);
		EXPECT_EQ(fdt_size_cells(&sample, h), -EINVAL);
		EXPECT_EQ(fdt_reg(&sample, h, 0, &a, &a), -EINVAL);
		EXPECT_EQ(fdt_node_path(&sample, h, buf, sizeof(buf)), -EINVAL);
		if (h >= 0)
			EXPECT_EQ(fdt_walk_next(&sample, h, NULL), -EINVAL);
		if (h != prop)
			EXPECT_EQ(fdt_next_prop(&sample, h), -EINVAL);
	}
	/* A BEGIN_NODE word inside a property value is not a node the walk can reach. */
	fdtb_init(&b);
	fdtb_begin_node(&b, "");
	fdtb_prop(&b, "fake", "\0\0\0\1a\0\0\0\0\0\0\2", 12);
	fdtb_end_node(&b);
	ASSERT_GT(finish(NULL), 0);
	ASSERT_EQ(fdt_open(&sample, blob, sizeof(blob), NULL), 0);
	EXPECT_STREQ(fdt_name(&sample, 20), "a");    /* it decodes... */
	EXPECT_EQ(fdt_parent(&sample, 20), -EINVAL); /* ...but is not in the tree */
	EXPECT_EQ(fdt_node_path(&sample, 20, buf, sizeof(buf)), -EINVAL);
}

/* Blob variants that are valid and must be accepted. */
KTEST(test_accept_variants)
{
	struct fdt f;
	struct fdtb_opts o = {0};
	int n;

	fdtb_init(&b);
	fdtb_token(&b, FDTB_NOP);
	fdtb_begin_node(&b, "");
	fdtb_token(&b, FDTB_NOP);
	fdtb_prop_u32(&b, "a", 1);
	fdtb_token(&b, FDTB_NOP);
	fdtb_prop_u32(&b, "b", 2);
	fdtb_token(&b, FDTB_NOP);
	fdtb_begin_node(&b, "n@1");
	fdtb_token(&b, FDTB_NOP);
	fdtb_end_node(&b);
	fdtb_token(&b, FDTB_NOP);
	fdtb_begin_node(&b, "m");
	fdtb_end_node(&b);
	fdtb_token(&b, FDTB_NOP);
	fdtb_end_node(&b);

	n = finish(&o);
	ASSERT_GT(n, 0);
	ASSERT_EQ(fdt_open(&f, blob, (size_t)n, NULL), 0);
	EXPECT_EQ(fdt_find_path(&f, "/"), 4);
	EXPECT_EQ(fdt_walk_next(&f, -1, NULL), 4);
	EXPECT_EQ(fdt_prop_u32(&f, 4, "b", 0), 2);
	EXPECT_EQ(fdt_child(&f, 4), fdt_find_path(&f, "/n"));
	EXPECT_EQ(fdt_sibling(&f, fdt_find_path(&f, "/n@1")), fdt_find_path(&f, "/m"));
	EXPECT_EQ(fdt_sibling(&f, fdt_find_path(&f, "/m")), -ENOENT);
	EXPECT_EQ(fdt_parent(&f, fdt_find_path(&f, "/m")), 4);

	/* The same tree in every layout and version we read. */
	o = (struct fdtb_opts){.version = 16};
	EXPECT_OK(blob, finish(&o));
	n = finish(&o);
	fdtb_hdr_set(blob, FDTB_H_SIZE_STRUCT, 0xffffffff); /* not a v16 field: ignored */
	ASSERT_EQ(fdt_open(&f, blob, (size_t)n, NULL), 0);
	EXPECT_EQ(f.size_struct, b.st_len + 4);
	o = (struct fdtb_opts){.strings_first = true};
	EXPECT_OK(blob, finish(&o));
	o = (struct fdtb_opts){.strings_first = true, .version = 16};
	EXPECT_OK(blob, finish(&o));
	o = (struct fdtb_opts){.pad = 1000, .struct_tail = 8};
	EXPECT_OK(blob, finish(&o));
	o = (struct fdtb_opts){.version = 17, .last_comp_version = 17};
	EXPECT_OK(blob, finish(&o));
	o = (struct fdtb_opts){.version = 18, .last_comp_version = 16};
	EXPECT_OK(blob, finish(&o));
	o = (struct fdtb_opts){.boot_cpuid = 3};
	n = finish(&o);
	ASSERT_EQ(fdt_open(&f, blob, (size_t)n + 100, NULL), 0); /* avail may exceed totalsize */
	EXPECT_EQ(f.boot_cpuid, 3);

	/* A blob at an odd address still reads (byte loads only). */
	for (int i = 0; i < n; i++)
		blob2[i + 1] = blob[i];
	EXPECT_EQ(fdt_open(&f, blob2 + 1, (size_t)n, NULL), 0);
	EXPECT_EQ(fdt_prop_u32(&f, fdt_find_path(&f, "/"), "a", 0), 1);

	/* Reservations at the very top of the address space, and none at all. */
	fdtb_init(&b);
	fdtb_memreserve(&b, 0xfffffffffffff000ULL, 0x1000);
	fdtb_begin_node(&b, "");
	fdtb_end_node(&b);
	EXPECT_OK(blob, finish(NULL));
	fdtb_init(&b);
	fdtb_begin_node(&b, "");
	fdtb_end_node(&b);
	n = finish(NULL);
	ASSERT_EQ(fdt_open(&f, blob, (size_t)n, NULL), 0);
	EXPECT_EQ(f.num_rsv, 0);
	EXPECT_EQ(f.size_strings, 0);
	EXPECT_EQ(fdt_child(&f, 0), -ENOENT);
	EXPECT_EQ(fdt_first_prop(&f, 0), -ENOENT);
}

KTEST(test_reject_header)
{
	static const struct {
		u32 field, value;
		const char *cause;
		u64 expect; /* ~0: the value written */
	} cases[] = {
	    {FDTB_H_MAGIC, 0xd00dfeee, "bad magic", ~0ULL},
	    {FDTB_H_MAGIC, 0xedfe0dd0, "bad magic", ~0ULL},
	    {FDTB_H_MAGIC, 0, "bad magic", ~0ULL},
	    {FDTB_H_TOTALSIZE, 3u << 20, "totalsize too large", ~0ULL},
	    {FDTB_H_TOTALSIZE, 0xffffffff, "totalsize too large", ~0ULL},
	    {FDTB_H_TOTALSIZE, 0, "header truncated", ~0ULL},
	    {FDTB_H_TOTALSIZE, 27, "header truncated", ~0ULL},
	    {FDTB_H_TOTALSIZE, 39, "header truncated", ~0ULL},
	    {FDTB_H_VERSION, 15, "unsupported version", ~0ULL},
	    {FDTB_H_VERSION, 1, "unsupported version", ~0ULL},
	    {FDTB_H_VERSION, 0, "unsupported version", ~0ULL},
	    {FDTB_H_LAST_COMP, 18, "unsupported last_comp_version", ~0ULL},
	    {FDTB_H_LAST_COMP, 0xffffffff, "unsupported last_comp_version", ~0ULL},
	    {FDTB_H_OFF_RSVMAP, 44, "misaligned memory reservation block", ~0ULL},
	    {FDTB_H_OFF_RSVMAP, 32, "memory reservation block out of bounds", ~0ULL},
	    {FDTB_H_OFF_RSVMAP, 0, "memory reservation block out of bounds", ~0ULL},
	    {FDTB_H_OFF_RSVMAP, 0xfffffff8, "memory reservation block out of bounds", ~0ULL},
	    {FDTB_H_OFF_STRUCT, 90, "misaligned struct block", ~0ULL},
	    {FDTB_H_OFF_STRUCT, 0, "struct block out of bounds", ~0ULL},
	    {FDTB_H_OFF_STRUCT, 36, "struct block out of bounds", ~0ULL},
	    {FDTB_H_OFF_STRUCT, 0xfffffff0, "struct block out of bounds", ~0ULL},
	    {FDTB_H_OFF_STRINGS, 4, "strings block out of bounds", ~0ULL},
	    {FDTB_H_OFF_STRINGS, 0xffffffff, "strings block out of bounds", ~0ULL},
	};
	int n;

	for (unsigned i = 0; i < ARRAY_SIZE(cases); i++) {
		n = build_sample();
		ASSERT_GT(n, 0);
		fdtb_hdr_set(blob, cases[i].field, cases[i].value);
		EXPECT_CAUSE(blob, (size_t)n, cases[i].cause,
			     cases[i].expect == ~0ULL ? cases[i].value : cases[i].expect);
	}
	n = build_sample();
	fdtb_hdr_set(blob, FDTB_H_TOTALSIZE, (u32)n + 4);
	EXPECT_CAUSE(blob, (size_t)n, "truncated", n);
	fdtb_hdr_set(blob, FDTB_H_TOTALSIZE, (u32)n);
	fdtb_hdr_set(blob, FDTB_H_VERSION, 16);
	fdtb_hdr_set(blob, FDTB_H_LAST_COMP, 17);
	EXPECT_CAUSE(blob, (size_t)n, "last_comp_version above version", 17);
	n = build_sample();
	fdtb_hdr_set(blob, FDTB_H_SIZE_STRUCT, 0xffffffff);
	EXPECT_CAUSE(blob, (size_t)n, "struct block out of bounds", 88 + 0xffffffffULL);
	n = build_sample();
	fdtb_hdr_set(blob, FDTB_H_SIZE_STRUCT, b.st_len + 8); /* one word into strings */
	EXPECT_CAUSE(blob, (size_t)n, "struct block overlaps strings block", 88 + b.st_len + 4);
	n = build_sample();
	fdtb_hdr_set(blob, FDTB_H_SIZE_STRINGS, b.str_len + 1);
	EXPECT_CAUSE(blob, (size_t)n, "strings block out of bounds", n + 1);
	/* Too short to hold magic and totalsize. */
	n = build_sample();
	EXPECT_CAUSE(blob, 7, "truncated", 7);
	EXPECT_CAUSE(blob, 0, "truncated", 0);
	{
		struct fdt f;
		struct fdt_error e;

		EXPECT_EQ(fdt_open(&f, NULL, 100, &e), -EINVAL);
		EXPECT_STREQ(e.cause, "null blob");
		EXPECT_EQ(fdt_open(&f, blob, 7, NULL), -EINVAL); /* err is optional */
	}
}

/* The buffer ends early: at every 4-byte offset, "truncated" with the bytes available. */
KTEST(test_reject_short_buffer)
{
	int n = build_sample();

	ASSERT_GT(n, 0);
	for (int cut = 0; cut < n; cut += 4)
		EXPECT_CAUSE(blob, (size_t)cut, "truncated", cut);
	EXPECT_CAUSE(blob, (size_t)n - 1, "truncated", n - 1);
	EXPECT_OK(blob, (size_t)n);
}

/* totalsize (and the buffer) end early: the cause names the block that no longer fits. */
KTEST(test_reject_short_totalsize)
{
	int n = build_sample();
	u32 st = 88, st_end = st + b.st_len + 4, str_end = st_end + b.str_len;

	ASSERT_GT(n, 0);
	ASSERT_EQ((u32)n, str_end);
	for (u32 ts = 0; ts < (u32)n; ts += (ts < 48 ? 1 : 4)) {
		fdtb_hdr_set(blob, FDTB_H_TOTALSIZE, ts);
		if (ts < 8)
			EXPECT_CAUSE(blob, ts, "truncated", ts);
		else if (ts < 40)
			EXPECT_CAUSE(blob, ts, "header truncated", ts);
		else if (ts < st)
			EXPECT_CAUSE(blob, ts, "struct block out of bounds", st);
		else if (ts < st_end)
			EXPECT_CAUSE(blob, ts, "struct block out of bounds", st_end);
		else
			EXPECT_CAUSE(blob, ts, "strings block out of bounds", str_end);
	}
}

/* The structure block cut at every 4-byte offset: the cause names the token cut. */
KTEST(test_reject_cut_struct)
{
	struct fdtb_opts o = {0};
	int n = build_sample(), failures = 0;
	u32 ntok = b.ntok;

	ASSERT_GT(n, 0);
	for (u32 cut = 4; cut < b.st_len + 4; cut += 4) {
		u32 i = 0, tok, type;
		const char *want;
		u64 value;
		struct fdt_error e;

		while (i + 1 < ntok && b.tok[i + 1] <= cut)
			i++;
		tok = b.tok[i];
		type = fdtb_hdr_get(b.st, tok);
		if (cut == tok || cut == b.st_len) {
			want = "missing FDT_END";
			value = cut;
		} else if (type == FDTB_BEGIN_NODE) {
			want = "unterminated node name";
			value = tok;
		} else if (type == FDTB_PROP && cut - tok < 12) {
			want = "truncated property";
			value = tok;
		} else {
			want = "property length past struct block";
			value = fdtb_hdr_get(b.st, tok + 4);
		}
		o.struct_cut = cut;
		n = finish(&o);
		ASSERT_GT(n, 0);
		e = open_err(blob, (size_t)n);
		EXPECT_STREQ(e.cause, want);
		EXPECT_EQ(e.value, value);
		if (__ktest_strcmp(e.cause, want) != 0 && ++failures < 4)
			ktest_log(t, "cut at %u (token %u at %u, type %u)", cut, i, tok, type);
	}
	/* The whole stream without FDT_END, and with an empty structure block. */
	o = (struct fdtb_opts){.no_end = true};
	n = finish(&o);
	EXPECT_CAUSE(blob, (size_t)n, "missing FDT_END", b.st_len);
	n = finish(NULL);
	fdtb_hdr_set(blob, FDTB_H_SIZE_STRUCT, 0);
	EXPECT_CAUSE(blob, (size_t)n, "missing FDT_END", 0);
	fdtb_hdr_set(blob, FDTB_H_SIZE_STRUCT, 3);
	EXPECT_CAUSE(blob, (size_t)n, "missing FDT_END", 0);
}

/* Block layout: overlap, reservation block termination and entries. */
KTEST(test_reject_layout)
{
	int n;
	u32 off;

	n = build_sample();
	fdtb_hdr_set(blob, FDTB_H_OFF_STRUCT, 56); /* into the reservation block */
	EXPECT_CAUSE(blob, (size_t)n, "memory reservation block overlaps struct block", 56);
	n = build_sample();
	fdtb_hdr_set(blob, FDTB_H_OFF_STRINGS, 48);
	EXPECT_CAUSE(blob, (size_t)n, "memory reservation block overlaps strings block", 48);
	n = build_sample();
	fdtb_hdr_set(blob, FDTB_H_OFF_STRINGS, 96);
	EXPECT_CAUSE(blob, (size_t)n, "struct block overlaps strings block", 96);
	n = build_sample();
	fdtb_hdr_set(blob, FDTB_H_OFF_STRUCT, 40); /* struct on top of the reservations */
	EXPECT_CAUSE(blob, (size_t)n, "memory reservation block overlaps struct block", 40);

	/* The reservation block runs off the end of the blob. */
	n = build_sample();
	off = ALIGN_DOWN((u32)n - 8, 8u);
	fdtb_hdr_set(blob, FDTB_H_OFF_RSVMAP, off);
	EXPECT_CAUSE(blob, (size_t)n, "memory reservation block not terminated", off);

	fdtb_init(&b);
	fdtb_memreserve(&b, 0x80000000, 0x1000);
	fdtb_memreserve(&b, 0x1000, 0);
	fdtb_begin_node(&b, "");
	fdtb_end_node(&b);
	EXPECT_CAUSE(blob, finish(NULL), "memory reservation with zero size", 0x1000);
	fdtb_init(&b);
	fdtb_memreserve(&b, 0xfffffffffffff000ULL, 0x1001);
	fdtb_begin_node(&b, "");
	fdtb_end_node(&b);
	EXPECT_CAUSE(blob, finish(NULL), "memory reservation wraps around", 0xfffffffffffff000ULL);

	/* Version 16: the struct block ends where the next block begins. */
	{
		struct fdtb_opts o = {.version = 16, .pad = 64};
		u32 str;

		fdtb_init(&b);
		fdtb_begin_node(&b, "");
		fdtb_prop_u32(&b, "a", 1);
		fdtb_end_node(&b);
		n = finish(&o);
		str = fdtb_hdr_get(blob, FDTB_H_OFF_STRINGS);
		fdtb_hdr_set(blob, FDTB_H_OFF_RSVMAP, ALIGN_UP(str + 2, 8u)); /* into the pad */
		EXPECT_OK(blob, (size_t)n);
		fdtb_hdr_set(blob, FDTB_H_OFF_STRINGS,
			     56 + 8); /* cuts struct after the root's name */
		EXPECT_CAUSE(blob, (size_t)n, "missing FDT_END", 8);
	}
}

/* Build a tree whose structure block is only what fn writes (plus FDT_END). */
static int tiny(void (*fn)(void), const struct fdtb_opts *o)
{
	fdtb_init(&b);
	fn();
	return finish(o);
}

static void s_two_roots(void)
{
	fdtb_begin_node(&b, "");
	fdtb_end_node(&b);
	fdtb_begin_node(&b, "");
	fdtb_end_node(&b);
}
static void s_named_root(void)
{
	fdtb_begin_node(&b, "root");
	fdtb_end_node(&b);
}
static void s_prop_outside(void)
{
	fdtb_prop_u32(&b, "a", 1);
	fdtb_begin_node(&b, "");
	fdtb_end_node(&b);
}
static void s_prop_after_subnode(void)
{
	fdtb_begin_node(&b, "");
	fdtb_begin_node(&b, "a");
	fdtb_end_node(&b);
	fdtb_prop_u32(&b, "late", 1); /* at 20 */
	fdtb_end_node(&b);
}
static void s_unbalanced(void)
{
	fdtb_token(&b, FDTB_NOP);
	fdtb_end_node(&b);
	fdtb_begin_node(&b, "");
	fdtb_end_node(&b);
}
static void s_unclosed(void)
{
	fdtb_begin_node(&b, "");
	fdtb_begin_node(&b, "a");
	fdtb_end_node(&b);
}
static void s_bad_token(void)
{
	fdtb_begin_node(&b, "");
	fdtb_token(&b, 5);
	fdtb_end_node(&b);
}
static void s_zero_token(void)
{
	fdtb_begin_node(&b, "");
	fdtb_token(&b, 0);
	fdtb_end_node(&b);
}
static void s_after_root(void)
{
	fdtb_begin_node(&b, "");
	fdtb_end_node(&b);
	fdtb_token(&b, FDTB_NOP); /* at 12 */
}
static void s_empty_name(void)
{
	fdtb_begin_node(&b, "");
	fdtb_begin_node(&b, ""); /* at 8 */
	fdtb_end_node(&b);
	fdtb_end_node(&b);
}
static void s_no_root(void)
{
	fdtb_token(&b, FDTB_NOP);
}
static void s_data_after_end(void)
{
	fdtb_begin_node(&b, "");
	fdtb_end_node(&b);
	fdtb_token(&b, FDTB_END);
	fdtb_token(&b, 0);
	fdtb_token(&b, FDTB_NOP); /* its last byte, at 23, is the first non-zero one */
}
static void s_unterminated_name(void)
{
	fdtb_begin_node(&b, "");
	fdtb_token(&b, FDTB_BEGIN_NODE); /* at 8 */
	fdtb_bytes(&b, "abcdefgh", 8);
}
static void s_huge_len(void)
{
	fdtb_begin_node(&b, "");
	fdtb_prop_raw(&b, fdtb_string(&b, "a"), 0xfffffff0, "abcd", 4);
	fdtb_end_node(&b);
}
static void s_len_one_past(void)
{
	/* The value claims the END_NODE and FDT_END words and one byte more. */
	fdtb_begin_node(&b, "");
	fdtb_prop_raw(&b, fdtb_string(&b, "a"), 4 + 8 + 1, "abcd", 4);
	fdtb_end_node(&b);
}
static void s_len_swallows_end(void)
{
	fdtb_begin_node(&b, "");
	fdtb_prop_raw(&b, fdtb_string(&b, "a"), 4 + 8, "abcd", 4);
	fdtb_end_node(&b);
}
static void s_nameoff_past(void)
{
	fdtb_begin_node(&b, "");
	fdtb_prop_u32(&b, "ok", 1);
	fdtb_prop_raw(&b, 3, 4, "abcd", 4); /* "ok\0" is all there is */
	fdtb_end_node(&b);
}
static void s_nameoff_huge(void)
{
	fdtb_begin_node(&b, "");
	fdtb_prop_raw(&b, 0xffffffff, 0, NULL, 0);
	fdtb_end_node(&b);
}
static void s_name_unterminated(void)
{
	fdtb_begin_node(&b, "");
	fdtb_prop_u32(&b, "ok", 1);
	fdtb_strings_raw(&b, "bad", 3);
	fdtb_prop_raw(&b, 3, 0, NULL, 0);
	fdtb_end_node(&b);
}

KTEST(test_reject_structure)
{
	struct fdtb_opts no_end = {.no_end = true};

	EXPECT_CAUSE(blob, tiny(s_two_roots, NULL), "second root node", 12);
	EXPECT_CAUSE(blob, tiny(s_named_root, NULL), "unnamed root expected", 0);
	EXPECT_CAUSE(blob, tiny(s_prop_outside, NULL), "property outside node", 0);
	EXPECT_CAUSE(blob, tiny(s_prop_after_subnode, NULL), "property after subnode", 20);
	EXPECT_CAUSE(blob, tiny(s_unbalanced, NULL), "unbalanced FDT_END_NODE", 4);
	EXPECT_CAUSE(blob, tiny(s_unclosed, NULL), "unclosed node", 1);
	EXPECT_CAUSE(blob, tiny(s_bad_token, NULL), "bad token", 5);
	EXPECT_CAUSE(blob, tiny(s_zero_token, NULL), "bad token", 0);
	EXPECT_CAUSE(blob, tiny(s_after_root, NULL), "token after root node", 12);
	EXPECT_CAUSE(blob, tiny(s_empty_name, NULL), "empty node name", 8);
	EXPECT_CAUSE(blob, tiny(s_no_root, NULL), "no root node", 4);
	EXPECT_CAUSE(blob, tiny(s_data_after_end, &no_end), "data after FDT_END", 23);
	EXPECT_CAUSE(blob, tiny(s_unterminated_name, &no_end), "unterminated node name", 8);
	EXPECT_CAUSE(blob, tiny(s_huge_len, NULL), "property length past struct block", 0xfffffff0);
	EXPECT_CAUSE(blob, tiny(s_len_one_past, NULL), "property length past struct block", 13);
	EXPECT_CAUSE(blob, tiny(s_len_swallows_end, NULL), "missing FDT_END", 8 + 12 + 12);
	EXPECT_CAUSE(blob, tiny(s_nameoff_past, NULL), "property name offset past strings", 3);
	EXPECT_CAUSE(blob, tiny(s_nameoff_huge, NULL), "property name offset past strings",
		     0xffffffff);
	EXPECT_CAUSE(blob, tiny(s_name_unterminated, NULL), "unterminated property name", 3);
}

/* Nesting: FDT_MAX_DEPTH levels (root included) pass, one more fails. */
KTEST(test_reject_deep_nesting)
{
	struct fdt f;
	int n, node = -1, depth = 0, deepest = 0;
	char path[2 * FDT_MAX_DEPTH + 2];

	for (int levels = FDT_MAX_DEPTH; levels <= FDT_MAX_DEPTH + 1; levels++) {
		fdtb_init(&b);
		fdtb_begin_node(&b, "");
		for (int i = 1; i < levels; i++)
			fdtb_begin_node(&b, "a");
		for (int i = 0; i < levels; i++)
			fdtb_end_node(&b);
		n = finish(NULL);
		ASSERT_GT(n, 0);
		if (levels > FDT_MAX_DEPTH) {
			EXPECT_CAUSE(blob, (size_t)n, "nesting too deep", FDT_MAX_DEPTH + 1);
			break;
		}
		ASSERT_EQ(fdt_open(&f, blob, (size_t)n, NULL), 0);
		while ((node = fdt_walk_next(&f, node, &depth)) >= 0)
			deepest = max(deepest, depth);
		EXPECT_EQ(deepest, FDT_MAX_DEPTH - 1);
		for (int i = 0; i < FDT_MAX_DEPTH - 1; i++) {
			path[2 * i] = '/';
			path[2 * i + 1] = 'a';
		}
		path[2 * FDT_MAX_DEPTH - 2] = '\0';
		node = fdt_find_path(&f, path);
		EXPECT_GT(node, 0);
		EXPECT_EQ(fdt_child(&f, node), -ENOENT);
		EXPECT_EQ(fdt_node_path(&f, node, path, sizeof(path)), 2 * FDT_MAX_DEPTH - 2);
		EXPECT_GT(fdt_parent(&f, node), 0);
	}
}

static const struct ktest_case fdt_cases[] = {
    KTEST_CASE(test_open_header_fields),
    KTEST_CASE(test_find_path),
    KTEST_CASE(test_navigation),
    KTEST_CASE(test_node_path),
    KTEST_CASE(test_properties),
    KTEST_CASE(test_cells_and_reg),
    KTEST_CASE(test_phandle_and_memreserve),
    KTEST_CASE(test_bad_handles),
    KTEST_CASE(test_accept_variants),
    KTEST_CASE(test_reject_header),
    KTEST_CASE(test_reject_short_buffer),
    KTEST_CASE(test_reject_short_totalsize),
    KTEST_CASE(test_reject_cut_struct),
    KTEST_CASE(test_reject_layout),
    KTEST_CASE(test_reject_structure),
    KTEST_CASE(test_reject_deep_nesting),
    {},
};
KTEST_SUITE(fdt, fdt_cases);
