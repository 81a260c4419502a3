#!/usr/bin/python3
"""Plot the benchmark results of ci/bench.sh: ci/plot.py OUTDIR (build/bench).

Reads OUTDIR/target.csv (name,value,unit,config), OUTDIR/virt-2G.log (the console output
of `bench churn` and `memmap`) and OUTDIR/host.csv when present, and writes:

  insns_by_order.png   buddy alloc+free instructions per pair and per page, by order
  summary.png          every per-operation metric of the 2G run
  buddyinfo_churn.png  free blocks per order and zone before and after `bench churn`
  pageblocks.png       the pageblock migratetype map from `memmap`, after the churn
  host_ratios.png      host benchmark: glibc time / allocator time, by size and threads

A plot whose input is missing is skipped with one line saying why (and its old PNG is
removed, so a stale picture cannot pass for a new one).
"""
import csv
import os
import re
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.colors import ListedColormap  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

ORDERS = [0, 1, 3, 9, 10]


def read_csv(path):
    if not os.path.exists(path):
        return []
    with open(path, newline="") as f:
        return [r for r in csv.DictReader(f)]


def skip(out, png, why):
    print(f"plot: {png}: skipped, {why}")
    try:
        os.remove(os.path.join(out, png))
    except FileNotFoundError:
        pass


def save(fig, out, png):
    fig.tight_layout()
    fig.savefig(os.path.join(out, png), dpi=90)
    plt.close(fig)
    print(f"plot: {os.path.join(out, png)}")


def plot_orders(rows, out):
    png = "insns_by_order.png"
    v = {r["name"]: float(r["value"]) for r in rows if r["config"] == "virt-2G"}
    have = [o for o in ORDERS if f"buddy_order{o}_pair" in v]
    if not have:
        return skip(out, png, "no buddy_orderN_pair metrics in target.csv")
    pair = [v[f"buddy_order{o}_pair"] for o in have]
    per_page = [p / (1 << o) for p, o in zip(pair, have)]
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(have, pair, "o-", label="per alloc+free pair (per-CPU lists off)")
    ax.plot(have, per_page, "s--", label="per 4 KiB page")
    if "pcp_order0_pair" in v:
        ax.plot([0], [v["pcp_order0_pair"]], "^", ms=9, label="order 0, per-CPU list hot")
    ax.set_yscale("log")
    ax.set_xticks(have)
    ax.set_xlabel("order")
    ax.set_ylabel("instructions (rdinstret, -icount)")
    ax.set_title("Buddy allocator: instructions by order")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    save(fig, out, png)


def plot_summary(rows, out):
    png = "summary.png"
    rs = [r for r in rows if r["config"] == "virt-2G" and "/" in r["unit"]]
    if not rs:
        return skip(out, png, "no per-operation metrics in target.csv")
    rs.sort(key=lambda r: float(r["value"]))
    fig, ax = plt.subplots(figsize=(8, 0.32 * len(rs) + 1.2))
    ax.barh([f'{r["name"]} ({r["unit"]})' for r in rs], [float(r["value"]) for r in rs])
    ax.set_xscale("log")
    ax.set_xlabel("instructions (log scale)")
    ax.set_title("rvmm benchmarks, QEMU virt 2 GiB, -icount shift=0")
    ax.grid(True, axis="x", which="both", alpha=0.3)
    save(fig, out, png)


def buddyinfo_blocks(lines):
    """{(node, zone): [counts by order]} from /proc/buddyinfo lines."""
    res = {}
    for line in lines:
        m = re.match(r"^Node (\d+), zone\s+(\S+)((?:\s+\d+)+)\s*$", line)
        if m:
            res[(int(m.group(1)), m.group(2))] = [int(x) for x in m.group(3).split()]
    return res


def churn_sections(log):
    """The buddyinfo lines before and after the churn, from the console log."""
    before, after, cur = [], [], None
    for line in log:
        if line.startswith("# churn: buddyinfo before"):
            cur = before
        elif line.startswith("# churn: buddyinfo after"):
            cur = after
        elif cur is not None and line.startswith("Node "):
            cur.append(line)
        elif cur is not None:
            cur = None if cur is after else cur
    return buddyinfo_blocks(before), buddyinfo_blocks(after)


