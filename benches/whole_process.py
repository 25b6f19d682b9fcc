#!/usr/bin/env python3
"""Whole-process figures for the README: `kiji --list DIR --json` cold (an empty cache
directory, so the run parses every post and saves the index), warm (the index saved) and
with --no-cache, against benches/naive_lister.py, interleaved round by round so that a
busy machine slows all of them alike. Wall time from here, peak memory from
/usr/bin/time -v.

    python3 benches/whole_process.py target/release/kiji DIR [ROUNDS]
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run(command, env):
    with tempfile.NamedTemporaryFile("r") as report:
        start = time.perf_counter()
        subprocess.run(["/usr/bin/time", "-v", "-o", report.name] + command, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        seconds = time.perf_counter() - start
        peak_kb = next(int(line.split(":")[1]) for line in report
                       if "Maximum resident set size" in line)
    return seconds, peak_kb / 1024


def main(kiji, root, rounds):
    warm_dir = tempfile.mkdtemp(prefix="kiji-warm-")
    base = dict(os.environ, KIJI_CONFIG_DIR=tempfile.mkdtemp(prefix="kiji-noconfig-"))
    # The warm cache: saved once, by a run long enough after the files were written.
    subprocess.run([kiji, "--list", "--json", root], env=dict(base, KIJI_CACHE_DIR=warm_dir),
                   stdout=subprocess.DEVNULL, check=True)
    python = [sys.executable, os.path.join(HERE, "naive_lister.py"), root]
    results = {name: [] for name in ("python", "cold", "warm", "no-cache")}
    for _ in range(rounds):
        cold_dir = tempfile.mkdtemp(prefix="kiji-cold-")
        results["python"].append(run(python, base))
        results["cold"].append(run([kiji, "--list", "--json", root],
                                   dict(base, KIJI_CACHE_DIR=cold_dir)))
        results["warm"].append(run([kiji, "--list", "--json", root],
                                   dict(base, KIJI_CACHE_DIR=warm_dir)))
        results["no-cache"].append(run([kiji, "--no-cache", "--list", "--json", root], base))
        shutil.rmtree(cold_dir)
    shutil.rmtree(warm_dir)
    python_times = [t for t, _ in results["python"]]
    print(f"{rounds} rounds; median (min-max) wall time, ratio to Python in the same round, peak")
    for name, runs in results.items():
        times = [t for t, _ in runs]
        ratios = [t / p for t, p in zip(times, python_times)]
        peak = max(m for _, m in runs)
        print(f"{name:9} {statistics.median(times)*1000:7.0f} ms "
              f"({min(times)*1000:.0f}-{max(times)*1000:.0f})  "
              f"ratio {statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f})  "
              f"peak {peak:.0f} MiB")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 10)
