"""The table of scripts/bench: each figure against its peer or limit and its goal.

Usage: bench-table.py RAW.jsonl OUT.json — RAW holds one {"id", "result"} per line.
"""

import datetime
import json
import os
import platform
import sys

raw = {}
for line in open(sys.argv[1]):
    if line.strip():
        row = json.loads(line)
        raw[row["id"]] = row["result"]


def get(path, default=None):
    """raw["a"]["b"]... by a dotted path, or default."""
    node = raw
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node or node[part] is None:
            return default
        node = node[part]
    return node


def pair(path, scale=1):
    """(Abri, peer) of a figure B6 reports as [abri, rusqlite], times scale."""
    both = get(path)
    if not isinstance(both, list) or len(both) != 2 or None in both:
        return (None, None)
    return (both[0] * scale, both[1] * scale)


rows = []


def row(name, value, peer, goal, at_least, unit=""):
    """A figure; ratio = value / peer; passes when ratio >= goal (or <= goal)."""
    if value is None or peer in (None, 0):
        rows.append((name, value, peer, None, goal, at_least, unit, None))
        return
    ratio = value / peer
    ok = ratio >= goal if at_least else ratio <= goal
    rows.append((name, value, peer, ratio, goal, at_least, unit, ok))


app1 = get("B1-app-1.hashes_per_second")
fresh1 = get("B1-fresh-1.hashes_per_second")
app2 = get("B1-app-2.hashes_per_second")
row("B1 reused vs fresh block (1 core)", app1, fresh1, 1.4, True, "hash/s")
row("B1 2 cores vs 1 core", app2, app1, 1.85, True, "hash/s")

ok = get("B2-capacity.sign_ins.success_303.per_second")
near = [get(f"B1-near-{when}.hashes_per_second") for when in ("before", "after")]
near = [n for n in near if n]
# The peer measured on the same cores in the minute before and after, when the run has it.
row("B2 sign-ins/s vs B1 (2 cores)", ok, sum(near) / len(near) if near else app2, 0.9, True, "/s")
hash_ms = 1000 / app1 if app1 else None
p99 = get("B2-latency.sign_ins.success_303.p99_ms")
row("B2 p99 at 0.8x vs 4 hash-times", p99, 4 * hash_ms if hash_ms else None, 1.0, False, "ms")
success_p50 = get("B2-latency.sign_ins.success_303.p50_ms")
for kind in ("wrong_password", "unknown_user"):
    p50 = get(f"B2-latency.sign_ins.{kind}_422.p50_ms")
    row(f"B2 {kind.replace('_', ' ')} p50 vs success", p50, success_p50, 1.05, False, "ms")
    if p50 and success_p50:
        # Equal time both ways: a refusal must not be faster either.
        name, value, peer, ratio, goal, at_least, unit, passed = rows[-1]
        rows[-1] = (name, value, peer, ratio, "0.95-1.05", at_least, unit, 0.95 <= ratio <= 1.05)

unloaded = get("B3-unloaded.dashboard.p99_ms")
loaded = get("B3-loaded.dashboard.p99_ms")
row("B3 dashboard p99 in a flood vs alone", loaded, unloaded, 2.0, False, "ms")
row("B3 busy answers p99 (server) vs 1 ms", get("B3-flood.server_busy_ms.p99"), 1.0, 1.0, False, "ms")
before, peak = get("B3-flood.rss_before_kib"), get("B3-flood.rss_peak_kib")
growth = (peak - before) / 1024 if before is not None and peak is not None else None
row("B3 memory growth in the flood vs 19 MiB", growth, 19.0, 1.0, False, "MiB")

row("B4 /healthz vs nginx (1 core)", get("B4-abri.requests_per_second"),
    get("B4-nginx.requests_per_second"), 0.9, True, "req/s")
row("B4 bare hyper vs nginx (no goal)", get("B4-hyper.requests_per_second"),
    get("B4-nginx.requests_per_second"), 0.0, True, "req/s")
row("B4 /healthz vs bare hyper (no goal)", get("B4-abri.requests_per_second"),
    get("B4-hyper.requests_per_second"), 0.0, True, "req/s")

row("B5 dashboard br vs identity (1 core)", get("B5.br"), get("B5.identity"), 0.5, True, "req/s")
# The sum of a page's parts on one core: the stack's floor (/healthz), the page's statements
# on rusqlite (B6's peer) and its render (from /metrics during the identity run).
parts = (get("B5.healthz"), pair("B6.dashboard_reads_p50_ms")[1], get("B5.render_mean_ms"))
bound = 1 / (1 / parts[0] + (parts[1] + parts[2]) / 1000) if None not in parts else None
row("B5 dashboard vs sum of its parts (1 core)", get("B5.identity"), bound, 0.7, True, "req/s")
row("B5 dashboard vs /healthz (no goal)", get("B5.identity"), get("B5.healthz"), 0.0, True, "req/s")

