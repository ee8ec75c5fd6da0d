"""Choices of the posting form: occupations by role family, sites, regions, levels.

The occupation picker needs no JavaScript: one select of the program's occupations
grouped by role family (optgroup), narrowed on the server by a title typed in French
or English, with or without accents ("prepose", "PAB", "nurse aide", "cook").
"""

from flask_babel import gettext as _
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice as C

from matcher.extensions import db
from matcher.models import Certification, FrenchLevel, Occupation, Region, Site
from matcher.models.reference import ROLE_FAMILIES
from matcher.postings.forms import NEW_SITE, PostingForm
from matcher.postings.labels import (
    ROLE_FAMILY_LABELS,
    certification_name,
    level_label,
    occupation_label,
)
from matcher.postings.search import fold_words, occupation_words, query_words


def program_occupations() -> list[Occupation]:
    """Return the program's occupations in role-family order."""
    occupations = db.session.scalars(
        select(Occupation).where(Occupation.role_family.is_not(None))
        .order_by(Occupation.noc_code)).all()
    return sorted(occupations, key=lambda o: ROLE_FAMILIES.index(o.role_family))


def _matches(occupation: Occupation, words: list[str]) -> bool:
    """Say whether every word starts a word of the occupation's titles or example titles."""
    examples = " ".join([str(occupation_label(occupation)), *occupation.examples_fr,
                         *occupation.examples_en])
    text = f" {occupation_words(occupation)} {fold_words(examples)}"
    return all(f" {word}" in text for word in words)


def find_occupations(query: str | None) -> tuple[list[Occupation], bool]:
    """Return the occupations whose titles match the query, and whether any did.

    With no query, or none matching, every program occupation is returned.
    """
    occupations = program_occupations()
    words = query_words(query or "")
    if not words:
        return occupations, True
    found = [o for o in occupations if _matches(o, words)]
    return (found, True) if found else (occupations, False)


def occupation_choices(occupations: list[Occupation]) -> list[C]:
    """List occupations grouped by role family, for a select with optgroups."""
    return [C(o.noc_code, _("%(title)s (NOC %(code)s)", title=occupation_label(o),
                            code=o.noc_code),
              optgroup=str(ROLE_FAMILY_LABELS[o.role_family])) for o in occupations]


def french_levels() -> dict[int, FrenchLevel]:
    """Return the levels of the Échelle québécoise by number."""
    return {row.level: row for row in db.session.scalars(select(FrenchLevel))}


def fill_choices(form: PostingForm, employer, occupation_query: str | None = None) -> bool:
    """Set the form's choices from the database; return whether the occupation query matched."""
    occupations, matched = find_occupations(occupation_query)
    form.noc_code.choices = occupation_choices(occupations)
    if len(occupations) == 1 and not form.noc_code.data:
        form.noc_code.data = occupations[0].noc_code
    sites = db.session.scalars(select(Site).where(Site.employer_id == employer.id, Site.active)
                               .order_by(Site.name)).all()
    form.site_id.choices = [C(str(s.id), f"{s.name} ({s.city})") for s in sites]
    form.site_id.choices.append(C(NEW_SITE, _("A new site (enter it below)")))
    if not sites:
        form.site_id.data = NEW_SITE
    form.new_site_region.choices = [
        C(r.code, f"{r.code} – {r.name}") for r in db.session.scalars(
            select(Region).order_by(Region.code))]
    if not form.new_site_region.data:
        form.new_site_region.data = employer.region_code
    levels = french_levels()
    for field in (form.min_french_oral, form.min_french_written):
        field.choices = [C(c.value, level_label(levels[c.value]) if c.value in levels
                           else str(c.value)) for c in field.choices]
    names = sorted(((certification_name(c), c.code) for c in db.session.scalars(
        select(Certification))), key=lambda pair: fold_words(pair[0]))
    form.certifications.choices = [C(code, name) for name, code in names]
    return matched


def region_choices(blank=None) -> list[tuple[str, str]]:
    """Return the regions, after a blank choice ("All regions" for the job board filter)."""
    return [C("", blank or _("All regions"))] + [
        C(r.code, r.name) for r in db.session.scalars(select(Region).order_by(Region.code))]
