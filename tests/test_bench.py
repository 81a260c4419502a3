"""The `bench` harness (not a timed test): one boot under -icount shift=0 runs every
benchmark, then a few again; every line has the documented format, the expected metrics
are there with values above zero, and the second run counts exactly the same instructions."""
import re

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


def test_bench_unknown_name(built, serial_dev):
    if serial_dev:
        pytest.skip("QEMU only")
    r = boot_qemu('run="bench no_such_metric"', timeout=60, SMP=1)
    assert r.reported_status == 1, r.tail()
    assert "bench: no such benchmark, try bench -l (no_such_metric)" in r.output, r.tail()
