"""How fast the wall serves readers at scale, against the framework floor of the same server.

Seeds 100,000 published stories (plus unpublished ones and reactions), serves the app with gunicorn
and the production settings (gunicorn.conf.py), and loads it with wrk at 50 connections:

    hello    a Flask route that returns "hello" on the same app and server (benchmarks/wsgi_bench.py)
    wall     the first page of the wall
    deep     the 1000th page, by cursor (?before=...)
    wall304  the first page again, revalidated with its ETag (what a returning browser sends)
    story    a story page, a different published story on every request
    feed     the Atom feed
    api      the first page of /api/stories

Prints a table, then one line of JSON. Targets: wall_over_hello >= 0.5, deep_page_over_first_p50 <= 1.2.

    .venv/bin/python benchmarks/wall.py                 # SQLite
    .venv/bin/python benchmarks/wall.py --db postgres   # a throwaway PostgreSQL cluster
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.seed import seed  # noqa: E402
from tests.servers import BIN, Postgres, free_port, stop, wait_for_port, wall_env  # noqa: E402

STORY_SCRIPT = """
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/stories/" .. math.random(1, {n}))
end
"""


def start_server(env: dict, log: Path) -> tuple[subprocess.Popen, str]:
    """gunicorn as in production (its config file), serving the benchmark's app module."""
    port = free_port()
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            [str(BIN / "gunicorn"), "--config", str(ROOT / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{port}",
             "benchmarks.wsgi_bench:app"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    wait_for_port(port, timeout=60, proc=proc)
    return proc, f"http://127.0.0.1:{port}"


def server_cpu_seconds(master: int) -> float:
    """CPU time used so far by gunicorn's master and workers: a per-request cost that other work on
    the machine cannot inflate, unlike requests per second."""
    pids = [master] + [int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split()]
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url: str, seconds: int, connections: int, threads: int, script: Path | None = None,
            headers: dict | None = None) -> dict:  # fmt: skip
    cmd = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--latency"]
    for name, value in (headers or {}).items():
        cmd += ["-H", f"{name}: {value}"]
    if script:
        cmd += ["-s", str(script)]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M))
    parsed = {k: re.match(r"([\d.]+)(\w+)", v).groups() for k, v in latency.items()}
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "requests": requests,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": _ms(*parsed["50"]),
        "p99_ms": _ms(*parsed["99"]),
        "bad": int(bad.group(1)) if bad else 0,
        "socket_errors": sum(int(n) for n in errors.groups()) if errors else 0,
    }


def fetch(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def prepare(database_url: str, stories: int, folder: Path) -> tuple[dict, str]:
    """Seed the database; return what was seeded and the cursor of page 1000."""
    from wall import create_app
    from wall.extensions import db
    from wall.public.queries import encode_cursor, published
    from wall.stories.models import Story

    settings = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench",
        "TESTING": True,
        "BROKER_URL": "memory://",
    }
    app = create_app(settings)
    with app.app_context():
        import wall.models  # noqa: F401

        db.create_all()
        started = time.monotonic()
        seeded = seed(stories)
        seeded["seconds"] = round(time.monotonic() - started, 1)
        size = app.config["WALL_PAGE_SIZE"]
        # The last story of page 999: "?before=" it is page 1000, as a reader clicking "Older" would reach it.
        order = published().order_by(Story.published_at.desc(), Story.id.desc())
        last_of_999 = db.session.scalars(order.offset(999 * size - 1).limit(1)).one()
        cursor = encode_cursor(last_of_999)
        db.engine.dispose()
    return seeded, cursor


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=8, help="load per endpoint and round")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds; the median is reported")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument(
        "--threads", type=int, default=1, help="wrk threads (one leaves the cores to the server)"
    )
    args = parser.parse_args()
    if args.stories < 1000 * 20 + 1:
        parser.error("--stories must reach page 1000 (more than 20,000)")
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")

    load_before = os.getloadavg()[0]
    folder = Path(tempfile.mkdtemp(prefix="wall-bench-"))
    pg = None
    try:
        if args.db == "postgres":
            pg = Postgres().start()  # its own folder, which the postgres user can reach
            database_url = pg.url()
        else:
            database_url = f"sqlite:///{folder / 'wall.db'}"
        seeded, deep_cursor = prepare(database_url, args.stories, folder)
        env = wall_env(DATABASE_URL=database_url, SECRET_KEY="bench-secret", BROKER_URL="memory://",
                       INSTANCE_PATH=folder / "instance", MODERATION_MODEL="light")  # fmt: skip
        web, url = start_server(env, folder / "web.log")
        try:
            results = measure(url, deep_cursor, args, folder, web.pid)
        except Exception:
            print((folder / "web.log").read_text()[-4000:], file=sys.stderr)
            raise
        finally:
            stop(web)
    finally:
        if pg:
            pg.stop()
        shutil.rmtree(folder, ignore_errors=True)
    report(results, seeded, args, (load_before, os.getloadavg()[0]))


