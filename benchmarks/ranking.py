"""Ranking benchmark: CandidateIndex / PostingIndex against the brute-force evaluate loop.

Run from the repository root:
    .venv/bin/python benchmarks/ranking.py                 # 10k, 100k and 300k candidates
    .venv/bin/python benchmarks/ranking.py --sizes 10000,100000,1000000   # with 1M
    .venv/bin/python benchmarks/ranking.py --sizes 10000,100000
    .venv/bin/python benchmarks/ranking.py --quick          # 10k only

Data is synthetic and deterministic (seeded numpy generator): French and English titles as
people type them (accents dropped, typos), experience texts, every permit kind, French
levels, regions mostly 06/03/12, shifts and certifications; experience descriptions and
skills of 5 to 25 words. Figures are printed next to the bars of DESIGN §4.3 and issue 19
and the brute-force loop measured in the same run. Memory is the process's resident set
(/proc/self/statm, read after a garbage collection and glibc's malloc_trim, so that it
counts what live objects hold rather than pages the allocator keeps free): the fixed cost
of the catalog and text model, what each index holds after its build, the peak during the
build, and the slope between the two largest sizes (the memory each extra candidate
costs), beside the bytes of the index's own arrays. Each pool size is measured in a child
forked from the same process, so that no size reuses the memory an earlier one freed.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import os
import pickle
import statistics
import sys
import time
import traceback
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matcher.ranking import (  # noqa: E402
    CandidateIndex,
    CandidateProfile,
    Experience,
    FrenchLevels,
    PostingIndex,
    PostingProfile,
    rank_candidates,
    rank_postings,
)
from matcher.ranking.occupations import default_catalog  # noqa: E402

TODAY = date(2025, 3, 3)
T = {  # NOC -> (titles people type, experience descriptions)
    "33102": (
        [
            "Préposée aux bénéficiaires",
            "Préposé aux bénéficiaires",
            "PAB",
            "Aide-soignante",
            "Nurse aide",
            "Patient care aide",
            "Orderly",
            "Préposé aux bénéficiaires en CHSLD",
        ],
        [
            "Soins d'hygiène et de confort aux résidents",
            "Aide au bain et à l'habillement",
            "Aide aux repas des patients",
            "Transferts et mobilisation des bénéficiaires (PDSB)",
            "Signaler les changements à l'infirmière",
            "Patient care: bathing, feeding, transfers",
        ],
    ),
    "33109": (
        [
            "Aide en réadaptation",
            "Aide en physiothérapie",
            "Préposé en stérilisation",
            "Medical device reprocessor",
        ],
        [
            "Stérilisation des instruments médicaux",
            "Assist physiotherapists with exercises",
            "Préparation du matériel de réadaptation",
        ],
    ),
    "44101": (
        [
            "Aide à domicile",
            "Auxiliaire familiale",
            "Home support worker",
            "ASSS",
            "Personal support worker",
        ],
        [
            "Aide à domicile auprès de personnes âgées",
            "Préparation des repas et entretien léger",
            "Home support: meals, hygiene and companionship",
        ],
    ),
    "65201": (
        ["Aide de cuisine", "Plongeur", "Kitchen helper", "Dishwasher", "Aide alimentaire"],
        [
            "Plonge et lavage de la vaisselle",
            "Préparation des plateaux repas",
            "Service au comptoir de la cafétéria",
            "Kitchen cleaning and food preparation",
        ],
    ),
    "63200": (
        ["Cuisinier", "Cuisinière", "Cook", "Line cook"],
        [
            "Préparation des repas pour 200 résidents",
            "Cuisson et respect des diètes",
            "Cooking meals following hospital diets",
        ],
    ),
    "65310": (
        ["Préposée à l'entretien ménager", "Femme de ménage", "Housekeeper", "Cleaner"],
        [
            "Entretien ménager des chambres et des salles de bain",
            "Désinfection des surfaces",
            "Hygiène et salubrité en milieu hospitalier",
            "Cleaning patient rooms",
        ],
    ),
    "65312": (
        ["Concierge", "Janitor", "Caretaker"],
        ["Entretien de l'immeuble et sortie des poubelles", "Nettoyage des planchers"],
    ),
    "73201": (
        ["Ouvrier d'entretien", "Homme à tout faire", "Building maintenance worker"],
        ["Réparations mineures et peinture", "Plumbing and electrical minor repairs"],
    ),
    "13112": (
        ["Secrétaire médicale", "Medical secretary", "Adjointe administrative médicale"],
        ["Prise de rendez-vous et tenue des dossiers médicaux", "Medical records"],
    ),
    "14100": (
        ["Commis de bureau", "Office clerk", "Employée de bureau"],
        ["Classement des dossiers et saisie de données", "Data entry and filing"],
    ),
    "14101": (
        ["Réceptionniste", "Receptionist", "Commis à l'accueil"],
        ["Accueil des visiteurs et réponse au téléphone", "Answering phones, greeting"],
    ),
}
PROGRAM = list(T)
OTHERS = {  # jobs held before arriving
    "41221": ["Enseignante", "Teacher"],
    "75201": ["Chauffeur de taxi", "Delivery driver"],
    "64100": ["Vendeuse", "Sales associate"],
    "65100": ["Caissière", "Cashier"],
    "65200": ["Serveuse", "Waiter"],
    "31301": ["Infirmière", "Nurse"],
    "11100": ["Comptable", "Accountant"],
    "75110": ["Ouvrier de construction", "Labourer"],
    "63210": ["Coiffeuse", "Hairdresser"],
    "94219": ["Couturière", "Tailor"],
}
OTHER_TEXTS = [
    "Service à la clientèle",
    "Customer service and cash handling",
    "Enseignement aux enfants",
    "Conduite de véhicules",
    "Gestion des stocks",
]
# Free text as people write it: task phrases of the occupation mixed with everyday work
# words, 5 to 25 words per experience description and per skills field (issue 19).
_WORK_TEXT = (
    "travail équipe horaire rotation clients patients résidents familles collègues gestion "
    "organisation priorités urgence sécurité protocole rapport suivi communication écoute "
    "respect confidentialité dossier formation accueil nettoyage rangement inventaire "
    "commande livraison caisse vente service qualité normes hygiène salubrité entretien "
    "réparation outils machines équipement chariot transport lever déplacer manipuler "
    "préparer servir laver désinfecter trier classer saisir répondre téléphone courriel "
    "planifier coordonner superviser former accompagner aider soutenir observer signaler "
    "documenter vérifier contrôler mesurer peser cuire couper emballer étiqueter livrer "
    "conduire vendre conseiller expliquer traduire enseigner surveiller animer écrire "
    "team shift schedule customers patients residents families coworkers management "
    "priorities emergency safety protocol report follow-up communication listening "
    "confidentiality records training reception cleaning stocking inventory orders "
    "delivery cashier sales service quality standards hygiene maintenance repairs tools "
    "equipment lifting moving handling preparing serving washing sorting filing typing "
    "answering phones email planning coordinating supervising helping supporting "
    "observing reporting documenting checking measuring cooking cutting packing labelling "
    "driving selling advising explaining translating teaching monitoring writing "
    "bilingual reliable punctual organized autonomous careful patient friendly flexible"
)
WORK_WORDS = _WORK_TEXT.split()
SKILLS = [
    "empathie",
    "patience",
    "travail d'équipe",
    "ponctualité",
    "bilingue",
    "espagnol",
    "arabe",
    "créole",
    "anglais",
    "premiers soins",
    "Excel",
    "soins aux aînés",
    "entregent",
]
POSTING_TITLES = {
    "33102": ["Préposé(e) aux bénéficiaires", "Préposé aux bénéficiaires - CHSLD", "PAB de nuit"],
    "33109": ["Aide en réadaptation", "Préposé(e) au retraitement des dispositifs médicaux"],
    "44101": ["Auxiliaire aux services de santé et sociaux (ASSS)", "Aide à domicile"],
    "65201": ["Aide de cuisine", "Préposé(e) au service alimentaire", "Plongeur / plongeuse"],
    "63200": ["Cuisinier(ère)", "Cuisinier - CHSLD"],
    "65310": ["Préposé(e) à l'entretien ménager", "Préposé à l'hygiène et salubrité"],
    "65312": ["Concierge", "Concierge de soir"],
    "73201": ["Ouvrier(ère) d'entretien général", "Préposé à l'entretien général"],
    "13112": ["Secrétaire médicale", "Agent(e) administratif(ve) - secrétariat médical"],
    "14100": ["Commis de bureau", "Agent(e) administratif(ve) classe 3"],
    "14101": ["Réceptionniste", "Agent(e) d'accueil"],
}
POSTING_MIX = [0.33, 0.06, 0.08, 0.1, 0.06, 0.14, 0.05, 0.05, 0.04, 0.05, 0.04]
SHIFT_SETS = [["day"], ["day"], ["day", "evening"], ["night"], ["evening", "weekend"]]
NO_ACCENTS = str.maketrans("éèêàâîôûçÉ", "eeeaaioucE")


class Synthetic:
    """Deterministic profiles from a seeded numpy generator (uniforms drawn in blocks)."""

    def __init__(self, seed: int):
        self._rng = np.random.default_rng(seed)
        self._block: list[float] = []

    def u(self) -> float:
        if not self._block:
            self._block = self._rng.random(1 << 16).tolist()
        return self._block.pop()

    def n(self, high: int) -> int:
        return int(self.u() * high)

    def pick(self, items: list, weights: list[float] | None = None):
        if weights is None:
            return items[self.n(len(items))]
        roll, total = self.u(), 0.0
        for item, weight in zip(items, weights, strict=True):
            total += weight
            if roll < total:
                return item
        return items[-1]

    def day(self, low: int, high: int) -> date:
        return TODAY + timedelta(days=low + self.n(high - low))

    def typed(self, title: str) -> str:
        roll = self.u()
        if roll < 0.3:
            return title.translate(NO_ACCENTS)
        if roll < 0.33:  # a typo: one letter dropped
            at = 1 + self.n(len(title) - 2)
            return title[:at] + title[at + 1 :]
        return title.lower() if roll < 0.4 else title

    def words(self, phrases: list[str]) -> str:
        """Return 5 to 25 words: phrases of `phrases` and everyday work words, mixed."""
        target = 5 + self.n(21)
        words: list[str] = []
        while len(words) < target:
            if self.u() < 0.4:
                words.extend(self.pick(phrases).split())
            else:
                words.extend(self.pick(WORK_WORDS) for _ in range(1 + self.n(4)))
        return " ".join(words[:target])

    def experience(self, noc: str) -> Experience:
        titles, texts = T[noc] if noc in T else (OTHERS[noc], OTHER_TEXTS)
        start = self.day(-3650, -30)
        end = None if self.u() < 0.25 else min(start + timedelta(days=30 + self.n(1500)), TODAY)
        return Experience(
            title=self.typed(self.pick(titles)),
            noc_code=noc if self.u() < 0.7 else None,
            start=start,
            end=end,
            hours_per_week=self.pick([37.5, 37.5, 40.0, 35.0, 30.0, 24.0, 20.0, 15.0]),
            description=self.words(texts),
        )

    def candidate(self, candidate_id: int) -> CandidateProfile:
        nocs = [
            self.pick(PROGRAM) if self.u() < 0.6 else self.pick(list(OTHERS))
            for _ in range(self.pick([0, 1, 1, 2, 2, 3]))
        ]
        kind = self.pick(["open", "employer_specific", "pending", "none"], [0.72, 0.1, 0.12, 0.06])
        expires = self.day(-60, 720)
        oral = min(11, max(1, round(5.8 + 1.6 * (self.u() + self.u() + self.u() - 1.5) * 2)))
        written = max(1, oral - self.n(3))
        regions = {self.pick(["06", "03", "12"], [0.6, 0.25, 0.15])} if self.u() < 0.95 else set()
        if self.u() < 0.1:
            regions.add(self.pick(["06", "03", "12", "13"]))
        return CandidateProfile(
            id=candidate_id,
            permit_kind=kind,
            permit_expires_on=expires,
            permit_employer_id=1 + self.n(40) if kind == "employer_specific" else None,
            permit_renewal_applied_on=(
                expires + timedelta(days=self.n(110) - 90) if self.u() < 0.2 else None
            ),
            permit_health_restricted=self.u() < 0.05,
            french=FrenchLevels(oral + self.n(2), oral, written, written + self.n(2)),
            experiences=tuple(self.experience(noc) for noc in nocs),
            preferred_regions=frozenset(regions),
            willing_to_relocate=self.u() < 0.2,
            shifts=frozenset(
                s
                for s, p in zip(
                    ["day", "evening", "night", "weekend"], [0.9, 0.6, 0.35, 0.55], strict=True
                )
                if self.u() < p
            ),
            available_from=None if self.u() < 0.6 else self.day(-60, 45),
            certifications=frozenset(
                c
                for c, p in zip(
                    ["cpr", "first_aid", "pdsb", "dep_pab", "mapaq", "whmis"],
                    [0.3, 0.25, 0.2, 0.05, 0.1, 0.15],
                    strict=True,
                )
                if self.u() < p
            ),
            desired_noc_codes=frozenset(self.pick(PROGRAM) for _ in range(self.n(3))),
            skills_text=self.words(SKILLS),
        )

    def posting(self, posting_id: int) -> PostingProfile:
        noc = self.pick(PROGRAM, POSTING_MIX)
        return PostingProfile(
            id=posting_id,
            employer_id=1 + self.n(40),
            noc_code=noc,
            title=self.pick(POSTING_TITLES[noc]),
            description=". ".join(self.pick(T[noc][1]) for _ in range(2 + self.n(4))),
            region=self.pick(["06", "03", "12", "13", "16"], [0.5, 0.25, 0.15, 0.05, 0.05]),
            shifts=frozenset(self.pick(SHIFT_SETS)),
            start_date=None if self.u() < 0.3 else self.day(-10, 60),
            min_french_oral=self.pick([5, 6, 7], [0.7, 0.2, 0.1]),
            min_french_written=self.pick([1, 3, 4, 5], [0.4, 0.2, 0.2, 0.2]),
            min_experience_months=self.pick([0, 6, 12], [0.7, 0.2, 0.1]),
            required_certifications=frozenset(
                [] if self.u() < 0.6 else [self.pick(["pdsb", "cpr", "mapaq", "whmis"])]
            ),
            training_provided=self.u() < 0.5,
        )


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return (time.perf_counter() - start) * 1000, result


def timed_queries(fn: Callable[[object], list], items: list) -> tuple[list[float], list[float]]:
    """Return wall-clock and CPU milliseconds of fn(item) for each item."""
    walls, cpus = [], []
    for item in items:
        wall, cpu = time.perf_counter(), time.process_time()
        fn(item)
        cpus.append((time.process_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    return walls, cpus


def result_sizes(fn: Callable[[object], list], items: list) -> str:
    """Return the median and range of the number of matches fn returns."""
    sizes = sorted(len(fn(item)) for item in items)
    return f"median {statistics.median(sizes):g}, min {sizes[0]}, max {sizes[-1]}"


def percentiles(times: list[float]) -> tuple[float, float, float]:
    ordered = sorted(times)
    return (
        statistics.median(ordered),
        ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))],
        ordered[-1],
    )


class Report:
    """Rows of the final table: what, size, figure, bar, verdict."""

    def __init__(self) -> None:
        self.held: dict[int, int] = {}  # pool size -> resident bytes the index holds
        self.rows: list[tuple[str, str, str, str, str]] = []
        self.failed_checks: list[str] = []

    def add(
        self,
        what: str,
        size: str,
        value: float,
        unit: str,
        bar: float | None = None,
        note: str = "",
    ) -> None:
        verdict = "" if bar is None else ("PASS" if value <= bar else "FAIL")
        shown = f"<= {bar:g} {unit}" if bar is not None else ""
        self.rows.append((what, size, f"{value:,.2f} {unit}{note}", shown, verdict))

    def timing(
        self, what: str, size: str, walls: list[float], cpus: list[float], bar: float | None = None
    ) -> None:
        median, p95, _ = percentiles(walls)
        cpu_median, cpu_p95, _ = percentiles(cpus)
        self.add(f"{what} (median)", size, median, "ms", bar, f"  (cpu {cpu_median:.2f})")
        self.add(f"{what} (p95)", size, p95, "ms", None, f"  (cpu {cpu_p95:.2f})")

    def note(self, what: str, size: str, text: str) -> None:
        self.rows.append((what, size, text, "", ""))

    def check(self, what: str, size: str, ok: bool) -> None:
        self.rows.append(
            (what, size, "identical" if ok else "DIFFERENT", "identical", "PASS" if ok else "FAIL")
        )
        if not ok:
            self.failed_checks.append(f"{what} ({size})")

    def print(self) -> None:
        widths = [max(len(row[i]) for row in [*self.rows, HEADER]) for i in range(5)]
        for row in [HEADER, tuple("-" * w for w in widths), *self.rows]:
            print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))


HEADER = ("measure", "N", "figure", "bar", "verdict")
RANK_BARS = {100_000: 1.5, 1_000_000: 6.0}
BUILD_BARS = {100_000: 3.0, 1_000_000: 30.0}
PAGE = os.sysconf("SC_PAGE_SIZE")
LIBC = ctypes.CDLL("libc.so.6")


def rss() -> int:
    """Return this process's resident memory in bytes (/proc/self/statm)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE


