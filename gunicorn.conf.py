"""gunicorn settings for Passerelle: `gunicorn -c gunicorn.conf.py` (docs/deploy.md).

Every web worker holds the ranking indexes in memory (DESIGN.md §7.4), and no request
may wait for them to be built. The master builds them once, before it forks the
workers (`preload_app`): each worker starts with the indexes, the occupation catalog
and the imported code already in memory, shared copy-on-write with its siblings.

Why preload rather than a warm-up in each worker (post_worker_init), measured with
benchmarks/cold_start.py at 100,000 candidates on this 2-core machine (docs/deploy.md
has the full figures):
- time: preload builds once (catalog + indexes), then a worker is ready as soon as it
  is forked, also when gunicorn replaces a dead or recycled worker hours later. A
  per-worker warm-up builds N times, in parallel on few cores, and again in every
  replacement worker (during which that worker serves nothing).
- memory: forked workers share the master's pages until they write them. numpy arrays
  that the first refresh does not touch stay shared; Python objects get copied as their
  reference counts change, which `gc.freeze()` (below) limits. The proportional set
  size (PSS) per worker is lower with preload; the resident size (RSS) is the same.
The cost: the master keeps a copy of the indexes (they age there, so a worker forked
later catches up from the change log before serving: see post_worker_init) and code is
reloaded by restarting gunicorn, not by HUP alone.

Set PASSERELLE_PRELOAD=0 to build in each worker instead (what the benchmark compares).
"""

import gc
import os

wsgi_app = "matcher:create_app()"
bind = os.environ.get("PASSERELLE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
preload_app = os.environ.get("PASSERELLE_PRELOAD", "1") != "0"
# A ranked page answers in tens of milliseconds once built; 30 s is for slow clients.
timeout = 30
graceful_timeout = 30
# The TLS proxy in front sets X-Forwarded-*: trust it only from this machine.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("PASSERELLE_ACCESS_LOG") or None
errorlog = "-"


def _flask_app(wsgi):
    """Return the Flask app behind a wsgi callable (it may be wrapped by middleware)."""
    while not hasattr(wsgi, "app_context") and hasattr(wsgi, "app"):
        wsgi = wsgi.app
    return wsgi


def _warm(app, log, who: str) -> None:
    """Build or refresh the indexes; when the database is down, serve anyway (503 pages).

    /readyz then stays 503 and the first ranked page after the outage builds them.
    """
    from matcher import clock
    from matcher.extensions import db
    from matcher.matching import engine

    with app.app_context():
        try:
            seconds = engine.warm(clock.today())
        except Exception:  # noqa: BLE001  (any database error: log it, start anyway)
            log.exception("%s: the ranking indexes could not be built", who)
            return
        finally:
            db.engine.dispose()  # no connection may be shared across fork
    log.info("%s: ranking indexes ready in %.1f s", who, seconds)


def on_starting(server):
    """Refuse per-process rate limits in production when there is more than one worker."""
    from matcher.config import config_for_environment

    config = config_for_environment()
    if (config.ENV_NAME == "production" and server.cfg.workers > 1
            and config.RATELIMIT_STORAGE_URI.startswith("memory://")):
        raise SystemExit(
            f"gunicorn: {server.cfg.workers} workers with RATELIMIT_STORAGE_URI=memory:// "
            "would each allow the full rate limits (login, password reset): set "
            "RATELIMIT_STORAGE_URI=redis://HOST:6379/0, or run one worker.")


def when_ready(server):
    """In the master, after the app is loaded: build the indexes the workers will inherit."""
    if server.cfg.preload_app:
        _warm(_flask_app(server.app.wsgi()), server.log, "master")
        # Objects that exist now are never collected: the collector then leaves their
        # headers alone and the workers' pages stay shared.
        gc.freeze()


def post_fork(server, worker):
    """In a new worker: drop any pooled connection inherited from the master."""
    if server.cfg.preload_app:
        from matcher.extensions import db

        with _flask_app(server.app.wsgi()).app_context():
            db.engine.dispose(close=False)


def post_worker_init(worker):
    """Before the worker accepts a request: build, or catch up with changes since the fork."""
    _warm(_flask_app(worker.wsgi), worker.log, f"worker {worker.pid}")
    # What the worker built or caught up with lives as long as it does: the collector's
    # full passes skip it (a pass over the catalog and indexes paused a request by about
    # 140 ms every few dozen requests, benchmarks/job_board.py's p95).
    gc.freeze()
    if os.environ.get("PASSERELLE_SMOKE") == "1":
        worker.wsgi = _answered_by(worker.wsgi, worker.pid)


def _answered_by(wsgi, pid: int):
    """Name the worker in an X-Worker-Pid header (the smoke test only: .ci/smoke.sh)."""

    def app(environ, start_response):
        def start(status, headers, exc_info=None):
            return start_response(status, [*headers, ("X-Worker-Pid", str(pid))], exc_info)

        return wsgi(environ, start)

    return app
