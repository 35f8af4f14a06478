"""A realistic, deterministic (per seed) demo dataset, written in bulk.

All dates are relative to the store's clock, so a frozen clock gives the same data, and
the demo always has follow-ups both due and overdue.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from . import db, schedule
from .businessdays import BusinessCalendar
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


def write_demo(store: Store, contacts: int = 60, seed: int = 7) -> None:
    """Fill an empty store with a demo dataset of `contacts` contacts."""
    rng = random.Random(seed)
    now = store.now()
    stamp = db.to_db
    with store.write() as conn:
        if conn.execute("SELECT 1 FROM contact LIMIT 1").fetchone():
            raise ValueError("the demo is written only into an empty database")
        field_ids: dict[str, int] = {}
        for i, (name, code, status) in enumerate(FIELDS):
            cur = conn.execute(
                "INSERT INTO career_field (name, status, onet_code, notes, src_experience_done,"
                " src_experience_notes, src_self_assessment_done, src_self_assessment_notes,"
                " src_career_cruising_done, src_onet_done, src_onet_notes, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    name,
                    status,
                    code,
                    f"Why {name}? It mixes problem solving with people.",
                    i % 2 == 0,
                    "Summer internship touched on this." if i % 2 == 0 else "",
                    i % 3 != 2,
                    "TypeFocus suggested investigative/social roles." if i % 3 != 2 else "",
                    i % 2 == 1,
                    i < 4,
                    f"Bright outlook; median wage noted for {code}.",
                    stamp(now - timedelta(days=60 - i)),
                ),
            )
            field_ids[name] = int(cur.lastrowid or 0)
        orgs: list[tuple[int, str, str]] = []
        for field_name, names in ORGS.items():
            for j, org in enumerate(names):
                slug = "".join(ch for ch in org.lower() if ch.isalnum())
                cur = conn.execute(
                    "INSERT INTO organization (name, career_field_id, website, location, "
                    "how_found, notes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        org,
                        field_ids[field_name],
                        f"https://{slug}.example.com",
                        rng.choice(
                            (
                                "Toronto, ON",
                                "Vancouver, BC",
                                "Remote",
                                "Montréal, QC",
                                "Halifax, NS",
                            )
                        ),
                        ORG_SOURCES[j % len(ORG_SOURCES)],
                        "",
                        stamp(now - timedelta(days=45)),
                    ),
                )
                orgs.append((int(cur.lastrowid or 0), org, field_name))

        rows = []
        ages: list[int] = []
        positions = dict.fromkeys(range(1, 6), 0)
        # Dates come from a few day offsets: format each once, not once per row.
        day = {d: stamp(now - timedelta(days=d)) for d in range(-20, 91)}
        for n in range(contacts):
            org_id, org, field_name = orgs[rng.randrange(len(orgs))]
            stage = rng.choices(range(1, 6), STAGE_WEIGHTS)[0]
            first, last = rng.choice(FIRST), rng.choice(LAST)
            name = f"{first} {last}" if n < len(FIRST) * len(LAST) else f"{first} {last} {n}"
            handle = f"{first}-{last}-{n}".lower().replace("'", "").replace("é", "e")
            age = rng.randint(10, 90)
            ages.append(age)
            rows.append(
                (
                    n + 1,
                    name,
                    rng.choice(TITLES[field_name]),
                    org_id,
                    field_ids[field_name],
                    f"{handle}@example.org",
                    f"+1 555 01{n % 100:02d}",
                    f"https://www.linkedin.com/in/{handle}",
                    rng.choice(PEOPLE_SOURCES),
                    rng.choice(RELATIONSHIPS),
                    stage,
                    positions[stage],
                    ", ".join(rng.sample(TAGS, rng.randint(0, 2))),
                    "",
                    day[age],
                    day[age],
                )
            )
            positions[stage] += 1
        conn.executemany(
            "INSERT INTO contact (id, name, title, organization_id, career_field_id, email, "
            "phone, linkedin_url, how_found, relationship, stage, position, tags, notes, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        events: list[tuple[int, int | None, int, str | None]] = []
        for row, age in zip(rows, ages, strict=True):
            cid, stage = row[0], row[10]
            events.append((cid, None, 1, day[age]))
            for s in range(2, stage + 1):
                events.append((cid, s - 1, s, day[age - s * 3]))
        conn.executemany(
            "INSERT INTO stage_event (contact_id, from_stage, to_stage, at) VALUES (?, ?, ?, ?)",
            events,
        )
        # Referrals: a few contacts were referred by someone already interviewed.
        interviewed = [r[0] for r in rows if r[10] == 5]
        referable = [r[0] for r in rows if r[10] in (3, 4)]
        refs = [
            (rng.choice(interviewed), cid)
            for cid in referable[: max(1, contacts // 10)]
            if interviewed
        ]
        conn.executemany(
            "UPDATE contact SET referred_by_id = ?, how_found = 'referral' WHERE id = ?", refs
        )
        _write_activity(store, conn, rng, rows, now)
    from .demo_method import write_method_demo

    write_method_demo(store, rng, now)


def _write_activity(store: Store, conn, rng: random.Random, rows: list[tuple], now) -> None:  # noqa: ANN001, E501
    """Outreach, interviews with answered questions, and follow-ups due and overdue."""
    stamp = db.to_db
    questions = {q.key: q for q in DEFAULT_QUESTIONS}
    qids = dict(conn.execute("SELECT builtin_key, id FROM question"))
    # Keep per-contact activity bounded so a 100,000-contact demo stays a bulk insert.
    limit = 400
    stage3 = [r for r in rows if r[10] == 3][:limit]
    stage4 = [r for r in rows if r[10] == 4][:limit]
    stage5 = [r for r in rows if r[10] == 5][:limit]
    follow_ups: list[tuple[Any, ...]] = []
    for k, r in enumerate(stage3):
        if k % 2:
            continue
        sent = (now - timedelta(days=rng.randint(1, 12), hours=rng.randint(0, 8))).replace(
            second=0, microsecond=0
        )
        cur = conn.execute(
            "INSERT INTO outreach (contact_id, sent_at, channel, message, proposed_timeframe, "
            "proposed_place) VALUES (?, ?, ?, ?, ?, ?)",
            (
                r[0],
                stamp(sent),
                rng.choice(("email", "LinkedIn")),
                f"Hello {r[1].split()[0]}, I'm exploring this field and would value 20 minutes "
                "of your insight. I'm not asking for a job.",
                "a 20-minute call next week",
                "video call",
            ),
        )
        nudge = schedule.business_nudge_due(sent, BusinessCalendar())
        follow_ups.append((r[0], "nudge", stamp(nudge), None, cur.lastrowid))
    for k, r in enumerate(stage4):
        # Office hours (UTC), spread over the next nine days, never already past.
        when = (now + timedelta(days=k % 9)).replace(
            hour=9 + k % 8, minute=30 * (k % 2), second=0, microsecond=0
        )
        if k == 0:  # one later today, so the agenda has a Today
            when = (now + timedelta(hours=3)).replace(minute=0, second=0, microsecond=0)
        elif when <= now:
            when += timedelta(days=1)
        cur = conn.execute(
            "INSERT INTO interview (contact_id, scheduled_at, planned_minutes, location, "
            "status) VALUES (?, ?, ?, ?, 'planned')",
            (
                r[0],
                stamp(when),
                rng.choice((20, 30, 30, 45)),
                rng.choice(("Video call", "Coffee shop near their office", "Phone")),
            ),
        )
        store._plan_default_questions(conn, int(cur.lastrowid or 0))
    for k, r in enumerate(stage5):
        ended = (
            now - timedelta(days=[0, 1, 2, 5, 20, 40, 95][k % 7], hours=rng.randint(1, 5))
        ).replace(second=0, microsecond=0)
        skill = rng.choice(SKILLS)
        cur = conn.execute(
            "INSERT INTO interview (contact_id, scheduled_at, planned_minutes, location, "
            "status, started_at, ended_at, advice, insight, free_notes, summary) "
            "VALUES (?, ?, 30, 'Video call', 'done', ?, ?, ?, ?, ?, ?)",
            (
                r[0],
                stamp(ended - timedelta(minutes=32)),
                stamp(ended - timedelta(minutes=32)),
                stamp(ended),
                rng.choice(ADVICE).format(skill=skill),
                rng.choice(INSIGHT).format(skill=skill),
                "Warm, generous with time. Mentioned a meetup next month.",
                "Great conversation; follow up in a month.",
            ),
        )
        interview_id = cur.lastrowid
        answers = []
        for pos, key in enumerate(("c1q1", "c2q1", "c2q3", "c3q2", "c4q1", "c5q1")):
            q = questions[key]
            answers.append(
                (
                    interview_id,
                    qids.get(key),
                    q.category,
                    q.text,
                    pos,
                    True,
                    rng.choice(
                        (
                            "Started in support, moved into the role after two years.",
                            "Loves the variety; dislikes meetings.",
                            f"Learn {skill} properly; it pays off.",
                            "Suggested talking to a colleague in another team.",
                        )
                    ),
                )
            )
        conn.executemany(
            "INSERT INTO interview_answer (interview_id, question_id, category, question_text,"
            " position, asked, notes) VALUES (?, ?, ?, ?, ?, ?, ?)",
            answers,
        )
        thank_due = ended + timedelta(hours=24)
        thanked = k % 7 >= 3
        follow_ups.append((r[0], "thank-you", stamp(thank_due), interview_id, None, thanked))
        follow_ups.append(
            (r[0], "stay-in-touch", stamp(ended + timedelta(days=91)), interview_id, None, False)
        )
    conn.executemany(
        "INSERT INTO follow_up (contact_id, kind, due, interview_id, outreach_id, done) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [f if len(f) == 6 else (*f, False) for f in follow_ups],
    )
