"""Place names a job seeker types ("Montréal", "levis", "Capitale-Nationale") and where they are.

A place is known by its folded name (`search.fold_words`): the 17 regions, the cities of
seed/cities.csv (the main towns of each region) and the cities of the establishments' sites.
A region's name means the region; a city's name means its region, with the sites in that
city ranked first.
"""

import csv
from dataclasses import dataclass
from functools import cache, lru_cache

from sqlalchemy import select

from matcher.extensions import db
from matcher.models import Region, Site
from matcher.postings.words import fold_words
from matcher.reference_data import SEED_DIR

MAX_PLACE_WORDS = 4  # "Salaberry de Valleyfield", "Sainte Anne des Mont"


@dataclass(frozen=True)
class Place:
    """A place named in a search: its words, the regions it covers and, for a city, its name."""

    name: str  # as written in the reference data ("Lévis")
    regions: frozenset[str]
    city: str | None = None  # folded city name, when the place is a city


@cache
def _seed_cities() -> tuple[tuple[str, str], ...]:
    with open(SEED_DIR / "cities.csv", encoding="utf-8", newline="") as handle:
        return tuple((row["city"], row["region_code"]) for row in csv.DictReader(handle))


@dataclass(frozen=True)
class Gazetteer:
    """Known places by folded name, and the sites with their folded cities."""

    places: dict[str, Place]
    site_cities: dict[int, str]  # site id -> folded city

    def find(self, words: list[str]) -> tuple[list[Place], list[str]]:
        """Split folded query words into the places they name and the other words.

        The longest place name wins ("trois riviere" before a region called "riviere").
        """
        places: list[Place] = []
        rest: list[str] = []
        start = 0
        while start < len(words):
            for width in range(min(MAX_PLACE_WORDS, len(words) - start), 0, -1):
                place = self.places.get(" ".join(words[start:start + width]))
                if place is not None:
                    if place not in places:
                        places.append(place)
                    start += width
                    break
            else:
                rest.append(words[start])
                start += 1
        return places, rest

    def sites_in(self, city: str) -> list[int]:
        """Return the ids of the sites in a city (folded name)."""
        return sorted(site_id for site_id, name in self.site_cities.items() if name == city)


_fold = lru_cache(maxsize=4096)(fold_words)  # the same few city names at every search


def gazetteer() -> Gazetteer:
    """Read the regions and the sites' cities (two small queries) into a gazetteer."""
    regions = db.session.execute(select(Region.code, Region.name)).all()
    sites = db.session.execute(select(Site.id, Site.city, Site.region_code)).all()
    codes: dict[str, set[str]] = {}  # folded name -> regions
    written: dict[str, str] = {}  # folded name -> name as written
    cities: set[str] = set()
    for code, name in regions:
        codes.setdefault(_fold(name), set()).add(code)
        written.setdefault(_fold(name), name)
    for city, code in (*_seed_cities(), *((row.city, row.region_code) for row in sites)):
        key = _fold(city)
        if key:
            codes.setdefault(key, set()).add(code)
            written.setdefault(key, city)
            cities.add(key)
    places = {key: Place(name=written[key], regions=frozenset(found),
                         city=key if key in cities else None)
              for key, found in codes.items()}
    return Gazetteer(places=places,
                     site_cities={row.id: _fold(row.city) for row in sites})