def settled_rss() -> int:
    """Return the resident memory once garbage is collected and the C allocator has given
    back the pages it keeps free (glibc's malloc_trim): what live objects hold."""
    gc.collect()
    LIBC.malloc_trim(0)
    return rss()


def reset_peak() -> None:
    """Start measuring the resident peak again from now (Linux: clear_refs 5)."""
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")


def peak() -> int:
    """Return the resident peak (VmHWM) in bytes since the last reset."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def bench_candidates(
    size: int, postings: list[PostingProfile], report: Report, brute_queries: int
) -> None:
    label = f"{size:,}"
    print(f"\n== {label} candidates ==", flush=True)
    generate_ms, candidates = timed(lambda: _generate(size))
    before = settled_rss()
    reset_peak()
    cpu = time.process_time()
    build_ms, index = timed(lambda: CandidateIndex(candidates))
    build_cpu = time.process_time() - cpu
    top = peak() - before
    held = settled_rss() - before
    print(
        f"generated in {generate_ms / 1000:.1f} s, index built in {build_ms / 1000:.1f} s",
        flush=True,
    )
    report.add(
        "index build", label, build_ms / 1000, "s", BUILD_BARS.get(size), f"  (cpu {build_cpu:.2f})"
    )
    report.add("index arrays per candidate (nbytes)", label, index.nbytes / size, "B")
    report.add("resident memory held by the index (RSS)", label, held / 1e6, "MB")
    report.add("resident memory held, per candidate (RSS)", label, held / size, "B")
    # The peak bar holds from 100k on: below, the build's fixed working set (its table of
    # text chunks, batch lists) outweighs the candidates themselves.
    peak_bar = 2048 if size >= 100_000 else None
    report.add("resident peak during the build, per candidate", label, top / size, "B", peak_bar)
    report.held[size] = held
    queries = postings[:50]
    cold = timed_queries(lambda p: index.rank(p, TODAY), queries)
    warm = timed_queries(lambda p: index.rank(p, TODAY), queries)
    report.timing("rank top 50, first query per posting", label, *cold, RANK_BARS.get(size))
    report.timing("rank top 50, repeated", label, *warm, RANK_BARS.get(size))
    report.note(
        "matches returned per query", label, result_sizes(lambda p: index.rank(p, TODAY), queries)
    )
    if brute_queries:
        brute_times, same = [], True
        for posting in queries[:brute_queries]:
            elapsed, expected = timed(lambda p=posting: rank_candidates(p, candidates, TODAY))
            brute_times.append(elapsed)
            same = same and expected == index.rank(posting, TODAY)
        brute = statistics.median(brute_times)
        report.add(
            f"brute-force evaluate loop ({brute_queries} postings, median)", label, brute, "ms"
        )
        report.add("brute force / index (median)", label, brute / statistics.median(warm[0]), "x")
        report.check("index top 50 == brute-force top 50", label, same)
    fresh = Synthetic(99)
    ids = [1 + fresh.n(size) for _ in range(200)]
    upserts = [timed(lambda i=i: index.upsert(fresh.candidate(i)))[0] for i in ids]
    median, p95, worst = percentiles(upserts)
    report.add("upsert one candidate (median)", label, median, "ms", 2.0)
    report.add("upsert one candidate (p95 / max)", label, p95, f"ms / {worst:.1f} ms")
    removes = [timed(lambda i=i: index.remove(i))[0] for i in ids[:50]]
    report.add("remove one candidate (median)", label, statistics.median(removes), "ms")


def in_fresh_process(measure: Callable[[Report], None], report: Report) -> None:
    """Run `measure` in a forked child and add its rows to `report`.

    Each pool size starts from the same process (catalog, text model and postings loaded,
    nothing else): memory a previous size freed stays in the allocator's arenas, and a
    later build that reused it would seem to hold less than it does.
    """
    sys.stdout.flush()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: measure, send the rows back, leave without cleanup
        os.close(read)
        child = Report()
        try:
            measure(child)
            payload = pickle.dumps((child.rows, child.held, child.failed_checks))
        except BaseException:
            traceback.print_exc()
            payload = b""
        sys.stdout.flush()
        with os.fdopen(write, "wb") as out:
            out.write(payload)
        os._exit(0 if payload else 1)
    os.close(write)
    with os.fdopen(read, "rb") as source:
        payload = source.read()
    os.waitpid(pid, 0)
    if not payload:
        raise SystemExit("a measurement failed in its child process (traceback above)")
    rows, held, failed_checks = pickle.loads(payload)  # noqa: S301 (our own child's bytes)
    report.rows.extend(rows)
    report.held.update(held)
    report.failed_checks.extend(failed_checks)


def held_slope(report: Report) -> None:
    """Report the resident memory per extra candidate, and the fixed cost, between sizes."""
    sizes = sorted(report.held)
    if len(sizes) < 2:
        return
    small, large = sizes[-2], sizes[-1]  # the two largest: the fixed cost weighs least
    slope = (report.held[large] - report.held[small]) / (large - small)
    label = f"{small:,} -> {large:,}"
    report.add("resident memory held per candidate (slope)", label, slope, "B", 1024)
    report.add("resident fixed cost (intercept)", label,
               (report.held[small] - slope * small) / 1e6, "MB")


def _generate(size: int) -> list[CandidateProfile]:
    synthetic = Synthetic(1)
    return [synthetic.candidate(i) for i in range(1, size + 1)]


def bench_postings(postings: list[PostingProfile], report: Report) -> None:
    label = f"{len(postings):,} postings"
    print(f"\n== {label} ==", flush=True)
    build_ms, index = timed(lambda: PostingIndex(postings))
    report.add("PostingIndex build", label, build_ms / 1000, "s")
    # Query as candidates who can be placed: open permit, no health restriction, oral >= 5.
    candidates = [
        c
        for c in _generate(400)
        if c.permit_kind == "open" and not c.permit_health_restricted and c.french.oral >= 5
    ][:50]
    cold = timed_queries(lambda c: index.rank(c, TODAY), candidates)
    warm = timed_queries(lambda c: index.rank(c, TODAY), candidates)
    report.timing("PostingIndex rank, first query per candidate", label, *cold, 2.0)
    report.timing("PostingIndex rank, repeated", label, *warm, 2.0)
    report.note(
        "matches returned per query",
        label,
        result_sizes(lambda c: index.rank(c, TODAY), candidates),
    )
    brute_times, same = [], True
    for candidate in candidates[:10]:
        elapsed, expected = timed(lambda c=candidate: rank_postings(c, postings, TODAY))
        brute_times.append(elapsed)
        same = same and expected == index.rank(candidate, TODAY)
    report.add("brute-force rank_postings (median)", label, statistics.median(brute_times), "ms")
    report.check("PostingIndex top 50 == brute force", label, same)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="10000,100000,300000",
        help="comma-separated pool sizes (1000000 too: about 3 more minutes, 4 GB of profiles)",
    )
    parser.add_argument("--quick", action="store_true", help="10k candidates only")
    args = parser.parse_args()
    sizes = [10_000] if args.quick else [int(s) for s in args.sizes.split(",") if s]
    load_before = os.getloadavg()[0]
    resident = settled_rss()
    catalog_ms, catalog = timed(default_catalog)
    model_ms, _ = timed(lambda: catalog.text_model)
    fixed = settled_rss() - resident
    print(f"catalog loaded in {catalog_ms:.0f} ms, text model fitted in {model_ms:.0f} ms")
    synthetic = Synthetic(2)
    postings = [synthetic.posting(i) for i in range(1, 10_001)]
    report = Report()
    report.add("resident fixed cost: catalog and text model (RSS)", "-", fixed / 1e6, "MB")
    for size in sizes:
        brute = 10 if size <= 10_000 else (3 if size <= 100_000 else 0)
        in_fresh_process(lambda r, s=size, b=brute: bench_candidates(s, postings, r, b), report)
    bench_postings(postings, report)
    held_slope(report)
    print()
    report.print()
    print(
        f"\nmachine: {os.cpu_count()} cores, load average {load_before:.1f} at start and "
        f"{os.getloadavg()[0]:.1f} at end; wall-clock times include waiting for a core when "
        "other processes share the machine (cpu = this process's CPU time)."
    )
    if report.failed_checks:
        raise SystemExit(f"index and brute force differ: {', '.join(report.failed_checks)}")
    missed = [f"{row[0]} ({row[1]})" for row in report.rows if row[4] == "FAIL"]
    if missed:
        raise SystemExit(f"bars missed: {', '.join(missed)}")


if __name__ == "__main__":
    main()
