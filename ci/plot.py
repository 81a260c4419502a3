#!/usr/bin/python3
"""Plot the benchmark results of ci/bench.sh: ci/plot.py OUTDIR (build/bench).

Reads OUTDIR/target.csv (name,value,unit,config), OUTDIR/virt-2G.log (the console output
of `bench churn` and `memmap`) and OUTDIR/host.csv when present, and writes:

  insns_by_order.png   buddy alloc+free instructions per pair and per page, by order
  summary.png          every per-operation metric of the 2G run
  buddyinfo_churn.png  free blocks per order and zone before and after `bench churn`
  pageblocks.png       the pageblock migratetype map from `memmap`, after the churn
  host_ratios.png      host slab benchmark: glibc time / allocator time, by size

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


def plot_host(rows, out):
    png = "host_ratios.png"
    ns = {}
    for r in rows:
        m = re.match(r"^(.+)_(pair|batch)_(\d+)$", r["name"])
        if m and r["unit"] == "ns":
            ns[(m.group(1), m.group(2), int(m.group(3)))] = float(r["value"])
    if not any(k[0] == "glibc" for k in ns):
        return skip(out, png, "no host.csv with glibc times (make bench-host)")
    allocs = sorted({k[0] for k in ns if k[0] != "glibc"})
    fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
    for ax, pattern in zip(axes, ["pair", "batch"]):
        sizes = sorted({k[2] for k in ns if k[1] == pattern and k[0] == "glibc"})
        for a in allocs:
            pts = [(s, ns[("glibc", pattern, s)] / ns[(a, pattern, s)]) for s in sizes
                   if (a, pattern, s) in ns and ns[(a, pattern, s)] > 0]
            if pts:
                ax.plot([p[0] for p in pts], [p[1] for p in pts], "o-", label=a)
        ax.axhline(1.0, color="k", lw=0.8)
        ax.set_xscale("log", base=2)
        ax.set_yscale("log", base=2)
        ax.set_xlabel("object size (bytes)")
        ax.set_title(f"{pattern}: glibc time / allocator time")
        ax.grid(True, alpha=0.3)
    axes[0].set_ylabel("speed relative to glibc (>1: faster)")
    axes[0].legend(fontsize=8)
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
