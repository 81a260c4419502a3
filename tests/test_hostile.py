"""The hostile-tree corpus (tests/corpus/hostile/, made by tests/corpus/make_hostile.py) through
build/host/rvmm-dt, which runs the firmware's own FDT validation and memory discovery under
ASan and UBSan.

Every file must end cleanly: exit 0 (the tree is usable, perhaps with warnings on stdout),
or exit 2 with exactly one stderr line "rvmm-dt: FILE: cause (0x...)". Never a signal, a
sanitizer report or a hang. MANIFEST says which files must be refused (corrupt blobs, no
usable memory) and which accepted; the rest may go either way.
"""
import filecmp
import os
import re
import subprocess
import sys

import pytest

from rvmm_target import ROOT

RVMM_DT = os.path.join(ROOT, "build", "host", "rvmm-dt")
CORPUS = os.path.join(ROOT, "tests", "corpus", "hostile")
GENERATOR = os.path.join(ROOT, "tests", "corpus", "make_hostile.py")
SANITIZER = re.compile(r"Sanitizer|runtime error:|LeakSanitizer|SUMMARY:")


def manifest():
    with open(os.path.join(CORPUS, "MANIFEST")) as f:
        return [tuple(line.split()) for line in f if line.strip() and not line.startswith("#")]


CASES = manifest()


@pytest.mark.parametrize("name,expect", CASES, ids=[c[0][:-4] for c in CASES])
def test_hostile_tree(built, name, expect):
    path = os.path.join(CORPUS, name)
    r = subprocess.run([RVMM_DT, path], capture_output=True, text=True, errors="replace",
                       timeout=30)
    assert r.returncode >= 0, f"killed by signal {-r.returncode}\n{r.stderr[-2000:]}"
    assert not SANITIZER.search(r.stderr + r.stdout), r.stderr[-3000:]
    assert r.returncode in (0, 2), f"exit {r.returncode}\n{r.stderr[-2000:]}"
    if r.returncode == 0:
        assert r.stderr == ""
        assert "MEMBLOCK configuration:" in r.stdout
    else:
        lines = r.stderr.splitlines()
        assert len(lines) == 1, r.stderr
        assert re.fullmatch(rf"rvmm-dt: {re.escape(path)}: \S.* \(0x[0-9a-f]+\)", lines[0]), \
            lines[0]
    if expect == "refuse":
        assert r.returncode == 2, f"{name} must be refused; rvmm-dt accepted it"
    elif expect == "accept":
        assert r.returncode == 0, f"{name} must be accepted: {r.stderr}"


def test_corpus_is_what_the_generator_makes(built, tmp_path):
    """The committed files are exactly the generator's output for dts/qemu-virt.dts."""
    out = tmp_path / "hostile"
    subprocess.run([sys.executable, GENERATOR, "--out", str(out)], check=True,
                   capture_output=True)
    committed = sorted(f for f in os.listdir(CORPUS) if f.endswith(".dtb") or f == "MANIFEST")
    generated = sorted(os.listdir(out))
    assert committed == generated, "run tests/corpus/make_hostile.py and commit the result"
    _, mismatch, errors = filecmp.cmpfiles(CORPUS, out, generated, shallow=False)
    assert not mismatch and not errors, \
        f"{mismatch + errors}: run tests/corpus/make_hostile.py and commit the result"


def test_corpus_is_small():
    """Committed blobs stay under 1 MB in total (else generate them at test time)."""
    total = sum(os.path.getsize(os.path.join(CORPUS, f)) for f in os.listdir(CORPUS))
    assert total < 1 << 20, total
