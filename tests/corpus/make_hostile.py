#!/usr/bin/env python3
"""Generate the hostile device-tree corpus from QEMU virt's tree (dts/qemu-virt.dts).

    tests/corpus/make_hostile.py [--dtb FILE.dtb] [--out DIR]

Defaults: the blob build/dts/qemu-virt.dtb (compiled from dts/qemu-virt.dts with dtc when
it is missing) and the directory tests/corpus/hostile/. Python 3 standard library only;
the same input always gives the same files, byte for byte.

Five families of files, named after what they break:

    hdr-FIELD-VALUE       one header field set to a bad value (every field, several values)
    trunc-WHERE           the blob cut at a structural boundary: the header, the reservation
                          block, each token of the first nodes, the strings block; "-fixed"
                          variants also shrink totalsize and the block sizes to the cut
    struct-WHAT           a corrupt structure block: huge property length, name offset past
                          the strings, unterminated names, two roots, a named root, no
                          FDT_END, nesting 64 (the limit) and 65 and 100 levels, bad tokens...
    overlap-WHAT          blocks overlapping each other or the header
    sem-WHAT              well-formed blobs whose content is hostile: overlapping, zero-size
                          and wrapping memory, bad #address-cells/#size-cells, absurd NUMA
                          ids and distances, CMA larger than RAM, too many regions... (on
                          the tree without the devices memory discovery never reads)

MANIFEST lists every file with what rvmm-dt must do: "refuse" (exit 2 with one line),
"accept" (exit 0) or "any" (either, but cleanly). tests/test_hostile.py checks it.

The module also gives tests/fuzz/make_seeds.py its FDT reader and writer (Node, parse, build).
"""
import argparse
import os
import struct
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

MAGIC = 0xD00DFEED
BEGIN_NODE, END_NODE, PROP, NOP, END = 1, 2, 3, 4, 9
HEADER_FIELDS = ["magic", "totalsize", "off_dt_struct", "off_dt_strings", "off_mem_rsvmap",
                 "version", "last_comp_version", "boot_cpuid_phys", "size_dt_strings",
                 "size_dt_struct"]
HEADER_SIZE = 40
FDT_MAX_SIZE = 2 << 20


class Node:
    """A device-tree node: a name, properties in order (name, bytes) and children."""

    def __init__(self, name, props=None, children=None):
        self.name = name
        self.props = list(props or [])
        self.children = list(children or [])

    def copy(self):
        return Node(self.name, [(n, v) for n, v in self.props], [c.copy() for c in self.children])

    def child(self, name):
        for c in self.children:
            if c.name == name:
                return c
        raise KeyError(name)

    def find(self, path):
        node = self
        for part in [p for p in path.split("/") if p]:
            node = node.child(part)
        return node

    def set(self, name, value):
        """Set (replace in place, or append) property name."""
        for i, (n, _) in enumerate(self.props):
            if n == name:
                self.props[i] = (name, value)
                return self
        self.props.append((name, value))
        return self

    def delete(self, name):
        self.props = [(n, v) for n, v in self.props if n != name]
        return self


def cells(*values):
    """Big-endian 32-bit cells, as dtc writes <a b c>."""
    return b"".join(struct.pack(">I", v & 0xFFFFFFFF) for v in values)


def u64cells(*values):
    """Each value as two cells (for #address-cells / #size-cells = 2)."""
    return b"".join(struct.pack(">Q", v & 0xFFFFFFFFFFFFFFFF) for v in values)


def string(*values):
    return b"".join(v.encode() + b"\0" for v in values)


class Blob:
    """A parsed blob: header fields, reservations and the root node."""

    def __init__(self, root, rsv=(), version=17, last_comp_version=16, boot_cpuid=0):
        self.root = root
        self.rsv = list(rsv)
        self.version = version
        self.last_comp_version = last_comp_version
        self.boot_cpuid = boot_cpuid


