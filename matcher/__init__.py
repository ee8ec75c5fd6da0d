"""Passerelle: job matching for Québec's health network and the asylum seekers it hires."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from matcher import (
    api,
    applications,
    auth,
    candidates,
    cli,
    errors,
    extensions,
    forms,
    health,
    i18n,
    jobs,
    navigation,
    parcours,
    rounds,
    security,
    static_files,
    tokens,
)
from matcher.config import (
    Config,
    config_for_environment,
    database_url,
    development_secret_key,
    shared_state_warnings,
)
from matcher.extensions import babel, csrf, db, limiter, login_manager, migrate
from matcher.paths import ROOT, data_dir
from matcher.urls import BoundedIntConverter


def create_app(config_class: type[Config] | None = None, **overrides) -> Flask:
    """Build the Passerelle application."""
    app = errors.Passerelle(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(data_dir("templates")),
        static_folder=str(data_dir("static")),
    )
    app.config.from_object(config_class or config_for_environment())
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", None)
    if not overrides.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = database_url()
    app.config.update(overrides)
    _load_secret_key(app)
    _check_shared_state(app)
    app.url_map.converters["int"] = BoundedIntConverter

    register_extensions(app)
    register_blueprints(app)
    errors.init_app(app)
    security.init_app(app)
    static_files.init_app(app)
    auth.init_app(app)
    i18n.init_app(app)
    navigation.init_app(app)
    forms.init_app(app)
    cli.init_app(app)
    health.init_app(app)
    jobs.init_app(app)
    rounds.init_app(app)  # after jobs: it adds a queue task
    parcours.init_app(app)  # after jobs: it adds a periodic task
    applications.init_app(app)  # after jobs: it adds a periodic task
    candidates.init_app(app)
    tokens.init_app(app)
    api.init_app(app)
    return app


def _load_secret_key(app: Flask) -> None:
    """Require SECRET_KEY in production; generate a local one in development."""
    if app.config.get("SECRET_KEY"):
        return
    if app.config["ENV_NAME"] == "production":
        raise RuntimeError("SECRET_KEY must be set when PASSERELLE_ENV=production")
    app.config["SECRET_KEY"] = development_secret_key()


def _check_shared_state(app: Flask) -> None:
    """In production, refuse an in-process queue and warn loudly about per-process state."""
    if app.config["ENV_NAME"] != "production":
        return
    if app.config["JOBS_QUEUE_URL"].startswith("memory:"):
        raise RuntimeError("JOBS_QUEUE_URL=memory:// runs jobs inside requests and never runs "
                           "the periodic ones: use redis://HOST:6379/1 in production")
    for warning in shared_state_warnings(app.config):
        app.logger.warning("PRODUCTION SETTING: %s", warning)


def register_extensions(app: Flask) -> None:
    """Bind the extensions to this application."""
    from matcher.matching import changes
    from matcher.models import audit
    from matcher.postings import search

    extensions.init_app()
    audit.init_app()
    changes.init_app(app)
    search.init_app(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(data_dir("migrations")), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    babel.init_app(app, locale_selector=i18n.select_locale,
                   default_translation_directories=str(data_dir("translations")))


def register_blueprints(app: Flask) -> None:
    """Attach one blueprint per feature."""
    from matcher.admin import audit_views, organization_views  # noqa: F401  (routes on admin_bp)
    from matcher.admin import views as admin_views
    from matcher.admin.views import bp as admin_bp
    from matcher.applications import (  # noqa: F401  (routes on the same bp)
        decision_views,
        employer_views,
        interview_views,
        thread_views,
    )
    from matcher.applications import views as applications_views
    from matcher.applications.views import bp as applications_bp
    from matcher.auth import mfa_views
    from matcher.auth import views as auth_views
    from matcher.auth.views import bp as auth_bp
    from matcher.candidates import views as candidates_views
    from matcher.candidates.views import bp as candidates_bp
    from matcher.dashboard import views as dashboard_views
    from matcher.dashboard.views import bp as dashboard_bp
    from matcher.employers import views as employers_views
    from matcher.employers.views import bp as employers_bp
    from matcher.main.views import bp as main_bp
    from matcher.matching import views as matching_views
    from matcher.matching.views import bp as matching_bp
    from matcher.postings import views as postings_views
    from matcher.postings.views import bp as postings_bp
    from matcher.staff import correction_views, duplicate_views  # noqa: F401  (on staff_bp)
    from matcher.staff import views as staff_views
    from matcher.staff.views import bp as staff_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.before_request(mfa_views.enrolment_guard)
    app.register_blueprint(admin_bp)
    app.register_blueprint(candidates_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(employers_bp)
    app.register_blueprint(postings_bp)
    app.register_blueprint(applications_bp)
    app.register_blueprint(matching_bp)
    app.register_blueprint(dashboard_bp)
    for feature in (admin_views, applications_views, auth_views, mfa_views, candidates_views,
                    dashboard_views, employers_views, matching_views, postings_views, staff_views):
        feature.add_navigation(app)
