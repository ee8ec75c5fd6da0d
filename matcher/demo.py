"""Demo data: a believable program to explore, the same every time it is seeded.

Establishments marked "(fictif)" are invented; so is every person. Dates are
anchored on the day of seeding so that postings are open and permits current.
"""

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from flask import current_app
from sqlalchemy import select

from matcher import clock
from matcher.auth.passwords import hash_password
from matcher.extensions import db
from matcher.models import (
    ActionPlan,
    Agency,
    Application,
    ApplicationEvent,
    Candidate,
    Certification,
    Consent,
    Employer,
    EmployerMember,
    Experience,
    Hire,
    Occupation,
    PlanAction,
    Posting,
    Region,
    Site,
    User,
)

PROGRAM_START = date(2023, 12, 4)
DEMO_PASSWORD = "passerelle-demo-2026"  # noqa: S105  (refused when PASSERELLE_ENV=production)
DEMO_DOMAIN = "demo.passerelle.example"
MARKER_EMAIL = f"admin@{DEMO_DOMAIN}"

ESTABLISHMENTS = [
    # name, kind, region, sites [(name, city)]
    ("CHSLD des Érables (fictif)", "CHSLD", "06",
     [("CHSLD des Érables – pavillon Rosemont", "Montréal"),
      ("CHSLD des Érables – pavillon Verdun", "Montréal")]),
    ("Résidence Le Phare (fictif)", "RPA", "03",
     [("Résidence Le Phare – Limoilou", "Québec"), ("Résidence Le Phare – Beauport", "Québec")]),
    ("Centre de santé Beauce-Etchemin (fictif)", "clinic", "12",
     [("Clinique de Saint-Georges", "Saint-Georges"), ("Point de service de Lévis", "Lévis")]),
    ("Soins à domicile Rive-Sud (fictif)", "clinic", "12",
     [("Bureau de Lévis", "Lévis")]),
]
AGENCIES = [
    ("CREMCV", "06"), ("Libre Emploi", "03"), ("Accueil Chaudière-Appalaches (fictif)", "12"),
]

JOBS = {
    "33102": ("Préposé·e aux bénéficiaires", "Patient care aide",
              "Soins d’hygiène, aide aux repas et aux déplacements des résidents, "
              "en équipe avec les infirmières."),
    "33109": ("Aide de service en soins de santé", "Health care service aide",
              "Soutien à l’équipe de soins : transport des patients, préparation du matériel, "
              "accueil à l’unité."),
    "44101": ("Auxiliaire aux services de santé et sociaux", "Home support worker",
              "Visites à domicile : aide à l’hygiène, aux repas et aux tâches quotidiennes "
              "de personnes âgées."),
    "65201": ("Aide de cuisine", "Kitchen helper",
              "Préparation des plateaux, plonge et entretien de la cuisine de l’établissement."),
    "63200": ("Cuisinier·ère", "Cook",
              "Préparation des repas selon les menus et les diètes des résidents."),
    "65310": ("Préposé·e à l’entretien ménager", "Housekeeping attendant",
              "Entretien des chambres et des aires communes selon les protocoles d’hygiène."),
    "65312": ("Concierge", "Janitor",
              "Entretien du bâtiment, sortie des déchets, petites réparations."),
    "73201": ("Préposé·e à l’entretien général", "General maintenance worker",
              "Réparations courantes, peinture, entretien des équipements du bâtiment."),
    "13112": ("Agent·e administratif·ive", "Medical administrative assistant",
              "Accueil des usagers, prise de rendez-vous et tenue des dossiers."),
    "14100": ("Commis de bureau", "Office clerk", "Classement, saisie de données et courrier."),
    "14101": ("Réceptionniste", "Receptionist", "Accueil téléphonique et au comptoir."),
}
PAST_TITLES = {
    "33102": ["Aide-soignante", "Préposé aux bénéficiaires", "Nurse aide", "Caregiver"],
    "33109": ["Aide hospitalier", "Brancardier", "Hospital aide"],
    "44101": ["Aide à domicile", "Home care worker", "Auxiliaire de vie"],
    "65201": ["Aide-cuisinier", "Plongeur", "Kitchen helper"],
    "63200": ["Cuisinière", "Cook", "Chef de partie"],
    "65310": ["Femme de ménage", "Agent d'entretien", "Cleaner"],
    "65312": ["Concierge", "Gardien d'immeuble", "Janitor"],
    "73201": ["Homme à tout faire", "Technicien d'entretien", "Maintenance worker"],
    "13112": ["Secrétaire médicale", "Medical secretary"],
    "14100": ["Employé de bureau", "Office clerk", "Commis"],
    "14101": ["Réceptionniste", "Receptionist"],
}
DESCRIPTIONS = {
    "33102": "Soins aux personnes âgées, hygiène, repas, mobilisation des patients.",
    "33109": "Transport des patients, préparation du matériel de soins.",
    "44101": "Aide à domicile pour personnes âgées : repas, ménage, accompagnement.",
    "65201": "Plonge, préparation des légumes, nettoyage de la cuisine.",
    "63200": "Préparation de repas pour une cantine de 200 personnes.",
    "65310": "Nettoyage de chambres d'hôtel et de bureaux.",
    "65312": "Entretien d'un immeuble, déchets, petites réparations.",
    "73201": "Réparations, peinture, plomberie simple.",
    "13112": "Accueil des patients et prise de rendez-vous dans une clinique.",
    "14100": "Saisie de données, classement, courrier.",
    "14101": "Accueil au comptoir et au téléphone.",
}
FIRST_NAMES = ["Marie-Ange", "Jean-Baptiste", "Fabiola", "Emmanuel", "Nadège", "Wilson", "Rose",
               "Claudette", "Daniel", "Esther", "Carlos", "Yeimy", "Andrés", "Luz", "Chinedu",
               "Amaka", "Tunde", "Farida", "Ahmad", "Zahra", "Olivier", "Grâce", "Patrick",
               "Aminata", "Moussa", "Fatou", "Josué", "Mireille", "Diego", "Valentina",
               "Samuel", "Blessing", "Yves", "Clarisse", "Hamid", "Leïla", "José", "Ana"]
