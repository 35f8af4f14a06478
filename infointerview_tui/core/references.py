"""A few published figures to set your own beside, each with its source and kind.

Kinds say how much weight a figure can bear: a *study* (peer-reviewed or academic
research), *vendor data* (a company's numbers about its own platform or customers), or an
*anecdote* (a practitioner's experience). None of them is a target.
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("study", "vendor data", "anecdote")


@dataclass(frozen=True, slots=True)
class Reference:
    figure: str
    claim: str
    source: str
    kind: str


REFERENCES: tuple[Reference, ...] = (
    Reference(
        "7% → 40%",
        "Referred candidates were about 7% of applicants but about 40% of hires.",
        "Jobvite recruiting benchmark data (mid-2010s)",
        "vendor data",
    ),
    Reference(
        "56%",
        "Of the professional, technical and managerial workers surveyed, 56% had found "
        "their job through a personal contact.",
        "Mark Granovetter, Getting a Job (1974)",
        "study",
    ),
    Reference(
        "8.5%",
        "Of 12 million cold outreach emails, about 8.5% got a reply.",
        "Backlinko and Pitchbox outreach study (2019)",
        "vendor data",
    ),
    Reference(
        "3 days",
        "The people who will help you tend to reply within three business days "
        "(\u201cboosters\u201d); a later reply is from an obligate.",
        "Steve Dalton, The 2-Hour Job Search (2012)",
        "anecdote",
    ),
)
