"""Memory discovery on the target equals what the tree says, in every QEMU configuration,
and rvmm-dt prints the same for the same tree."""
import os
import re
import subprocess

import pytest

from rvmm_target import ROOT, boot_qemu, qemu_env

RVMM_DT = os.path.join(ROOT, "build", "host", "rvmm-dt")

CONFIGS = {
    "virt-1node": dict(MEM="2G", SMP=4),
    "virt-2nodes": dict(MEM="2G", SMP=4, NODES=2),
    "virt-4nodes": dict(MEM="4G", SMP=4, NODES=4),
    "virt-6G": dict(MEM="6G", SMP=2),
}


def dump_dtb(tmp_path, **kw):
    out = os.path.join(tmp_path, "qemu.dtb")
    env = qemu_env(DUMPDTB=out, **kw)
    subprocess.run([os.path.join(ROOT, "ci", "qemu.sh")], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
    return out


def numa_block(text):
    """The numactl --hardware lines, without the 'free' ones (those depend on the boot)."""
    lines = text.replace("\r", "").splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("available: "))
    block = []
    for l in lines[start:]:
        if l.startswith("rvmm>") or l.startswith("run:") or not l.strip():
            break
        if " free: " not in l:
            block.append(l)
    return block


def zone_sizes(text):
    """{(node, zone): (spanned, present)} from zoneinfo output."""
    out, key = {}, None
    for l in text.replace("\r", "").splitlines():
        m = re.match(r"^Node (\d+), zone\s+(\w+)$", l)
        if m:
            key = (int(m.group(1)), m.group(2))
            continue
        m = re.match(r"^\s+(spanned|present)\s+(\d+)$", l)
        if m and key:
            sp = out.setdefault(key, [None, None])
            sp[0 if m.group(1) == "spanned" else 1] = int(m.group(2))
    return {k: tuple(v) for k, v in out.items()}


def memblock_reserved(text):
    return [(int(a, 16), int(b, 16)) for a, b in re.findall(
        r"^ reserved\[0x[0-9a-f]+\]\s+\[(0x[0-9a-f]+)-(0x[0-9a-f]+)\]", text.replace("\r", ""), re.M)]


def reserved_covers(text, start, end):
    return any(a <= start and end <= b for a, b in memblock_reserved(text))


def memblock_memory(text):
    return re.findall(r"^ memory\[0x[0-9a-f]+\]\s+\[(0x[0-9a-f]+)-(0x[0-9a-f]+)\], "
                      r"0x[0-9a-f]+ bytes on node (\d+) flags: (0x[0-9a-f]+)$",
                      text.replace("\r", ""), re.M)


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_numa_matches_tree(built, serial_dev, tmp_path, name):
    if serial_dev:
        pytest.skip("QEMU configurations only")
    cfg = CONFIGS[name]
    dtb = dump_dtb(str(tmp_path), **cfg)
    host = subprocess.run([RVMM_DT, dtb], capture_output=True, text=True, timeout=60)
    assert host.returncode == 0, host.stderr
    run = boot_qemu('run="memblock; numa; zoneinfo"', timeout=120, **cfg)
    assert run.status == 0, run.tail()
    nodes = int(cfg.get("NODES", 1))
    target = numa_block(run.output)
    assert target[0] == f"available: {nodes} nodes (0-{nodes - 1})"
    assert target == numa_block(host.stdout)
    mem_mib = int(cfg["MEM"].rstrip("G")) * 1024
    sizes = [int(m) for m in re.findall(r"^node \d+ size: (\d+) MB$", "\n".join(target), re.M)]
    assert sum(sizes) == mem_mib and len(set(sizes)) == 1
    # memory ranges: the same on both sides apart from OpenSBI's no-map split at the start
    tmem = [m for m in memblock_memory(run.output) if m[3] == "0x0"]
    hmem = memblock_memory(host.stdout)
    assert tmem[-1][1] == hmem[-1][1]
    zt, zh = zone_sizes(run.output), zone_sizes(host.stdout)
    assert zt and zt == zh                      # spanned and present, every zone of every node
    assert sum(p for _, p in zt.values()) == mem_mib * 256
    # each node's pglist_data sits in that node's memory, reserved in memblock
    placed = re.findall(r"^NODE_DATA\((\d+)\) allocated \[mem (0x[0-9a-f]+)-(0x[0-9a-f]+)\]$",
                        run.output.replace("\r", ""), re.M)
    assert [int(n) for n, _, _ in placed] == list(range(nodes)), run.tail()
    assert not re.search(r"NODE_DATA\(\d+\) on node", run.output)   # never fell back
    for nid, a, b in placed:
        a, b = int(a, 16), int(b, 16)
        assert any(int(s, 16) <= a and b <= int(e, 16) and int(n) == int(nid)
                   for s, e, n, _ in memblock_memory(run.output)), (nid, hex(a))
        assert reserved_covers(run.output, a, b)
    if nodes > 1:
        row0 = next(l for l in target if l.startswith("  0: "))
        assert row0 == "  0: " + "".join("%3d " % (10 if n == 0 else 20) for n in range(nodes))


