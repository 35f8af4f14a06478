"""A linked name typed on a contact is saved as typed, without leaving every prefix it
passed through behind as an organization or career field."""

from __future__ import annotations

import pytest


def names(store, kind: str) -> list[str]:
    rows = (
        store.catalog.organizations() if kind == "organization" else store.catalog.career_fields()
    )
    return sorted(r["name"] for r in rows)


@pytest.mark.parametrize("kind", ["organization", "career_field"])
def test_typing_a_new_name_leaves_one_record(store, kind):
    cid = store.intents.add_contact("Maya Chen", 3)
    made = None
    for typed in ("C", "Cle", "Clea", "Clearpath"):
        made = store.intents.type_contact_link(cid, kind, typed, made)
    assert names(store, kind) == ["Clearpath"]
    assert store.contacts.form(cid, [kind])[kind] == "Clearpath"


def test_typing_on_to_an_existing_name_drops_the_provisional_one(store):
    store.intents.save_organization(None, {"name": "Northwind"})
    cid = store.intents.add_contact("Maya Chen", 3)
    made = store.intents.type_contact_link(cid, "organization", "North", None)
    assert made is not None
    assert store.intents.type_contact_link(cid, "organization", "Northwind", made) is None
    assert names(store, "organization") == ["Northwind"]
    assert store.contacts.form(cid, ["organization"])["organization"] == "Northwind"
    store.intents.type_contact_link(cid, "organization", "", None)
    assert store.contacts.form(cid, ["organization"])["organization"] == ""


def test_a_record_someone_else_uses_is_never_renamed(store):
    cid = store.intents.add_contact("Maya Chen", 3)
    made = store.intents.type_contact_link(cid, "organization", "Clea", None)
    store.intents.add_contact("Ann Other", 3, organization="Clea")  # another window
    store.intents.type_contact_link(cid, "organization", "Clearpath", made)
    assert names(store, "organization") == ["Clea", "Clearpath"]