for n in ("1k", "10k", "19k"):
    row(f"B7 KiB per idle stream at {n} vs 12", get(f"B7-{n}.kib_per_connection"), 12.0, 1.0, False,
        "KiB")
    row(f"B7 at {n} vs bare hyper (no goal)", get(f"B7-{n}.kib_per_connection"),
        get(f"B7-floor-{n}.kib_per_connection"), 1.0, False, "KiB")
row("B7 idle CPU at 19k vs 2 % of a core", get("B7-19k.idle_cpu_percent_of_a_core"), 2.0, 1.0, False,
    "%")


for figure, label in (("point_read", "point read"), ("dashboard_reads", "dashboard reads")):
    row(f"B6 {label} p50 vs rusqlite (µs)", *pair(f"B6.{figure}_p50_ms", 1000), 2.0, False, "µs")
row("B6 batched inserts vs rusqlite", *pair("B6.batched_rows_per_second"), 0.8, True, "rows/s")
row("B6 one-row commit vs rusqlite (no goal)", *pair("B6.commits_per_second"), 0.0, True, "/s")
row("B6 16 writers' commits vs fsync rate", get("B6.concurrent_commits_per_second"),
    get("B6.fsyncs_per_second"), 0.9, True, "/s")

broker_rate, raw_rows = get("B10.broker_per_second"), pair("B6.batched_rows_per_second")[1]
limit = min(broker_rate, raw_rows) if broker_rate and raw_rows else None
row("B10 MQTT events stored/s vs min(broker, raw)", get("B10.stored_per_second"), limit, 0.6, True,
    "/s")
sent, stored = get("B10.sent"), get("B10.stored")
if sent is not None and stored is not None:
    row("B10 events the broker dropped (no goal)", sent - stored, sent, 0.0, True, "")

row("B8 deliveries/s to 10k streams vs raw TCP", get("B8.abri.deliveries_per_second"),
    get("B8.raw.deliveries_per_second"), 0.5, True, "/s")
cpu, delivered = get("B8.abri_server_cpu_seconds"), get("B8.abri.delivered")
row("B8 deliveries per server CPU-second vs 50k", delivered / cpu if delivered and cpu else None,
    50000.0, 1.0, True, "/s")
row("B8 p99 vs 50 ms", get("B8.abri.p99_ms"), 50.0, 1.0, False, "ms")
row("B8 server cores, 10k others' streams vs none (no goal)", get("B8-crowd.crowded.server_cores"),
    get("B8-crowd.alone.server_cores"), 1.0, False, "cores")
row("B8 p99 vs raw TCP's (no goal)", get("B8.abri.p99_ms"), get("B8.raw.p99_ms"), 1.0, False, "ms")

commits, per_job = get("B12.raw_commits_per_second"), get("B12.commits_per_job")
row("B12 jobs/s vs raw commits/s ÷ 3", get("B12.jobs_per_second"),
    commits / per_job if commits and per_job else None, 0.4, True, "/s")
row("B12 enqueue p99 vs 0.1 ms", get("B12.enqueue_p99_ms"), 0.1, 1.0, False, "ms")

app50, app99 = get("B9.app_p50_ms"), get("B9.app_p99_ms")
broker50, broker99 = get("B9.broker_p50_ms"), get("B9.broker_p99_ms")
if None not in (app50, broker50):
    row("B9 app-added p50 vs 1 ms", app50 - broker50, 1.0, 1.0, False, "ms")
if None not in (app99, broker99):
    row("B9 app-added p99 vs 5 ms", app99 - broker99, 5.0, 1.0, False, "ms")
sent, live = get("B9.sent"), get("B9.received_live")
if sent is not None:
    rows.append(("B9 events lost or doubled", abs(sent - (live or 0)), 0, None, "0", False, "",
                 sent == live))

print()
print(f"{'figure':44} {'value':>10} {'peer':>10} {'ratio':>7} {'goal':>10}  result")
results = []
for name, value, peer, ratio, goal, at_least, unit, passed in rows:
    fmt = lambda x: "-" if x is None else f"{x:10.2f}"
    goal_text = goal if isinstance(goal, str) else ("≥ " if at_least else "≤ ") + f"{goal:.2f}"
    verdict = "-" if passed is None else ("pass" if passed else "FAIL")
    if name.endswith("(no goal)"):
        goal_text, verdict, passed = "-", "info", None
    ratio_text = "-" if ratio is None else f"{ratio:7.2f}"
    print(f"{name:44} {fmt(value)} {fmt(peer)} {ratio_text:>7} {goal_text:>10}  {verdict}")
    results.append({"figure": name, "value": value, "peer": peer, "ratio": ratio,
                    "goal": goal if isinstance(goal, str) else goal, "unit": unit, "pass": passed})

summary = {
    "when": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
    "results": results,
    "raw": raw,
}
with open(sys.argv[2], "w") as out:
    json.dump(summary, out, indent=2)
print(f"\nwritten to {sys.argv[2]}")
