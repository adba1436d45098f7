#!/usr/bin/env python3
"""Part 3 over several rounds (run.sh SCRAPE_ROUNDS > 1): per background rate, client and endpoint, the median over
rounds of p50 and p99, how many rounds had p99 under the target, and the median of each pass's p99 minus its peer's
in the same pass: what the agent adds to the machine's floor. The peer of a path P is "copy-P" when the pass has it
(the host serving a copy of the agent's answer: the same body for the client to read and parse), else the host's
own endpoint (the "peer-" label).

Input: part3.txt lines "round=R bg=B client=C LABEL n=.. ... p50_ms=.. p90_ms=.. p99_ms=.. max_ms=..".

    python3 src/scrape_stats.py RESULTS/part3.txt [TARGET_MS=5]
"""
import statistics
import sys
from collections import defaultdict


def parse(path):
    """{(bg, client): {label: {round: {"p50": ms, "p99": ms}}}}"""
    passes = defaultdict(lambda: defaultdict(dict))
    with open(path) as lines:
        for line in lines:
            fields = line.split()
            if len(fields) < 5 or not fields[0].startswith("round="):
                continue
            tags = dict(f.split("=", 1) for f in fields[:3])
            values = dict(f.split("=", 1) for f in fields[4:] if "=" in f)
            try:
                figures = {"p50": float(values["p50_ms"]), "p99": float(values["p99_ms"])}
            except (KeyError, ValueError):
                continue  # a pass without figures (nan from a scraper that got nothing)
            passes[(tags["bg"], tags["client"])][fields[3]][tags["round"]] = figures
    return passes


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: scrape_stats.py PART3_TXT [TARGET_MS]")
    target_ms = float(sys.argv[2]) if len(sys.argv) > 2 else 5.0
    passes = parse(sys.argv[1])
    if not passes:
        sys.exit(f"{sys.argv[1]}: no lines with a round= tag (was SCRAPE_ROUNDS > 1?)")
    print(f"part 3 over rounds: medians over rounds; 'p99 - peer' is each pass's p99 minus its peer's (named) "
          f"in the same pass; 'under {target_ms:g} ms' counts rounds")
    print(f"{'bg':>4} {'client':<16} {'endpoint':<14} {'rounds':>6} {'p50 ms':>7} {'p99 ms':>7} "
          f"{'p99 - peer':<26} {'under':>6}")
    for (bg, client), by_label in sorted(passes.items(), key=lambda kv: (int(kv[0][0]), kv[0][1])):
        host = next((label for label in by_label if label.startswith("peer-")), None)
        for label, by_round in by_label.items():
            p50 = statistics.median(f["p50"] for f in by_round.values())
            p99 = statistics.median(f["p99"] for f in by_round.values())
            is_peer = label.startswith(("peer-", "copy-"))
            peer_label = "copy-" + label if "copy-" + label in by_label else host
            peer = by_label.get(peer_label, {})
            excess = [f["p99"] - peer[r]["p99"] for r, f in by_round.items() if r in peer]
            under = sum(f["p99"] < target_ms for f in by_round.values())
            excess_text = "" if is_peer or not excess else f"{statistics.median(excess):+.2f} ({peer_label})"
            print(f"{bg:>4} {client:<16} {label:<14} {len(by_round):>6} {p50:>7.2f} {p99:>7.2f} "
                  f"{excess_text:<26} {under:>3}/{len(by_round)}")


if __name__ == "__main__":
    main()
