#!/usr/bin/env python3
"""Part 3's Prometheus passes pooled: every scrape's own duration, read back from the data directories that run.sh
keeps (RESULTS/p3-*-prometheus/data, RESULTS/p3-*-cold-prometheus/data) with promtool, instead of one p99 per pass.
A pass has about 600 scrapes per path, so its p99 is its sixth-slowest scrape and moves a lot from pass to pass;
pooled over many passes the 99th percentile is read from thousands.

Per kind of pass (first minute: the cold-prometheus passes; warm: the others) and path: scrapes, p50, p90, p99,
p99.9 (linear between ranks, as Prometheus' quantile_over_time), and the share of scrapes over the target. Only the
last SECONDS of each pass are used, as in run.sh's own figures.

    python3 src/scrape_pooled.py [--seconds 60] [--target-ms 5] DATA_DIR...
"""
import argparse
import re
import subprocess
import sys
from collections import defaultdict

SAMPLE = re.compile(r'^\{(?P<labels>[^}]*)\} (?P<value>\S+) (?P<ms>\d+)$')
JOB = re.compile(r'job="(?P<job>[^"]*)"')


def scrapes(data_dir):
    """{job: [(timestamp_ms, seconds)]} of scrape_duration_seconds in one Prometheus data directory."""
    dump = subprocess.run(["promtool", "tsdb", "dump", "--match=scrape_duration_seconds", data_dir],
                          capture_output=True, text=True)
    if dump.returncode != 0:
        sys.exit(f"promtool tsdb dump {data_dir}: {dump.stderr.strip().splitlines()[-1:]}")
    by_job = defaultdict(list)
    for line in dump.stdout.splitlines():
        sample = SAMPLE.match(line)
        job = sample and JOB.search(sample.group("labels"))
        if job:
            by_job[job.group("job")].append((int(sample.group("ms")), float(sample.group("value"))))
    return by_job


def quantile(ordered, q):
    rank = q * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="the last SECONDS of each pass (run.sh's window)")
    parser.add_argument("--target-ms", type=float, default=5.0)
    parser.add_argument("data_dirs", nargs="+")
    args = parser.parse_args()

    pooled = defaultdict(lambda: defaultdict(list))  # kind -> job -> [ms]
    passes = defaultdict(int)
    for data_dir in args.data_dirs:
        kind = "first minute" if "cold-prometheus" in data_dir else "warm"
        by_job = scrapes(data_dir)
        if not by_job:
            sys.exit(f"{data_dir}: no scrape_duration_seconds samples")
        end_ms = max(ts for samples in by_job.values() for ts, _ in samples)
        start_ms = end_ms - args.seconds * 1000
        for job, samples in by_job.items():
            pooled[kind][job].extend(v * 1000 for ts, v in samples if ts > start_ms)
        passes[kind] += 1

    print(f"pooled scrape_duration_seconds, last {args.seconds:g} s of each pass, ms; target {args.target_ms:g} ms")
    print(f"{'pass':<13} {'path':<14} {'passes':>6} {'scrapes':>7} {'p50':>6} {'p90':>6} {'p99':>6} {'p99.9':>6} "
          f"{'over target':>11}")
    for kind in ("first minute", "warm"):
        for job in sorted(pooled[kind]):
            ms = sorted(pooled[kind][job])
            over = sum(1 for v in ms if v > args.target_ms) / len(ms)
            print(f"{kind:<13} {job:<14} {passes[kind]:>6} {len(ms):>7} {quantile(ms, 0.5):6.2f} "
                  f"{quantile(ms, 0.9):6.2f} {quantile(ms, 0.99):6.2f} {quantile(ms, 0.999):6.2f} {over:11.2%}")


if __name__ == "__main__":
    main()
