"""The built-in question bank: good defaults in each of the five categories."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DefaultQuestion:
    key: str
    category: int
    text: str
    air: str = ""
    favourite: bool = False
    position: int = 0
    tiara: str = ""


_RAW: dict[int, list[tuple[str, str, bool]]] = {
    1: [
        (
            "How did you get started in this field, and what path led you to your current role?",
            "I",
            True,
        ),
        ("What education or training prepared you best for this work?", "I", False),
        ("Which certifications, courses or on-the-job training mattered most?", "I", False),
        (
            "Which professional associations or communities do you belong to, and are they "
            "worth joining?",
            "A",
            False,
        ),
        ("If you were starting your career again, what would you do differently?", "A", False),
        ("What do you wish you had known before entering this occupation?", "I", False),
    ],
    2: [
        ("What does a typical workday or week look like for you?", "I", True),
        ("What are your main responsibilities, and how is success measured?", "I", False),
        ("What do you like most about your job, and what do you like least?", "I", True),
        ("Which skills did you have to learn on the job?", "I", False),
        ("What are the biggest challenges facing people in this role right now?", "I", False),
        ("How do you see this occupation changing over the next five years?", "I", False),
    ],
    3: [
        ("What training or development opportunities does your organization offer?", "I", False),
        ("What kinds of projects is your team working on at the moment?", "I", True),
        ("How would you describe the culture here, and who thrives in it?", "I", False),
        ("Does the organization run events, info sessions or open days I could attend?", "", False),
        ("Are there internships, co-op placements or other opportunities for students?", "", False),
    ],
    4: [
        (
            "Given my background, what would you recommend I do next to prepare for this field?",
            "A",
            True,
        ),
        ("Which volunteer or work experience would strengthen my profile most?", "A", False),
        ("Are there courses, programs or certifications you would suggest for me?", "A", False),
        ("What gaps do you see in my experience, and how could I close them?", "A", False),
        ("Which resources (books, newsletters, podcasts) should I follow?", "A", False),
    ],
    5: [
        ("Who else would you suggest I talk to, and may I mention your name?", "R", True),
        ("Are there groups, events or projects where I could get involved?", "R", False),
        ("Is there anyone at another organization I should speak with?", "R", False),
        (
            "May I keep you updated on my progress, and what is the best way to stay in touch?",
            "",
            False,
        ),
        ("Is there anything I can send you in return — an article, research, an event?", "", False),
    ],
}

# TIARA (Dalton and Jeff Lin): Trends, Insights, Advice, Resources, Assignments — the
# built-ins that ask each, at least two per tag (schema v4 tags the same keys).
_TIARA: dict[str, str] = {
    "c1q6": "insights",
    "c2q5": "insights",
    "c2q6": "trends",
    "c3q2": "assignments",
    "c4q1": "advice",
    "c4q2": "advice",
    "c4q3": "resources",
    "c4q5": "resources",
}

DEFAULT_QUESTIONS: tuple[DefaultQuestion, ...] = tuple(
    DefaultQuestion(
        key=f"c{category}q{index + 1}",
        category=category,
        text=text,
        air=air,
        favourite=favourite,
        position=index,
        tiara=_TIARA.get(f"c{category}q{index + 1}", ""),
    )
    for category, questions in _RAW.items()
    for index, (text, air, favourite) in enumerate(questions)
) + (
    DefaultQuestion(
        "tiara-trends",
        3,
        "What trends are you seeing in your industry right now?",
        "I",
        position=100,
        tiara="trends",
    ),
    DefaultQuestion(
        "tiara-assignments",
        1,
        "Which project taught you the most, and what did you do in it?",
        "I",
        position=100,
        tiara="assignments",
    ),
)