def plot_buddyinfo(log, out):
    png = "buddyinfo_churn.png"
    before, after = churn_sections(log)
    if not before or not after:
        return skip(out, png, "no `bench churn` buddyinfo in the 2G console log")
    zones = sorted(set(before) | set(after))
    fig, axes = plt.subplots(len(zones), 1, figsize=(8, 3.2 * len(zones)), squeeze=False)
    for ax, z in zip(axes[:, 0], zones):
        b, a = before.get(z, []), after.get(z, [])
        n = max(len(b), len(a))
        xs = list(range(n))
        ax.bar([x - 0.2 for x in xs[:len(b)]], b, 0.4, label="before")
        ax.bar([x + 0.2 for x in xs[:len(a)]], a, 0.4, label="after (half still held)")
        ax.set_yscale("symlog", linthresh=1)
        ax.set_xticks(xs)
        ax.set_xlabel("order")
        ax.set_ylabel("free blocks")
        ax.set_title(f"Node {z[0]}, zone {z[1]}: buddyinfo around the churn workload")
        ax.legend()
    save(fig, out, png)


MT_CHARS = "UMRHCIr."
MT_NAMES = ["Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate", "reserved",
            "hole"]
MT_COLORS = ["#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#1f77b4", "#7f7f7f", "#222222",
             "#ffffff"]


def memmap_rows(log):
    """{node: [row strings]} from the last `memmap` output in the log."""
    nodes, node = {}, None
    for line in log:
        if line.startswith("memmap: one character per"):
            nodes, node = {}, None
            continue
        m = re.match(r"^Node (\d+):$", line)
        if m:
            node = int(m.group(1))
            nodes[node] = []
            continue
        m = re.match(r"^\s+0x[0-9a-f]+ ([UMRHCIr.]+)$", line)
        if m and node is not None:
            nodes[node].append(m.group(1))
        elif not m:
            node = None
    return nodes


def plot_pageblocks(log, out):
    png = "pageblocks.png"
    nodes = memmap_rows(log)
    if not nodes:
        return skip(out, png, "no `memmap` output in the 2G console log")
    fig, axes = plt.subplots(len(nodes), 1, figsize=(8, 0.25 * sum(len(r) for r in
                                                                   nodes.values()) + 1.5 * len(nodes)),
                             squeeze=False)
    for ax, (nid, rows) in zip(axes[:, 0], sorted(nodes.items())):
        width = max(len(r) for r in rows)
        grid = [[MT_CHARS.index(c) for c in r.ljust(width, ".")] for r in rows]
        ax.imshow(grid, cmap=ListedColormap(MT_COLORS), vmin=0, vmax=len(MT_CHARS) - 1,
                  aspect="auto", interpolation="nearest")
        ax.set_title(f"Node {nid}: pageblock types (2 MiB each) after the churn workload")
        ax.set_xlabel("pageblock in row")
        ax.set_ylabel("row of 128 MiB")
    handles = [plt.Rectangle((0, 0), 1, 1, color=c, ec="k") for c in MT_COLORS]
    fig.legend(handles, MT_NAMES, loc="lower center", ncol=4, fontsize=8)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    fig.savefig(os.path.join(out, png), dpi=90)
    plt.close(fig)
    print(f"plot: {os.path.join(out, png)}")


HOST_RVMM = ["slab-kmalloc", "slab-cache", "buddy"]
HOST_ORDER = HOST_RVMM + ["jemalloc", "tcmalloc", "mimalloc"]
HOST_OBJ = re.compile(r"^(.+)_(pair|batch|xfer)_(\d+)_t(\d+)$")
HOST_PAGE = re.compile(r"^(.+)_page_(pair|batch|xfer)_t(\d+)$")


def host_times(rows):
    """ns per operation from host.csv: {(allocator, pattern, size, threads): ns}, size 0
    for the page rows."""
    ns = {}
    for r in rows:
        if r["unit"] != "ns":
            continue
        m = HOST_OBJ.match(r["name"])
        if m:
            ns[(m.group(1), m.group(2), int(m.group(3)), int(m.group(4)))] = float(r["value"])
            continue
        m = HOST_PAGE.match(r["name"])
        if m:
            ns[(m.group(1), m.group(2), 0, int(m.group(3)))] = float(r["value"])
    return ns


