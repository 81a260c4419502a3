"""pytest configuration for the target tests: --serial DEV reads a board instead of QEMU."""
import os
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def pytest_addoption(parser):
    parser.addoption("--serial", default=None,
                     help="serial device of a board running rvmm (e.g. /dev/ttyUSB0); "
                          "tests that need QEMU are skipped")
    parser.addoption("--baud", type=int, default=115200)


@pytest.fixture(scope="session")
def serial_dev(request):
    return request.config.getoption("--serial")


@pytest.fixture(scope="session")
def built():
    """The firmware must be built before any target test (RVMM_NO_BUILD=1: use what is there)."""
    if os.environ.get("RVMM_NO_BUILD") == "1":
        return True
    subprocess.run(["make", "-s", "all"], cwd=ROOT, check=True)
    return True
