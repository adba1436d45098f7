#!/usr/bin/env python3
"""How far one configuration of a run.sh part-1 run sits from the no-agent JVMs, against the noise a second
no-agent configuration shows in the same rounds (run it with CONFIGS="A B X" X_ARGS=-Dany.property=1: X is then A
again, a null control).

Usage: round_stats.py [--per-cpu[=GROUP]] [--windows=0,1,...] RESULTS_DIR [CONFIG=B] [NULL_CONFIGS=A X]

Each JVM's windows are pooled (requests over all its measured windows, or over those --windows names, from run.sh's
part1-windows.tsv). With --per-cpu the figure is requests per second of the service process's CPU instead, the one
to read when a round's JVMs ran at the same time (run.sh TOGETHER=1): they share the CPU, so a configuration's own
threads (JFR's, the agent's) take their CPU from every JVM's requests alike, and only the process's CPU time charges
it to the one that spent it. --per-cpu=app counts only the threads that serve requests (run.sh's thread groups:
app, gc, jit, vigil, jfr, notif): what the JIT made of the request path, without the compilations still running.

Prints, per round, CONFIG's figure over the mean of the null configurations' in that round; the median with a
bootstrap 95 % interval; the nulls' own ratio (what "no difference" looks like here); and a permutation test: how
often shuffling the configuration labels within each round gives CONFIG a mean at least this far below the nulls'.
"""
import os
import random
import statistics
import sys


THREAD_GROUPS = ('app', 'gc', 'jit', 'vigil', 'jfr', 'notif')  # run.sh's thread_ticks groups


def thread_group_ticks(path):
    """run.sh's thread_ticks file: group -> CPU ticks"""
    with open(path) as f:
        return {k: int(v) for k, v in (line.split() for line in f if line.strip())}


def read_windows(results_dir):
    """run.sh's part1-windows.tsv: [(round, config, window, requests, ticks)], one row per JVM and measured window"""
    rows = []
    with open(results_dir + '/part1-windows.tsv') as tsv:
        for line in tsv:  # round, config, window, requests, ticks, requests/s
            f = line.rstrip('\n').split('\t')
            rows.append((int(f[0]), f[1], int(f[2]), int(f[3] or 0), int(f[4] or 0)))
    return rows


def pooled(results_dir, per_cpu, group, windows):
    """(round, config) -> requests over the chosen windows of that JVM (all of them by default), or (per_cpu) requests
    per second of the process's CPU in them, or of one of THREAD_GROUPS' CPU"""
    hz = os.sysconf('SC_CLK_TCK')
    rows = read_windows(results_dir)
    last = max(w for _, _, w, _, _ in rows)
    requests, ticks = {}, {}
    for r, c, w, n, t in rows:
        if windows is not None and w not in windows:
            continue
        if group != 'total':  # the window's ticks of that group, from the files run.sh took them from
            base = f'{results_dir}/p1-r{r}-{c}' + ('' if w == last else f'.w{w}')
            t = thread_group_ticks(base + '.ticks1').get(group, 0) - thread_group_ticks(base + '.ticks0').get(group, 0)
        requests[(r, c)] = requests.get((r, c), 0) + n
        ticks[(r, c)] = ticks.get((r, c), 0) + t
    return {k: (requests[k] * hz / ticks[k] if per_cpu else requests[k]) for k in requests
            if requests[k] > 0 and (ticks[k] > 0 or not per_cpu)}


def main():
    args, options = [], {}
    for a in sys.argv[1:]:
        if a.startswith('--'):
            key, _, value = a[2:].partition('=')
            options[key] = value
        else:
            args.append(a)
    unknown = set(options) - {'per-cpu', 'windows'}
    if unknown or not args:
        sys.exit(f'usage: round_stats.py [--per-cpu[=GROUP]] [--windows=0,1,...] RESULTS_DIR [CONFIG] [NULLS...]'
                 f'{" (unknown option --" + ", --".join(sorted(unknown)) + ")" if unknown else ""}')
    if options.get('per-cpu') not in (None, '', *THREAD_GROUPS):
        sys.exit(f'--per-cpu={options["per-cpu"]}: not one of run.sh\'s thread groups ({", ".join(THREAD_GROUPS)})')
    per_cpu = 'per-cpu' in options
    group = options.get('per-cpu') or 'total'
    try:
        windows = {int(w) for w in options['windows'].split(',')} if options.get('windows') else None
    except ValueError:
        sys.exit(f'--windows={options["windows"]}: give window numbers, e.g. --windows=2 or --windows=1,2')
    results_dir = args[0]
    config = args[1] if len(args) > 1 else 'B'
    nulls = args[2:] or ['A', 'X']
    try:
        figures = pooled(results_dir, per_cpu, group, windows)
    except OSError as e:
        sys.exit(f'{results_dir}: not a part-1 results directory of run.sh ({e.strerror}: {e.filename})')
    unit = ('requests per CPU second' + ('' if group == 'total' else f' of the {group} threads')) if per_cpu \
        else 'requests'
    print(f'figure: {unit}, windows {options.get("windows") or "all"} of each JVM pooled')
    rounds = sorted({r for r, _ in figures if all((r, c) in figures for c in nulls + [config])})
    if len(rounds) < 2:
        sys.exit(f'need at least two rounds with {config} and {" ".join(nulls)} in {results_dir}/part1-windows.tsv')
    rng = random.Random(1)  # fixed: the same results give the same interval

    ratios = [figures[(r, config)] / statistics.mean(figures[(r, c)] for c in nulls) for r in rounds]
    medians = sorted(statistics.median(rng.choices(ratios, k=len(ratios))) for _ in range(10_000))
    print(f'{config} / mean({", ".join(nulls)}) per round: {" ".join(f"{x:.3f}" for x in ratios)}')
    print(f'  median {statistics.median(ratios):.4f} (bootstrap 95 %: {medians[250]:.3f}-{medians[9750]:.3f}),'
          f' mean {statistics.mean(ratios):.4f}')
    if len(nulls) == 2:
        null_ratios = [figures[(r, nulls[1])] / figures[(r, nulls[0])] for r in rounds]
        print(f'{nulls[1]} / {nulls[0]} (both without the agent) per round: '
              f'{" ".join(f"{x:.3f}" for x in null_ratios)}; median {statistics.median(null_ratios):.4f},'
              f' mean {statistics.mean(null_ratios):.4f}')
    for c in nulls + [config]:
        values = [figures[(r, c)] for r in rounds]
        print(f'{c}: mean {statistics.mean(values):.0f} {unit}, spread (sd) '
              f'{statistics.stdev(values) / statistics.mean(values) * 100:.2f} %')

    def mean_ratio(by_round):  # by_round: [(config's value, [null values])]
        return statistics.mean(v for v, _ in by_round) / statistics.mean(n for _, ns in by_round for n in ns)

    observed = mean_ratio([(figures[(r, config)], [figures[(r, c)] for c in nulls]) for r in rounds])
    shuffles, as_low = 20_000, 0
    for _ in range(shuffles):
        by_round = []
        for r in rounds:
            values = [figures[(r, c)] for c in nulls + [config]]
            rng.shuffle(values)
            by_round.append((values[-1], values[:-1]))
        as_low += mean_ratio(by_round) <= observed
    print(f'mean {config} / mean of the nulls: {observed:.4f}; relabelling within rounds gives a ratio this low in '
          f'{as_low / shuffles * 100:.1f} % of {shuffles} shuffles')


if __name__ == '__main__':
    main()
