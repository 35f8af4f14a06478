"""The demo's share of the method: LAMP keys, replies of every kind, advice to act on.

Written through the Store's intents, after the bulk insert in demo.py.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from .store import Store


def _ids(store: Store, stmt: Any) -> list[int]:
    with store.session() as session:
        return [int(i) for i in session.exec(stmt)]


def write_method_demo(store: Store, rng: random.Random, now: datetime, cap: int = 400) -> None:
    """LAMP keys for every organization; booster/obligate/curmudgeon histories and
    advice for up to `cap` people (more in a large demo)."""
    from sqlmodel import col, select

    from .models import AdviceItem, Contact, FollowUp, Interview, Organization, Outreach

    for org_id in _ids(store, select(Organization.id).order_by(col(Organization.id))):
        store.intents.set_lamp(org_id, motivation=rng.randint(0, 3), posting=rng.randint(1, 3))
    later = select(Contact.id).where(Contact.stage >= 4, col(Contact.archived).is_(False))
    for k, contact_id in enumerate(_ids(store, later.order_by(col(Contact.id)).limit(cap))):
        # They said yes to a first message some weeks ago: quickly (boosters) or not.
        sent = (now - timedelta(days=30 + k % 20, hours=rng.randint(0, 6))).replace(
            second=0, microsecond=0
        )
        store.intents.log_outreach(
            contact_id, channel="email", message="Hello, may I ask about your work?", sent_at=sent
        )
        waited = timedelta(days=1 if k % 3 else 8, hours=2)
        store.intents.log_reply(contact_id, "Happy to talk", at=sent + waited, outcome="yes")
    silent = (
        select(Contact.id)
        .where(
            Contact.stage == 3,
            col(Contact.archived).is_(False),
            col(Contact.id).not_in(select(Outreach.contact_id)),
        )
        .order_by(col(Contact.id))
        .limit(3)
    )
    for contact_id in _ids(store, silent):
        # A first message a month ago and a nudge that went unanswered: a curmudgeon.
        sent = (now - timedelta(days=30)).replace(second=0, microsecond=0)
        store.intents.log_outreach(contact_id, channel="email", message="Hello", sent_at=sent)
        nudge = select(FollowUp.id).where(
            FollowUp.contact_id == contact_id,
            FollowUp.kind == "nudge",
            col(FollowUp.done).is_(False),
        )
        for follow_up_id in _ids(store, nudge):
            store.intents.complete_follow_up(follow_up_id)
    done = select(Interview.id).where(Interview.status == "done").order_by(col(Interview.id))
    for k, interview_id in enumerate(_ids(store, done.limit(cap))):
        store.intents.capture_advice(interview_id)
        if k % 3 == 0:
            first = select(AdviceItem.id).where(AdviceItem.interview_id == interview_id)
            for item_id in _ids(store, first.order_by(col(AdviceItem.position)).limit(1)):
                store.intents.set_advice_done(item_id)
