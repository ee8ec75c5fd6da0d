"""Configuration classes, read from environment variables."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"


def database_url() -> str:
    """Return DATABASE_URL, or the embedded SQLite file under instance/."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{INSTANCE_DIR / 'passerelle.sqlite3'}"
    # Heroku-style URLs name the driver "postgres"; we use psycopg 3.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def host_list(value: str) -> list[str] | None:
    """Return the host names of a comma-separated list, or None when it names none."""
    hosts = [host.strip().lower() for host in value.split(",") if host.strip()]
    return hosts or None


def development_secret_key() -> str:
    """Return the development key kept in instance/, creating it on first use."""
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


class Config:
    """Development defaults; every value can come from the environment."""

    ENV_NAME = "development"
    # hide_parameters: a database error (in a log or a traceback) never shows the values
    # bound to the statement, which are often personal data.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "hide_parameters": True}
    SECRET_KEY = os.environ.get("SECRET_KEY") or None  # filled in create_app()
    MAX_CONTENT_LENGTH = 1024 * 1024  # 1 MiB: no form here needs more
    MAX_FORM_MEMORY_SIZE = 1024 * 1024
    BABEL_DEFAULT_LOCALE = "fr_CA"
    BABEL_DEFAULT_TIMEZONE = "America/Montreal"  # clock.QUEBEC
    LANGUAGES = ("fr_CA", "en")
    # Whom a pending HR user can reach, and how long staff usually take to decide.
    PROGRAM_CONTACT_EMAIL = os.environ.get("PROGRAM_CONTACT_EMAIL", "programme@passerelle.example")
    PROGRAM_CONTACT_PHONE = os.environ.get("PROGRAM_CONTACT_PHONE", "")
    APPROVAL_BUSINESS_DAYS = int(os.environ.get("APPROVAL_BUSINESS_DAYS", "2"))
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_DURATION = timedelta(days=14)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    WTF_CSRF_TIME_LIMIT = 3600 * 4
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = False
    # Requests per API token (matcher.api): an HR system's sync, not a scraper.
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "300 per minute")
    ARGON2_PARAMS = {"time_cost": 3, "memory_cost": 65536, "parallelism": 4}
    DEMO_ENABLED = True
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587") or 587)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "1") != "0"
    MAIL_FROM = os.environ.get("MAIL_FROM", "Passerelle <no-reply@passerelle.invalid>")
    # Outbox delivery (matcher.mail): a claim older than the timeout belongs to a crashed
    # sender; the retry delay doubles after each failed attempt.
    OUTBOX_MAX_ATTEMPTS = 8
    OUTBOX_CLAIM_TIMEOUT = timedelta(minutes=10)
    OUTBOX_RETRY_DELAY = timedelta(minutes=1)
    # The job queue (matcher.jobs): empty means the SQLite file instance/jobs.sqlite3;
    # redis://host:6379/0 in production (pip install 'passerelle[redis]').
    JOBS_QUEUE_URL = os.environ.get("JOBS_QUEUE_URL", "").strip()
    # The month the privacy notice last changed (2026-12: who reads HR–candidate messages);
    # each consent records the version it was given under. Change it with the notice.
    PRIVACY_POLICY_VERSION = "2026-12"
    # Law 25: a candidate inactive this long is anonymized, after a warning 30 days before.
    RETENTION_MONTHS = int(os.environ.get("RETENTION_MONTHS", "24") or 24)
    # Base of every absolute link in messages, inside or outside a request: never the
    # request's Host header, which a client chooses (password-reset link poisoning).
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000")
    # Host names this site answers to; None accepts any (development). Production derives
    # it from PUBLIC_URL when the environment does not list them (see security.py).
    TRUSTED_HOSTS = None
    TESTING = False
    # Two-step login (matcher/auth/mfa.py): required for these roles, offered to HR.
    MFA_REQUIRED_ROLES = ("staff", "admin")
    # Encrypts TOTP secrets at rest (a Fernet key); empty: derived from SECRET_KEY by HKDF.
    MFA_KEY = os.environ.get("MFA_KEY", "").strip() or None
    MFA_OLD_KEYS = os.environ.get("MFA_OLD_KEYS", "")


class TestConfig(Config):
    """Fast, isolated settings for the test suite."""

    ENV_NAME = "test"
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
    WTF_CSRF_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    # Tests call the task functions themselves; nothing waits in a queue.
    JOBS_QUEUE_URL = "memory://"
    # Cheap hashing in tests only: production cost would make the suite crawl.
    ARGON2_PARAMS = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}
    # Most tests log staff in with a password only; tests/security/test_mfa.py turns the
    # production rule on (and checks that Config and ProductionConfig keep it).
    MFA_REQUIRED_ROLES = ()


class ProductionConfig(Config):
    """Production: secure cookies, HSTS, known hosts only, no demo accounts, a real secret key."""

    ENV_NAME = "production"
    # A __Host- cookie is refused by browsers unless it is Secure, has Path=/ and no Domain,
    # so neither a sibling subdomain nor plain HTTP can plant or overwrite it.
    SESSION_COOKIE_NAME = "__Host-session"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_PATH = "/"
    SESSION_COOKIE_DOMAIN = None
    REMEMBER_COOKIE_NAME = "__Host-remember_token"
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_PATH = "/"
    REMEMBER_COOKIE_DOMAIN = None
    TRUSTED_HOSTS = host_list(os.environ.get("TRUSTED_HOSTS", ""))
    DEMO_ENABLED = False


def shared_state_warnings(config) -> list[str]:
    """Name the settings that keep state inside one process, wrong for production's workers."""
    warnings = []
    if str(config.get("RATELIMIT_STORAGE_URI", "")).startswith("memory://"):
        warnings.append("RATELIMIT_STORAGE_URI=memory:// counts requests in each worker "
                        "apart, so N workers allow N times each limit: set it to "
                        "redis://HOST:6379/0 (pip install 'passerelle[redis]').")
    if not str(config.get("JOBS_QUEUE_URL", "")).startswith(("redis://", "rediss://", "unix://")):
        warnings.append("JOBS_QUEUE_URL is not Redis: the job queue lives in a SQLite file "
                        "that only this machine sees; set JOBS_QUEUE_URL=redis://HOST:6379/1.")
    return warnings


def config_for_environment() -> type[Config]:
    """Pick the configuration class from PASSERELLE_ENV."""
    if os.environ.get("PASSERELLE_ENV", "").strip().lower() == "production":
        return ProductionConfig
    return Config
