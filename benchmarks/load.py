"""Bounded load on a running Passerelle (127.0.0.1 only), as the deployment smoke test runs it.

    python benchmarks/load.py --port 8000 [--requests 2000] [--seconds 150] [--clients 6]

Needs the demo data, with its accounts allowed to log in (.ci/smoke.sh arranges it). It talks
to gunicorn as the TLS proxy would (X-Forwarded-Proto: https, Host: --host), and keeps
cookies itself, since production's are __Host- and Secure. It checks, then measures:
1. the home page is served in French;
2. an edit made through one worker is visible in every worker's next ranked page: a
   candidate listed on an employer's ranked page lowers their French (they must vanish from
   every worker's page), then raises it (they must be back on every worker's page); the
   workers are told apart by X-Worker-Pid (gunicorn.conf.py adds it when PASSERELLE_SMOKE=1);
3. a mix of job board, login, ranked pages, profile edits and applications from several
   clients at once, bounded in count and time: zero 5xx allowed;
4. one password reset request, whose message the smoke test then expects exactly once.
Prints requests per second and latency percentiles (a benchmark, not a gate).
"""

from __future__ import annotations

import argparse
import http.client
import random
import re
import statistics
import sys
import threading
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
DOMAIN = "demo.passerelle.example"
PASSWORD = "passerelle-demo-2026"  # noqa: S105  (the demo accounts' documented password)


class Client:
    """One browser: its own cookies; every request is recorded in the shared `stats`."""

    def __init__(self, args, stats: Stats):
        self.args, self.stats, self.cookies = args, stats, {}

    def request(self, method: str, path: str, data: dict | None = None, kind: str = ""):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        # As a browser behind the TLS proxy: CSRF checks want an https Referer of this host.
        headers = {"Host": self.args.host, "X-Forwarded-Proto": "https",
                   "Referer": f"https://{self.args.host}{path}",
                   "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.args.port, timeout=30)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        self.stats.add(kind or path.split("?")[0], response.status,
                       time.perf_counter() - started)
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response, text

    def get(self, path: str, kind: str = ""):
        return self.request("GET", path, kind=kind)

    def post_form(self, page: str, action: str, data: dict, kind: str):
        """Read the form's page for its CSRF token, then post the form."""
        _response, html = self.get(page, kind=kind + " (form)")
        match = CSRF.search(html)
        if match is None:
            raise CheckFailed(f"no CSRF token on {page}")
        return self.request("POST", action, {"csrf_token": match.group(1), **data}, kind=kind)

    def login(self, email: str) -> None:
        response, _ = self.post_form("/login", "/login", {"email": email, "password": PASSWORD},
                                     kind="login")
        if response.status != 302:
            raise CheckFailed(f"login of {email} answered {response.status}")


