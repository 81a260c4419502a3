"""The `bench` harness (not a timed test): one boot under -icount shift=0 runs every
benchmark, then a few again; every line has the documented format, the expected metrics
are there with values above zero, and the second run counts exactly the same instructions.
And the host benchmark of `make bench-host`, run short: its 1- and 2-thread lines and its
consistency checks."""
import os
import re
import subprocess

import pytest

from rvmm_target import boot_qemu

LINE = re.compile(r"^bench: ([a-z0-9_]+) (?:(\d+(?:\.\d{1,2})?) (\S+)|(SKIP|FAIL) (.+))$")

# Metrics that must be measured (not skipped) on QEMU virt with 2 GiB.
MEASURED = [
    "pcp_order0_pair", "buddy_order0_pair", "buddy_order1_pair", "buddy_order3_pair",
    "buddy_order9_pair", "buddy_order10_pair", "bulk_order0_b1", "bulk_order0_b16",
    "bulk_order0_b128", "clear_page", "vmalloc_16k", "vmalloc_1m", "pgt_walk_image",
    "pgt_walk_direct", "direct_map_pte_writes", "direct_map_insns", "boot_console_insns",
    "memmap_init_insns_per_page", "memmap_free_insns_per_page",
]
# Present, but they may SKIP while their allocator is not in the boot yet.
MAY_SKIP = ["kmalloc64_pair", "kmalloc64_batch_fifo", "kmalloc64_batch_shuffled",
            "kmem_cache_ctor", "cma_alloc_4m_insns_per_page", "cma_alloc_4m_success",
            "cma_alloc_64m_insns_per_page", "cma_alloc_64m_success"]
AGAIN = ["pcp_order0_pair", "buddy_order3_pair", "clear_page", "pgt_walk_image",
         "vmalloc_16k"]


def bench_runs(text):
    """The output of each `bench` command: a list of {name: (value, unit) or (SKIP, why)}."""
    runs, cur, bad = [], None, []
    for line in text.replace("\r", "").splitlines():
        if line.startswith("rvmm> bench"):
            cur = {}
            runs.append(cur)
            continue
        if not line.startswith("bench: ") or cur is None:
            continue
        m = LINE.match(line)
        if not m:
            bad.append(line)
            continue
        name = m.group(1)
        cur[name] = (m.group(2), m.group(3)) if m.group(2) else (m.group(4), m.group(5))
    return runs, bad


@pytest.fixture(scope="module")
def bench_boot(built, serial_dev):
    if serial_dev:
        pytest.skip("QEMU only: the harness test needs -icount")
    return boot_qemu(f'run="bench; bench {" ".join(AGAIN)}"', timeout=180, ICOUNT=1, SMP=1,
                     MEM="2G")


def test_bench_format(bench_boot):
    r = bench_boot
    assert not r.timed_out, r.tail()
    assert r.status == 0, r.tail()
    assert "# bench: instret counts instructions exactly here" in r.output, r.tail()
    runs, bad = bench_runs(r.output)
    assert not bad, f"lines not in the 'bench: NAME VALUE UNIT' format: {bad}"
    assert len(runs) == 2, r.tail()
    first = runs[0]
    failed = {n: v for n, v in first.items() if v[0] == "FAIL"}
    assert not failed, failed
    for name in MEASURED:
        assert name in first, f"{name} missing from the bench output"
        value, unit = first[name]
        assert value != "SKIP", f"{name} skipped: {unit}"
        assert float(value) > 0, f"{name} = {value} {unit}"
    for name in MAY_SKIP:
        assert name in first, f"{name} missing from the bench output"
    assert "churn" not in first, "churn runs only when named"


def test_bench_deterministic(bench_boot):
    """Two boots, the same metrics in the same state: the same instruction counts. (A
    second run in the same boot starts from a different allocator state, so it is not
    expected to match to the instruction.)"""
    runs, _ = bench_runs(bench_boot.output)
    again = boot_qemu(f'run="bench; bench {" ".join(AGAIN)}"', timeout=180, ICOUNT=1, SMP=1,
                      MEM="2G")
    runs2, _ = bench_runs(again.output)
    assert len(runs) == 2 and len(runs2) == 2, again.tail()
    for name in AGAIN:
        assert runs2[1].get(name) == runs[1].get(name), \
            f"{name}: {runs[1].get(name)} then {runs2[1].get(name)} on a second boot"


SMP_METRICS = ["pcp_order0_pair_1hart", "pcp_order0_pair_4harts", "kmalloc64_pair_1hart",
               "kmalloc64_pair_4harts", "buddy_order0_pair_1hart", "buddy_order0_pair_4harts",
               "smp_disturbed_4harts"]


