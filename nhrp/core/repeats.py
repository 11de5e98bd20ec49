"""Continuity across UPR cycles: which recommendation of a later cycle repeats one of an
earlier cycle (``nhrp repeats suggest`` ranks candidates, ``nhrp repeats add`` records the link
in the later record's ``repeats`` field), and what the earlier one's status is.

Matching is offline and fuzzy (rapidfuzz, an optional extra): both texts are folded like search
(case, diacritics, Arabic spelling variants: :func:`nhrp.core.textfold.fold`), the recommending
States in brackets are dropped (the same request often comes from other States), and the score
is the mean of rapidfuzz's token-set and token-sort ratios (after spelling out the treaties'
abbreviations: ICCPR, CAT, OPCAT, ...) — word order does not matter, and a
request that only adds words ("consider ...") still scores high. Texts are compared in each
language both records have (the summary, else the official text); the best language counts.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from nhrp.core.names import natural_key
from nhrp.core.plan import Plan
from nhrp.core.textfold import fold
from nhrp.errors import EnvironmentProblem, UsageError

MIN_SCORE = 75
CANDIDATES = 5
_BRACKETS = re.compile(r"\([^()]*\)")
# the treaties' usual abbreviations, spelt out as comparable() leaves their names
ACRONYMS = {
    "iccpr": "international covenant civil political rights",
    "icescr": "international covenant economic social cultural rights",
    "cedaw": "convention elimination forms discrimination against women",
    "crc": "convention rights child",
    "crpd": "convention rights persons disabilities",
    "cat": "convention against torture",
    "opcat": "optional protocol convention against torture",
    "icerd": "international convention elimination forms racial discrimination",
    "cerd": "convention elimination forms racial discrimination",
    "cped": "international convention protection persons enforced disappearance",
    "icppedd": "international convention protection persons enforced disappearance",
    "icmw": "international convention protection rights migrant workers members families",
    "nhri": "national human rights institution",
}
_STOP = frozenset("a an the of to and in on with its for by as at from that this be all any "
                  "their".split())


class Suggestion(NamedTuple):
    later: str
    earlier: str
    score: float
    language: str

    def as_dict(self) -> dict:
        return {"later": self.later, "earlier": self.earlier, "score": self.score,
                "language": self.language}


def _rapidfuzz():
    try:
        from rapidfuzz import fuzz, process
    except ImportError:
        raise EnvironmentProblem("matching repeats needs rapidfuzz: pip install 'nhrp[fuzzy]' "
                                 "(or pip install rapidfuzz)") from None
    return fuzz, process


def comparable(text: str) -> str:
    """A text as it is compared: folded, without bracketed States or punctuation, without the
    commonest English function words, with the treaties' abbreviations spelt out."""
    words = re.findall(r"\w+", fold(_BRACKETS.sub(" ", text)))
    return " ".join(ACRONYMS.get(w, w) for w in words if w not in _STOP)


def texts(rec: dict) -> dict[str, str]:
    out = {}
    for key in ("text", "summary"):  # the summary wins where both exist
        for lang, value in (rec.get(key) or {}).items():
            if isinstance(value, str) and value.strip():
                out[lang] = comparable(value)
    return out


def score(a: str, b: str) -> float:
    fuzz, _ = _rapidfuzz()
    return round((fuzz.token_set_ratio(a, b) + fuzz.token_sort_ratio(a, b)) / 2, 1)


def suggest(plan: Plan, from_cycle: int, to_cycle: int, *, min_score: float = MIN_SCORE,
            include_linked: bool = False) -> list[Suggestion]:
    """For each recommendation of ``to_cycle`` (without a ``repeats`` link, unless
    ``include_linked``), the best match of ``from_cycle`` scoring at least ``min_score``;
    best first."""
    if from_cycle >= to_cycle:
        raise UsageError(f"--from-cycle {from_cycle} must be earlier than --to-cycle {to_cycle}")
    fuzz, process = _rapidfuzz()
    earlier = {r: texts(rec) for r, rec in plan.recommendations.items()
               if rec.get("cycle") == from_cycle}
    later = {r: texts(rec) for r, rec in plan.recommendations.items()
             if rec.get("cycle") == to_cycle and (include_linked or not rec.get("repeats"))}
    for cycle, found in ((from_cycle, earlier), (to_cycle, later)):
        if not found and not any(rec.get("cycle") == cycle for rec in plan.recommendations.values()):
            raise UsageError(f"the plan has no recommendation of cycle {cycle}")
    by_lang: dict[str, dict[str, str]] = {}
    for rec_id, found in earlier.items():
        for lang, text in found.items():
            by_lang.setdefault(lang, {})[rec_id] = text
    out = []
    for rec_id in sorted(later, key=natural_key):
        best: Suggestion | None = None
        for lang, text in later[rec_id].items():
            pool = by_lang.get(lang) or {}
            # a fast first pass in C, then the combined score on the few best
            for _, _, other in process.extract(text, pool, scorer=fuzz.token_set_ratio,
                                               limit=CANDIDATES):
                value = score(text, pool[other])
                if value >= min_score and (best is None or value > best.score):
                    best = Suggestion(rec_id, other, value, lang)
        if best is not None:
            out.append(best)
    return sorted(out, key=lambda s: (-s.score, natural_key(s.later)))


def latest_status(analysis, rec_id: str) -> dict[str, str]:
    """The earlier recommendation's settled status per duty bearer ({} when never assessed)."""
    facts = analysis.facts.get(rec_id)
    return dict(facts.settled) if facts else {}


def describe(analysis, rec: dict) -> dict | None:
    """``{"id": earlier, "status": {duty bearer: status}}`` for a record that repeats one."""
    earlier = rec.get("repeats")
    if not earlier:
        return None
    return {"id": earlier, "status": latest_status(analysis, earlier)}


def phrase(repeat: dict | None) -> str:
    """'repeats upr2-127.5 (its latest status: federal in-progress)'."""
    if not repeat:
        return ""
    status = ", ".join(f"{db} {s}" for db, s in sorted(repeat["status"].items())) or \
        "not assessed"
    return f"repeats {repeat['id']} (its latest status: {status})"
