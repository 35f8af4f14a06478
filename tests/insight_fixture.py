"""A small, fixed history built through the Store, whose figures are counted by hand.

Times are UTC; "now" is Thu 26 Nov 2026 13:00. The expected figures below are worked out
from the story, not from the code under test.

- Fay: added Wed 1 Jul 13:00 at stage 1, moved to 2 on 2 Jul 13:00 (before 30 days ago).
- Ana: added Mon 2 Nov 09:00 (stage 1), to 2 on 3 Nov 09:00, to 3 on 4 Nov 09:00; email
  sent Wed 4 Nov 09:00, reply Fri 6 Nov 10:00 (2 business days: a booster); to 4 on
  Mon 9 Nov 09:00; interview finished Tue 10 Nov 10:00 (to 5; advice, no insight; the
  thank-you, due 11 Nov 10:00, never sent); refers Ben on 10 Nov 11:00 and Eve.
- Ben: referred (stage 3) 10 Nov 11:00; LinkedIn message Wed 11 Nov 09:00, reply Fri
  20 Nov 10:00 (7 business days: an obligate); to 4 on Mon 23 Nov 11:00.
- Cy: added Mon 2 Nov 09:00, to 2 on Thu 5 Nov 09:00, to 3 at 09:30; email sent 5 Nov
  09:00, no reply (14 business days on is Wed 25 Nov 09:00: a curmudgeon); a
  stay-in-touch touch due Fri 20 Nov, not done.
- Dee: added Tue 24 Nov 10:00 at stage 1; email sent then, no reply (too early to say).
- Eve: referred by Ana, written to, then archived: she never counts.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

NOW = datetime(2026, 11, 26, 13, 0, tzinfo=UTC)


def at(month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


PERSONAL = {
    "names": [
        "Fay Quillfeather",
        "Ana Brightwater",
        "Ben Oakhollow",
        "Cy Mistvale",
        "Dee Larkspur",
        "[bold]Eve[/ Thornbury",
    ],
    "emails": [
        "ana.brightwater@example.org",
        "ben.oakhollow@example.org",
        "cy.mistvale@example.org",
        "dee.larkspur@example.org",
    ],
    "notes": [
        "Ana secret note about salary",
        "Take the evening course on zebrafish",
        "Cy private remark",
        "Hello Ana, twenty minutes of your insight?",
        "Happy to chat on Friday",
        "Ben reply about marmalade",
    ],
}

EXPECTED_ALL = {
    "funnel": {"1": 5, "2": 4, "3": 3, "4": 2, "5": 1},
    "outreach": {"sent": 4, "replied": 2, "reply_rate": 0.5},
    "median_reply_days": 4.5,
    "responsiveness": {"booster": 1, "obligate": 1, "curmudgeon": 1, "too_early": 1},
    "by_channel": {"email": (3, 1), "linkedin": (1, 1)},
    "by_source": {"referral": (1, 1), "cold": (3, 1)},
    "interviews": {"done": 1, "per_week": round(1 / (148 / 7), 2)},
    "referrals": {"count": 1, "per_interview": 1.0},
    "air": {"advice": 1, "insight": 0},
    "time_in_stage": {"1": 1.5625, "2": 1.0, "3": 13.0, "4": 2.0625, "5": 16.125},
    "stuck": ["Fay Quillfeather", "Cy Mistvale", "Ben Oakhollow", "Dee Larkspur"],
    "overdue": {"thank_yous": 1, "stay_in_touch": 1},
    "chains": {"chains": 1, "deepest": 1, "widest": 1, "largest": 2, "roots": 4},
}

EXPECTED_30 = {
    "funnel": {"1": 4, "2": 3, "3": 3, "4": 2, "5": 1},
    # Mondays of the last five weeks: 26 Oct, 2 Nov, 9 Nov, 16 Nov, 23 Nov.
    "weeks": [
        ("2026-10-26", 0, 0),
        ("2026-11-02", 2, 0),
        ("2026-11-09", 1, 1),
        ("2026-11-16", 0, 0),
        ("2026-11-23", 1, 0),
    ],
    "per_week": round(1 / (30 / 7), 2),
}


def build(path: Path):  # noqa: ANN201 - returns (Store, ids)
    from infointerview_tui.core.store import Store

    clock = Clock(at(7, 1, 13))
    store = Store(path, clock=clock)
    do = store.intents  # every write goes through an intent, as in the app
    fay = do.add_contact("Fay Quillfeather", 1)
    clock.now = at(7, 2, 13)
    do.move_card(fay, 1, 2)

    clock.now = at(11, 2)
    ana = do.add_contact(
        "Ana Brightwater",
        1,
        email="ana.brightwater@example.org",
        notes="Ana secret note about salary",
    )
    cy = do.add_contact(
        "Cy Mistvale", 1, email="cy.mistvale@example.org", notes="Cy private remark"
    )
    clock.now = at(11, 3)
    do.move_card(ana, 1, 2)
    clock.now = at(11, 4)
    do.move_card(ana, 2, 3)
    do.log_outreach(ana, channel="email", message="Hello Ana, twenty minutes of your insight?")
    clock.now = at(11, 5)
    do.move_card(cy, 1, 2)
    do.log_outreach(cy, channel="Email", message="Hello Cy")
    clock.now = at(11, 5, 9, 30)
    do.move_card(cy, 2, 3)
    clock.now = at(11, 6, 10)
    do.log_reply(ana, "Happy to chat on Friday")
    clock.now = at(11, 9)
    do.move_card(ana, 3, 4)
    clock.now = at(11, 10, 10)
    do.record_past_interview(
        ana,
        started_at=at(11, 9, 9, 30),
        ended_at=at(11, 10, 10),
        advice="Take the evening course on zebrafish",
    )
    clock.now = at(11, 10, 11)
    ben = do.record_referral(ana, "Ben Oakhollow", email="ben.oakhollow@example.org")
    eve = do.record_referral(ana, "[bold]Eve[/ Thornbury")
    do.log_outreach(eve, channel="email", message="Hello Eve")
    do.add_follow_up(eve, "thank-you", at(11, 12))
    do.archive(eve)
    clock.now = at(11, 11)
    do.log_outreach(ben, channel="LinkedIn", message="Hello Ben")
    clock.now = at(11, 20, 10)
    do.log_reply(ben, "Ben reply about marmalade")
    do.add_follow_up(cy, "stay-in-touch", at(11, 20))
    clock.now = at(11, 23, 11)
    do.move_card(ben, 3, 4)
    clock.now = at(11, 24, 10)
    dee = do.add_contact("Dee Larkspur", 1, email="dee.larkspur@example.org")
    do.log_outreach(dee, channel="email", message="Hello Dee")
    clock.now = NOW
    return store, {"ana": ana, "ben": ben, "cy": cy, "dee": dee, "eve": eve, "fay": fay}
