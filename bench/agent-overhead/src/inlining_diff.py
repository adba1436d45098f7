#!/usr/bin/env python3
"""Compares C2's inlining decisions in two HotSpot compilation logs (-XX:+LogCompilation), weighted by how often
each call site ran, and prints the call sites that one run inlines and the other does not.

Usage: inlining_diff.py BASE.xml OTHER.xml [ROWS=40]

For every (caller, bci, callee) seen in a C2 compile it sums the profile counts of the calls that were inlined and of
those that were not, in each log. A row's weight is OTHER's calls at that site times the change in the share not
inlined, so the top rows are where OTHER's compiled code calls out most often where BASE's does not. The reason C2
gave (e.g. "virtual call" with the receiver types of the profile, "already compiled into a big method") is shown.
"""
import collections
import re
import sys

ATTRIBUTE = re.compile(r"(\w+)='([^']*)'")


def attributes(line):
    return dict(ATTRIBUTE.findall(line))


def call_sites(path):
    """(caller, bci, callee) -> [calls inlined, calls not inlined, reasons not inlined]"""
    sites = collections.defaultdict(lambda: [0, 0, set()])
    c2_task = False
    klasses, methods, parsing, bci, call = {}, {}, [], None, None
    with open(path, errors='replace') as log:
        for line in log:
            if line.startswith('<task '):
                # C1 tasks carry level='1'..'3'; C2 tasks carry no level
                c2_task = 'level' not in attributes(line)
                klasses, methods, parsing, bci, call = {}, {}, [], None, None
            elif not c2_task:
                continue
            elif line.startswith('</task>'):
                c2_task = False
            elif line.startswith('<klass '):
                a = attributes(line)
                klasses[a['id']] = a['name']
            elif line.startswith('<method '):
                a = attributes(line)
                methods[a['id']] = klasses.get(a['holder'], '?') + '::' + a['name']
            elif line.startswith('<parse '):
                parsing.append(methods.get(attributes(line).get('method'), '?'))
            elif line.startswith('</parse>'):
                if parsing:
                    parsing.pop()
            elif line.startswith('<bc '):
                bci = attributes(line).get('bci')
            elif line.startswith('<call '):
                a = attributes(line)
                receivers = [klasses.get(a[k], a[k]) for k in ('receiver', 'receiver2') if k in a]
                call = (parsing[-1] if parsing else '?', bci, methods.get(a.get('method'), '?'),
                        max(0, int(float(a.get('count', '0')))), receivers)
            elif call and line.startswith('<inline_success'):
                caller, at, callee, count, _ = call
                sites[(caller, at, callee)][0] += count
                call = None
            elif call and line.startswith('<inline_fail'):
                caller, at, callee, count, receivers = call
                site = sites[(caller, at, callee)]
                site[1] += count
                reason = attributes(line).get('reason', '?').replace('&gt;', '>')
                site[2].add(reason + (' (receivers ' + ', '.join(receivers) + ')' if receivers else ''))
                call = None
    return sites


def main():
    base, other = call_sites(sys.argv[1]), call_sites(sys.argv[2])
    rows = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    found = []
    for key, (o_in, o_out, o_why) in other.items():
        b_in, b_out, _ = base.get(key, (0, 0, set()))
        if o_in + o_out == 0 or b_in + b_out == 0:
            continue  # a site only one run compiled says nothing about the other
        weight = (o_in + o_out) * (o_out / (o_in + o_out) - b_out / (b_in + b_out))
        if weight > 0:
            found.append((weight, key, b_in, b_out, o_in, o_out, o_why))
    found.sort(key=lambda r: -r[0])
    print(f"{'weight':>12}  {'base in/out':>23}  {'other in/out':>23}  caller @bci -> callee: why not inlined in other")
    for weight, (caller, at, callee), b_in, b_out, o_in, o_out, why in found[:rows]:
        print(f"{weight:12.0f}  {b_in:11d}/{b_out:<11d}  {o_in:11d}/{o_out:<11d}  {caller} @{at} -> {callee}: "
              + '; '.join(sorted(why)[:2]))


if __name__ == '__main__':
    main()