def test_node_data_falls_back_when_node_is_reserved(built, serial_dev):
    """dts/virt-numa2-node1-reserved.dts: node 1's RAM is one reserved carve-out, so its
    node data and memmap must come from node 0, and the boot says so in Linux's words."""
    if serial_dev:
        pytest.skip("QEMU configurations only")
    dtb = os.path.join(ROOT, "build", "dts", "virt-numa2-node1-reserved.dtb")
    run = boot_qemu('run="numa; test numa_placement; mm_verify"', timeout=120, DTB=dtb,
                    NODES=2, SMP=4, MEM="2G")
    assert run.status == 0, run.tail()
    out = run.output.replace("\r", "")
    assert "    NODE_DATA(1) on node 0" in out, run.tail()
    assert "NODE_DATA(0) on node" not in out
    m = re.search(r"^NODE_DATA\(1\) allocated \[mem (0x[0-9a-f]+)-", out, re.M)
    assert m and 0x80000000 <= int(m.group(1), 16) < 0xc0000000, m
    assert "node 1 free: 0 MB" in out
    assert "# firmware: 2 passed, 0 failed" in out
    assert "mm_verify: 0 errors" in out


def test_memory_above_4g(built, serial_dev):
    if serial_dev:
        pytest.skip("QEMU configurations only")
    run = boot_qemu('run="memblock"', timeout=120, MEM="6G", SMP=2)
    assert run.status == 0, run.tail()
    assert memblock_memory(run.output)[-1][1] == "0x00000001ffffffff"   # 0x80000000 + 6 GiB


def test_cma_and_nomap_overlay(built, serial_dev):
    """dts/virt-cma-nomap.dts: a dynamic default CMA pool and a no-map carve-out."""
    if serial_dev:
        pytest.skip("QEMU configurations only")
    dtb = os.path.join(ROOT, "build", "dts", "virt-cma-nomap.dtb")
    run = boot_qemu('run="memblock; walk 0xffffffd610000000; walk 0xffffffd610100000"',
                    timeout=120, DTB=dtb)
    assert run.status == 0, run.tail()
    out = run.output.replace("\r", "")
    assert re.search(r"^ memory\[0x\d\]\s+\[0x0000000090000000-0x00000000900fffff\], "
                     r"0x0000000000100000 bytes on node 0 flags: 0x4$", out, re.M)
    assert reserved_covers(out, 0xfc000000, 0xffffffff)   # CMA: 64 MiB placed top-down
    assert "0xffffffd610000000: not mapped" in out       # the no-map hole
    assert "0xffffffd610100000 -> 0x0000000090100000" in out
    host = subprocess.run([RVMM_DT, dtb], capture_output=True, text=True, timeout=60)
    assert host.returncode == 0
    assert "[0x00000000fc000000-0x00000000ffffffff], 0x0000000004000000 bytes" in host.stdout


def test_movablecore_makes_zone_movable(built, serial_dev):
    if serial_dev:
        pytest.skip("QEMU configurations only")
    run = boot_qemu('movablecore=512M run="zoneinfo; mm_verify"', timeout=120)
    assert run.status == 0, run.tail()
    z = zone_sizes(run.output)
    assert z[(0, "Movable")][1] == 512 * 256             # present pages
    assert z[(0, "DMA32")][1] + z[(0, "Movable")][1] == 2048 * 256
    assert "mm_verify: 0 errors" in run.output


def test_memmap_picture(built, serial_dev):
    """memmap: CMA pageblocks show as C where the tree's CMA pool was placed."""
    if serial_dev:
        pytest.skip("QEMU configurations only")
    dtb = os.path.join(ROOT, "build", "dts", "virt-cma-nomap.dtb")
    run = boot_qemu('run="memmap"', timeout=120, DTB=dtb)
    assert run.status == 0, run.tail()
    rows = re.findall(r"^  0x([0-9a-f]{10}) ([UMRHCIr.?]+)$", run.output.replace("\r", ""), re.M)
    assert len(rows) == 16                                  # 2 GiB / (64 x 2 MiB)
    picture = "".join(r[1] for r in rows)
    assert picture.count("C") == 32                         # 64 MiB of CMA
    assert picture.endswith("C" * 32)                       # placed top-down
