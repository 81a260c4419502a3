"""Bad device trees: each problem gets one clear line and a safe default, or (no memory at
all, a blob that does not validate) a clean refusal: rvmm-dt exits 2 with one line on
stderr, the firmware powers off with status 1. Checked on the host with rvmm-dt, and a
representative subset booted on QEMU with -dtb."""
import os
import re
import subprocess

import pytest

from rvmm_target import ROOT, boot_qemu

RVMM_DT = os.path.join(ROOT, "build", "host", "rvmm-dt")
VIRT = os.path.join(ROOT, "dts", "qemu-virt.dts")
VIRT2 = os.path.join(ROOT, "dts", "qemu-virt-numa2.dts")


def make_dtb(tmp_path, body, base=VIRT, name="t"):
    """base with body appended (a /memreserve/ body goes right after /dts-v1/;)."""
    src = os.path.join(tmp_path, name + ".dts")
    dtb = os.path.join(tmp_path, name + ".dtb")
    text = open(base).read()
    if body.startswith("/memreserve/"):
        text = text.replace("/dts-v1/;", "/dts-v1/;\n" + body, 1)
    else:
        text += "\n" + body + "\n"
    with open(src, "w") as f:
        f.write(text)
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", dtb, src], check=True)
    return dtb


def rvmm_dt(dtb, *args):
    return subprocess.run([RVMM_DT, *args, dtb], capture_output=True, text=True, timeout=60)


def total_memory(out):
    m = re.search(r"memory size = (0x[0-9a-f]+)", out)
    return int(m.group(1), 16)


# (name, dts body, expected warning line fragment, expected memory size after sanitizing)
WARNINGS = [
    ("overlap", '/ { memory@c0000000 { device_type = "memory"; reg = <0 0xc0000000 0 0x40000000>; }; };',
     None, 0x80000000),
    ("zero-size", '/ { memory@100000000 { device_type = "memory"; reg = <1 0 0 0>; }; };',
     "zero-size memory range ignored (0x100000000)", 0x80000000),
    ("sub-page", '/ { memory@100000000 { device_type = "memory"; reg = <1 0 0 0x800>; }; };',
     "memory range smaller than a page ignored (0x100000000)", 0x80000000),
    ("unaligned", '/ { memory@100000800 { device_type = "memory"; reg = <1 0x800 0 0x2000>; }; };',
     "memory range not page aligned, trimmed (0x100000800)", 0x80001000),
    ("wrap", '/ { memory@ffffffff { device_type = "memory"; reg = <0xffffffff 0xfffff000 0 0x2000>; }; };',
     "memory range wraps around the address space, ignored (0xfffffffffffff000)", 0x80000000),
    ("bad-reg-length", '/ { memory@100000000 { device_type = "memory"; reg = <1 0 0>; }; };',
     "reg length not a multiple of the cells, node ignored (0xc)", 0x80000000),
    ("memreserve-outside", "/memreserve/ 0x200000000 0x1000;",
     "reserved range outside RAM ignored (0x200000000)", 0x80000000),
    ("reserved-partly-outside",
     "/ { reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;"
     " r@fff00000 { reg = <0 0xfff00000 0 0x200000>; }; }; };",
     "reserved range partly outside RAM, clipped (0xfff00000)", 0x80000000),
    ("cma-too-large",
     "/ { reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;"
     ' linux,cma { compatible = "shared-dma-pool"; reusable; size = <1 0>; linux,cma-default; }; }; };',
     "linux,cma: CMA larger than its node, no CMA (0x100000000)", 0x80000000),
    ("cma-alloc-ranges-unsatisfiable",
     "/ { reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;"
     ' linux,cma { compatible = "shared-dma-pool"; reusable; size = <0 0x1000000>;'
     " alloc-ranges = <4 0 0 0x10000000>; }; }; };",
     "linux,cma: cannot place 16777216 bytes, no CMA (0x1000000)", 0x80000000),
    ("cma-no-map",
     "/ { reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;"
     ' linux,cma { compatible = "shared-dma-pool"; reusable; no-map; size = <0 0x1000000>; }; }; };',
     "no-map and reusable together, region ignored (0x0)", 0x80000000),
    ("numa-id-out-of-range", "/ { memory@80000000 { numa-node-id = <9>; }; };",
     "numa-node-id out of range, NUMA off (0x9)", 0x80000000),
]


@pytest.mark.parametrize("name,body,line,size", WARNINGS, ids=[w[0] for w in WARNINGS])
def test_rvmm_dt_warns_and_goes_on(built, tmp_path, name, body, line, size):
    r = rvmm_dt(make_dtb(str(tmp_path), body))
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    if line:
        assert sum(line in l for l in r.stdout.splitlines()) == 1, r.stdout
    assert total_memory(r.stdout) == size


