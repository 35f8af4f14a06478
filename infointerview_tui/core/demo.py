"""A realistic, deterministic (per seed) demo dataset, written through the intents.

All dates are relative to the store's clock, so a frozen clock gives the same data, and
the demo always has follow-ups both due and overdue.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from . import counters
from .contacts import Contacts
from .outcomes import NewContact
from .seed_questions import DEFAULT_QUESTIONS
from .store import Store

FIELDS = (
    ("Software development", "15-1252.00", "shortlisted"),
    ("UX design", "15-1255.00", "exploring"),
    ("Data science", "15-2051.00", "shortlisted"),
    ("Registered nursing", "29-1141.00", "exploring"),
    ("Environmental engineering", "17-2081.00", "set aside"),
    ("Marketing management", "11-2021.00", "exploring"),
)

ORGS = {
    "Software development": [
        "Northwind Software",
        "Brightlane Labs",
        "Cobalt Systems",
        "Harbor Cloud",
        "Tidewater Games",
    ],
    "UX design": ["Pixel & Pine Studio", "Clearpath Design", "Fernhill Digital"],
    "Data science": [
        "Quantile Analytics",
        "Riverbend Health Data",
        "Statwise Consulting",
        "Open Data Lab",
    ],
    "Registered nursing": ["St. Anne's Hospital", "Lakeside Community Clinic", "Meadowvale Care"],
    "Environmental engineering": ["GreenGrid Engineering", "Watershed Partners"],
    "Marketing management": ["Bold Orchard Agency", "Maple & Main Marketing", "Lumen Retail Group"],
}
ORG_SOURCES = ("job search website", "E-blue book", "Glassdoor", "networking event", "contact")
PEOPLE_SOURCES = ("contact", "contact the organization", "networking event", "LinkedIn")

TITLES = {
    "Software development": [
        "Senior Software Engineer",
        "Engineering Manager",
        "Backend Developer",
        "Staff Engineer",
        "QA Lead",
    ],
    "UX design": ["UX Designer", "Product Designer", "UX Researcher", "Design Lead"],
    "Data science": [
        "Data Scientist",
        "Analytics Manager",
        "Machine Learning Engineer",
        "Data Analyst",
    ],
    "Registered nursing": [
        "Registered Nurse",
        "Charge Nurse",
        "Nurse Educator",
        "Nurse Practitioner",
    ],
    "Environmental engineering": [
        "Environmental Engineer",
        "Project Engineer",
        "Water Resources Specialist",
    ],
    "Marketing management": [
        "Marketing Manager",
        "Brand Strategist",
        "Content Lead",
        "Growth Marketer",
    ],
}
FIRST = (
    "Amara",
    "Ben",
    "Chloé",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hiro",
    "Isla",
    "Jonas",
    "Kemi",
    "Liam",
    "Maya",
    "Nikhil",
    "Olivia",
    "Pedro",
    "Quinn",
    "Rosa",
    "Sami",
    "Tess",
    "Uma",
    "Victor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoë",
    "Aisha",
    "Bruno",
    "Carmen",
    "Dmitri",
)
LAST = (
    "Okafor",
    "Nguyen",
    "Martin",
    "Patel",
    "Kowalski",
    "Haddad",
    "Lee",
    "Tanaka",
    "MacLeod",
    "Berg",
    "Adeyemi",
    "O'Brien",
    "Santos",
    "Iyer",
    "Walsh",
    "Costa",
    "Park",
    "Rivera",
    "Nakamura",
    "Fischer",
    "Dubois",
    "Ahmed",
    "Larsen",
    "Moreau",
    "Silva",
)
RELATIONSHIPS = (
    "friend of a friend",
    "former professor",
    "alumni network",
    "met at event",
    "cold outreach",
    "family friend",
    "former colleague",
)
TAGS = ("alumni", "remote", "mentor", "hiring soon", "conference", "warm intro")
STAGE_WEIGHTS = (10, 15, 35, 20, 20)
ADVICE = (
    "Take the evening course in {skill}.\nBuild one small project to show.",
    "Volunteer with a local group to get real {skill} experience.\nJoin the local meetup.",
)
INSIGHT = (
    "Most of the week is collaboration, not {skill}; communication matters more than you think.",
    "The field is shifting towards {skill}; teams value curiosity.",
)
ANSWERS = {
    "c1q1": "Started in support, moved into the role after two years and a night course.",
    "c2q1": "Mornings are stand-ups and reviews; afternoons are focused {skill} work.",
    "c2q3": "Loves the variety and the people; dislikes the meetings about meetings.",
    "c3q2": "A migration project this quarter; they take two interns each summer.",
    "c4q1": "Learn {skill} properly and show one small project; it pays off.",
    "c5q1": "Suggested a colleague in another team; happy for me to use their name.",
}
SKILLS = ("SQL", "user research", "Python", "patient care", "budgeting", "GIS mapping")


#: The activity of the first FULL contacts of a stage is the default demo's picture (every
#: interview, every other outreach...); beyond them, one contact in TAIL gets the same,
#: so a 100,000-contact demo has activity in proportion (thousands of interviews) and
#: is still written in seconds.
FULL = 400
TAIL = 20
#: A large demo spreads its people over more organizations (about this many each), as a
#: real search would: 100,000 people at 20 organizations is no one's network.
PEOPLE_PER_ORGANIZATION = 50


def picked(k: int, every: int = 1) -> bool:
    """Whether the k-th contact of a stage gets activity (see FULL and TAIL)."""
    return k % every == 0 if k < FULL else k % (every * TAIL) == 0


class DatabaseNotEmpty(ValueError):
    """The demo was asked to write into a database that has contacts already."""


def write_demo(store: Store, contacts: int = 60, seed: int = 7) -> None:
    """Fill an empty store with a demo dataset of `contacts` contacts.

    Written through the intents, all in one transaction (`Database.batch`): each still
    applies its rules, and a large demo is not a hundred thousand commits."""
    with store.db.read() as conn:
        has_contacts = Contacts.has_any(conn)
    if has_contacts:
        raise DatabaseNotEmpty("the demo is written only into an empty database")
    # The derived counts and the insights' tables are filled once at the end, not per
    # row (counters.counted_at_the_end): 100,000 contacts took twice as long with them.
    with store.db.batch() as conn, counters.counted_at_the_end(conn):
        _write(store, contacts, seed)


def _write(store: Store, contacts: int, seed: int) -> None:
    rng = random.Random(seed)
    now = store.now()
    intents = store.intents
    field_ids: dict[str, int] = {}
    for i, (name, code, status) in enumerate(FIELDS):
        field_ids[name] = intents.save_career_field(
            None,
            {
                "name": name,
                "status": status,
                "onet_code": code,
                "notes": f"Why {name}? It mixes problem solving with people.",
                "src_experience_done": i % 2 == 0,
                "src_experience_notes": "Summer internship touched on this." if i % 2 == 0 else "",
                "src_self_assessment_done": i % 3 != 2,
                "src_self_assessment_notes": (
                    "TypeFocus suggested investigative/social roles." if i % 3 != 2 else ""
                ),
                "src_career_cruising_done": i % 2 == 1,
                "src_onet_done": i < 4,
                "src_onet_notes": f"Bright outlook; median wage noted for {code}.",
                "created_at": now - timedelta(days=60 - i),
            },
        )
    orgs: list[tuple[int, str, str]] = []
    for field_name, names in ORGS.items():
        for j, org in enumerate(names):
            slug = "".join(ch for ch in org.lower() if ch.isalnum())
            org_id = intents.save_organization(
                None,
                {
                    "name": org,
                    "career_field": field_name,
                    "website": f"https://{slug}.example.com",
                    "location": rng.choice(
                        ("Toronto, ON", "Vancouver, BC", "Remote", "Montréal, QC", "Halifax, NS")
                    ),
                    "how_found": ORG_SOURCES[j % len(ORG_SOURCES)],
                    "notes": "",
                    "created_at": now - timedelta(days=45),
                },
            )
            orgs.append((org_id, org, field_name))
    base = list(orgs)
    for k in range(contacts // PEOPLE_PER_ORGANIZATION - len(base)):
        _org_id, org, field_name = base[k % len(base)]
        name = f"{org} {k // len(base) + 2}"  # "Northwind Software 2": another office
        orgs.append(
            (
                intents.save_organization(
                    None,
                    {
                        "name": name,
                        "career_field": field_name,
                        "location": "Remote",
                        "how_found": ORG_SOURCES[k % len(ORG_SOURCES)],
                        "created_at": now - timedelta(days=45),
                    },
                ),
                name,
                field_name,
            )
        )

    people: list[NewContact] = []
    for n in range(contacts):
        org_id, _org, field_name = orgs[rng.randrange(len(orgs))]
        stage = rng.choices(range(1, 6), STAGE_WEIGHTS)[0]
        first, last = rng.choice(FIRST), rng.choice(LAST)
        name = f"{first} {last}" if n < len(FIRST) * len(LAST) else f"{first} {last} {n}"
        handle = f"{first}-{last}-{n}".lower().replace("'", "").replace("é", "e")
        age = rng.randint(10, 90)
        # Arrived at stage 1 `age` days ago, then one stage on every three days.
        history = ((1, now - timedelta(days=age)),) + tuple(
            (s, now - timedelta(days=age - s * 3)) for s in range(2, stage + 1)
        )
        people.append(
            NewContact(
                id=n + 1,
                name=name,
                stage=stage,
                title=rng.choice(TITLES[field_name]),
                organization_id=org_id,
                career_field_id=field_ids[field_name],
                email=f"{handle}@example.org",
                phone=f"+1 555 01{n % 100:02d}",
                linkedin_url=f"https://www.linkedin.com/in/{handle}",
                how_found=rng.choice(PEOPLE_SOURCES),
                relationship=rng.choice(RELATIONSHIPS),
                tags=", ".join(rng.sample(TAGS, rng.randint(0, 2))),
                created_at=now - timedelta(days=age),
                history=history,
            )
        )
    # Referrals: a few contacts were referred by someone already interviewed.
    interviewed = [p.id for p in people if p.stage == 5]
    referable = [k for k, p in enumerate(people) if p.stage in (3, 4)]
    for k in referable[: max(1, contacts // 10)]:
        if interviewed:
            people[k] = _referred(people[k], rng.choice(interviewed))  # type: ignore[arg-type]
    intents.import_contacts(people)
    _write_activity(store, rng, people, now)
    from .demo_method import write_method_demo

    write_method_demo(store, rng, now, cap=max(FULL, contacts // 100))


def _referred(person: NewContact, referrer_id: int) -> NewContact:
    from dataclasses import replace

    return replace(person, referred_by_id=referrer_id, how_found="referral")


def _write_activity(
    store: Store, rng: random.Random, people: list[NewContact], now: datetime
) -> None:
    """Outreach, interviews with answered questions, and follow-ups due and overdue."""
    intents = store.intents
    questions = {q.key: q for q in DEFAULT_QUESTIONS}
    qids = store.questions.builtin_ids()
    stage3 = [p for p in people if p.stage == 3]
    stage4 = [p for p in people if p.stage == 4]
    stage5 = [p for p in people if p.stage == 5]
    for k, p in enumerate(stage3):
        if not picked(k, 2):
            continue
        sent = (now - timedelta(days=rng.randint(1, 12), hours=rng.randint(0, 8))).replace(
            second=0, microsecond=0
        )
        intents.log_outreach(
            p.id or 0,
            channel=rng.choice(("email", "LinkedIn")),
            message=f"Hello {p.name.split()[0]}, I'm exploring this field and would value 20 "
            "minutes of your insight. I'm not asking for a job.",
            timeframe="a 20-minute call next week",
            place="video call",
            sent_at=sent,
        )
    for k, p in enumerate(stage4):
        if not picked(k):
            continue
        # Office hours (UTC), spread over the next nine days, never already past.
        when = (now + timedelta(days=k % 9)).replace(
            hour=9 + k % 8, minute=30 * (k % 2), second=0, microsecond=0
        )
        if k == 0:  # one later today, so the agenda has a Today
            when = (now + timedelta(hours=3)).replace(minute=0, second=0, microsecond=0)
        elif when <= now:
            when += timedelta(days=1)
        intents.schedule_interview(
            p.id or 0,
            when,
            planned_minutes=rng.choice((20, 30, 30, 45)),
            location=rng.choice(("Video call", "Coffee shop near their office", "Phone")),
        )
    for k, p in enumerate(stage5):
        if not picked(k):
            continue
        ended = (
            now - timedelta(days=[0, 1, 2, 5, 20, 40, 95][k % 7], hours=rng.randint(1, 5))
        ).replace(second=0, microsecond=0)
        skill = rng.choice(SKILLS)
        advice = rng.choice(ADVICE).format(skill=skill)
        insight = rng.choice(INSIGHT).format(skill=skill)
        answers = []
        for key in ("c1q1", "c2q1", "c2q3", "c3q2", "c4q1", "c5q1"):
            q = questions[key]
            note = rng.choice(
                (
                    "Started in support, moved into the role after two years.",
                    "Loves the variety; dislikes meetings.",
                    f"Learn {skill} properly; it pays off.",
                    "Suggested talking to a colleague in another team.",
                )
            )
            answers.append((qids.get(key), q.category, q.text, note))
        intents.record_past_interview(
            p.id or 0,
            started_at=ended - timedelta(minutes=32),
            ended_at=ended,
            location="Video call",
            advice=advice,
            insight=insight,
            free_notes="Warm, generous with time. Mentioned a meetup next month.",
            summary="Great conversation; follow up in a month.",
            answers=answers,
            thanked=k % 7 >= 3,
        )
        if k >= FULL and k % (2 * TAIL) == 0:
            # Staying in touch after the interview (a large demo's agenda has these too).
            intents.log_touch(
                p.id or 0,
                "update",
                "Sent a short update on my search.",
                at=ended + timedelta(days=1),
            )