LAST_NAMES = ["Joseph", "Pierre", "Jean-Louis", "Saint-Fleur", "Mukendi", "Kabila", "Ngoma",
              "Rodríguez", "Pérez", "Gómez", "Okafor", "Adeyemi", "Mohammadi", "Rahimi",
              "Niyonzima", "Habimana", "Tchoumi", "Mbarga", "Hernández", "Castillo", "Diallo",
              "Traoré", "Louis", "Charles", "Etienne", "Ndayishimiye", "Kamara", "Bello"]
COUNTRIES = ["Haïti", "République démocratique du Congo", "Colombie", "Nigeria", "Afghanistan",
             "Venezuela", "Mexique", "Burundi", "Cameroun", "Guinée"]
CITIES = {"06": "Montréal", "03": "Québec", "12": "Lévis"}


def demo_loaded() -> bool:
    """Say whether the demo program is already in the database."""
    return db.session.scalar(select(User.id).filter_by(email=MARKER_EMAIL)) is not None


def load_demo_data(today: date | None = None) -> bool:
    """Add the demo program once; return False if it was already there."""
    if demo_loaded():
        return False
    today = today or clock.today()
    rng = random.Random(20231204)
    password_hash = hash_password(DEMO_PASSWORD)
    agencies = [Agency(name=n, region_code=r) for n, r in AGENCIES]
    db.session.add_all(agencies)
    admin = _user(MARKER_EMAIL, "admin", password_hash)
    staff = [_user(f"agent{i + 1}@{DEMO_DOMAIN}", "staff", password_hash, agency=a)
             for i, a in enumerate(agencies)]
    employers, sites = _establishments(admin, password_hash)
    postings = _postings(rng, employers, sites, today)
    candidates = _candidates(rng, agencies, staff, employers, password_hash, today)
    _history(rng, candidates, postings, employers, staff, today)
    db.session.flush()
    applied = set(db.session.scalars(select(Application.candidate_id)))
    _newcomers([c for c in candidates if c.id not in applied][-4:], today)
    _plans(random.Random(20231205), candidates, today)
    db.session.flush()
    return True


def _user(email: str, role: str, password_hash: str, agency=None) -> User:
    user = User(email=email, role=role, password_hash=password_hash, is_demo=True,
                agency=agency, locale="fr_CA", email_verified_at=clock.now())
    db.session.add(user)
    return user


