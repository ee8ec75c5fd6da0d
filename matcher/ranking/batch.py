"""Building a CandidateIndex in bulk: profiles straight into columns, text vectorised in numpy.

`compile_candidate` + `CandidateIndex._append` make one Python object per candidate and a
dict per text vector; at 100,000 candidates with texts of a few dozen words that took most
of a build. Here one pass over a batch of profiles fills plain lists column by column, and
the text vectors of the whole batch are computed with array operations that give the same
bits as `TextModel.vectorize` (same order of operations, see `text_columns`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from .experience import segments_by_noc
from .features import MAX_DAY, MIN_DAY, PERMIT_NONE, PERMIT_OPEN, PERMIT_SPECIFIC
from .store import ragged_positions
from .text import _chunk_tokens, title_key
from .textmodel import SCALE, TextModel

if TYPE_CHECKING:
    from .profiles import CandidateProfile
    from .vocab import Vocab

_PERMIT_CODES = {"open": PERMIT_OPEN, "employer_specific": PERMIT_SPECIFIC}
_SLASH = -1  # a chunk holding a slash: its text is vectorised as a whole (rare)


class ChunkTable:
    """Whitespace-free chunks of text seen during one build, and the term ids they hold.

    A chunk's tokens do not depend on its neighbours unless it holds a slash (see
    `text._chunk_tokens`), so each distinct chunk is folded once per build. The table lives
    only as long as the build.
    """

    def __init__(self, model: TextModel, terms: Vocab):
        self._model = model
        self._terms = terms
        self.ids: dict[str, int] = {}
        self._starts = [0]
        self._flat: list[int] = []
        self._slash: list[bool] = []
        self._idf: list[float] = []  # per term id of `terms`

    def lookup(self, chunks: list[str]) -> np.ndarray:
        """Return the chunk id of each chunk, adding the new ones."""
        ids = self.ids
        for chunk in sorted(set(chunks).difference(ids)):
            ids[chunk] = len(ids)
            words = _chunk_tokens(chunk)
            self._slash.append(words is None)
            if words:
                self._flat.extend(self._terms.add(word) for word in words)
            self._starts.append(len(self._flat))
        if len(self._idf) < len(self._terms):  # terms may also come from whole texts
            idf = self._model.idf
            self._idf.extend(idf(term) for term in self._terms.keys[len(self._idf):])
        return np.fromiter(map(ids.__getitem__, chunks), dtype=np.int64, count=len(chunks))

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Return (starts, flat term ids, slash flags, idf per term) as arrays."""
        return (
            np.array(self._starts, dtype=np.int64),
            np.array(self._flat, dtype=np.int64),
            np.array(self._slash, dtype=np.bool_),
            np.array(self._idf, dtype=np.float64),
        )


