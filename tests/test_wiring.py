"""Explicit wiring: create_app registers every hook, once, however many apps a process makes."""

import json
import re
import subprocess
import sys

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict
from wtforms import Form, StringField
from wtforms.fields.core import Field

from matcher import create_app, forms, navigation
from matcher.auth.loader import load_user
from matcher.config import TestConfig
from matcher.extensions import db, login_manager
from matcher.matching import changes
from matcher.models import AuditEvent, RankingChange
from matcher.models.audit import AppendOnlyError
from matcher.postings import search
from tests.factories import make_posting


def second_app(app):
    """Another application in the same process, on the same test database."""
    return create_app(TestConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])


def test_each_flush_writes_one_change_row_and_one_search_text(app, monkeypatch):
    other = second_app(app)
    calls = []
    search_text = search.posting_search_text
    monkeypatch.setattr(search, "posting_search_text",
                        lambda *args: calls.append(args) or search_text(*args))
    with other.app_context():
        posting = make_posting()
        assert len(calls) == 1
        posting.title = "Infirmière auxiliaire"
        db.session.flush()
        assert len(calls) == 2
        rows = db.session.scalar(select(func.count()).select_from(RankingChange).where(
            RankingChange.kind == "posting", RankingChange.object_id == posting.id))
        assert rows == 2, "one change row per flush, not one per application created"
        assert event.contains(Session, "after_flush", changes._record_changes)


def test_audit_events_stay_append_only_in_a_second_app(app):
    other = second_app(app)
    with other.app_context():
        audit_event = AuditEvent(action="test.wiring", details={})
        db.session.add(audit_event)
        db.session.flush()
        audit_event.action = "test.changed"
        try:
            db.session.flush()
        except AppendOnlyError:
            pass
        else:
            raise AssertionError("an audit event was updated")
        finally:
            db.session.rollback()


def test_menu_entries_live_on_each_app_once(app):
    other = second_app(app)
    for application in (app, other):
        endpoints = [item.endpoint for item in navigation.entries(application)]
        assert endpoints and len(endpoints) == len(set(endpoints))
        assert all(endpoint in application.view_functions for endpoint in endpoints)
    assert navigation.entries(app) == navigation.entries(other)
    assert navigation.entries(app) is not navigation.entries(other)


def test_the_user_loader_is_registered(app):
    other = second_app(app)
    assert app.login_manager is other.login_manager is login_manager
    assert login_manager._user_callback is load_user


class NameForm(forms.BaseForm):
    class Meta:
        csrf = False

    name = StringField()


def test_the_form_rules_run_once_per_field_and_only_in_base_forms(app, monkeypatch):
    second_app(app)
    calls, nfc = [], forms.nfc
    monkeypatch.setattr(forms, "nfc", lambda text: calls.append(text) or nfc(text))
    with app.test_request_context():
        form = NameForm(formdata=MultiDict({"name": "Rene\u0301e"}))
        assert form.name.data == "Renée"
        assert len(calls) == 1
        assert form.validate()

        refused = NameForm(formdata=MultiDict({"name": "a\x00b"}))
        assert not refused.validate()
        assert refused.name.errors == [str(forms.NUL_MESSAGE)]

        class PlainForm(Form):
            name = StringField()

        plain = PlainForm(formdata=MultiDict({"name": "Rene\u0301e"}))
        assert plain.name.data == "Rene\u0301e", "WTForms' own fields are not patched"
    assert StringField.pre_validate is Field.pre_validate


WITHOUT_VIEWS = """
import json, sys
from sqlalchemy import event
from sqlalchemy.orm import Session
from matcher import create_app, navigation
from matcher.config import TestConfig
from matcher.matching import changes
before = event.contains(Session, "after_flush", changes._record_changes)
views = sorted(name for name, module in sys.modules.items()
               if hasattr(module, "add_navigation"))
app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI="sqlite://")
print(json.dumps({"before": before, "views": views,
                  "after": event.contains(Session, "after_flush", changes._record_changes),
                  "menu": [[i.endpoint, sorted(i.roles)] for i in navigation.entries(app)]}))
"""


def test_an_app_made_before_any_view_is_imported_is_wired_the_same(app):
    found = json.loads(subprocess.run([sys.executable, "-c", WITHOUT_VIEWS], check=True,
                                      capture_output=True, text=True).stdout)
    assert found["before"] is False and found["views"] == [], "importing wires nothing"
    assert found["after"] is True
    assert found["menu"] == [[item.endpoint, sorted(item.roles)]
                             for item in navigation.entries(app)]


@pytest.mark.parametrize(("role", "home"), [("staff", "/parcours"), ("employer", "/employer"),
                                            ("candidate", "/home")])
def test_the_menu_links_each_persons_home_once(app, role, home):
    from tests import factories as f
    from tests.conftest import Login

    with app.app_context():
        user = (f.make_staff() if role == "staff" else f.make_employer_user() if role == "employer"
                else f.make_candidate().user)
        email = user.email
        db.session.commit()
    client = app.test_client()
    Login(client).as_user(email)
    html = client.get(home).get_data(as_text=True)
    nav = html.split("<nav")[1].split("</nav>")[0]
    assert nav.count(f'href="{home}"') == 1
    assert nav.count('aria-current="page"') == 1


def test_every_menu_entry_has_its_place_in_the_menu_order(app):
    """A feature's new entry is placed on purpose, not after the account settings by default."""
    assert {item.endpoint for item in navigation.entries(app)} <= set(navigation.MENU_ORDER)


@pytest.mark.parametrize(("role", "expected"), [
    ("candidate", ["Accueil", "Mon profil", "Mes correspondances", "Emplois", "Mes candidatures",
                   "Messages", "Mon plan d’action", "Mes données", "Mot de passe"]),
    ("employer", ["Mes offres d’emploi", "Emplois", "Messages", "Jetons d’API", "Mot de passe",
                  "Connexion en deux étapes"]),
])
def test_the_menu_lists_the_persons_work_before_the_settings_of_their_account(
    app, client, login, role, expected
):
    from tests import factories as f

    with app.app_context():
        if role == "candidate":
            f.make_candidate(f.make_user(role, email="menu@example.com"))
        else:
            f.make_employer_user(f.make_employer("CIUSSS"), email="menu@example.com")
        db.session.commit()
    login.as_user("menu@example.com")
    html = client.get("/jobs").get_data(as_text=True)
    menu = html[html.index('class="nav-menu"'):html.index('class="nav-account"')]
    labels = [label.strip() for label in re.findall(r'<a href="[^"]*"[^>]*>([^<]+)', menu)]
    assert labels == expected
