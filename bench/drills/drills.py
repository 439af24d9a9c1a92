"""Fault and attack drills against a Release build of `downwatch serve` on 127.0.0.1, each on a fresh SQLite database.
Prints one Markdown table: drill, load, result, acknowledged writes lost. Exit code 1 when a drill fails.

Usage: python3 bench/drills/drills.py path/to/downwatch.dll [drill ...]   (bench/drills.sh builds it and calls this; names
pick drills, for example catalog_reload)
Every request goes to 127.0.0.1; every loop is bounded in count and time.
"""
import http.client
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

DLL = sys.argv[1]
HERE = os.path.dirname(os.path.abspath(__file__))
PORT = 5097
rows = []
failed = False


class Server:
    def __init__(self, directory, *settings):
        self.db = os.path.join(directory, "downwatch.db")
        self.log = open(os.path.join(tempfile.gettempdir(), "downwatch-drills-server.log"), "a")
        self.settings = list(settings)
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["dotnet", DLL, "serve", "--urls", f"http://127.0.0.1:{PORT}", f"--Storage:SqlitePath={self.db}",
             "--Probing:Enabled=false", "--OfficialStatus:Enabled=false", "--Logging:LogLevel:Default=Warning",
             # one machine plays every reporter here: the per-network allowance would answer 429 before storage is reached
             "--Reports:PermitsPerClient=10000", "--Reports:PermitWindow=00:00:01",
             # and every reporter is its own network: reports carry X-Forwarded-For, trusted from this machine only
             "--ForwardedHeaders:KnownProxies=127.0.0.1", *self.settings],
            stdout=self.log, stderr=self.log)
        deadline = time.time() + 30
        while time.time() < deadline:
            if request("GET", "/healthz")[0] == 200:
                return self
            time.sleep(0.2)
        raise RuntimeError("the server did not start; see " + self.log.name)

    def stop(self, kill=False):
        if self.process and self.process.poll() is None:
            (self.process.kill if kill else self.process.terminate)()
            self.process.wait(30)

    def alive(self):
        return self.process.poll() is None


def request(method, path, body=None, headers=None, timeout=10):
    try:
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=timeout)
        conn.request(method, path, body, headers or {})
        answer = conn.getresponse()
        data = answer.read()
        conn.close()
        return answer.status, data
    except OSError as e:
        return 0, str(e).encode()


_reporters = iter(range(1, 10_000_000))


def report(note):
    """A report from a network of its own; (status, True when the answer says it was stored)."""
    n = next(_reporters)
    status, body = request("POST", "/api/status/openai/reports", json.dumps({"category": "slow", "note": note}),
                           {"Content-Type": "application/json", "User-Agent": f"drill/{note}",
                            "X-Forwarded-For": f"{10 + (n >> 16) % 200}.{(n >> 8) & 255}.{n & 255}.1"})
    return status, status == 200 and b'"stored"' in body


def stored_notes(db, prefix):
    return {row[0] for row in sqlite3.connect(db).execute("select note from reports where note like ?", (prefix + "%",))}


def row(drill, load, result, lost, ok):
    global failed
    failed |= not ok
    rows.append((drill, load, ("" if ok else "FAILED: ") + result, lost))


def sigkill_during_flood(directory):
    server = Server(directory).start()
    acked = os.path.join(directory, "acked.txt")
    open(acked, "w").close()
    client = subprocess.Popen([sys.executable, os.path.join(HERE, "..", "reports", "flood_and_record.py"), str(PORT), acked, "16", "1000000"])
    time.sleep(5)
    server.stop(kill=True)
    client.wait(30)
    server.start()
    server.stop()
    acknowledged = {line.strip() for line in open(acked) if line.strip()}
    lost = acknowledged - stored_notes(server.db, "dur-")
    row("SIGKILL during a report flood", f"16 clients, 5 s, {len(acknowledged):,} acknowledged", "restarted on the same file",
        len(lost), bool(acknowledged) and not lost)


