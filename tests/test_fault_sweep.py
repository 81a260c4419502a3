"""Fail-nth sweeps: every allocation the boot makes fails once, in its own boot, and each
boot must still end cleanly.

A first boot with fail_nth=0 failslab_nth=0 (count only) learns how many page and slab
allocations a configuration makes from the moment the buddy allocator is up until the
`fault` command at the end of its run="..." list ("fault: N page allocations so far",
"fault: N slab allocations so far"). Then one boot per N with fail_nth=N (the N-th page
allocation fails, once) and likewise failslab_nth=N. Each boot must:

  - end by itself (no timeout) with "poweroff: status S" and QEMU exiting with S;
  - show no trap ("unexpected trap", "fatal trap", a recovered command) and no BUG line;
  - print "mm_verify: 0 errors" wherever mm_verify ran;
  - with S == 0, have run every command (mm_verify ran after the failure); with S != 0,
    show the one-line cause: "rvmm: WHAT: cause (value)" from the boot, or a benchmark's
    "bench: NAME FAIL cause (value)";
  - in the workload sweep, not leak: the pages in use ("fault: N pages in use") grow over
    the workload by no more than they grow in the boot without a failure.

Sweeps:
  - boot: boot + run="mm_verify; fault" on virt (SMP=4, 2 GiB, cma=16M) and on two NUMA
    nodes. These make few allocations (about 8 page and 26-39 slab ones), so every N
    from 1 to the count is tried.
  - workload: the same boot, then benchmarks that allocate and free through vmalloc,
    kmalloc, a kmem_cache with a constructor and CMA (about 20000 page and 9000 slab
    allocations). Every N up to WORKLOAD_FIRST is tried, then WORKLOAD_SAMPLE values of N
    spread evenly over the rest of the count (the same ones every run: deterministic).

Boots run two at a time; the whole file takes about 40 s. Also here: page_poison and
page_alloc.grouping=off boots, and bad values for all of these bootargs.
"""
import concurrent.futures
import re

import pytest

from rvmm_target import boot_qemu

BOOT_RUN = "mm_verify; fault"
WORKLOAD_RUN = ("mm_verify; fault; bench vmalloc_16k kmalloc64_pair kmem_cache_ctor "
                "cma_alloc_4m_success; mm_verify; fault")
WORKLOAD_FIRST = 24
WORKLOAD_SAMPLE = 16
PARALLEL = 2
TIMEOUT = 30

CONFIGS = {
    "virt": dict(MEM="2G", SMP=4, APPEND_EXTRA="cma=16M"),
    "numa2": dict(MEM="2G", SMP=4, NODES=2, APPEND_EXTRA="cma=16M"),
}

BAD = re.compile(r"unexpected trap|fatal trap|trap recovered|^BUG|^rvmm: page fault", re.M)
CAUSE = re.compile(r"^(rvmm: \S+: .+ \(.+\)|bench: \w+ FAIL .+)$", re.M)


def boot(cfg, append):
    kw = {k: v for k, v in cfg.items() if k != "APPEND_EXTRA"}
    return boot_qemu(f'{cfg["APPEND_EXTRA"]} {append}', timeout=TIMEOUT, **kw)


def counts(text):
    page = re.search(r"^fault: (\d+) page allocations so far", text, re.M)
    slab = re.search(r"^fault: (\d+) slab allocations so far", text, re.M)
    return int(page.group(1)), int(slab.group(1))


def in_use(text):
    return [int(n) for n in re.findall(r"^fault: (\d+) pages in use", text, re.M)]


