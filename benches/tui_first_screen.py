#!/usr/bin/env python3
"""Whole-process figures for the README: the reader's first screen on a folder, as a user
sees it. kiji runs in a pseudo-terminal of 120 x 40; the time is from the start of the
process until its output holds the status line's post count (the first frame is drawn),
then `q` quits it; peak memory comes from /usr/bin/time -v, after a few keys that open
and leave posts (so bodies read on demand count too); the peak before those keys, once kiji
is idle (its check of the folder done), from /proc. Warm: the index saved before (a run
long enough after the files were written). Cold: an empty cache directory.

    python3 benches/tui_first_screen.py target/release/kiji DIR [ROUNDS]
"""

import os
import pty
import re
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import fcntl
import struct
import termios


def kiji_pid(time_pid):
    """kiji's pid: the child of /usr/bin/time."""
    with open(f"/proc/{time_pid}/task/{time_pid}/children") as f:
        return int(f.read().split()[0])


def resident(time_pid):
    """kiji's resident set now and its peak so far, in MiB."""
    with open(f"/proc/{kiji_pid(time_pid)}/status") as f:
        fields = dict(line.split(":", 1) for line in f)
    mib = lambda name: int(fields[name].split()[0]) / 1024
    return mib("VmRSS"), mib("VmHWM")


def cpu_seconds(time_pid):
    with open(f"/proc/{kiji_pid(time_pid)}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_until_idle(time_pid, quiet=1.0, longest=120):
    """Waits until kiji has used no CPU for `quiet` seconds (its background check of the
    folder done); returns the seconds that took, or None if it never went quiet."""
    start = time.perf_counter()
    last, since = cpu_seconds(time_pid), time.perf_counter()
    while time.perf_counter() - start < longest:
        time.sleep(0.1)
        now = cpu_seconds(time_pid)
        if now != last:
            last, since = now, time.perf_counter()
        elif time.perf_counter() - since >= quiet:
            return since - start
    return None


def first_screen(kiji, root, env, keys=b"jjjjjjjjjjjjjjjjjjjj"):
    """Seconds to the first frame, the peak resident set in MiB, the resident set at the
    first frame, and the seconds until kiji went idle after it."""
    report = tempfile.NamedTemporaryFile("r", delete=False)
    pid, fd = pty.fork()
    if pid == 0:
        os.execve("/usr/bin/time", ["/usr/bin/time", "-v", "-o", report.name, kiji, root], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    start = time.perf_counter()
    seen = b""
    shown = None
    count = re.compile(rb"\d+ posts")
    deadline = start + 120
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], 1)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        if shown is None and count.search(seen):
            shown = time.perf_counter() - start
            at_first_screen = resident(pid)
            settled = wait_until_idle(pid)
            after_check = resident(pid)
            os.write(fd, keys + b"q")
        seen = seen[-4096:]
    os.waitpid(pid, 0)
    os.close(fd)
    peak_kb = next(int(line.split(":")[1]) for line in open(report.name)
                   if "Maximum resident set size" in line)
    os.unlink(report.name)
    if shown is None:
        raise SystemExit("kiji never drew its first screen")
    return shown, peak_kb / 1024, at_first_screen, settled, after_check


def main(kiji, root, rounds):
    config = tempfile.mkdtemp(prefix="kiji-config-")
    # No pictures: kiji would otherwise ask this pseudo-terminal which graphics it draws and
    # wait up to a second for an answer that never comes.
    with open(os.path.join(config, "config.toml"), "w") as f:
        f.write('images = "off"\n')
    base = dict(os.environ, TERM="xterm-256color", KIJI_CONFIG_DIR=config,
                KIJI_STATE_DIR=tempfile.mkdtemp(prefix="kiji-state-"))
    warm_dir = tempfile.mkdtemp(prefix="kiji-warm-")
    subprocess.run([kiji, "--list", root], env=dict(base, KIJI_CACHE_DIR=warm_dir),
                   stdout=subprocess.DEVNULL, check=True)
    results = {"warm": [], "cold": []}
    for _ in range(rounds):
        results["warm"].append(first_screen(kiji, root, dict(base, KIJI_CACHE_DIR=warm_dir)))
        cold_dir = tempfile.mkdtemp(prefix="kiji-cold-")
        results["cold"].append(first_screen(kiji, root, dict(base, KIJI_CACHE_DIR=cold_dir)))
        shutil.rmtree(cold_dir)
    shutil.rmtree(warm_dir)
    print(f"{rounds} rounds; first screen median (min-max); peak memory max (median); "
          "memory at the first screen (peak so far); peak once idle, before any key (the "
          "check after the start included); seconds until idle after the first screen "
          "(median)")
    for name, runs in results.items():
        times = [r[0] for r in runs]
        peaks = [r[1] for r in runs]
        first = max(r[2][0] for r in runs), max(r[2][1] for r in runs)
        idle = [r[3] for r in runs if r[3] is not None]
        checked = max(r[4][1] for r in runs)
        quiet = f"{statistics.median(idle):.1f} s" if idle else "never"
        print(f"{name:5} {statistics.median(times)*1000:7.0f} ms "
              f"({min(times)*1000:.0f}-{max(times)*1000:.0f})  "
              f"peak {max(peaks):.1f} MiB ({statistics.median(peaks):.1f})  "
              f"first screen {first[0]:.1f} MiB ({first[1]:.1f})  "
              f"peak before keys {checked:.1f} MiB  idle after {quiet}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 5)