def _establishments(admin: User, password_hash: str):
    employers, sites = [], {}
    for index, (name, kind, region, site_rows) in enumerate(ESTABLISHMENTS, start=1):
        employer = Employer(name=name, kind=kind, region_code=region, is_fictitious=True)
        db.session.add(employer)
        employers.append(employer)
        sites[name] = [Site(employer=employer, name=s, city=c, region_code=region)
                       for s, c in site_rows]
        db.session.add_all(sites[name])
        hr = _user(f"rh{index}@{DEMO_DOMAIN}", "employer", password_hash)
        db.session.add(EmployerMember(user=hr, employer=employer, status="approved",
                                      decided_by=admin, decided_at=_ts(date(2024, 1, 8))))
    pending = _user(f"rh-en-attente@{DEMO_DOMAIN}", "employer", password_hash)
    db.session.add(EmployerMember(user=pending, employer=employers[0], status="pending"))
    return employers, sites


def _postings(rng: random.Random, employers, sites, today: date) -> list[Posting]:
    certifications = {c.code: c for c in db.session.scalars(select(Certification))}
    postings = []
    codes = list(JOBS)
    for number in range(36):
        employer = employers[number % len(employers)]
        site = sites[employer.name][number % len(sites[employer.name])]
        noc = codes[number % len(codes)]
        title_fr, _title_en, description = JOBS[noc]
        start = today + timedelta(days=rng.choice([14, 21, 30, 45, 60, 90]))
        kind = rng.choice(["full_time", "full_time", "part_time", "casual"])
        hours = Decimal(rng.choice(["37.5", "35.0", "28.0", "22.5"]))
        if kind == "full_time" and hours < 30:  # the posting rules refuse contradictions
            hours = Decimal("37.5")
        elif kind == "part_time" and hours >= 30:
            hours = Decimal("22.5")
        posting = Posting(
            employer=employer, site=site, noc_code=noc, title=title_fr, description=description,
            employment_type=kind, hours_per_week=hours,
            hourly_wage=Decimal(str(round(rng.uniform(17.0, 26.0), 2))),
            openings=rng.choice([1, 2, 3, 5, 10]), start_date=start,
            closes_on=start - timedelta(days=7), status="open",
            min_french_oral=rng.choice([5, 5, 6, 7]), min_french_written=rng.choice([1, 3, 5]),
            min_experience_months=rng.choice([0, 0, 0, 6, 12]),
            training_provided=rng.random() < 0.5,
            published_at=_ts(today - timedelta(days=rng.randint(1, 20))),
            shift_day=True, shift_evening=rng.random() < 0.4,
            shift_night=rng.random() < 0.15, shift_weekend=rng.random() < 0.3,
        )
        if number < len(employers):
            _welcoming(posting)
        if noc == "33102":
            posting.required_certifications = [certifications["pdsb"], certifications["cpr"]]
        elif noc in ("65201", "63200"):
            posting.required_certifications = [certifications["mapaq"]]
        db.session.add(posting)
        postings.append(posting)
    return postings


