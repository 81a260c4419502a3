"""Foundation: the Image boots on QEMU, the console works, run= powers off with status,
and the on-target test suites pass (KTAP)."""
import os
import struct

import pytest

from rvmm_target import ROOT, Ktap, boot_qemu, boot_qemu_interactive, run_serial

IMAGE = os.path.join(ROOT, "build", "Image")


def need_qemu(serial_dev):
    if serial_dev:
        pytest.skip("QEMU-only test (running against a board on --serial)")


def test_image_header(built):
    with open(IMAGE, "rb") as f:
        hdr = f.read(64)
    code0, code1, text_offset, image_size, flags, version = struct.unpack_from("<IIQQQI", hdr)
    assert hdr[0x30:0x38] == b"RISCV\0\0\0"
    assert hdr[0x38:0x3c] == b"RSC\x05"
    assert text_offset == 0x200000
    assert image_size >= os.path.getsize(IMAGE) and image_size % 4096 == 0
    assert version == 2 and flags == 0


def save_log(name, run):
    """Keep the target's output: make check counts the KTAP cases in build/check/ktap-*.log."""
    d = os.path.join(ROOT, "build", "check")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"ktap-{name}.log"), "w") as f:
        f.write(run.output)


def check_ktap(run):
    k = Ktap(run.output)
    problems = list(k.errors)
    if run.timed_out:
        problems.append("timed out")
    assert not problems, "\n".join(problems) + "\n--- output tail ---\n" + run.tail()
    assert not k.failed_cases(), "failed: " + ", ".join(k.failed_cases()) + "\n" + run.tail(80)
    return k


# The QEMU configurations every on-target suite runs in.
TARGET_CONFIGS = {
    "virt": {},
    "virt-numa2": dict(NODES=2, MEM="2G"),
    "virt-numa4-smp8": dict(NODES=4, MEM="4G", SMP=8),
    "virt-6G-smp1": dict(MEM="6G", SMP=1),
    "sifive_u": dict(MACHINE="sifive_u", SMP=2, MEM="2G"),
    "virt-uboot": dict(BOOT="uboot"),
}


@pytest.mark.parametrize("config", sorted(TARGET_CONFIGS))
def test_target_suites(built, serial_dev, request, config):
    """`test` on the target: every suite in KTAP, all cases pass, status 0."""
    if serial_dev:
        if config != "virt":
            pytest.skip("one board run is enough")
        run = run_serial(serial_dev, request.config.getoption("--baud"), send="test")
    else:
        run = boot_qemu('run="test"', timeout=600, **TARGET_CONFIGS[config])
    save_log(config, run)
    k = check_ktap(run)
    assert k.plan and k.plan > 0
    if not serial_dev:
        # sifive_u has no finisher: QEMU exits 0 through a reset; the printed status counts.
        assert run.status == 0 and run.reported_status == 0, run.tail()
    for s in k.skipped_cases():
        print("SKIP", s)


def test_run_commands_status(built, serial_dev):
    need_qemu(serial_dev)
    ok = boot_qemu('run="help; version; layout"', timeout=60)
    assert ok.status == 0, ok.tail()
    assert "run: 3 commands, 0 failed" in ok.output
    assert "lowmem" in ok.output and "0xffffffd600000000" in ok.output
    bad = boot_qemu('run="version; no_such_command"', timeout=60)
    assert bad.status == 1, bad.tail()
    assert "no_such_command: unknown command" in bad.output


def test_unknown_bootarg_reported_once(built, serial_dev):
    need_qemu(serial_dev)
    r = boot_qemu('frobnicate=3 run="version"', timeout=60)
    assert r.status == 0
    assert r.output.count("bootargs: unknown parameter ignored (frobnicate)") == 1


INFO_LINES = ("console: ns16550a at 0x10000000", "Checked W+X mappings: passed",
              "NODE_DATA(0) allocated [mem ")


@pytest.mark.parametrize("level, shown", [("7", True), ("6", False), ("1", False)])
def test_loglevel(built, serial_dev, level, shown):
    """loglevel=N hides the boot's information lines (level 6) below 7, as Linux's
    console_loglevel does; warnings (here an unknown key) and command output stay."""
    need_qemu(serial_dev)
    r = boot_qemu(f'loglevel={level} frobnicate run="version"', timeout=60)
    assert r.status == 0, r.tail()
    assert "RISC-V memory manager" in r.output and "rvmm> version" in r.output
    assert "bootargs: unknown parameter ignored (frobnicate)" in r.output
    for line in INFO_LINES:
        assert (line in r.output) == shown, (level, line)


def test_loglevel_bad_value_keeps_default(built, serial_dev):
    need_qemu(serial_dev)
    r = boot_qemu('loglevel=99 run="version"', timeout=60)
    assert r.status == 0, r.tail()
    assert "bootargs: bad value for loglevel (99)" in r.output
    assert all(line in r.output for line in INFO_LINES), r.tail()


def test_interactive_console(built, serial_dev):
    need_qemu(serial_dev)
    r = boot_qemu_interactive(["help", "vers\x7f\x7frsion", "poweroff"], timeout=60)
    assert not r.timed_out, r.tail()
    assert r.status == 0
    assert "list the commands" in r.output
    assert "SBI specification" in r.output


def test_uboot_booti_with_its_own_tree(built, serial_dev):
    """OpenSBI -> U-Boot -> boot.scr (mkimage) -> booti: U-Boot moves the Image to its
    text_offset and passes its own tree, which rvmm then reads."""
    need_qemu(serial_dev)
    r = boot_qemu('run="version; memblock"', timeout=120, BOOT="uboot")
    assert r.status == 0, r.tail()
    out = r.output
    assert "Found U-Boot script /boot.scr" in out
    assert "Starting kernel" in out
    assert "run: 2 commands, 0 failed" in out


def test_bios_default(built, serial_dev):
    """QEMU's own OpenSBI (fw_dynamic) enters the same Image."""
    need_qemu(serial_dev)
    r = boot_qemu('run="version"', timeout=60, BIOS="default")
    assert r.status == 0, r.tail()
    assert "SBI specification" in r.output


@pytest.mark.parametrize("load", [0x90000000, 0x90101000])
def test_runs_at_any_load_address(built, serial_dev, tmp_path, load):
    """The image runs at its link address wherever it is loaded: an ELF copy whose load
    addresses are moved (0x90101000 is not even 2 MiB aligned: the early map then uses
    4 KiB pages) boots through QEMU's own OpenSBI (fw_dynamic)."""
    need_qemu(serial_dev)
    import subprocess
    elf = os.path.join(os.path.dirname(os.environ.get("IMAGE", IMAGE)), "firmware.elf")
    moved = os.path.join(str(tmp_path), "moved.elf")
    delta = hex((load - 0xffffffff80000000) % 2**64)
    subprocess.run(["riscv64-unknown-elf-objcopy", "--change-section-lma", "*+" + delta,
                    "--change-start", delta, elf, moved], check=True)
    p = subprocess.run(["qemu-system-riscv64", "-M", "virt", "-m", "2G", "-nographic",
                        "-no-reboot", "-bios", "default", "-kernel", moved,
                        "-append", 'run="layout; memblock"'],
                       stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
    out = p.stdout.decode(errors="replace")
    assert p.returncode == 0, out[-2000:]
    assert "Firmware image at 0xffffffff80000000 (physical 0x%x)" % load in out
    assert "[0x%016x-" % load in out   # the image is reserved where it really is
