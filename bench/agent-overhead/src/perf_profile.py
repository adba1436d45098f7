#!/usr/bin/env python3
"""Where the service JVMs of a run.sh PERF=1 run spent their CPU, per configuration, per request.

Usage: perf_profile.py RESULTS_DIR [CONFIG=B] [BASE=A] [--top=N]

run.sh PERF=1 leaves a flat profile per JVM (p1-rR-CFG.profile: perf report by thread, library and symbol, samples of
the last measured window at 499 Hz). This script counts each JVM's samples per 1000 requests of that window, split by
thread group (run.sh's: app, gc, jit, vigil, jfr, notif) and by kind of code (jit = compiled Java and the JVM's stubs,
interp = the interpreter, jvm = libjvm.so, kernel, libc, other), and prints per configuration the median over rounds.
Then, for the app threads, the symbols whose samples per 1000 requests differ most between CONFIG and BASE (median of
the per-round differences, and in how many rounds CONFIG had more).
A symbol of JIT code covers what the JIT inlined into it, and that differs from JVM to JVM; read those rows as hints.
"""
import glob
import os
import re
import statistics
import sys

from round_stats import read_windows  # beside this script in src/


def thread_group(comm):
    """run.sh's thread_ticks grouping, by thread name (Linux cuts names to 15 characters)"""
    if re.match(r'(vigil|prometheus|idle-timeout)', comm): return 'vigil'
    if comm.startswith('JFR'): return 'jfr'
    if re.match(r'(Notification|Service Thread)', comm): return 'notif'
    if re.match(r'(GC Thread|G1 )', comm): return 'gc'
    if re.match(r'(C1|C2) Compiler', comm): return 'jit'
    return 'app'


def code_kind(dso, sym):
    if dso.startswith('[kernel'): return 'kernel'
    if dso.startswith('perf-') or dso.startswith('[JIT]'):
        return 'interp' if sym.startswith('Interpreter') else 'jit'
    if dso.startswith('libjvm'): return 'jvm'
    if dso.startswith('libc'): return 'libc'
    return 'other'


def read_profile(path):
    """[(comm, dso, sym, samples)] from `perf report --sort comm,dso,sym -n --stdio`, whose columns are padded to the
    widths of the header's dotted line (names hold spaces: "C2 CompilerThre", "[JIT] tid 123")"""
    rows, spans = [], None
    with open(path, errors='replace') as f:
        for line in f:
            line = line.rstrip('\n')
            if line.startswith('# ..'):
                spans = [m.span() for m in re.finditer(r'\.+', line)]
                continue
            if line.startswith('#') or not line.strip() or spans is None or len(spans) < 5: continue
            cols = [line[a:b if i < 4 else None].strip() for i, (a, b) in enumerate(spans)]
            if not cols[1].isdigit(): continue
            rows.append((cols[2], cols[3], re.sub(r'^\[[.k]\] ', '', cols[4]), int(cols[1])))
    return rows


def last_window_requests(results_dir):
    """(round, config) -> requests in the last measured window, from part1-windows.tsv"""
    rows = read_windows(results_dir)
    last = max(w for _, _, w, _, _ in rows)
    return {(r, c): n for r, c, w, n, _ in rows if w == last and n > 0}


def main(argv):
    top = 15
    args = []
    for a in argv:
        if a.startswith('--top='): top = int(a.split('=', 1)[1])
        else: args.append(a)
    if not args or not os.path.isdir(args[0]):
        print('usage: perf_profile.py RESULTS_DIR [CONFIG=B] [BASE=A] [--top=N]', file=sys.stderr)
        return 2
    results_dir, config, base = args[0], (args[1:2] or ['B'])[0], (args[2:3] or ['A'])[0]
    requests = last_window_requests(results_dir)
    cells = {}    # (round, config) -> (group, kind) -> samples per 1000 requests
    symbols = {}  # (round, config) -> (kind, sym) -> app threads' samples per 1000 requests
    for path in glob.glob(results_dir + '/p1-r*-*.profile'):
        m = re.match(r'p1-r(\d+)-(\w+)\.profile$', os.path.basename(path))
        key = (int(m.group(1)), m.group(2))
        if key not in requests: continue
        per_k = 1000.0 / requests[key]
        c, s = {}, {}
        for comm, dso, sym, n in read_profile(path):
            group, kind = thread_group(comm), code_kind(dso, sym)
            c[(group, kind)] = c.get((group, kind), 0) + n * per_k
            c[(group, 'all')] = c.get((group, 'all'), 0) + n * per_k
            c[('all', 'all')] = c.get(('all', 'all'), 0) + n * per_k
            if group == 'app':
                name = re.sub(r'/0x[0-9a-f]+', '', sym)  # hidden classes' addresses differ from JVM to JVM
                s[(kind, name)] = s.get((kind, name), 0) + n * per_k
        cells[key], symbols[key] = c, s
    if not cells:
        print(f'no p1-rR-CFG.profile with requests in {results_dir} (was it a PERF=1 run?)', file=sys.stderr)
        return 1
    configs = sorted({c for _, c in cells}, key=lambda c: (c != base, c))
    rounds = sorted({r for r, _ in cells})

    def median_of(table, cfg, k):
        xs = [table[(r, cfg)].get(k, 0) for r in rounds if (r, cfg) in table]
        return statistics.median(xs) if xs else float('nan')

    def ratio_to_base(table, cfg, k):
        xs = [table[(r, cfg)].get(k, 0) / table[(r, base)][k] for r in rounds
              if (r, cfg) in table and (r, base) in table and table[(r, base)].get(k, 0) > 0]
        return statistics.median(xs) if xs else float('nan')

    print(f'samples per 1000 requests, medians over {len(rounds)} rounds; in brackets the median of per-round '
          f'ratios to {base}')
    print(f'{"threads/code":18}' + ''.join(f'{c:>20}' for c in configs))
    keys = sorted({k for c in cells.values() for k in c}, key=lambda k: -median_of(cells, base, k))
    for k in keys:
        if median_of(cells, base, k) < 0.5 and all(median_of(cells, c, k) < 0.5 for c in configs): continue
        row = f'{k[0] + "/" + k[1]:18}'
        for c in configs:
            row += f'{median_of(cells, c, k):11.1f}'
            row += f' [{ratio_to_base(cells, c, k):5.3f}]' if c != base else ' ' * 8
        print(row)
    if config not in configs or base not in configs: return 0
    names = {k for t in symbols.values() for k in t}
    paired = [r for r in rounds if (r, config) in symbols and (r, base) in symbols]
    diffs = []
    for k in names:
        d = [symbols[(r, config)].get(k, 0) - symbols[(r, base)].get(k, 0) for r in paired]
        diffs.append((statistics.median(d), sum(x > 0 for x in d), k))
    diffs.sort(key=lambda d: -abs(d[0]))
    print(f'\napp threads, symbols whose samples per 1000 requests differ most, {config} - {base} (median of '
          f'per-round differences; in how many of {len(paired)} rounds {config} had more):')
    for d, more, (kind, name) in diffs[:top]:
        print(f'{d:+8.2f} {more:3d}/{len(paired)}  {median_of(symbols, base, (kind, name)):8.2f} -> '
              f'{median_of(symbols, config, (kind, name)):8.2f}  {kind:6} {name[:100]}')
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main(sys.argv[1:]))
    except (OSError, ValueError) as e:  # a missing part1-windows.tsv, --top=x, a damaged file
        print(f'perf_profile.py: {e}', file=sys.stderr)
        sys.exit(1)