DISTANCES = [
    ("too-far", "<0 1 300>", "invalid distance, defaults used (0x12c)"),
    ("self-not-10", "<0 0 20>", "invalid distance, defaults used (0x14)"),
    ("remote-too-near", "<0 1 10>", "invalid distance, defaults used (0xa)"),
    ("asymmetric", "<0 1 20 1 0 30>", "asymmetric distance, defaults used (0x1e)"),
    ("no-such-node", "<0 5 20>", "distance for a node that does not exist, defaults used (0x5)"),
]


@pytest.mark.parametrize("name,matrix,line", DISTANCES, ids=[d[0] for d in DISTANCES])
def test_absurd_distances_fall_back(built, tmp_path, name, matrix, line):
    body = ('/ { distance-map { compatible = "numa-distance-map-v1"; '
            f"distance-matrix = {matrix}; }}; }};")
    r = rvmm_dt(make_dtb(str(tmp_path), body, base=VIRT2))
    assert r.returncode == 0, r.stderr
    assert any(line in l for l in r.stdout.splitlines()), r.stdout
    assert "  0:  10  20 \n  1:  20  10 " in r.stdout


def test_valid_distance_map(built, tmp_path):
    body = ('/ { distance-map { compatible = "numa-distance-map-v1"; '
            "distance-matrix = <0 0 10 0 1 35 1 1 10>; }; };")
    r = rvmm_dt(make_dtb(str(tmp_path), body, base=VIRT2))
    assert r.returncode == 0
    assert "  0:  10  35 \n  1:  35  10 " in r.stdout


FATAL = [
    ("no-memory", "/ { /delete-node/ memory@80000000; };", "no usable memory node (0x0)"),
    ("address-cells-0", "/ { #address-cells = <0>; };", "bad root cells"),
    ("address-cells-3", "/ { #address-cells = <3>; };", "bad root cells"),
]


@pytest.mark.parametrize("name,body,cause", FATAL, ids=[f[0] for f in FATAL])
def test_rvmm_dt_refuses(built, tmp_path, name, body, cause):
    dtb = make_dtb(str(tmp_path), body)
    r = rvmm_dt(dtb)
    assert r.returncode == 2
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"rvmm-dt: {dtb}: {cause}"), r.stderr


def test_rvmm_dt_truncated_and_corrupt(built, tmp_path):
    good = open(os.path.join(ROOT, "build", "dts", "qemu-virt.dtb"), "rb").read()
    cases = {
        "truncated": good[: len(good) // 2],
        "bad-magic": b"\0\0\0\0" + good[4:],
        "empty": b"",
    }
    for name, blob in cases.items():
        p = os.path.join(str(tmp_path), name + ".dtb")
        open(p, "wb").write(blob)
        r = rvmm_dt(p)
        assert r.returncode == 2, name
        lines = r.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"rvmm-dt: {p}: "), (name, r.stderr)
        assert re.search(r"\(0x[0-9a-f]+\)$", lines[0]), lines[0]


# Booted for real: the firmware must say the same and end with the right status.
BOOTED = [
    ("no-memory", "/ { /delete-node/ memory@80000000; };", VIRT, {},
     "rvmm: memory: no usable memory in the device tree (0x0)", 1),
    ("overlap", WARNINGS[0][1], VIRT, {}, None, 0),
    ("cma-too-large", WARNINGS[8][1], VIRT, {}, WARNINGS[8][2], 0),
    ("memreserve-outside", WARNINGS[6][1], VIRT, {}, WARNINGS[6][2], 0),
    ("distance-too-far", '/ { distance-map { compatible = "numa-distance-map-v1"; '
     "distance-matrix = <0 1 300>; }; };", VIRT2, {"NODES": 2}, DISTANCES[0][2], 0),
]


@pytest.mark.parametrize("name,body,base,env,line,status", BOOTED, ids=[b[0] for b in BOOTED])
def test_bad_tree_boots_cleanly(built, serial_dev, tmp_path, name, body, base, env, line, status):
    if serial_dev:
        pytest.skip("QEMU only")
    dtb = make_dtb(str(tmp_path), body, base=base)
    run = boot_qemu('run="memblock; numa"', timeout=60, DTB=dtb, **env)
    assert not run.timed_out, run.tail()
    assert run.status == status, run.tail()
    assert "unexpected trap" not in run.output
    if line:
        assert line in run.output, run.tail()
    if status == 0:
        assert "memory size = 0x0000000080000000" in run.output