def measure(url: str, deep_cursor: str, args, folder: Path, master: int) -> dict:
    script = folder / "story.lua"
    script.write_text(STORY_SCRIPT.format(n=args.stories))
    status, headers, first_page = fetch(f"{url}/")
    assert status == 200 and b"Older stories" in first_page, status
    status, _, deep_page = fetch(f"{url}/?before={deep_cursor}")
    assert status == 200 and deep_page.count(b'class="story"') == 20, status
    assert fetch(f"{url}/", {"If-None-Match": headers["ETag"]})[0] == 304
    endpoints = {
        "hello": (f"{url}/bench/hello", {}),
        "wall": (f"{url}/", {}),
        "deep": (f"{url}/?before={deep_cursor}", {}),
        "wall304": (f"{url}/", {"headers": {"If-None-Match": headers["ETag"]}}),
        "story": (f"{url}/", {"script": script}),
        "feed": (f"{url}/feed.atom", {}),
        "api": (f"{url}/api/stories", {}),
    }
    for target, extra in endpoints.values():  # warm-up: pools, caches, every worker's first request
        run_wrk(target, 2, args.connections, args.threads, **extra)
    # Interleaved rounds, median of each: other work on the machine then weighs on every endpoint alike.
    runs = {name: [] for name in endpoints}
    for _ in range(args.rounds):
        for name, (target, extra) in endpoints.items():
            before = server_cpu_seconds(master)
            run = run_wrk(target, args.seconds, args.connections, args.threads, **extra)
            run["cpu_ms"] = (server_cpu_seconds(master) - before) * 1000 / max(run["requests"], 1)
            runs[name].append(run)
    return {name: _median(found) for name, found in runs.items()}


def _median(runs: list[dict]) -> dict:
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def report(results: dict, seeded: dict, args, load: tuple[float, float]) -> None:
    print(f"\nSmall Steps wall benchmark: {args.db}, {seeded['published']:,} published stories "
          f"(+{seeded['unpublished']:,} unpublished, {seeded['reaction_rows']:,} reaction counts), "
          f"wrk {args.threads} thread(s) x {args.connections} connections, median of {args.rounds} rounds of "
          f"{args.seconds} s per endpoint, {os.cpu_count()} CPUs, "
          f"1-min load average {load[0]:.2f} before and {load[1]:.2f} after\n")  # fmt: skip
    print(f"{'endpoint':<10}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'CPU ms/req':>12}{'errors':>8}")
    for name, r in results.items():
        errors = r["bad"] + r["socket_errors"]
        print(
            f"{name:<10}{r['rps']:>10.0f}{r['p50_ms']:>10.2f}{r['p99_ms']:>10.2f}{r['cpu_ms']:>12.2f}{errors:>8}"
        )
    hello, wall, deep = results["hello"], results["wall"], results["deep"]
    summary = {
        "db": args.db,
        "stories": seeded["published"],
        "connections": args.connections,
        "hello_rps": round(hello["rps"], 1),
        "wall_rps": round(wall["rps"], 1),
        "wall_over_hello": round(wall["rps"] / hello["rps"], 3),
        "wall_over_hello_cpu": round(hello["cpu_ms"] / wall["cpu_ms"], 3),
        "deep_rps": round(deep["rps"], 1),
        "deep_page_over_first_p50": round(deep["p50_ms"] / wall["p50_ms"], 3),
        "wall_304_rps": round(results["wall304"]["rps"], 1),
        "story_rps": round(results["story"]["rps"], 1),
        "feed_rps": round(results["feed"]["rps"], 1),
        "api_rps": round(results["api"]["rps"], 1),
        "errors": sum(r["bad"] + r["socket_errors"] for r in results.values()),
        "load_before": round(load[0], 2),
        "load_after": round(load[1], 2),
        "targets_met": wall["rps"] / hello["rps"] >= 0.5 and deep["p50_ms"] / wall["p50_ms"] <= 1.2,
    }
    print()
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
