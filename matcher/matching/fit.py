"""Whether a logged-in candidate qualifies for one posting, why, or what is missing."""

from dataclasses import dataclass, field
from datetime import date

from matcher.matching.gaps import STEP_OF_NEED, reason_needs
from matcher.matching.queries import application_for
from matcher.matching.services import evaluate_pair
from matcher.models import Application, Candidate, Posting
from matcher.ranking import Evaluation
from matcher.ranking.gap_plan import Need


@dataclass(frozen=True)
class Fit:
    evaluation: Evaluation
    application: Application | None
    needs: list[Need] = field(default_factory=list)

    @property
    def can_apply(self) -> bool:
        """Offer « Apply » only for a job they qualify for and never applied to."""
        return self.evaluation.eligible and self.application is None

    @property
    def step_endpoints(self) -> list[str]:
        """The profile steps where a gap can be closed, each once."""
        return list(dict.fromkeys(STEP_OF_NEED[n.kind] for n in self.needs
                                  if n.kind in STEP_OF_NEED))


def fit_for(candidate: Candidate | None, posting: Posting, on: date) -> Fit | None:
    """Return the candidate's fit for the posting; None for anyone who is not a candidate."""
    if candidate is None:
        return None
    evaluation = evaluate_pair(posting, candidate, on)
    return Fit(evaluation, application_for(candidate, posting),
               reason_needs(evaluation.reasons, posting, candidate))
