"""The five stages of the information-interview timeline and their guidance."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Stage:
    number: int
    name: str
    label: str
    does: str
    guidance: tuple[str, ...]


STAGES: tuple[Stage, ...] = (
    Stage(
        1,
        "Identify & research career field/occupation",
        "Career field",
        "List candidate fields; for each, tick and annotate the research sources.",
        (
            "Professional experience",
            "Self-assessment (TypeFocus & career counselling)",
            "Career Cruising",
            "O*NET (O*NET-SOC code, e.g. 15-1252.00, link to its summary page)",
        ),
    ),
    Stage(
        2,
        "Identify company/organization",
        "Organization",
        "List organizations per field, with where they were found.",
        (
            "Job search websites",
            "E-blue book",
            "Glassdoor",
            "Networking events (campus career site, community listings, chamber of commerce)",
            "Contacts (friends, family, professors, past employers)",
        ),
    ),
    Stage(
        3,
        "Identify people",
        "People",
        "List people per organization, how found, who referred them; draft and log outreach.",
        (
            "Contacts",
            "Contact the organization",
            "Networking events",
            "LinkedIn",
            "When reaching out: be clear you are not asking for a job",
            "Propose a specific timeframe and location convenient for them",
        ),
    ),
    Stage(
        4,
        "Conduct information interview",
        "Interview",
        "Schedule, prepare questions, take notes live.",
        (
            "Five question categories: the person, the job, the company, "
            "advice unique to your situation, follow-up & referral",
            "Ask about AIR: Advice, Insight, Referral",
        ),
    ),
    Stage(
        5,
        "Follow-up & maintenance",
        "Follow-up",
        "Thank-you, stay in contact, give back.",
        (
            "Thank-you note/email",
            "Stay in contact (update them on your progress, respond to opportunities)",
            "Ways to give back (volunteer opportunities, information about research, "
            "events, articles)",
        ),
    ),
)

FIRST_STAGE = 1
LAST_STAGE = 5


def stage(number: int) -> Stage:
    """Return the stage with this number (1-5); ValueError for anything else."""
    if not FIRST_STAGE <= number <= LAST_STAGE:
        raise ValueError(f"stage must be 1-5, not {number}")
    return STAGES[number - 1]


# The five question categories of stage 4 (the question bank is organised by these).
CATEGORIES: tuple[tuple[int, str, str], ...] = (
    (1, "The person", "career path, educational background, training, memberships"),
    (2, "The job", "workday, responsibilities, likes/dislikes, skills they had to learn"),
    (3, "The company", "training opportunities, projects, events, student opportunities"),
    (4, "Advice for my situation", "volunteer/work recommendations, courses"),
    (5, "Follow-up & referral", "involvement opportunities, other professionals to contact"),
)

AIR_TAGS: dict[str, str] = {"A": "Advice", "I": "Insight", "R": "Referral"}

CAREER_FIELD_STATUSES: tuple[str, ...] = ("exploring", "shortlisted", "set aside")

# The research sources of stage 1, as (column prefix, label).
RESEARCH_SOURCES: tuple[tuple[str, str], ...] = (
    ("src_experience", "Professional experience"),
    ("src_self_assessment", "Self-assessment (TypeFocus & career counselling)"),
    ("src_career_cruising", "Career Cruising"),
    ("src_onet", "O*NET"),
)

ORGANIZATION_SOURCES: tuple[str, ...] = (
    "job search website",
    "E-blue book",
    "Glassdoor",
    "networking event",
    "contact",
    "other",
)


FOLLOW_UP_KINDS: tuple[str, ...] = (
    "thank-you",
    "nudge",
    "next-contact",
    "stay-in-touch",
    "give-back",
    "update",
)

# An interview's life: planned, then in progress, then done (or cancelled).
INTERVIEW_STATUSES: tuple[str, ...] = ("planned", "in progress", "done", "cancelled")


PAGE_SIZE = 40  # cards read at a time: a little more than a tall terminal shows
