"""The deployment shape: gunicorn builds the indexes before serving; production shares state."""

import importlib.util
import logging
from pathlib import Path
from types import SimpleNamespace

import pytest

from matcher import create_app
from matcher.config import ProductionConfig, shared_state_warnings
from matcher.extensions import db
from matcher.matching import engine as matching_engine
from tests import factories as f

ROOT = Path(__file__).resolve().parents[1]


def gunicorn_conf():
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fake_server(app, workers: int = 3, preload: bool = True):
    log = logging.getLogger("test.gunicorn")
    return SimpleNamespace(cfg=SimpleNamespace(workers=workers, preload_app=preload),
                           app=SimpleNamespace(wsgi=lambda: app), log=log)


def test_the_master_builds_the_indexes_before_forking_workers(app, monkeypatch):
    with app.app_context():
        f.make_candidate()
        f.make_posting()
        db.session.commit()
    conf = gunicorn_conf()
    monkeypatch.setattr(conf.gc, "freeze", lambda: None)  # keep the test process collectable
    assert conf.preload_app and not matching_engine.built()
    conf.when_ready(fake_server(app))
    assert matching_engine.built()


def test_a_worker_without_preload_warms_up_before_its_first_request(app):
    conf = gunicorn_conf()
    worker = SimpleNamespace(wsgi=app, pid=1234, log=logging.getLogger("test.gunicorn"))
    conf.post_worker_init(worker)
    assert matching_engine.built()
    assert app.test_client().get("/readyz").status_code == 200


def test_gunicorn_refuses_memory_rate_limits_with_several_production_workers(monkeypatch):
    conf = gunicorn_conf()
    monkeypatch.setenv("PASSERELLE_ENV", "production")
    monkeypatch.setattr(ProductionConfig, "RATELIMIT_STORAGE_URI", "memory://")
    with pytest.raises(SystemExit, match="RATELIMIT_STORAGE_URI=redis://"):
        conf.on_starting(fake_server(None, workers=3))
    conf.on_starting(fake_server(None, workers=1))  # one worker: the counts are right
    monkeypatch.setattr(ProductionConfig, "RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    conf.on_starting(fake_server(None, workers=3))


def test_production_warns_about_per_process_state_and_refuses_an_inline_queue(caplog):
    settings = {"SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                "PUBLIC_URL": "https://localhost"}
    with caplog.at_level(logging.WARNING):
        create_app(ProductionConfig, RATELIMIT_STORAGE_URI="memory://", **settings)
    assert "RATELIMIT_STORAGE_URI=memory://" in caplog.text
    with pytest.raises(RuntimeError, match="JOBS_QUEUE_URL=memory://"):
        create_app(ProductionConfig, JOBS_QUEUE_URL="memory://", **settings)
    assert shared_state_warnings({"RATELIMIT_STORAGE_URI": "redis://r:6379/0",
                                  "JOBS_QUEUE_URL": "redis://r:6379/1"}) == []