def _candidates(rng, agencies, staff, employers, password_hash, today) -> list[Candidate]:
    regions = {r.code: r for r in db.session.scalars(select(Region))}
    certifications = list(db.session.scalars(select(Certification)))
    occupations = {o.noc_code: o for o in db.session.scalars(
        select(Occupation).where(Occupation.noc_code.in_(JOBS)))}
    candidates = []
    program_days = (today - PROGRAM_START).days
    for number in range(1, 201):
        region = ["06", "06", "06", "03", "03", "12"][number % 6]
        agency_index = {"06": 0, "03": 1, "12": 2}[region]
        # Registrations spread over the program, more of them as it went on.
        registered = PROGRAM_START + timedelta(days=int(program_days * rng.random() ** 0.7))
        user = _user(f"candidat{number:03d}@{DEMO_DOMAIN}", "candidate", password_hash)
        user.created_at = _ts(registered)
        candidate = Candidate(
            user=user, agency=agencies[agency_index], officer=staff[agency_index],
            first_name=rng.choice(FIRST_NAMES), last_name=rng.choice(LAST_NAMES),
            phone=f"514-555-{number:04d}", city=CITIES[region], created_at=_ts(registered),
            arrival_date=registered - timedelta(days=rng.randint(7, 60)),
            willing_to_relocate=rng.random() < 0.3,
            shift_day=True, shift_evening=rng.random() < 0.6, shift_night=rng.random() < 0.3,
            shift_weekend=rng.random() < 0.5,
            available_from=today + timedelta(days=rng.choice([0, 0, 7, 30, 120])),
            matching_opt_in=rng.random() < 0.8,
            skills_text=rng.choice(["Patiente, à l'écoute, j'aime aider les personnes âgées.",
                                    "Travail d'équipe, ponctualité, cuisine.",
                                    "Bilingue espagnol-français, service à la clientèle.",
                                    "Bricolage, entretien, permis de conduire."]),
        )
        _permit(rng, candidate, employers, today, number)
        _french(rng, candidate)
        candidate.preferred_regions = [regions[region]]
        candidate.certifications = rng.sample(certifications, rng.randint(0, 3))
        if number % 5 == 0:  # a profile still being filled: no written levels, no jobs yet
            candidate.french_reading = candidate.french_writing = None
            db.session.add(candidate)
            candidates.append(candidate)
            continue
        nocs = rng.sample(list(JOBS), rng.randint(1, 2))
        candidate.desired_occupations = [occupations[c] for c in nocs]
        for noc in nocs:
            years = rng.randint(1, 8)
            end = None if rng.random() < 0.2 else candidate.arrival_date - timedelta(days=30)
            start = (end or today) - timedelta(days=365 * years // 2)
            candidate.experiences.append(Experience(
                title=rng.choice(PAST_TITLES[noc]), noc_code=noc,
                employer_name="Employeur précédent", country=rng.choice(COUNTRIES),
                start_on=start, end_on=end,
                hours_per_week=Decimal(rng.choice(["40.0", "37.5", "20.0"])),
                description=DESCRIPTIONS[noc]))
        db.session.add(candidate)
        if number == 1:
            _showcase(candidate, certifications, today)
        if candidate.matching_opt_in:
            db.session.add(Consent(user=user, purpose="matching",
                                   policy_version=current_app.config["PRIVACY_POLICY_VERSION"]))
        candidates.append(candidate)
    return candidates


def _welcoming(posting: Posting) -> None:
    """Ask what most newcomers have, so each establishment's first posting ranks people
    (HR's demo opens on it): day shifts, intermediate French, no experience, training given."""
    posting.min_french_oral, posting.min_french_written = 5, 3
    posting.shift_evening = posting.shift_night = posting.shift_weekend = False
    posting.min_experience_months = 0
    posting.training_provided = True


def _showcase(candidate: Candidate, certifications, today: date) -> None:
    """Make the first demo candidate (the login printed by make run) a strong profile."""
    candidate.permit_kind, candidate.permit_health_restricted = "open", False
    candidate.permit_expires_on = today + timedelta(days=400)
    candidate.permit_employer = None
    candidate.permit_renewal_applied_on = None
    for skill, level in (("oral_comprehension", 7), ("oral_production", 7), ("reading", 6),
                         ("writing", 6)):
        setattr(candidate, f"french_{skill}", level)
    candidate.shift_day = candidate.shift_evening = candidate.shift_weekend = True
    candidate.willing_to_relocate = True
    candidate.available_from = today
    candidate.matching_opt_in = True
    candidate.certifications = [c for c in certifications if c.code in ("pdsb", "cpr", "mapaq")]


def _permit(rng, candidate: Candidate, employers, today: date, number: int) -> None:
    kind = number % 10
    candidate.permit_kind = "open"
    candidate.permit_expires_on = today + timedelta(days=rng.randint(120, 700))
    candidate.sin_expires_on = candidate.permit_expires_on
    if kind == 1:  # employer-specific
        candidate.permit_kind = "employer_specific"
        candidate.permit_employer = employers[number % len(employers)]
    elif kind == 2:  # expiring soon
        candidate.permit_expires_on = today + timedelta(days=rng.randint(10, 60))
    elif kind == 3:  # maintained status: expired, renewal filed in time
        candidate.permit_expires_on = today - timedelta(days=rng.randint(5, 40))
        candidate.permit_renewal_applied_on = candidate.permit_expires_on - timedelta(days=20)
    elif kind == 4 and number % 20 == 4:
        candidate.permit_health_restricted = True
    elif kind == 5 and number % 20 == 5:
        candidate.permit_kind = "pending"
        candidate.permit_expires_on = None
        candidate.sin_expires_on = None


def _french(rng, candidate: Candidate) -> None:
    oral = rng.choice([4, 5, 5, 6, 6, 7, 8, 9])
    written = max(1, min(12, oral + rng.choice([-3, -2, -1, 0])))
    candidate.french_oral_comprehension = min(12, oral + rng.choice([0, 1]))
    candidate.french_oral_production = oral
    candidate.french_reading = min(12, written + rng.choice([0, 1]))
    candidate.french_writing = written
    source = rng.choice(["self", "self", "course", "test"])
    for skill in ("oral_comprehension", "oral_production", "reading", "writing"):
        setattr(candidate, f"french_{skill}_source", source)


# Actions of a demo plan: (step, kind, days after the first meeting it is due).
DEMO_ACTIONS = [
    ("arrival", "bank_account", 7), ("arrival", "sin", 10), ("arrival", "housing", 30),
    ("francization", "francisation_registration", 14), ("francization", "french_full_time", 90),
    ("job_market", "pdsb", 60), ("job_market", "resume", 45),
    ("community", "objectif_integration", 75), ("community", "mentoring", 120),
]


def _newcomers(candidates, today: date) -> None:
    """Make a few people arrive this week: their first meeting is still to hold."""
    for days, candidate in enumerate(candidates):
        candidate.arrival_date = today - timedelta(days=days + 1)
        candidate.created_at = candidate.user.created_at = _ts(today - timedelta(days=days))


def _plans(rng, candidates, today: date) -> None:
    """Give each demo person a plan at the stage their history shows."""
    hires = {}
    for hire in db.session.scalars(select(Hire)):
        hires.setdefault(hire.person_id, []).append(hire)
    for candidate in candidates:
        if candidate.created_at.date() >= today - timedelta(days=5):
            continue  # just arrived: no plan yet, the first meeting is due
        plan = ActionPlan(candidate=candidate, officer=candidate.officer, status="new")
        met_on = min(today, candidate.arrival_date + timedelta(days=rng.choice([0, 1, 2, 3, 4,
                                                                                 4, 6, 9])))
        plan.first_meeting_on, plan.first_meeting_mode = met_on, rng.choice(
            ["in_person", "in_person", "phone", "video"])
        planned = rng.randint(0, len(DEMO_ACTIONS))
        # Some plans were just drawn up: every action still ahead.
        start = today if rng.random() < 0.15 else met_on
        for step, kind, days in DEMO_ACTIONS[:planned]:
            due_on = start + timedelta(days=days)
            action = PlanAction(step=step, kind=kind, due_on=due_on, status="to_do",
                                created_by=candidate.officer)
            if due_on <= today - timedelta(days=rng.randint(0, 20)):
                action.status, action.done_on = "done", min(today, due_on)
                action.done_by = candidate.officer
            elif due_on <= today + timedelta(days=10) and rng.random() < 0.5:
                action.status = "in_progress"
            plan.actions.append(action)
        _retention(plan, hires.get(candidate.id, []), today)
        statuses = [a.status for a in plan.actions]
        plan.status = ("closed" if plan.closed_on else
                       "actions" if {"done", "in_progress"} & set(statuses)
                       else "plan" if statuses else "first_meeting")
        db.session.add(plan)


def _retention(plan: ActionPlan, hires, today: date) -> None:
    """Record the check-in calls already made, and close the file after a year in a job."""
    for hire in hires:
        for days in (90, 180, 365):
            mark = hire.start_on + timedelta(days=days)
            if mark <= today - timedelta(days=3) and (hire.end_on is None or hire.end_on >= mark):
                plan.actions.append(PlanAction(
                    step="job_market", kind=f"retention_{days}", due_on=mark, status="done",
                    done_on=mark + timedelta(days=2), done_by=plan.officer,
                    created_by=plan.officer))
        year = hire.start_on + timedelta(days=365)
        if year <= today and (hire.end_on is None or hire.end_on >= year):
            plan.closed_on = min(today, year + timedelta(days=3))
            plan.closed_reason = "retained"


def _history(rng, candidates, postings, employers, staff, today) -> None:
    """Give the program a past: hires since December 2023, some departures, and a funnel."""
    hr_users = {m.employer_id: m.user for m in db.session.scalars(select(EmployerMember))}
    complete = [c for c in candidates if c.experiences]
    hired = rng.sample(complete, 100)
    for candidate in hired:
        _past_hire(rng, candidate, employers, hr_users, today)
    others = [c for c in complete if c not in hired]
    outcomes = (["applied"] * 10 + ["shortlisted"] * 6 + ["interview"] * 6 + ["offer"] * 3
                + ["rejected"] * 6 + ["withdrawn"] * 3 + ["declined"] * 3 + ["invited"] * 3)
    for candidate, status in zip(rng.sample(others, len(outcomes)), outcomes, strict=True):
        posting = rng.choice(postings)
        source = "invitation" if status in ("invited", "declined") else "candidate"
        application = Application(candidate=candidate, posting=posting, status=status,
                                  source=source, score_at_creation=Decimal("60.0"))
        actor = hr_users.get(posting.employer.id)
        path = SIDE_PATHS.get(status) or PIPELINE[:PIPELINE.index(status) + 1]
        for days_ago, step in zip(range(len(path) * 4, 0, -4), path, strict=False):
            who = candidate.user if step in ("applied", "withdrawn", "declined") else actor
            application.events.append(ApplicationEvent(
                to_status=step, actor=who, at=_ts(today - timedelta(days=days_ago))))
        db.session.add(application)


PIPELINE = ["applied", "shortlisted", "interview", "offer", "hired"]
SIDE_PATHS = {"invited": ["invited"], "declined": ["invited", "declined"],
              "withdrawn": ["applied", "withdrawn"],
              "rejected": ["applied", "shortlisted", "interview", "rejected"]}


def _past_hire(rng, candidate, employers, hr_users, today) -> None:
    """Add a filled past posting in the candidate's region, its application and the hire."""
    registered = candidate.created_at.date()
    hire_day = registered + timedelta(days=rng.randint(45, 120))
    if hire_day >= today:
        hire_day = today - timedelta(days=rng.randint(1, 15))
        registered = hire_day - timedelta(days=rng.randint(45, 90))
        candidate.created_at = candidate.user.created_at = _ts(registered)
        candidate.arrival_date = registered - timedelta(days=rng.randint(7, 60))
    region = candidate.preferred_regions[0].code
    employer = rng.choice([e for e in employers if e.region_code == region])
    noc = candidate.experiences[0].noc_code
    title_fr, _title_en, description = JOBS[noc]
    past = Posting(
        employer=employer, site=rng.choice(employer.sites), noc_code=noc, title=title_fr,
        description=description, employment_type="full_time", hours_per_week=Decimal("37.5"),
        hourly_wage=Decimal("19.50"), openings=1, filled=1, start_date=hire_day,
        closes_on=hire_day - timedelta(days=10), status="filled", shift_day=True,
        published_at=_ts(hire_day - timedelta(days=40)))
    db.session.add(past)
    application = Application(candidate=candidate, posting=past, status="hired",
                              source="candidate", score_at_creation=Decimal("70.0"),
                              created_at=_ts(hire_day - timedelta(days=30)))
    actor = hr_users.get(employer.id)
    for step, days in (("applied", 30), ("interview", 20), ("offer", 10), ("hired", 0)):
        application.events.append(ApplicationEvent(
            to_status=step, actor=candidate.user if step == "applied" else actor,
            at=_ts(hire_day - timedelta(days=days))))
    db.session.add(application)
    end_on = None
    if rng.random() < 0.15 and hire_day + timedelta(days=60) < today:
        end_on = min(hire_day + timedelta(days=rng.randint(45, 300)), today)
    db.session.add(Hire(application=application, posting=past, agency=candidate.agency,
                        person_id=candidate.id, start_on=hire_day, end_on=end_on,
                        recorded_by=actor, created_at=_ts(hire_day - timedelta(days=5))))


def _ts(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 14, 0, tzinfo=UTC)
