#!/usr/bin/env python3
"""Whole-process figures for the README: the reader's first screen on a folder, as a user
sees it. kiji runs in a pseudo-terminal of 120 x 40; the time is from the start of the
process until its output holds the status line's post count (the first frame is drawn),
then `q` quits it; peak memory comes from /usr/bin/time -v, after a few keys that open
and leave posts (so bodies read on demand count too). Warm: the index saved before (a run
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


def first_screen(kiji, root, env, keys=b"jjjjjjjjjjjjjjjjjjjj"):
    """Seconds to the first frame, and the peak resident set in MiB."""
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
            os.write(fd, keys + b"q")
        seen = seen[-4096:]
    os.waitpid(pid, 0)
    os.close(fd)
    peak_kb = next(int(line.split(":")[1]) for line in open(report.name)
                   if "Maximum resident set size" in line)
    os.unlink(report.name)
    if shown is None:
        raise SystemExit("kiji never drew its first screen")
    return shown, peak_kb / 1024


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
    print(f"{rounds} rounds; first screen median (min-max), peak memory max (median)")
    for name, runs in results.items():
        times = [t for t, _ in runs]
        peaks = [m for _, m in runs]
        print(f"{name:5} {statistics.median(times)*1000:7.0f} ms "
              f"({min(times)*1000:.0f}-{max(times)*1000:.0f})  "
              f"peak {max(peaks):.1f} MiB ({statistics.median(peaks):.1f})")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 5)
