#!/usr/bin/env python3
"""Write the committed libFuzzer seed corpus: small generated trees, one idea each.

    tests/fuzz/make_seeds.py        (rewrites tests/fuzz/corpus/fuzz_fdt/ and fuzz_dt_memory/)

The real trees (build/dts/*.dtb) and the hostile corpus are added at run time by
tests/fuzz/run.sh; these seeds are small (a few hundred bytes) so that libFuzzer's
mutations hit the interesting bytes often: each one exercises a feature the harness checks
(aliases, phandles, string lists, deep nodes and version 16 for fuzz_fdt; memory,
reservations, CMA, NUMA and bootargs for fuzz_dt_memory). Deterministic, stdlib only.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "corpus"))

from make_hostile import Blob, Node, build, cells, string, u64cells  # noqa: E402

G = 1 << 30


def memory(base, size, nid=None):
    n = Node(f"memory@{base:x}", [("device_type", string("memory")), ("reg", u64cells(base, size))])
    if nid is not None:
        n.set("numa-node-id", cells(nid))
    return n


def cpu(hart, nid=None, mmu="riscv,sv39"):
    n = Node(f"cpu@{hart:x}", [("device_type", string("cpu")), ("reg", cells(hart)),
                               ("status", string("okay")), ("mmu-type", string(mmu)),
                               ("compatible", string("riscv"))])
    if nid is not None:
        n.set("numa-node-id", cells(nid))
    return n


def tree(*children, bootargs=None, cpus=(0,), rsv=(), version=17):
    root = Node("", [("#address-cells", cells(2)), ("#size-cells", cells(2)),
                     ("compatible", string("riscv-virtio")), ("model", string("seed"))])
    chosen = Node("chosen")
    if bootargs is not None:
        chosen.set("bootargs", string(bootargs))
    root.children.append(chosen)
    root.children.append(Node("cpus", [("#address-cells", cells(1)), ("#size-cells", cells(0)),
                                       ("timebase-frequency", cells(10000000))],
                              [cpu(h) if isinstance(h, int) else h for h in cpus]))
    root.children.extend(children)
    return build(Blob(root, list(rsv), version, 16)).data


def reserved(*children):
    return Node("reserved-memory", [("#address-cells", cells(2)), ("#size-cells", cells(2)),
                                    ("ranges", b"")], list(children))


def cma(**props):
    n = Node("linux,cma", [("compatible", string("shared-dma-pool")), ("reusable", b"")])
    for k, v in props.items():
        n.set(k.replace("_", "-"), v)
    return n


def distance_map(*matrix):
    return Node("distance-map", [("compatible", string("numa-distance-map-v1")),
                                 ("distance-matrix", cells(*matrix))])


MEM = memory(0x80000000, 2 * G)

DT_MEMORY = {
    "minimal": tree(MEM),
    "two-banks": tree(memory(0x80000000, G), memory(0x100000000, G)),
    "overlap": tree(MEM, memory(0xC0000000, 2 * G)),
    "unaligned": tree(memory(0x80000123, 0x10000000)),
    "small": tree(memory(0x80000000, 0x100000)),
    "cells-1-1": build(Blob(Node("", [("#address-cells", cells(1)), ("#size-cells", cells(1))],
                                 [Node("memory@80000000", [("device_type", string("memory")),
                                                           ("reg", cells(0x80000000, G))])]))).data,
    "memreserve": tree(MEM, rsv=[(0x80000000, 0x200000), (0x90000000, 0x1000)]),
    "reserved-static": tree(MEM, reserved(Node("mmode_resv0@80000000",
                                               [("reg", u64cells(0x80000000, 0x40000))]),
                                          Node("fb@90000000", [("reg", u64cells(0x90000000, 0x800000)),
                                                               ("no-map", b"")]))),
    "cma-dynamic": tree(MEM, reserved(cma(size=u64cells(0x4000000), linux_cma_default=b""))),
    "cma-aligned-ranges": tree(MEM, reserved(cma(size=u64cells(0x1000000),
                                                 alignment=u64cells(0x400000),
                                                 alloc_ranges=u64cells(0x80000000, G)))),
    "cma-static": tree(MEM, reserved(cma(reg=u64cells(0xA0000000, 0x2000000)))),
    "cma-bootargs": tree(MEM, bootargs="cma=32M movablecore=256M"),
    "cma-bootargs-at": tree(MEM, bootargs="cma=16M@0xa0000000"),
    "numa2": tree(memory(0x80000000, G, 0), memory(0xC0000000, G, 1),
                  distance_map(0, 0, 10, 0, 1, 20, 1, 1, 10), cpus=(cpu(0, 0), cpu(1, 1))),
    "numa4": tree(*[memory(0x80000000 + i * 0x20000000, 0x20000000, i) for i in range(4)],
                  distance_map(0, 1, 15, 0, 2, 20, 0, 3, 25, 1, 2, 15, 2, 3, 15),
                  cpus=[cpu(i, i) for i in range(4)]),
    "cpus-mixed": tree(MEM, cpus=(cpu(0, mmu="riscv,sv48"), cpu(1, mmu="riscv,none"),
                                  Node("cpu-map"), cpu(5))),
    "v16": tree(MEM, version=16),
}

FDT = {
    "minimal": tree(MEM),
    "v16": tree(MEM, version=16),
    "memreserve": DT_MEMORY["memreserve"],
    "aliases-phandles": tree(MEM, Node("aliases", [("serial0", string("/soc/serial@10000000")),
                                                   ("bad", string("soc/serial")),
                                                   ("dangling", string("/nope"))]),
                             Node("soc", [("#address-cells", cells(2)), ("#size-cells", cells(2)),
                                          ("compatible", string("simple-bus"))],
                                  [Node("serial@10000000", [
                                      ("compatible", string("ns16550a", "", "snps,dw-apb-uart")),
                                      ("reg", u64cells(0x10000000, 0x100)), ("phandle", cells(3)),
                                      ("linux,phandle", cells(3))]),
                                   Node("plic@c000000", [("phandle", cells(0xFFFFFFFF)),
                                                         ("interrupt-parent", cells(3))])])),
    "deep": tree(MEM, Node("a", [], [Node("b", [], [Node("c@1", [("reg", cells(1))],
                                                         [Node("d", [("x", b"\0")])])])])),
    "unit-names": tree(MEM, Node("cpu@0"), Node("cpu"), Node("cpu@1"), Node("x@1"), Node("x@1")),
    "odd-props": tree(MEM, Node("odd", [("empty", b""), ("unterminated", b"abc"),
                                        ("#address-cells", cells(1, 2)), ("reg", b"\1\2\3"),
                                        ("compatible", b"a\0\0b")])),
    "numa2": DT_MEMORY["numa2"],
}


def main():
    for harness, seeds in (("fuzz_dt_memory", DT_MEMORY), ("fuzz_fdt", FDT)):
        out = os.path.join(HERE, "corpus", harness)
        os.makedirs(out, exist_ok=True)
        for f in os.listdir(out):
            os.remove(os.path.join(out, f))
        for name, data in seeds.items():
            with open(os.path.join(out, name + ".dtb"), "wb") as f:
                f.write(data)
        print(f"make_seeds: {harness}: {len(seeds)} seeds, {sum(map(len, seeds.values()))} bytes")


if __name__ == "__main__":
    main()
