"""Drive rvmm on a target: QEMU through ci/qemu.sh, or a real board's serial port.

Used by the pytest suites in tests/ and usable on its own:

    python3 tests/rvmm_target.py [--serial /dev/ttyUSB0] [APPEND]

KTAP parsing lives here too: a run whose output has no plan line, or fewer results than
its plan announced, is a failure whose message shows the end of the output (the crash).
"""
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Run:
    """The outcome of one boot: exit status (None on timeout or a serial board) and text."""

    def __init__(self, status, output, timed_out=False, command=""):
        self.status = status
        self.output = output
        self.timed_out = timed_out
        self.command = command

    @property
    def reported_status(self):
        """The status the firmware printed last ("poweroff: status N"), or None."""
        m = re.findall(r"^poweroff: status (\d+)", self.output.replace("\r", ""), re.M)
        return int(m[-1]) if m else None

    def tail(self, n=40):
        return "\n".join(self.output.splitlines()[-n:])

    def __repr__(self):
        return f"Run(status={self.status}, timed_out={self.timed_out})"


def qemu_env(**kw):
    env = dict(os.environ)
    for k in ("MACHINE", "SMP", "MEM", "NODES", "DTB", "APPEND", "BOOT", "ICOUNT", "BIOS"):
        env.pop(k, None)
    for k, v in kw.items():
        if v is not None:
            env[k] = str(v)
    return env


def boot_qemu(append=None, timeout=120, stdin_text=None, **kw):
    """Boot QEMU with the given make-style variables (MACHINE=..., etc.) and bootargs."""
    env = qemu_env(APPEND=append, **kw)
    cmd = [os.path.join(ROOT, "ci", "qemu.sh")]
    try:
        p = subprocess.run(cmd, cwd=ROOT, env=env, input=(stdin_text or "").encode(),
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout)
        return Run(p.returncode, p.stdout.decode(errors="replace"), command=" ".join(cmd))
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode(errors="replace")
        return Run(None, out, timed_out=True, command=" ".join(cmd))


def boot_qemu_interactive(lines, timeout=60, **kw):
    """Boot into the console, type lines (waiting for the prompt before each)."""
    env = qemu_env(**kw)
    p = subprocess.Popen([os.path.join(ROOT, "ci", "qemu.sh")], cwd=ROOT, env=env,
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    os.set_blocking(p.stdout.fileno(), False)
    out = b""
    deadline = time.time() + timeout
    pending = list(lines)

    def read_some():
        nonlocal out
        try:
            chunk = p.stdout.read()
        except BlockingIOError:
            chunk = None
        if chunk:
            out += chunk
        return bool(chunk)

    prompts_seen = 0
    while time.time() < deadline:
        got = read_some()
        if p.poll() is not None:
            read_some()
            break
        if pending and out.count(b"rvmm> ") > prompts_seen:
            prompts_seen = out.count(b"rvmm> ")
            for ch in pending.pop(0) + "\r":
                p.stdin.write(ch.encode())
                p.stdin.flush()
                time.sleep(0.002)
        if not got:
            time.sleep(0.02)
    timed_out = p.poll() is None
    if timed_out:
        p.kill()
        p.wait()
    return Run(p.returncode if not timed_out else None, out.decode(errors="replace"),
               timed_out=timed_out)


def run_serial(device, baud=115200, timeout=300, send=None):
    """Read a board's serial port until the KTAP summary line or a timeout."""
    import serial  # python3-serial

    out = b""
    with serial.Serial(device, baud, timeout=0.2) as s:
        if send:
            s.write(send.encode() + b"\r")
        deadline = time.time() + timeout
        while time.time() < deadline:
            out += s.read(4096)
            if re.search(rb"^# firmware: \d+ passed, \d+ failed", out, re.M):
                break
    text = out.decode(errors="replace")
    done = re.search(r"^# firmware: \d+ passed, \d+ failed", text, re.M) is not None
    return Run(None, text, timed_out=not done)


class Ktap:
    """A parsed KTAP version 1 document (top level = suites, nested = cases)."""

    def __init__(self, text):
        self.plan = None
        self.suites = []          # (ok, number, name, directive)
        self.cases = []           # (suite, ok, name, directive)
        self.summary = None       # (passed, failed) from "# firmware: ..."
        self.errors = []
        lines = text.replace("\r", "").splitlines()
        start = None
        for i, line in enumerate(lines):
            if line.strip() == "KTAP version 1" and not line.startswith(" "):
                start = i
        if start is None:
            self.errors.append("no 'KTAP version 1' header")
            return
        pending = []
        suite_name = None
        for line in lines[start + 1:]:
            m = re.match(r"^1\.\.(\d+)$", line)
            if m and self.plan is None:
                self.plan = int(m.group(1))
                continue
            m = re.match(r"^    # Subtest: (\S+)", line)
            if m:
                suite_name = m.group(1)
                continue
            m = re.match(r"^    (ok|not ok) (\d+) (\S+)(?: # (.*))?$", line)
            if m:
                pending.append((suite_name, m.group(1) == "ok", m.group(3), m.group(4) or ""))
                continue
            m = re.match(r"^(ok|not ok) (\d+) (\S+)(?: # (.*))?$", line)
            if m:
                self.suites.append((m.group(1) == "ok", int(m.group(2)), m.group(3),
                                    m.group(4) or ""))
                self.cases.extend(pending)
                pending = []
                continue
            m = re.match(r"^# firmware: (\d+) passed, (\d+) failed$", line)
            if m:
                self.summary = (int(m.group(1)), int(m.group(2)))
        if self.plan is None:
            self.errors.append("no plan line (1..N)")
        elif len(self.suites) != self.plan:
            self.errors.append(f"plan says {self.plan} suites, {len(self.suites)} reported")
        if self.summary is None:
            self.errors.append("no '# firmware: N passed, N failed' line")
        elif self.summary[0] != sum(1 for c in self.cases if c[1] and not
                                    c[3].startswith("SKIP")):
            self.errors.append("summary does not match the case results")

    def failed_cases(self):
        return [f"{s}.{n}" for s, ok, n, _ in self.cases if not ok]

    def skipped_cases(self):
        return [f"{s}.{n}: {d}" for s, ok, n, d in self.cases if ok and d.startswith("SKIP")]


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--serial", help="read a board on this serial device instead of QEMU")
    ap.add_argument("--baud", type=int, default=115200)
    ap.add_argument("--timeout", type=int, default=300)
    ap.add_argument("append", nargs="?", default='run="test"')
    a = ap.parse_args()
    if a.serial:
        r = run_serial(a.serial, a.baud, a.timeout, send="test")
    else:
        r = boot_qemu(a.append, timeout=a.timeout)
    print(r.output)
    k = Ktap(r.output)
    if k.errors or k.failed_cases() or r.timed_out:
        print("FAILED:", "; ".join(k.errors + k.failed_cases()) or "timed out", file=sys.stderr)
        sys.exit(1)
