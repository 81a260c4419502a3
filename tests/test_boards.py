"""Board support that can be checked without the board: the boot files `make image`
produces, and what rvmm-dt reads from the board trees in dts/."""
import os
import subprocess

import pytest

from rvmm_target import ROOT

RVMM_DT = os.path.join(ROOT, "build", "host", "rvmm-dt")

BOARDS = {
    # board: (first DRAM byte, DRAM bytes, usable harts)
    "visionfive2": (0x40000000, 4 << 30, 4),
    "hifive-unmatched": (0x80000000, 16 << 30, 4),
}


@pytest.mark.parametrize("board", sorted(BOARDS))
def test_board_tree(built, board):
    base, size, harts = BOARDS[board]
    r = subprocess.run([RVMM_DT, os.path.join(ROOT, "build", "dts", board + ".dtb")],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert " memory size = 0x%016x" % size in r.stdout
    assert " memory[0x0]\t[0x%016x-" % base in r.stdout
    # OpenSBI's region is kept out of the direct map (no-map: flags 0x4)
    assert "0x0000000000080000 bytes on node 0 flags: 0x4" in r.stdout
    # hart 0 (S7, no MMU) is not usable: only the U74 harts count as CPUs
    assert "node 0 cpus: " + " ".join(str(i) for i in range(harts)) + "\n" in r.stdout


def test_make_image(built):
    subprocess.run(["make", "-s", "image"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, env=dict(os.environ, APPEND='run="test"'))
    for board in BOARDS:
        d = os.path.join(ROOT, "build", "image", board)
        assert open(os.path.join(d, "Image"), "rb").read(64)[0x38:0x3c] == b"RSC\x05"
        scr = open(os.path.join(d, "boot.scr"), "rb").read()
        assert scr[:4] == b"\x27\x05\x19\x56"        # legacy U-Boot image magic (mkimage)
        cmd = open(os.path.join(d, "boot.cmd")).read()
        assert "booti ${kernel_addr_r} - ${fdtcontroladdr}" in cmd
        assert "setenv bootargs 'run=\"test\"'" in cmd