def test_bench_smp_harness(built, serial_dev):
    """The 1- and 4-hart benchmarks run on 4 real threads (no -icount here, so the values
    are host ticks, not instructions: only the harness is checked), leave every allocator
    invariant intact, and skip with the reason on one hart."""
    if serial_dev:
        pytest.skip("QEMU only")
    cmds = "bench " + " ".join(SMP_METRICS)
    r = boot_qemu(f'run="{cmds}; mm_verify; meminfo"', timeout=120, SMP=4, MEM="2G")
    assert r.status == 0, r.tail()
    runs, bad = bench_runs(r.output)
    assert not bad and len(runs) == 1, bad or r.tail()
    for name in SMP_METRICS:
        value, unit = runs[0].get(name, ("missing", ""))
        assert value not in ("missing", "SKIP", "FAIL"), f"{name}: {value} {unit}"
        assert float(value) > 0 or name == "smp_disturbed_4harts", f"{name} = {value}"
    assert "mm_verify: 0 errors" in r.output, r.tail()

    one = boot_qemu(f'run="{cmds}"', timeout=60, SMP=1, MEM="2G")
    runs, bad = bench_runs(one.output)
    assert not bad and len(runs) == 1, bad or one.tail()
    for name in SMP_METRICS:
        assert runs[0].get(name) == ("SKIP", "needs 4 harts online, 1 here (boot with more harts)"), \
            f"{name}: {runs[0].get(name)}"


def test_bench_unknown_name(built, serial_dev):
    if serial_dev:
        pytest.skip("QEMU only")
    r = boot_qemu('run="bench no_such_metric"', timeout=60, SMP=1)
    assert r.reported_status == 1, r.tail()
    assert "bench: no such benchmark, try bench -l (no_such_metric)" in r.output, r.tail()


# ---- the host benchmark (make bench-host), cheaply: a few thousand operations per cell ----

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOST_BENCH = os.path.join(ROOT, "build", "host", "slab-bench")
HOST_LINE = re.compile(r"^bench: ([a-z0-9_-]+) (\d+(?:\.\d{1,2})?) ns$")
HOST_CELLS = [("pair", 1), ("pair", 2), ("batch", 1), ("batch", 2), ("xfer", 2)]


@pytest.fixture(scope="module")
def host_bench():
    subprocess.run(["make", "-s", "build/host/slab-bench"], cwd=ROOT, check=True)
    return subprocess.run([HOST_BENCH, "-n", "3000", "-r", "1"], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def test_bench_host_lines(host_bench):
    """Every allocator that loaded has its 1- and 2-thread lines for every size and the
    page rows; rvmm's slab and buddy allocators and glibc are always there."""
    r = host_bench
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr
    lines = [ln for ln in r.stdout.splitlines() if ln.startswith("bench: ")]
    bad = [ln for ln in lines if not HOST_LINE.match(ln)]
    assert not bad, f"lines not in the 'bench: NAME VALUE ns' format: {bad[:5]}"
    got = {HOST_LINE.match(ln).group(1): float(HOST_LINE.match(ln).group(2)) for ln in lines}
    skipped = set(re.findall(r"^# ([a-z-]+): skipped", r.stdout, re.M))
    assert not skipped & {"slab-kmalloc", "slab-cache", "buddy"}, r.stdout[:2000]
    objs = [a for a in ["slab-kmalloc", "slab-cache", "glibc", "jemalloc", "tcmalloc",
                        "mimalloc"] if a not in skipped]
    pages = [a for a in ["buddy", "glibc", "jemalloc", "tcmalloc", "mimalloc"]
             if a not in skipped]
    want = [f"{a}_{p}_{s}_t{t}" for a in objs for s in [16, 64, 1024] for p, t in HOST_CELLS]
    want += [f"{a}_page_{p}_t{t}" for a in pages for p, t in HOST_CELLS]
    missing = [n for n in want if n not in got]
    assert not missing, f"missing from the host benchmark: {missing}"
    assert all(v > 0 for v in got.values()), {n: v for n, v in got.items() if v <= 0}


def test_bench_host_checks(host_bench):
    """After both threads ran on CPUs 0 and 1: slab and buddy consistent, every free page
    back, no object handed to two holders at once."""
    out = host_bench.stdout
    assert "slab_verify: 0 errors" in out, out[-2000:]
    assert "buddy_verify: 0 errors" in out, out[-2000:]
    m = re.search(r"^free_pages: (\d+) at the start, (\d+) at the end \(all back\)$", out, re.M)
    assert m and m.group(1) == m.group(2), out[-2000:]
    assert "ownership: 0 objects overwritten while held" in out, out[-2000:]


def test_bench_host_bad_option():
    subprocess.run(["make", "-s", "build/host/slab-bench"], cwd=ROOT, check=True)
    r = subprocess.run([HOST_BENCH, "-r", "99"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    assert "slab-bench: -r wants a number from 1 to 16 (99)" in r.stderr
    r = subprocess.run([HOST_BENCH, "-a", "slab-cache,nope"], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 2
    assert "slab-bench: -a: no such allocator (nope)" in r.stderr