def disk_full(directory):
    mount = os.path.join(directory, "small")
    os.makedirs(mount)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", mount]).returncode != 0:
        row("Disk full", "-", "skipped: cannot mount a small filesystem here (needs root)", "-", True)
        return
    try:
        server = Server(mount).start()
        acked, statuses, readyz_full = set(), {}, None
        filler = os.path.join(mount, "filler")
        with open(filler, "wb") as f:  # leave the database a little room, then none
            try:
                while True:
                    f.write(b"\0" * 65536)
                    f.flush()
                    if os.statvfs(mount).f_bavail * os.statvfs(mount).f_frsize < 256 * 1024:
                        break
            except OSError:
                pass
        deadline = time.time() + 60
        i = 0
        while time.time() < deadline and i < 20_000:
            status, stored = report(f"full-{i}-" + "x" * 250)
            statuses[status] = statuses.get(status, 0) + 1
            if stored:
                acked.add(f"full-{i}-" + "x" * 250)
            if status == 503:
                readyz_full = request("GET", "/readyz")[0]
                break
            i += 1
        os.remove(filler)
        time.sleep(1)
        after_status, after_stored = report("full-after")
        if after_stored:
            acked.add("full-after")
        readyz_after = request("GET", "/readyz")[0]
        server.stop()
        server.start()
        server.stop()
        lost = acked - stored_notes(server.db, "full-")
        ok = 500 not in statuses and readyz_full == 503 and after_status == 200 and readyz_after == 200 and not lost
        row("Disk full", f"reports into a 6 MB filesystem until a write fails ({i:,} sent)",
            f"answers {dict(sorted(statuses.items()))}, /readyz {readyz_full} while full; space freed: report {after_status}, "
            f"/readyz {readyz_after}", len(lost), ok)
    finally:
        subprocess.run(["umount", "-l", mount])


def database_deleted(directory):
    server = Server(directory).start()
    before = sum(report(f"del-{i}")[1] for i in range(50))
    seen = request("GET", "/status/openai")[0]  # a page visitors had open before the loss
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(server.db + suffix):
            os.remove(server.db + suffix)
    answers = [report(f"gone-{i}") for i in range(20)]
    readyz = request("GET", "/readyz")[0]
    page = request("GET", "/status/openai")[0]
    unseen = request("GET", "/status/anthropic")[0]
    alive = server.alive()
    server.stop()
    # A report acknowledged after the delete would have gone to an unlinked file: that is the loss this drill counts.
    ok = before == 50 and alive and all(status == 503 for status, _ in answers) and readyz == 503 and seen == 200 and page == 200
    row("Database files deleted while serving", "50 reports, delete the files, 20 more",
        f"after the delete: reports {sorted({status for status, _ in answers})}, /readyz {readyz}, a page seen before {page} "
        f"(as last rendered), a page never rendered {unseen}, process alive: {alive}",
        sum(stored for _, stored in answers), ok)