def sweep_points(count, first=None, sample=0):
    """Every N up to first (all when None), then sample values spread over the rest."""
    if first is None or count <= first:
        return list(range(1, count + 1))
    rest = count - first
    picks = {first + 1 + (i * rest) // sample for i in range(sample)} | {count}
    return list(range(1, first + 1)) + sorted(p for p in picks if first < p <= count)


def check(run, key, n, ncmds, growth_limit=None):
    """Problems with one boot (empty: fine)."""
    text = run.output.replace("\r", "")
    what = f"{key}={n}"
    if run.timed_out:
        return [f"{what}: timed out:\n{run.tail(20)}"]
    problems = []
    m = BAD.search(text)
    if m:
        problems.append(f"{what}: '{m.group(0)}':\n{run.tail(30)}")
    status = run.reported_status
    if status is None or run.status != status:
        return problems + [f"{what}: no clean power-off (exit {run.status}, reported "
                           f"{status}):\n{run.tail(20)}"]
    verify = re.findall(r"^mm_verify: (\d+) errors", text, re.M)
    if any(v != "0" for v in verify):
        problems.append(f"{what}: mm_verify found errors:\n{run.tail(30)}")
    if status == 0:
        if f"run: {ncmds} commands, 0 failed" not in text or not verify:
            problems.append(f"{what}: status 0 but the commands did not all run:\n"
                            f"{run.tail(20)}")
        used = in_use(text)
        if growth_limit is not None and len(used) == 2 and used[1] - used[0] > growth_limit:
            problems.append(f"{what}: {used[1] - used[0]} pages more in use after the "
                            f"workload (without a failure: {growth_limit}): a leak")
    elif not CAUSE.search(text):
        problems.append(f"{what}: status {status} without a one-line cause:\n{run.tail(20)}")
    return problems


def sweep(cfg, run_list, ncmds, first=None, sample=0, leak_check=False):
    base = boot(cfg, f'fail_nth=0 failslab_nth=0 run="{run_list}"')
    assert base.reported_status == 0, base.tail()
    pages, slabs = counts(base.output)
    used = in_use(base.output)
    limit = used[-1] - used[0] if leak_check else None
    assert pages > 0 and slabs > 0, base.tail()
    jobs = [("fail_nth", n) for n in sweep_points(pages, first, sample)]
    jobs += [("failslab_nth", n) for n in sweep_points(slabs, first, sample)]

    def one(job):
        key, n = job
        return check(boot(cfg, f'{key}={n} run="{run_list}"'), key, n, ncmds, limit)

    problems = []
    with concurrent.futures.ThreadPoolExecutor(PARALLEL) as ex:
        for p in ex.map(one, jobs):
            problems += p
    return pages, slabs, len(jobs), problems


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_fail_nth_boot(built, serial_dev, name):
    """Every page and every slab allocation of boot + mm_verify fails once, in turn."""
    if serial_dev:
        pytest.skip("QEMU only: one boot per injected failure")
    pages, slabs, boots, problems = sweep(CONFIGS[name], BOOT_RUN, 2)
    assert not problems, (f"{len(problems)} of {boots} boots went wrong "
                          f"({pages} page, {slabs} slab allocations):\n" +
                          "\n".join(problems[:5]))


def test_fail_nth_workload(built, serial_dev):
    """Failures inside vmalloc, kmalloc, kmem_cache and CMA work: clean, no leak."""
    if serial_dev:
        pytest.skip("QEMU only: one boot per injected failure")
    pages, slabs, boots, problems = sweep(CONFIGS["virt"], WORKLOAD_RUN, 5, WORKLOAD_FIRST,
                                          WORKLOAD_SAMPLE, leak_check=True)
    assert not problems, (f"{len(problems)} of {boots} boots went wrong "
                          f"({pages} page, {slabs} slab allocations):\n" +
                          "\n".join(problems[:5]))


def test_fail_page_alloc_probability(built, serial_dev):
    """fail_page_alloc and failslab with probabilities: the same boot fails the same calls
    (seeded), and it still ends cleanly."""
    if serial_dev:
        pytest.skip("QEMU only")
    cfg = CONFIGS["virt"]
    append = f'fail_page_alloc=50,50,10,0 failslab=100,50,10 run="{WORKLOAD_RUN}"'
    a, b = boot(cfg, append), boot(cfg, append)
    for r in (a, b):
        assert not check(r, "probability", "50%", 5), r.tail(30)
    inj = [re.findall(r"^fault: (\d+) page and (\d+) slab failures injected", r.output, re.M)
           for r in (a, b)]
    assert inj[0] and inj[0] == inj[1], inj
    assert int(inj[0][-1][0]) > 0 and int(inj[0][-1][1]) > 0, inj


def test_page_poison_boot(built, serial_dev):
    """page_poison: every allocator at work with poisoned frees, and not one false report."""
    if serial_dev:
        pytest.skip("QEMU only")
    r = boot(CONFIGS["virt"], f'page_poison run="{WORKLOAD_RUN}"')
    assert not check(r, "page_poison", "on", 5), r.tail(30)
    assert r.reported_status == 0, r.tail(30)
    assert "page_poison: on, 0 corruptions reported" in r.output, r.tail(30)
    assert "page poison corrupted" not in r.output, r.tail(30)


def test_grouping_off_boot(built, serial_dev):
    """page_alloc.grouping=off boots and runs; the unusable free space index at order 9 of
    the same churn is lower with grouping by mobility than without (same boot)."""
    if serial_dev:
        pytest.skip("QEMU only")
    r = boot(CONFIGS["virt"], 'page_alloc.grouping=off run="mm_verify; bench '
             'unusable_index_o9_grouping_on unusable_index_o9_grouping_off pcp_order0_pair; '
             'mm_verify; fault"')
    assert r.reported_status == 0, r.tail(30)
    assert "mm_init: mobility grouping off" in r.output
    assert "mobility grouping: off" in r.output
    assert not re.search(r"^mm_verify: [1-9]", r.output, re.M), r.tail(30)
    idx = dict(re.findall(r"^bench: unusable_index_o9_grouping_(on|off) ([\d.]+) ratio",
                          r.output, re.M))
    assert set(idx) == {"on", "off"}, r.tail(30)
    assert float(idx["on"]) < float(idx["off"]), idx


def test_bad_settings(built, serial_dev):
    """Bad values: one line each naming the value, the setting ignored, the boot goes on."""
    if serial_dev:
        pytest.skip("QEMU only")
    r = boot(CONFIGS["virt"], 'fail_page_alloc=1,200,1 failslab=1,50,1,3 fail_nth=abc '
             'failslab_nth=-4 page_poison=maybe page_alloc.grouping=sideways run="fault"')
    assert r.reported_status == 0, r.tail(30)
    for line in ["fail_page_alloc: bad probability (200)",
                 "failslab: want 3 fields interval,probability,times (1,50,1,3)",
                 "fail_page_alloc: bad fail-nth count (abc)",
                 "failslab: bad fail-nth count (-4)",
                 "page_poison: want on or off (maybe)",
                 "mm_init: page_alloc.grouping: want on or off, ignored (sideways)"]:
        assert line in r.output, line
    assert "fault: page allocations not counted" in r.output
    assert "fault: slab allocations not counted" in r.output
    assert "page_poison: off" in r.output