def parse(data):
    """Parse a well-formed blob into a Blob (raises ValueError on anything odd)."""
    hdr = dict(zip(HEADER_FIELDS, struct.unpack_from(">10I", data)))
    if hdr["magic"] != MAGIC:
        raise ValueError("bad magic")
    rsv, pos = [], hdr["off_mem_rsvmap"]
    while True:
        addr, size = struct.unpack_from(">QQ", data, pos)
        pos += 16
        if addr == 0 and size == 0:
            break
        rsv.append((addr, size))
    strings = data[hdr["off_dt_strings"]:hdr["off_dt_strings"] + hdr["size_dt_strings"]]
    pos = hdr["off_dt_struct"]
    stack, root = [], None
    while True:
        (tok,) = struct.unpack_from(">I", data, pos)
        pos += 4
        if tok == BEGIN_NODE:
            end = data.index(b"\0", pos)
            node = Node(data[pos:end].decode("latin-1"))
            pos = (end + 1 + 3) & ~3
            if stack:
                stack[-1].children.append(node)
            else:
                root = node
            stack.append(node)
        elif tok == END_NODE:
            stack.pop()
        elif tok == PROP:
            length, nameoff = struct.unpack_from(">II", data, pos)
            pos += 8
            name = strings[nameoff:strings.index(b"\0", nameoff)].decode("latin-1")
            stack[-1].props.append((name, bytes(data[pos:pos + length])))
            pos = (pos + length + 3) & ~3
        elif tok == NOP:
            pass
        elif tok == END:
            break
        else:
            raise ValueError(f"bad token {tok:#x}")
    return Blob(root, rsv, hdr["version"], hdr["last_comp_version"], hdr["boot_cpuid_phys"])


class Layout:
    """What build() wrote: the blob and where things are (absolute offsets)."""

    def __init__(self):
        self.data = b""
        self.off_rsvmap = self.off_struct = self.off_strings = 0
        self.size_struct = self.size_strings = 0
        self.tokens = []  # (absolute offset, token kind, node path) for every token
        self.string_offsets = {}


def build(blob, strings_extra=b""):
    """Serialize blob the way dtc lays it out: header, reservations, struct, strings."""
    lay = Layout()
    strings = bytearray()

    def nameoff(name):
        if name not in lay.string_offsets:
            lay.string_offsets[name] = len(strings)
            strings.extend(name.encode("latin-1") + b"\0")
        return lay.string_offsets[name]

    st = bytearray()

    def emit(kind, path, data):
        lay.tokens.append((len(st), kind, path))
        st.extend(data)
        while len(st) % 4:
            st.append(0)

    def walk(node, path):
        emit(BEGIN_NODE, path, cells(BEGIN_NODE) + node.name.encode("latin-1") + b"\0")
        for name, value in node.props:
            emit(PROP, path + ":" + name, cells(PROP, len(value), nameoff(name)) + value)
        for c in node.children:
            walk(c, (path.rstrip("/") + "/" + c.name))
        emit(END_NODE, path, cells(END_NODE))

    walk(blob.root, "/")
    emit(END, "", cells(END))
    strings.extend(strings_extra)

    rsvmap = b"".join(struct.pack(">QQ", a, s) for a, s in blob.rsv) + bytes(16)
    lay.off_rsvmap = HEADER_SIZE
    lay.off_struct = lay.off_rsvmap + len(rsvmap)
    lay.off_strings = lay.off_struct + len(st)
    lay.size_struct, lay.size_strings = len(st), len(strings)
    total = lay.off_strings + len(strings)
    hdr = struct.pack(">10I", MAGIC, total, lay.off_struct, lay.off_strings, lay.off_rsvmap,
                      blob.version, blob.last_comp_version, blob.boot_cpuid, len(strings),
                      len(st))
    lay.data = hdr + rsvmap + bytes(st) + bytes(strings)
    lay.tokens = [(lay.off_struct + off, kind, path) for off, kind, path in lay.tokens]
    return lay


def set_header(data, field, value):
    """data with header field (by name) set to value."""
    out = bytearray(data)
    struct.pack_into(">I", out, 4 * HEADER_FIELDS.index(field), value & 0xFFFFFFFF)
    return bytes(out)


def header(data, field):
    return struct.unpack_from(">I", data, 4 * HEADER_FIELDS.index(field))[0]


def put32(data, off, value):
    out = bytearray(data)
    struct.pack_into(">I", out, off, value & 0xFFFFFFFF)
    return bytes(out)


def load_base(dtb):
    """The base tree: dtb if it exists, else dts/qemu-virt.dts compiled with dtc."""
    if dtb and os.path.exists(dtb):
        with open(dtb, "rb") as f:
            return f.read()
    src = os.path.join(ROOT, "dts", "qemu-virt.dts")
    return subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", src], check=True,
                          capture_output=True).stdout


