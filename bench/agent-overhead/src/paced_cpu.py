#!/usr/bin/env python3
"""paced-cost.sh's client: the CPU a service JVM spends per request, at 10 requests/s and back to back, by thread
group, read from /proc/PID/task/*/schedstat (ns on the CPU) before and after each stretch.

    python3 src/paced_cpu.py PID SERVICE_PORT AGENT_PORT ROUNDS ACCEPT

Each path first gets 3000 requests back to back (not counted). Then, ROUNDS times, in turn: an idle stretch as long
as a paced one (the JVM's own background work: the sampler, the JIT, GC), and for each path 300 requests at 10/s
followed by 2000 back to back. Connections are kept alive, one per port, and opened again when a server has ended
one (the JDK's server ends a connection after 30 s idle). Per group the median over rounds is printed, µs per request.
"""
import collections
import http.client
import os
import statistics
import sys
import time

GROUPS = ("agent-http", "host-http", "jit", "gc", "agent-other", "other")
PACED_REQUESTS, PACE_SECONDS, BACK_TO_BACK_REQUESTS, WARM_UP_REQUESTS = 300, 0.1, 2000, 3000


def group_of(thread_name):
    if thread_name.startswith("vigil-http"):
        return "agent-http"
    if thread_name.startswith(("bench-worker", "HTTP-Dispatcher")):
        return "host-http"
    if thread_name.startswith(("C1 Compiler", "C2 Compiler")):
        return "jit"
    if thread_name.startswith(("GC Thread", "G1 ")):
        return "gc"
    if thread_name.startswith("vigil"):
        return "agent-other"
    return "other"


def cpu_ns_by_group(pid):
    spent = collections.Counter()
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as comm, open(f"/proc/{pid}/task/{tid}/schedstat") as stat:
                spent[group_of(comm.read().strip())] += int(stat.read().split()[0])
        except OSError:
            continue  # the thread ended meanwhile
    return spent


class KeptAlive:
    def __init__(self, accept):
        self.accept = accept
        self.connections = {}

    def get_ms(self, port, path):
        for _ in range(2):
            connection = self.connections.setdefault(port, http.client.HTTPConnection("127.0.0.1", port))
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Accept": self.accept})
                answer = connection.getresponse()
                answer.read()
                if answer.status != 200:
                    sys.exit(f"{path}: HTTP {answer.status}")
                return (time.perf_counter() - started) * 1000
            except (http.client.RemoteDisconnected, ConnectionError):
                connection.close()
                del self.connections[port]  # the server ended the idle connection: once more on a new one
        sys.exit(f"{path}: the connection failed twice")


def stretch(pid, client, port, path, requests, pace_seconds):
    """(µs of CPU per request by group, [latency ms]) over one stretch; port None: idle for as long."""
    before = cpu_ns_by_group(pid)
    latencies = []
    started = time.perf_counter()
    for i in range(requests):
        if pace_seconds:
            time.sleep(max(0.0, started + i * pace_seconds - time.perf_counter()))
        if port:
            latencies.append(client.get_ms(port, path))
    if not port:
        time.sleep(max(0.0, started + requests * pace_seconds - time.perf_counter()))
    after = cpu_ns_by_group(pid)
    return {g: (after[g] - before[g]) / requests / 1000 for g in GROUPS}, latencies


def percentile(ordered, q):
    return ordered[round(q * (len(ordered) - 1))]


def main():
    if len(sys.argv) != 6:
        sys.exit("usage: paced_cpu.py PID SERVICE_PORT AGENT_PORT ROUNDS ACCEPT")
    pid, service, agent, rounds = (int(a) for a in sys.argv[1:5])
    client = KeptAlive(sys.argv[5])
    paths = [("host /health", service, "/health"), ("host /metrics-copy", service, "/metrics-copy"),
             ("agent /metrics", agent, "/metrics"), ("agent /debug/vars", agent, "/debug/vars")]
    for _, port, path in paths:
        for _ in range(WARM_UP_REQUESTS):
            client.get_ms(port, path)
    results = collections.defaultdict(list)
    for _ in range(rounds):
        results[("idle", "paced 10/s")].append(stretch(pid, client, None, None, PACED_REQUESTS, PACE_SECONDS))
        for label, port, path in paths:
            results[(label, "paced 10/s")].append(stretch(pid, client, port, path, PACED_REQUESTS, PACE_SECONDS))
            results[(label, "back to back")].append(stretch(pid, client, port, path, BACK_TO_BACK_REQUESTS, 0))
    print(f"µs of CPU per request (idle: per 100 ms), median of {rounds} rounds; latency ms over all rounds")
    print(f"{'path':<19} {'pace':<13} {'total':>7} " + " ".join(f"{g:>11}" for g in GROUPS) + "   p50   p90   p99")
    for (label, pace), stretches in results.items():
        total = statistics.median(sum(spent.values()) for spent, _ in stretches)
        by_group = [statistics.median(spent[g] for spent, _ in stretches) for g in GROUPS]
        latencies = sorted(ms for _, run in stretches for ms in run)
        latency = (" ".join(f"{percentile(latencies, q):5.2f}" for q in (0.5, 0.9, 0.99))) if latencies else ""
        print(f"{label:<19} {pace:<13} {total:7.1f} " + " ".join(f"{v:11.1f}" for v in by_group) + f"   {latency}")


if __name__ == "__main__":
    main()