class Stats:
    def __init__(self, limit: int, seconds: float):
        self.lock = threading.Lock()
        self.rows: list[tuple[str, int, float]] = []
        self.limit, self.deadline = limit, time.monotonic() + seconds

    def add(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.rows.append((kind, status, seconds))

    def more(self) -> bool:
        return len(self.rows) < self.limit and time.monotonic() < self.deadline


class CheckFailed(Exception):
    pass


def french_levels(level: int) -> dict:
    data = {}
    for skill in ("oral_comprehension", "oral_production", "reading", "writing"):
        data[f"french_{skill}"], data[f"french_{skill}_source"] = str(level), "self"
    return data


def ranked(client: Client, posting_id: int) -> tuple[str, set[int]]:
    """Return (worker pid, candidate ids) of one ranked page."""
    response, html = client.get(f"/employer/postings/{posting_id}/candidates", kind="ranked")
    if response.status != 200:
        raise CheckFailed(f"ranked page answered {response.status}")
    ids = {int(i) for i in re.findall(rf"/postings/{posting_id}/candidates/(\d+)", html)}
    return response.getheader("X-Worker-Pid", "?"), ids


def check_every_worker(hr: Client, posting_id: int, candidate_id: int, listed: bool,
                       workers: int) -> None:
    """Ask the ranked page until each worker answered; every answer must agree.

    The requests go `workers` at a time: one after another, the kernel may hand every
    connection to the same two processes and never to the third.
    """
    seen = set()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for _ in range(30):
            answers = list(pool.map(lambda _n: ranked(hr, posting_id), range(workers)))
            for pid, ids in answers:
                if (candidate_id in ids) != listed:
                    raise CheckFailed(f"worker {pid} "
                                      f"{'misses' if listed else 'still shows'} the edit")
                seen.add(pid)
            if len(seen) >= workers:
                break
    if len(seen) >= workers:
        print(f"  edit visible in all {workers} workers' next ranked page "
              f"(pids {', '.join(sorted(seen))})")
        return
    raise CheckFailed(f"only workers {sorted(seen)} answered; expected {workers}")


def check_edit_visibility(args, stats: Stats) -> None:
    hr = Client(args, stats)
    hr.login(f"rh1@{DOMAIN}")
    _r, html = hr.get("/employer")
    for posting_id in sorted({int(i) for i in re.findall(r"/employer/postings/(\d+)", html)}):
        _pid, ids = ranked(hr, posting_id)
        if ids:
            break
    else:
        raise CheckFailed("no posting of rh1 lists a candidate")
    candidate_id = min(ids)
    email = candidate_email(args, candidate_id)
    person = Client(args, stats)
    person.login(email)
    for level, listed in ((1, False), (12, True)):
        response, _ = person.post_form("/profile/french", "/profile/french",
                                       french_levels(level), kind="profile edit")
        if response.status != 302:
            raise CheckFailed(f"the French edit answered {response.status}")
        print(f"candidate {candidate_id} set French to {level} through one worker:")
        check_every_worker(hr, posting_id, candidate_id, listed, args.workers)


def candidate_email(args, candidate_id: int) -> str:
    import psycopg

    with psycopg.connect(args.database_url.replace("postgresql+psycopg", "postgresql")) as conn:
        return conn.execute("SELECT u.email FROM users u JOIN candidates c ON c.user_id = u.id "
                            "WHERE c.id = %s", (candidate_id,)).fetchone()[0]


def board(client: Client, rng: random.Random, posting_ids: list[int]) -> None:
    choice = rng.random()
    if choice < 0.4:
        client.get("/jobs", kind="job board")
    elif choice < 0.6:
        words = ["préposé", "cuisinier", "entretien", "infirmière"]
        client.get("/jobs?q=" + urllib.parse.quote(rng.choice(words)), kind="job board search")
    elif choice < 0.9:
        client.get(f"/jobs/{rng.choice(posting_ids)}", kind="job page")
    else:
        client.get("/", kind="home")


def candidate_loop(args, stats: Stats, number: int, posting_ids: list[int]) -> None:
    rng = random.Random(number)
    client = Client(args, stats)
    client.login(f"candidat{number:03d}@{DOMAIN}")
    while stats.more():
        choice = rng.random()
        if choice < 0.35:
            board(client, rng, posting_ids)
        elif choice < 0.55:
            client.get("/matches", kind="my matches")
        elif choice < 0.7:
            client.post_form("/profile/french", "/profile/french",
                             french_levels(rng.randint(6, 12)), kind="profile edit")
        elif choice < 0.85:
            posting = rng.choice(posting_ids)
            client.post_form(f"/jobs/{posting}/apply", f"/jobs/{posting}/apply",
                             {"share_contact": "y"}, kind="application")
        else:
            client.get("/applications", kind="my applications")


def employer_loop(args, stats: Stats, number: int, posting_ids: list[int]) -> None:
    rng = random.Random(1000 + number)
    client = Client(args, stats)
    client.login(f"rh{number}@{DOMAIN}")
    _r, html = client.get("/employer")
    own = sorted({int(i) for i in re.findall(r"/employer/postings/(\d+)", html)})
    while stats.more():
        if rng.random() < 0.8 and own:
            client.get(f"/employer/postings/{rng.choice(own)}/candidates", kind="ranked")
        else:
            client.get("/employer", kind="employer home")


def anonymous_loop(args, stats: Stats, number: int, posting_ids: list[int]) -> None:
    rng = random.Random(2000 + number)
    while stats.more():
        client = Client(args, stats)
        if rng.random() < 0.1:  # a fresh visitor logs in, looks, leaves
            client.login(f"candidat{rng.randint(100, 199):03d}@{DOMAIN}")
            client.get("/matches", kind="my matches")
        else:
            board(client, rng, posting_ids)


def run_mix(args, stats: Stats, posting_ids: list[int]) -> list[BaseException]:
    loops = [candidate_loop, candidate_loop, employer_loop, anonymous_loop]
    errors: list[BaseException] = []

    def run(loop, number):
        try:
            loop(args, stats, number, posting_ids)
        except Exception as error:  # noqa: BLE001  (reported after the run)
            errors.append(error)

    threads = [threading.Thread(target=run, args=(loops[i % len(loops)], i // len(loops) + 2))
               for i in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def report(stats: Stats, first: int, seconds: float) -> int:
    """Print the mix's throughput and latencies (rows from `first` on); return the 5xx count."""
    rows = stats.rows[first:]
    statuses = Counter(status for _kind, status, _s in rows)
    times = sorted(s * 1000 for _kind, _status, s in rows)

    def pct(p: float) -> float:
        return times[min(len(times) - 1, int(p / 100 * len(times)))]

    print(f"{len(rows)} requests in {seconds:.1f} s: {len(rows) / seconds:.0f} requests/s; "
          f"latency p50 {pct(50):.0f} ms, p95 {pct(95):.0f} ms, p99 {pct(99):.0f} ms")
    print("  statuses: " + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())))
    by_kind: dict[str, list[float]] = {}
    for kind, _status, s in rows:
        by_kind.setdefault(kind, []).append(s * 1000)
    for kind, values in sorted(by_kind.items()):
        print(f"  {kind:<26} {len(values):5d}  median {statistics.median(values):6.0f} ms")
    errors = sum(n for s, n in statuses.items() if s >= 500)
    return errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="localhost", help="Host header (PUBLIC_URL's host)")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=150)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers to expect")
    parser.add_argument("--database-url", required=True, help="to find a candidate's email")
    parser.add_argument("--reset-email", default=f"candidat050@{DOMAIN}")
    args = parser.parse_args()
    stats = Stats(args.requests, args.seconds)
    visitor = Client(args, stats)
    response, html = visitor.get("/")
    if response.status != 200 or 'lang="fr' not in html or "Emplois" not in html:
        print(f"FAIL: the home page is not served in French (HTTP {response.status})")
        return 1
    print("home page served in French")
    try:
        check_edit_visibility(args, stats)
    except CheckFailed as error:
        print(f"FAIL: {error}")
        return 1
    _r, html = visitor.get("/jobs")
    posting_ids = sorted({int(i) for i in re.findall(r'href="/jobs/(\d+)"', html)})
    first, started = len(stats.rows), time.perf_counter()
    errors = run_mix(args, stats, posting_ids or [1])
    seconds = time.perf_counter() - started
    response, _ = visitor.post_form("/password/forgot", "/password/forgot",
                                    {"email": args.reset_email}, kind="password reset")
    failures = report(stats, first, seconds)
    failures += sum(1 for _kind, status, _s in stats.rows[:first] if status >= 500)
    for error in errors:
        print(f"FAIL: a client stopped: {error!r}")
    if failures:
        print(f"FAIL: {failures} responses were 5xx")
    if response.status != 302:
        print(f"FAIL: the password reset request answered {response.status}")
    return 1 if failures or errors or response.status != 302 else 0


if __name__ == "__main__":
    sys.exit(main())