# --- the five families -------------------------------------------------------------------


def header_cases(lay):
    """Every header field set to several bad values."""
    data, total = lay.data, len(lay.data)
    bad = {
        "magic": [0, 0xEDFE0DD0, MAGIC + 1, 0xFFFFFFFF],
        "totalsize": [0, 8, 39, HEADER_SIZE, total - 1, total + 1, FDT_MAX_SIZE + 1, 0xFFFFFFFF],
        "off_dt_struct": [0, 1, 2, lay.off_struct + 4, total, total + 4, 0xFFFFFFFC],
        "off_dt_strings": [0, lay.off_strings + 1, total, total + 1, 0xFFFFFFFF],
        "off_mem_rsvmap": [0, 4, lay.off_rsvmap + 1, total, 0xFFFFFFF8],
        "version": [0, 1, 15, 16, 18, 0xFFFFFFFF],
        "last_comp_version": [0, 1, 15, 18, 0xFFFFFFFF],
        "boot_cpuid_phys": [0xFFFFFFFF],
        "size_dt_strings": [0, lay.size_strings - 1, lay.size_strings + 1, total, 0xFFFFFFFF],
        "size_dt_struct": [0, 4, lay.size_struct - 4, lay.size_struct + 4, 0xFFFFFFFF],
    }
    # The values that leave a valid blob: boot_cpuid is free; a newer version still reads
    # as 17 while last_comp_version says 16 is enough; version 16 ignores the struct size
    # (the struct block then runs to the strings block, where it ends anyway); an older
    # last_comp_version only claims more compatibility.
    valid = {("boot_cpuid_phys", 0xFFFFFFFF), ("version", 16), ("version", 18),
             ("version", 0xFFFFFFFF), ("last_comp_version", 0), ("last_comp_version", 1),
             ("last_comp_version", 15)}
    for field, values in bad.items():
        for v in values:
            expect = "accept" if (field, v) in valid else "refuse"
            yield f"hdr-{field}-{v:#x}", set_header(data, field, v), expect