def slow_clients(directory):
    server = Server(directory).start()
    sockets = []
    for _ in range(300):
        s = socket.create_connection(("127.0.0.1", PORT))
        s.sendall(b"GET /status/openai HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        sockets.append(s)
    timings = []
    for _ in range(20):
        start = time.time()
        status = request("GET", "/status/openai", timeout=5)[0]
        timings.append((time.time() - start, status))
        for s in sockets[:50]:
            try:
                s.sendall(b"X-Slow: 1\r\n")
            except OSError:
                pass
        time.sleep(0.2)
    worst = max(t for t, _ in timings)
    all_ok = all(status == 200 for _, status in timings)
    for s in sockets:
        s.close()
    server.stop()
    row("Slow clients (headers one line at a time)", "300 connections that never finish their headers",
        f"other visitors' pages: all 200, slowest {worst * 1000:.0f} ms" if all_ok else f"pages failed: {timings}", 0, all_ok and worst < 2)


def stream_exhaustion(directory):
    server = Server(directory).start()
    held, answers = [], {}
    for _ in range(60):
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
        conn.request("GET", "/api/v1/events", headers={"Accept": "text/event-stream"})
        answer = conn.getresponse()
        answers[answer.status] = answers.get(answer.status, 0) + 1
        if answer.status == 200:
            held.append(conn)
        else:
            answer.read()
            conn.close()
    page = request("GET", "/status/openai")[0]
    for conn in held:
        conn.close()
    server.stop()
    ok = answers.get(200, 0) == 20 and answers.get(429, 0) == 40 and page == 200
    row("Live-stream exhaustion from one client", "60 SSE streams held open from one address",
        f"answers {dict(sorted(answers.items()))} (20 per client), pages {page}", 0, ok)


def malformed_bodies(directory):
    server = Server(directory).start()
    rng = random.Random(11)
    routes = [("POST", "/api/status/openai/reports"), ("POST", "/status/openai/report"), ("POST", "/status/openai/subscribe"),
              ("POST", "/api/v1/diagnose"), ("POST", "/api/agent/v1/results"), ("POST", "/api/v1/subscriptions"), ("POST", "/admin/sign-in"),
              ("GET", "/status/openai"), ("GET", "/api/v1/services")]
    kinds = ["application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain", "", "application/json; charset=bogus"]
    counts, sent, deadline = {}, 0, time.time() + 90
    while sent < 20_000 and time.time() < deadline:
        method, path = rng.choice(routes)
        size = rng.choice([0, 1, 10, 300, 5000, 70_000])
        body = bytes(rng.getrandbits(8) for _ in range(min(size, 2000))) * (1 + size // 2000)
        if rng.random() < 0.3:
            body = b'{"category": "' + body[:50] + b'", "note": [1,2,{' if rng.random() < 0.5 else b"a=" + body[:100] + b"&" * 300
        query = "?" + "&".join(f"k{i}=" + "%" * rng.randint(0, 3) for i in range(rng.randint(0, 40))) if rng.random() < 0.3 else ""
        status, _ = request(method, path + query, body if method == "POST" else None,
                            {"Content-Type": rng.choice(kinds), "User-Agent": "fuzz"} if method == "POST" else {"User-Agent": "fuzz"})
        counts[status] = counts.get(status, 0) + 1
        sent += 1
    alive = server.alive()
    server.stop()
    ok = alive and not any(500 <= s < 600 and s != 503 for s in counts) and 0 not in counts
    row("Malformed bodies, headers and queries", f"{sent:,} random requests to {len(routes)} routes",
        f"answers {dict(sorted(counts.items()))}; process alive: {alive}", 0, ok)


def catalog_reload(directory):
    catalog = os.path.join(directory, "catalog")
    shutil.copytree(os.path.join(HERE, "..", "..", "catalog"), catalog)
    services = os.path.join(catalog, "services.yaml")
    original = open(services, encoding="utf-8").read()
    server = Server(directory, "--catalog", catalog).start()
    acked, counts, stop = set(), {}, threading.Event()

    def flood(worker):
        for n in range(1_000_000):
            if stop.is_set():
                return
            status, stored = report(f"rl-{worker}-{n}")
            counts[status] = counts.get(status, 0) + 1
            if stored:
                acked.add(f"rl-{worker}-{n}")

    workers = [threading.Thread(target=flood, args=(w,)) for w in range(4)]
    for w in workers:
        w.start()
    gaps, seen = [], 0
    for i in range(5):
        time.sleep(1)
        with open(services, "w", encoding="utf-8") as f:
            f.write(original.replace("slug: deepseek\n    name: DeepSeek\n", f"slug: deepseek\n    name: DeepSeek r{i}\n"))
        refused_at, deadline = None, time.time() + 30
        server.process.send_signal(signal.SIGHUP)
        while time.time() < deadline:
            status, body = request("GET", "/status/deepseek", timeout=5)
            if status == 0 and refused_at is None:
                refused_at = time.time()
            if status == 200 and f"DeepSeek r{i}".encode() in body:
                seen += 1
                gaps.append(0 if refused_at is None else round((time.time() - refused_at) * 1000))
                break
            time.sleep(0.005)
    stop.set()
    for w in workers:
        w.join(30)
    alive = server.alive()
    server.stop()
    lost = acked - stored_notes(server.db, "rl-")
    gaps.sort()
    ok = alive and seen == 5 and not lost and not any(500 <= s < 600 and s != 503 for s in counts)
    row("Catalog reloaded by SIGHUP during a report flood", f"5 reloads, 4 clients, {len(acked):,} acknowledged",
        f"each reload on the page: {seen}/5; refused for {gaps[0] if gaps else '-'}–{gaps[-1] if gaps else '-'} ms per reload "
        f"(answers {dict(sorted(counts.items()))}, 0 = connection refused); process alive: {alive}", len(lost), ok)


chosen = set(sys.argv[2:])
for drill in (sigkill_during_flood, disk_full, database_deleted, slow_clients, stream_exhaustion, malformed_bodies, catalog_reload):
    if chosen and drill.__name__ not in chosen:
        continue
    with tempfile.TemporaryDirectory(prefix="downwatch-drill-") as directory:
        started = time.time()
        try:
            drill(directory)
        except Exception as e:  # a drill that cannot run is a failed drill, named
            row(drill.__name__, "-", f"did not run: {e!r}", "-", False)
        print(f"# {drill.__name__}: {time.time() - started:.0f} s", file=sys.stderr)

print("| Drill | Load | Result | Acknowledged writes lost |")
print("|---|---|---|---|")
for drill, load, result, lost in rows:
    print(f"| {drill} | {load} | {result} | {lost} |")
sys.exit(1 if failed else 0)