def plot_host(rows, out):
    """Ratios glibc/allocator: object sizes for pair and batch with 1 and 2 threads and
    for the cross-thread xfer, and the 4 KiB page rows as bars."""
    png = "host_ratios.png"
    ns = host_times(rows)
    if not any(k[0] == "glibc" for k in ns):
        return skip(out, png, "no host.csv with glibc times in the _tN format (make bench-host)")
    present = {k[0] for k in ns if k[0] != "glibc"}
    allocs = [a for a in HOST_ORDER if a in present] + sorted(present - set(HOST_ORDER))
    colour = {a: f"C{i}" for i, a in enumerate(allocs)}
    ratio_fmt = FuncFormatter(lambda v, _: f"{v:g}")

    def ratio(a, pattern, size, threads):
        t, g = ns.get((a, pattern, size, threads)), ns.get(("glibc", pattern, size, threads))
        return g / t if t and g else None

    fig, axes = plt.subplots(2, 3, figsize=(15, 8))
    axes[1][0].sharey(axes[0][0])  # the same scale for 1 and 2 threads of a pattern
    axes[1][1].sharey(axes[0][1])
    panels = [(axes[0][0], "pair", 1), (axes[0][1], "batch", 1),
              (axes[1][0], "pair", 2), (axes[1][1], "batch", 2), (axes[1][2], "xfer", 2)]
    for ax, pattern, threads in panels:
        sizes = sorted({k[2] for k in ns
                        if k[0] == "glibc" and k[1] == pattern and k[3] == threads and k[2]})
        for a in allocs:
            pts = [(s, ratio(a, pattern, s, threads)) for s in sizes]
            pts = [p for p in pts if p[1]]
            if pts:  # rvmm's own solid, the others dashed
                ax.plot([p[0] for p in pts], [p[1] for p in pts],
                        "o-" if a in HOST_RVMM else "s--", label=a, color=colour[a],
                        lw=2 if a in HOST_RVMM else 1.2)
        ax.axhline(1.0, color="k", lw=0.8)
        ax.set_xscale("log", base=2)
        ax.set_xticks(sizes, [str(s) for s in sizes])
        ax.minorticks_off()
        ax.set_yscale("log", base=2)
        ax.yaxis.set_major_formatter(ratio_fmt)
        ax.set_xlabel("object size (bytes)")
        what = "thread 0 allocates, thread 1 frees" if pattern == "xfer" else \
            f"{threads} thread{'s' if threads > 1 else ''}"
        ax.set_title(f"{pattern}, {what}", fontsize=10)
        ax.grid(True, alpha=0.3)
    for ax in (axes[0][0], axes[1][0]):
        ax.set_ylabel("glibc time / allocator time (>1: faster)")
    axes[0][0].legend(fontsize=8)

    ax = axes[0][2]
    cells = [(p, t) for p, t in [("pair", 1), ("pair", 2), ("batch", 1), ("batch", 2),
                                 ("xfer", 2)] if ("glibc", p, 0, t) in ns]
    page_allocs = [a for a in allocs if any((a, p, 0, t) in ns for p, t in cells)]
    width = 0.8 / max(1, len(page_allocs))
    for i, a in enumerate(page_allocs):
        xs = [c + (i - (len(page_allocs) - 1) / 2) * width for c in range(len(cells))]
        ys = [ratio(a, p, 0, t) or 0 for p, t in cells]
        ax.bar(xs, ys, width, label=a, color=colour[a])
    ax.axhline(1.0, color="k", lw=0.8)
    ax.set_yscale("log", base=2)
    ax.yaxis.set_major_formatter(ratio_fmt)
    ax.set_xticks(range(len(cells)))
    ax.set_xticklabels([f"{p} t{t}" for p, t in cells])
    ax.set_title("4 KiB pages aligned to 4 KiB (buddy: alloc_pages order 0)", fontsize=10)
    ax.grid(True, axis="y", alpha=0.3)
    ax.legend(fontsize=8)
    fig.suptitle("host: glibc malloc time / allocator time, per operation and thread "
                 "(above 1: faster than glibc)", fontsize=11)
    save(fig, out, png)


def main():
    if len(sys.argv) != 2:
        print("usage: ci/plot.py OUTDIR", file=sys.stderr)
        return 2
    out = sys.argv[1]
    rows = read_csv(os.path.join(out, "target.csv"))
    logp = os.path.join(out, "virt-2G.log")
    log = open(logp, errors="replace").read().replace("\r", "").splitlines() \
        if os.path.exists(logp) else []
    plot_orders(rows, out)
    plot_summary(rows, out)
    plot_buddyinfo(log, out)
    plot_pageblocks(log, out)
    plot_host(read_csv(os.path.join(out, "host.csv")), out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