def truncation_cases(lay, nodes=4):
    """The blob cut at each structural boundary; also with totalsize and sizes fixed up."""
    data = lay.data
    cuts = [("empty", 0), ("magic", 4), ("header-v16", 36), ("header", HEADER_SIZE),
            ("rsvmap", lay.off_struct - 8), ("rsvmap-end", lay.off_struct)]
    seen_nodes = 0
    for off, kind, path in lay.tokens:
        if kind == BEGIN_NODE:
            seen_nodes += 1
            if seen_nodes > nodes:
                break
        tag = {BEGIN_NODE: "begin", END_NODE: "end", PROP: "prop"}[kind]
        cuts.append((f"{tag}{path.replace('/', '_').replace(':', '.').replace(',', '_')}", off))
        if kind == BEGIN_NODE:
            cuts.append((f"in-name{path.replace('/', '_')}", off + 5))
        if kind == PROP:
            cuts.append((f"in-prop-header{path.replace('/', '_').replace(':', '.').replace(',', '_')}", off + 8))
    end_tok = lay.off_strings - 4
    cuts += [("before-end", end_tok), ("strings", lay.off_strings),
             ("mid-strings", lay.off_strings + lay.size_strings // 2), ("last-byte", len(data) - 1)]
    for name, cut in cuts:
        yield f"trunc-{name}", data[:cut], "refuse"
        if HEADER_SIZE <= cut < len(data) and cut > lay.off_struct:
            # A self-consistent cut: totalsize says cut, the blocks end there.
            fixed = set_header(data[:cut], "totalsize", cut)
            if cut <= lay.off_strings:
                fixed = set_header(fixed, "size_dt_struct", cut - lay.off_struct)
                fixed = set_header(fixed, "off_dt_strings", cut)
                fixed = set_header(fixed, "size_dt_strings", 0)
            else:
                fixed = set_header(fixed, "size_dt_strings", cut - lay.off_strings)
            yield f"trunc-{name}-fixed", fixed, "refuse"


def first_token(lay, kind, path_prefix=""):
    for off, k, path in lay.tokens:
        if k == kind and path.startswith(path_prefix):
            return off
    raise KeyError(path_prefix)


def structure_cases(base, lay):
    """Corrupt structure blocks."""
    data = lay.data
    prop = first_token(lay, PROP)
    yield "struct-prop-len-huge", put32(data, prop + 4, 0xFFFFFFF0), "refuse"
    yield "struct-prop-len-past-block", put32(data, prop + 4, lay.size_struct), "refuse"
    yield "struct-prop-len-negative", put32(data, prop + 4, 0x80000000), "refuse"
    yield "struct-nameoff-past-strings", put32(data, prop + 8, lay.size_strings), "refuse"
    yield "struct-nameoff-huge", put32(data, prop + 8, 0xFFFFFFFF), "refuse"
    # The last string loses its NUL: a property naming it has an unterminated name.
    yield ("struct-unterminated-prop-name",
           set_header(data, "size_dt_strings", lay.size_strings - 1), "refuse")
    # A node name that runs to the end of the struct block (no NUL before it).
    node = first_token(lay, BEGIN_NODE, "/memory")
    name_end = node + 4 + len("memory@80000000")
    cut = data[:name_end] + b"x" * ((-name_end) % 4)
    st_size = len(cut) - lay.off_struct
    cut = set_header(set_header(set_header(cut, "size_dt_struct", st_size), "off_dt_strings",
                                len(cut)), "size_dt_strings", 0)
    yield "struct-unterminated-node-name", set_header(cut, "totalsize", len(cut)), "refuse"
    # A NUL-free name across the padding: BEGIN_NODE "memory@80000000" with its NUL replaced.
    yield "struct-name-into-next-token", data[:name_end] + b"\x01" + data[name_end + 1:], "refuse"

    def rebuilt(mutate, **kw):
        b = Blob(base.root.copy(), base.rsv, base.version, base.last_comp_version,
                 base.boot_cpuid)
        mutate(b)
        return build(b, **kw)

    # Two roots: the struct block holds the root twice.
    root_end = lay.off_strings - 4
    st = data[lay.off_struct:root_end]
    two = rebuilt(lambda b: None)
    blob = (two.data[:two.off_struct] + st + st + cells(END) +
            two.data[two.off_strings:])
    blob = set_header(blob, "off_dt_strings", two.off_struct + 2 * len(st) + 4)
    blob = set_header(blob, "size_dt_struct", 2 * len(st) + 4)
    blob = set_header(blob, "totalsize", len(blob))
    yield "struct-two-roots", blob, "refuse"

    def named_root(b):
        b.root.name = "rvmm"
    yield "struct-named-root", rebuilt(named_root).data, "refuse"

    def empty_child_name(b):
        b.root.children.append(Node(""))
    yield "struct-empty-node-name", rebuilt(empty_child_name).data, "refuse"

    # No FDT_END: the struct block stops right after the root's END_NODE.
    no_end = data[:lay.off_strings - 4] + data[lay.off_strings:]
    no_end = set_header(no_end, "off_dt_strings", lay.off_strings - 4)
    no_end = set_header(no_end, "size_dt_struct", lay.size_struct - 4)
    yield "struct-missing-end", set_header(no_end, "totalsize", len(no_end)), "refuse"
    # FDT_END replaced by a NOP: the walk runs into the strings block.
    yield "struct-end-is-nop", put32(data, lay.off_strings - 4, NOP), "refuse"
    # Data after FDT_END inside the struct block (v17 size claims 4 more bytes).
    after = (data[:lay.off_strings] + cells(0xDEADBEEF) + data[lay.off_strings:])
    after = set_header(after, "off_dt_strings", lay.off_strings + 4)
    after = set_header(after, "size_dt_struct", lay.size_struct + 4)
    yield "struct-data-after-end", set_header(after, "totalsize", len(after)), "refuse"

    for depth, expect in ((64, "accept"), (65, "refuse"), (100, "refuse")):
        def nest(b, depth=depth):
            node = b.root
            for i in range(depth - 1):  # the root is level 1
                child = Node(f"n{i}")
                node.children.append(child)
                node = child
        yield f"struct-nesting-{depth}", rebuilt(nest).data, expect

    # Tokens that do not belong: an unknown one, END_NODE too many, END inside a node.
    for tag, tok in (("bad-token-5", 5), ("bad-token-0", 0), ("bad-token-ffffffff", 0xFFFFFFFF),
                     ("extra-end-node", END_NODE), ("early-end", END)):
        off = first_token(lay, BEGIN_NODE, "/memory")
        yield f"struct-{tag}", data[:off] + cells(tok) + data[off + 4:], "refuse"
    # A property after a subnode, and one outside every node (before the root).
    def prop_after_child(b):
        b.root.children[0].children.append(Node("sub"))
        b.root.children[0].props.append(("late", b""))
    lay2 = rebuilt(prop_after_child)
    sub = first_token(lay2, BEGIN_NODE, "/" + base.root.children[0].name + "/sub")
    late = first_token(lay2, PROP, "/" + base.root.children[0].name + ":late")
    d = lay2.data
    # Swap the subnode (BEGIN, END: 12 bytes with "sub\0") and the property (12 bytes).
    sub_bytes, late_bytes = d[sub:sub + 12], d[late:late + 12]
    yield ("struct-prop-after-subnode", d[:sub] + late_bytes + sub_bytes + d[late + 12:],
           "refuse")
    outside = data[:lay.off_struct] + cells(PROP, 0, 0) + data[lay.off_struct:]
    outside = set_header(outside, "off_dt_strings", lay.off_strings + 12)
    outside = set_header(outside, "size_dt_struct", lay.size_struct + 12)
    yield "struct-prop-outside-node", set_header(outside, "totalsize", len(outside)), "refuse"
    # Reservation block: no terminator, a zero-size entry, one that wraps around 2^64.
    rsv = rebuilt(lambda b: b.rsv.extend([(0x80000000, 0x1000)]))
    entry = rsv.off_rsvmap
    yield "struct-rsv-zero-size", rsv.data[:entry + 8] + bytes(8) + rsv.data[entry + 16:], "refuse"
    yield ("struct-rsv-wraps", rsv.data[:entry] + struct.pack(">QQ", 0xFFFFFFFFFFFFF000, 0x2000) +
           rsv.data[entry + 16:], "refuse")
    unterminated = (rsv.data[:entry + 16] + struct.pack(">QQ", 1, 1) +
                    rsv.data[entry + 32:])
    yield "struct-rsv-unterminated", unterminated, "refuse"


def overlap_cases(lay):
    """Blocks that overlap each other or the header."""
    data = lay.data
    yield "overlap-strings-on-struct", set_header(data, "off_dt_strings", lay.off_struct), "refuse"
    yield ("overlap-strings-tail-in-struct",
           set_header(data, "off_dt_strings", lay.off_strings - 8), "refuse")
    yield "overlap-rsvmap-on-struct", set_header(data, "off_mem_rsvmap", lay.off_struct), "refuse"
    yield ("overlap-struct-into-strings",
           set_header(data, "size_dt_struct", lay.size_struct + 8), "refuse")
    yield "overlap-struct-on-header", set_header(data, "off_dt_struct", 0), "refuse"
    yield "overlap-strings-on-header", set_header(data, "off_dt_strings", 8), "refuse"
    yield "overlap-rsvmap-on-header", set_header(data, "off_mem_rsvmap", 8), "refuse"
    # The reservation block placed over the strings block (whose bytes are not {0, 0}).
    yield ("overlap-rsvmap-on-strings",
           set_header(data, "off_mem_rsvmap", lay.off_strings & ~7), "refuse")


# Nodes the semantic cases keep: what memory discovery and the boot console read. The rest
# (virtio, PCI, flash, ...) would only make every file 2 KiB larger.
SEM_KEEP = {"chosen", "cpus", "memory@80000000", "soc", "aliases", "reserved-memory"}
SEM_KEEP_SOC = ("serial@", "plic@", "clint@", "test@", "interrupt-controller@")


def slim(base):
    """base without the device nodes that memory discovery never reads."""
    root = base.root.copy()
    root.children = [c for c in root.children if c.name in SEM_KEEP]
    for c in root.children:
        if c.name == "soc":
            c.children = [d for d in c.children if d.name.startswith(SEM_KEEP_SOC)]
    return Blob(root, base.rsv, base.version, base.last_comp_version, base.boot_cpuid)


def semantic_cases(base):
    """Well-formed blobs with hostile content; rvmm-dt may accept or refuse them."""
    base = slim(base)
    def variant(mutate):
        b = Blob(base.root.copy(), base.rsv, base.version, base.last_comp_version,
                 base.boot_cpuid)
        mutate(b)
        return build(b).data

    def memory(name, reg, **props):
        n = Node(name, [("device_type", string("memory")), ("reg", reg)])
        for k, v in props.items():
            n.set(k.replace("_", "-"), v)
        return n

    def add_nodes(*nodes):
        return lambda b: b.root.children.extend(n.copy() for n in nodes)

    def set_prop(path, name, value):
        return lambda b: b.root.find(path).set(name, value)

    def reserved(*children, ac=2, sc=2):
        rm = Node("reserved-memory", [("#address-cells", cells(ac)), ("#size-cells", cells(sc)),
                                       ("ranges", b"")], list(children))
        return add_nodes(rm)

    def cma(**props):
        n = Node("linux,cma", [("compatible", string("shared-dma-pool")), ("reusable", b"")])
        for k, v in props.items():
            n.set(k.replace("_", "-"), v)
        return n

    def no_memory(b):
        b.root.children = [c for c in b.root.children if not c.name.startswith("memory")]

    def numa(ids):
        """Memory split into len(ids) banks with those numa-node-ids; cpus on node 0."""
        def m(b):
            no_memory(b)
            size = 0x80000000 // len(ids)
            for i, nid in enumerate(ids):
                b.root.children.append(memory(f"memory@{0x80000000 + i * size:x}",
                                              u64cells(0x80000000 + i * size, size),
                                              numa_node_id=cells(nid)))
        return m

    def both(*fns):
        def m(b):
            for f in fns:
                f(b)
        return m

    def distances(matrix):
        return both(numa([0, 1]), add_nodes(Node("distance-map", [
            ("compatible", string("numa-distance-map-v1")), ("distance-matrix", cells(*matrix))])))

    def bootargs(text):
        return set_prop("/chosen", "bootargs", text if isinstance(text, bytes) else string(text))

    def many_memory(n):
        def m(b):
            no_memory(b)
            for i in range(n):
                b.root.children.append(memory(f"memory@{0x80000000 + i * 0x200000:x}",
                                              u64cells(0x80000000 + i * 0x200000, 0x100000)))
        return m

    def many_cpus(n):
        def m(b):
            cpus = b.root.child("cpus")
            for i in range(n):
                cpus.children.append(Node(f"cpu@{100 + i:x}", [
                    ("device_type", string("cpu")), ("reg", cells(100 + i)),
                    ("mmu-type", string("riscv,sv39"))]))
        return m

    def many_reserved(n):
        return reserved(*[Node(f"r@{0x90000000 + i * 0x10000:x}",
                               [("reg", u64cells(0x90000000 + i * 0x10000, 0x1000))])
                          for i in range(n)])

    G = 1 << 30
    cases = [
        ("sem-memory-overlap", add_nodes(memory("memory@c0000000", u64cells(0xC0000000, 2 * G)))),
        ("sem-memory-duplicate", add_nodes(memory("memory@80000000", u64cells(0x80000000, 2 * G)))),
        ("sem-memory-zero-size", set_prop("/memory@80000000", "reg", u64cells(0x80000000, 0))),
        ("sem-memory-zero-size-only", both(no_memory, add_nodes(memory("memory@0", u64cells(0, 0))))),
        ("sem-memory-wrap", set_prop("/memory@80000000", "reg",
                                     u64cells(0xFFFFFFFFFFFFF000, 0x2000))),
        ("sem-memory-top-page", set_prop("/memory@80000000", "reg",
                                         u64cells(0xFFFFFFFFFFFFF000, 0x1000))),
        ("sem-memory-sub-page", set_prop("/memory@80000000", "reg", u64cells(0x80000800, 0x800))),
        ("sem-memory-unaligned", set_prop("/memory@80000000", "reg",
                                          u64cells(0x80000123, 0x7FFFF000))),
        ("sem-memory-at-zero", set_prop("/memory@80000000", "reg", u64cells(0, 2 * G))),
        ("sem-memory-beyond-direct-map", add_nodes(memory("memory@10000000000",
                                                          u64cells(1 << 40, 1 << 40)))),
        ("sem-memory-straddles-direct-map", add_nodes(memory("memory@2000000000",
                                                             u64cells(0x2000000000, 1 << 40)))),
        ("sem-memory-reg-odd-length", set_prop("/memory@80000000", "reg", cells(0, 0x80000000, 0))),
        ("sem-memory-reg-empty", set_prop("/memory@80000000", "reg", b"")),
        ("sem-memory-many", many_memory(80)),
        ("sem-memory-disabled", set_prop("/memory@80000000", "status", string("disabled"))),
        ("sem-no-memory", no_memory),
        ("sem-address-cells-0", set_prop("/", "#address-cells", cells(0))),
        ("sem-address-cells-3", set_prop("/", "#address-cells", cells(3))),
        ("sem-address-cells-huge", set_prop("/", "#address-cells", cells(0xFFFFFFFF))),
        ("sem-address-cells-long", set_prop("/", "#address-cells", cells(0, 2))),
        ("sem-size-cells-0", set_prop("/", "#size-cells", cells(0))),
        ("sem-size-cells-3", set_prop("/", "#size-cells", cells(3))),
        ("sem-cells-1-1", both(set_prop("/", "#address-cells", cells(1)),
                               set_prop("/", "#size-cells", cells(1)))),
        ("sem-numa-id-huge", numa([0, 0xFFFFFFFF])),
        ("sem-numa-id-8", numa([0, 8])),
        ("sem-numa-id-gap", numa([0, 7])),
        ("sem-numa-id-missing", lambda b: (numa([0, 1])(b), b.root.children[-1].delete("numa-node-id"))),
        ("sem-numa-id-long", lambda b: (numa([0, 1])(b), b.root.children[-1].set(
            "numa-node-id", cells(1, 1)))),
        ("sem-numa-cpu-without-memory", both(numa([0, 1]),
                                             set_prop("/cpus/cpu@0", "numa-node-id", cells(5)))),
        ("sem-numa-cpu-negative", both(numa([0, 1]),
                                       set_prop("/cpus/cpu@0", "numa-node-id", cells(0xFFFFFFFE)))),
        ("sem-distance-300", distances([0, 1, 300])),
        ("sem-distance-zero", distances([0, 1, 0])),
        ("sem-distance-diag-20", distances([0, 0, 20])),
        ("sem-distance-asymmetric", distances([0, 1, 20, 1, 0, 30])),
        ("sem-distance-no-such-node", distances([0, 9, 20])),
        ("sem-distance-huge-node", distances([0xFFFFFFFF, 0, 20])),
        ("sem-distance-not-triplets", distances([0, 1, 20, 1])),
        ("sem-distance-empty", distances([])),
        ("sem-cma-too-large", reserved(cma(size=u64cells(1 << 40), linux_cma_default=b""))),
        ("sem-cma-all-ram", reserved(cma(size=u64cells(2 * G)))),
        ("sem-cma-zero", reserved(cma(size=u64cells(0)))),
        ("sem-cma-size-bad-length", reserved(cma(size=cells(1)))),
        ("sem-cma-alignment-not-pow2", reserved(cma(size=u64cells(0x1000000),
                                                    alignment=u64cells(0x3000)))),
        ("sem-cma-alignment-huge", reserved(cma(size=u64cells(0x1000000),
                                                alignment=u64cells(1 << 63)))),
        ("sem-cma-alloc-ranges-wrap", reserved(cma(size=u64cells(0x1000000),
                                                   alloc_ranges=u64cells(0xFFFFFFFFFFFFF000,
                                                                         0x10000000)))),
        ("sem-cma-alloc-ranges-outside", reserved(cma(size=u64cells(0x1000000),
                                                      alloc_ranges=u64cells(0x400000000,
                                                                            0x10000000)))),
        ("sem-cma-alloc-ranges-many", reserved(cma(size=u64cells(0x1000000),
                                                   alloc_ranges=u64cells(*[0, 0x1000] * 9)))),
        ("sem-cma-static-unaligned", reserved(cma(reg=u64cells(0x90001000, 0x1000000)))),
        ("sem-cma-no-map", reserved(cma(size=u64cells(0x1000000), no_map=b""))),
        ("sem-cma-many", reserved(*[Node(f"cma{i}", [("compatible", string("shared-dma-pool")),
                                                     ("reusable", b""),
                                                     ("size", u64cells(0x200000))])
                                    for i in range(12)])),
        ("sem-reserved-cells-3", reserved(cma(size=u64cells(0x1000000)), ac=3)),
        ("sem-reserved-cells-0", reserved(cma(size=u64cells(0x1000000)), sc=0)),
        ("sem-reserved-all-ram", reserved(Node("all@80000000",
                                               [("reg", u64cells(0x80000000, 2 * G))]))),
        ("sem-reserved-all-ram-no-map", reserved(Node("all@80000000", [
            ("reg", u64cells(0x80000000, 2 * G)), ("no-map", b"")]))),
        ("sem-reserved-outside", reserved(Node("r@0", [("reg", u64cells(0, 0x1000))]))),
        ("sem-reserved-wrap", reserved(Node("r@f", [("reg", u64cells(0xFFFFFFFFFFFFF000, 0x2000))]))),
        ("sem-reserved-zero", reserved(Node("r@90000000", [("reg", u64cells(0x90000000, 0))]))),
        ("sem-reserved-many", many_reserved(40)),
        ("sem-memreserve-all-ram", lambda b: b.rsv.append((0x80000000, 2 * G))),
        ("sem-memreserve-many", lambda b: b.rsv.extend((0x90000000 + i * 0x2000, 0x1000)
                                                       for i in range(40))),
        ("sem-memreserve-outside", lambda b: b.rsv.append((0x400000000, 0x1000))),
        ("sem-cpus-many", many_cpus(40)),
        ("sem-cpu-no-reg", lambda b: b.root.find("/cpus/cpu@0").delete("reg")),
        ("sem-cpus-cells-0", set_prop("/cpus", "#address-cells", cells(0))),
        ("sem-bootargs-cma-huge", bootargs("cma=1T")),
        ("sem-bootargs-cma-zero", bootargs("cma=0")),
        ("sem-bootargs-cma-at-zero", bootargs("cma=16M@0")),
        ("sem-bootargs-cma-junk", bootargs("cma=16Mxyz movablecore=junk")),
        ("sem-bootargs-movablecore-all", bootargs("movablecore=4G")),
        ("sem-bootargs-long", bootargs("cma=16M " * 300)),
        ("sem-bootargs-unterminated", bootargs(b"cma=16M")),
        ("sem-bootargs-quotes", bootargs('cma="16M movablecore=\\')),
    ]
    for name, mutate in cases:
        yield name, variant(mutate), "refuse" if name in SEM_REFUSED else "any"


# Semantic cases the firmware cannot boot from: rvmm-dt must refuse them.
SEM_REFUSED = {"sem-no-memory", "sem-memory-zero-size-only", "sem-address-cells-0",
               "sem-address-cells-3", "sem-address-cells-huge", "sem-address-cells-long",
               "sem-size-cells-0", "sem-size-cells-3", "sem-memory-zero-size",
               "sem-memory-wrap", "sem-memory-sub-page", "sem-memory-reg-odd-length",
               "sem-memory-reg-empty", "sem-memory-disabled"}


def generate(base_dtb):
    """Every case as (name, bytes, expectation), in a fixed order."""
    base = parse(base_dtb)
    lay = build(base)
    yield from header_cases(lay)
    yield from truncation_cases(lay)
    yield from structure_cases(base, lay)
    yield from overlap_cases(lay)
    yield from semantic_cases(base)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dtb", default=os.path.join(ROOT, "build", "dts", "qemu-virt.dtb"))
    ap.add_argument("--out", default=os.path.join(ROOT, "tests", "corpus", "hostile"))
    args = ap.parse_args()

    os.makedirs(args.out, exist_ok=True)
    for f in os.listdir(args.out):
        if f.endswith(".dtb") or f == "MANIFEST":
            os.remove(os.path.join(args.out, f))
    names, total, lines = set(), 0, []
    for name, data, expect in generate(load_base(args.dtb)):
        if name in names:
            sys.exit(f"make_hostile: duplicate case name ({name})")
        names.add(name)
        with open(os.path.join(args.out, name + ".dtb"), "wb") as f:
            f.write(data)
        total += len(data)
        lines.append(f"{name}.dtb {expect}\n")
    with open(os.path.join(args.out, "MANIFEST"), "w") as f:
        f.write("# file expectation (refuse: exit 2 and one line; accept: exit 0; any: either)\n")
        f.writelines(lines)
    print(f"make_hostile: {len(names)} files, {total} bytes in {args.out}")


if __name__ == "__main__":
    main()
