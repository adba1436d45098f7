#!/usr/bin/env python3
"""The branch profile C2 compiled a method from, in HotSpot compilation logs (-XX:+LogCompilation).

Usage: compile_profile.py [--method='CLASS NAME'] LOG.xml...

For every C2 compile of the method (default: java.lang.AbstractStringBuilder ensureCapacityInternal) prints when it
happened, how many calls the profile had counted, and each branch of the method's own bytecode with the counts C2
saw: taken and not taken. Those counts stop changing once the method runs compiled, and every later compile that
inlines the method reads them. In ensureCapacityInternal the one branch skips growing the array: "not taken" is the
share of calls that grew it. Issue 2 found the agent's start-up filling that profile before the host's first request
(BENCHMARKS.md, "Where the request path's time goes").
"""
import sys

from inlining_diff import attributes  # beside this script in src/

USAGE = "usage: compile_profile.py [--method='CLASS NAME'] LOG.xml..."


def compiles(path, method):
    """[(compile id, stamp, calls counted, kind, [(target bci, taken, not taken)])] for C2 compiles of method"""
    found = []
    task = None  # the compile being read when it is one of method's
    depth = 0  # nesting of <parse> inside the task: 1 is the method's own bytecode
    with open(path, errors='replace') as log:
        for line in log:
            if line.startswith('<task '):
                a = attributes(line)
                is_c2 = a.get('level', '4') == '4'
                task = None
                if is_c2 and a.get('method', '').startswith(method + ' '):
                    task = (a['compile_id'], a['stamp'], a.get('count', '?'),
                            'osr' if a.get('compile_kind') == 'osr' else 'standard', [])
                    found.append(task)
                depth = 0
                continue
            if task is None:
                continue
            if line.startswith('</task>'):
                task = None
            elif line.startswith('<parse '):
                depth += 1
            elif line.startswith('</parse>'):
                depth -= 1
            elif line.startswith('<branch ') and depth == 1:
                a = attributes(line)
                task[4].append((a.get('target_bci', '?'), int(a.get('taken', 0)), int(a.get('not_taken', 0))))
    return found


def main(argv):
    method = 'java.lang.AbstractStringBuilder ensureCapacityInternal'
    paths = []
    for arg in argv:
        if arg.startswith('--method='):
            method = arg.split('=', 1)[1]
        elif arg.startswith('-'):
            sys.exit(f"compile_profile.py: unknown option {arg}; {USAGE}")
        else:
            paths.append(arg)
    if not paths:
        sys.exit(f"compile_profile.py: no compilation log given; {USAGE}")
    for path in paths:
        try:
            found = compiles(path, method)
        except OSError as e:
            sys.exit(f"compile_profile.py: cannot read {path}: {e.strerror}")
        if not found:
            print(f"{path}: no C2 compile of {method}")
        for compile_id, stamp, calls, kind, branches in found:
            shown = '; '.join(f"branch to bci {target}: taken {taken}, not taken {not_taken} "
                              f"({100 * not_taken / max(1, taken + not_taken):.1f} % not taken)"
                              for target, taken, not_taken in branches) or 'no branch profile'
            print(f"{path}: compile {compile_id} ({kind}) at {stamp} s, {calls} calls counted: {shown}")


if __name__ == '__main__':
    main(sys.argv[1:])