def text_columns(
    chunk_ids: np.ndarray,
    lengths: np.ndarray,
    table: ChunkTable,
    whole: dict[int, dict[str, int]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (lengths, term ids, weights) of the text vectors of a batch of texts.

    Args:
        chunk_ids: the chunks of every text, text after text.
        lengths: how many chunks each text has.
        table: the chunk table that gave `chunk_ids`.
        whole: filled with {position: vector} for the texts holding a slash chunk, which
            the caller vectorises as whole texts; their lists here are empty.

    The weights are `TextModel.vectorize`'s, bit for bit: a term's weight is idf (one
    occurrence) or (1 + ln n) * idf, the norm is the square root of the squares summed in
    order of first appearance (`np.bincount` adds in input order), and the quantised
    weight is weight / norm * SCALE rounded half to even (`np.rint`, as `round`).
    """
    count = len(lengths)
    starts, flat, slash, idf = table.arrays()
    owner = np.repeat(np.arange(count), lengths)
    odd = np.zeros(count, dtype=np.bool_)
    odd[owner[slash[chunk_ids]]] = True
    for position in np.flatnonzero(odd).tolist():
        whole[position] = {}
    keep = ~odd[owner]
    owner, chunk_ids = owner[keep], chunk_ids[keep]
    token_owner, positions = ragged_positions(starts, chunk_ids)
    owner = owner[token_owner]
    terms = flat[positions]
    width = max(1, len(idf))
    keys, first, counts = np.unique(owner * width + terms, return_index=True, return_counts=True)
    order = np.argsort(first, kind="stable")  # first appearance: owners stay in order
    keys, counts = keys[order], counts[order]
    owner, terms = keys // width, keys % width
    logs = np.array([0.0, *map(math.log, range(1, int(counts.max(initial=1)) + 1))])
    weights = np.where(counts == 1, idf[terms], (1.0 + logs[counts]) * idf[terms])
    norms = np.sqrt(np.bincount(owner, weights=weights * weights, minlength=count))
    quantised = np.rint(weights / norms[owner] * SCALE).astype(np.int64)
    positive = quantised > 0
    owner, terms, quantised = owner[positive], terms[positive], quantised[positive]
    return np.bincount(owner, minlength=count), terms, quantised


def profile_columns(
    batch: Sequence[CandidateProfile],
    threshold_tenths: int,
    table: ChunkTable,
    vocabs: dict[str, Vocab],
    model: TextModel,
) -> tuple[list[int], dict[str, list], dict[str, tuple]]:
    """Return (ids, columns, lists) of a batch of profiles, as `RowStore.append` takes them.

    Same values as `compile_candidate` then `CandidateIndex._append`.
    """
    regions, shifts, certs = vocabs["regions"], vocabs["shifts"], vocabs["certs"]
    masks: dict[tuple[int, frozenset[str]], int] = {}

    def mask(which: int, vocab: Vocab, keys: frozenset[str]) -> int:
        found = masks.get((which, keys))
        if found is None:
            found = masks[which, keys] = vocab.mask(keys)
        return found

    ids, permit, employer, expires, renewal_ok, health, oral, written = ([] for _ in range(8))
    region, relocate, shift, available, cert = ([] for _ in range(5))
    title_lengths: list[int] = []
    title_keys: list[str] = []
    noc_lengths: list[int] = []
    noc_keys: list[str] = []
    segment_lengths: list[int] = []
    segment_nocs: list[str] = []
    firsts: list[int] = []
    afters: list[int] = []
    weights: list[int] = []
    chunks: list[str] = []
    chunk_lengths: list[int] = []
    permit_codes = _PERMIT_CODES.get
    for c in batch:
        ids.append(c.id)
        permit.append(permit_codes(c.permit_kind, PERMIT_NONE))
        employer.append(-1 if c.permit_employer_id is None else c.permit_employer_id)
        day = MAX_DAY if c.permit_expires_on is None else c.permit_expires_on.toordinal()
        expires.append(day)
        renewal = c.permit_renewal_applied_on
        renewal_ok.append(renewal is not None and renewal.toordinal() <= day)
        health.append(c.permit_health_restricted)
        oral.append(c.french.oral)
        written.append(c.french.written)
        region.append(mask(0, regions, c.preferred_regions))
        relocate.append(c.willing_to_relocate)
        shift.append(mask(1, shifts, c.shifts))
        available.append(MIN_DAY if c.available_from is None else c.available_from.toordinal())
        cert.append(mask(2, certs, c.certifications))
        experiences = c.experiences
        before = len(chunks)
        if experiences:
            keys = [key for key in dict.fromkeys(title_key(e.title) for e in experiences) if key]
            title_keys.extend(keys)
            title_lengths.append(len(keys))
            nocs = {e.noc_code for e in experiences if e.noc_code} | c.desired_noc_codes
            count = 0
            for noc, segments in segments_by_noc(experiences, threshold_tenths).items():
                for first, after, weight in segments:
                    segment_nocs.append(noc)
                    firsts.append(first)
                    afters.append(after)
                    weights.append(weight)
                count += len(segments)
            segment_lengths.append(count)
            for e in experiences:
                if e.description:
                    chunks.extend(e.description.split())
        else:
            title_lengths.append(0)
            segment_lengths.append(0)
            nocs = c.desired_noc_codes
        noc_keys.extend(sorted(nocs))
        noc_lengths.append(len(nocs))
        if c.skills_text:
            chunks.extend(c.skills_text.split())
        chunk_lengths.append(len(chunks) - before)
    whole: dict[int, dict[str, int]] = {}
    text_lengths, terms, text_weights = text_columns(
        table.lookup(chunks), np.array(chunk_lengths, dtype=np.int64), table, whole
    )
    if whole:
        text_lengths, terms, text_weights = _merge_whole(
            batch, whole, text_lengths, terms, text_weights, vocabs["terms"], model
        )
    columns = {
        "permit": permit, "employer": employer, "expires": expires, "renewal_ok": renewal_ok,
        "health": health, "oral": oral, "written": written, "regions": region,
        "relocate": relocate, "shifts": shift, "available": available, "certs": cert,
    }
    lists = {
        "text": (text_lengths, {"term": terms, "weight": text_weights}),
        "titles": (title_lengths, {"title": vocabs["titles"].add_all(title_keys)}),
        "nocs": (noc_lengths, {"noc": vocabs["nocs"].add_all(noc_keys)}),
        "segments": (segment_lengths, {
            "noc": vocabs["nocs"].add_all(segment_nocs), "first": firsts, "after": afters,
            "weight": weights,
        }),
    }
    return ids, columns, lists


def _merge_whole(
    batch: Sequence[CandidateProfile],
    whole: dict[int, dict[str, int]],
    lengths: np.ndarray,
    terms: np.ndarray,
    weights: np.ndarray,
    vocab: Vocab,
    model: TextModel,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Put the vectors of the texts holding a slash, vectorised whole, in their rows."""
    from .features import candidate_text  # noqa: PLC0415 (avoids an import cycle)

    owner = np.repeat(np.arange(len(lengths)), lengths)
    extra_owner, extra_terms, extra_weights = [], [], []
    lengths = lengths.copy()
    for position in whole:
        vector = model.vectorize(candidate_text(batch[position]))
        lengths[position] = len(vector)
        extra_owner.extend([position] * len(vector))
        extra_terms.extend(vocab.add(term) for term in vector)
        extra_weights.extend(vector.values())
    owner = np.concatenate((owner, np.array(extra_owner, dtype=np.int64)))
    order = np.argsort(owner, kind="stable")
    terms = np.concatenate((terms, np.array(extra_terms, dtype=np.int64)))[order]
    weights = np.concatenate((weights, np.array(extra_weights, dtype=np.int64)))[order]
    return lengths, terms, weights
