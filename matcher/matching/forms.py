"""Matching forms: the star buttons of the wish list."""

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import AnyOf

# Where a star button sends the candidate back to.
STAR_PAGES = ("matches", "posting")


class StarForm(FlaskForm):
    """Star or unstar a posting (the button carries the CSRF token and the page to return to)."""

    back = HiddenField(validators=[AnyOf(STAR_PAGES)], default="matches")
