"""Links end when they end, on SQLite and PostgreSQL: edit-link rotation and expiry, the note
budget, the 50-link cap counting only live links, erased keys on expiry and revoke, and the
case key rotated on revoke (old key reads nothing new, live links keep working)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from overdue_core.share import (
    MAX_LINKS_PER_CASE,
    MAX_NOTE_BYTES_PER_CASE,
    MAX_NOTE_BYTES_PER_LINK,
    EditLinkRequest,
    LinkRequest,
    ShareError,
    Store,
    crypto,
)
from overdue_core.share.schema import cases, links, notes
from overdue_core.share.store import _case_aad, _link_aad, _note_aad
from tests.share.test_store import Clock, clock, db_url, marked_case, note, store  # noqa: F401 - fixtures


def wrapped(store, link_id: str):
    with store.engine.connect() as conn:
        return conn.execute(select(links.c.wrapped_key, links.c.sealed_key).where(links.c.id == link_id)).first()


def code_of(call) -> str:
    with pytest.raises(ShareError) as err:
        call()
    return err.value.code


def test_edit_link_rotation_stops_the_old_link(store):
    saved = store.create_case(marked_case())
    fresh = store.rotate_edit_link(saved.edit_token)
    assert fresh.token != saved.edit_token
    assert code_of(lambda: store.open(saved.edit_token)) == "unknown"
    opened = store.open(fresh.token)
    assert (opened.role, opened.case) == ("edit", marked_case())
    with store.engine.connect() as conn:
        edit_rows = conn.execute(
            select(links.c.id).where(links.c.case_id == saved.case_id, links.c.role == "edit")
        ).all()
    assert [row.id for row in edit_rows] == [fresh.info.id], "the old row (and its wrapped key) is gone"


def data_key(store, token: str) -> bytes:
    """The case key as someone holding this link and a copy of the database would derive it."""
    from overdue_core.share.store import _sealed_aad

    with store.engine.connect() as conn:
        row = conn.execute(select(links).where(links.c.token_hash == crypto.token_hash(token))).first()
    private = crypto.unwrap_data_key(token, row.wrapped_key, _link_aad(row.case_id, row.id, row.role, row.expires_at))
    return crypto.open_for(private, row.sealed_key, _sealed_aad(row.case_id, row.id))


def test_a_new_edit_link_rotates_the_case_key(store):
    """The old edit link plus a copy of the database opens nothing stored after the rotation."""
    saved = store.create_case(marked_case())
    counselor = store.create_view_link(saved.edit_token, LinkRequest(label="aid"))
    old_key = data_key(store, saved.edit_token)
    fresh = store.rotate_edit_link(saved.edit_token)
    assert data_key(store, fresh.token) != old_key
    store.save(fresh.token, marked_case().model_copy(update={"title": "after rotation"}), 1)
    store.add_note(counselor.token, note(text="after rotation"))
    with store.engine.connect() as conn:
        stored = conn.execute(select(cases).where(cases.c.id == saved.case_id)).first()
        note_rows = conn.execute(select(notes.c.id, notes.c.ciphertext).where(notes.c.case_id == saved.case_id)).all()
    with pytest.raises(crypto.CryptoError):
        crypto.unseal(old_key, stored.ciphertext, _case_aad(saved.case_id, stored.version))
    assert note_rows
    for row in note_rows:
        with pytest.raises(crypto.CryptoError):
            crypto.unseal(old_key, row.ciphertext, _note_aad(saved.case_id, row.id))
    # The new edit link and the counselor's link open everything.
    opened = store.open(fresh.token)
    assert opened.case.title == "after rotation" and [n.text for n in opened.case.counselor_notes] == ["after rotation"]
    assert store.open(counselor.token).case == opened.case
    assert [i.label for i in store.list_links(fresh.token)] == ["aid"]


def test_edit_link_may_expire(store, clock):
    saved = store.create_case(marked_case())
    fresh = store.rotate_edit_link(saved.edit_token, EditLinkRequest(days=2))
    assert store.check(fresh.token).expires_at == clock.now + dt.timedelta(days=2)
    clock.advance(days=2, seconds=1)
    assert code_of(lambda: store.open(fresh.token)) == "expired"
    assert wrapped(store, fresh.info.id) == (None, None), "expiry erases the wrapped key"
    assert code_of(lambda: store.open(fresh.token)) == "expired", "still a clear message afterwards"


def test_edit_link_request_bounds():
    with pytest.raises(Exception):
        EditLinkRequest(days=0)
    with pytest.raises(Exception):
        EditLinkRequest(days=10_000)


def test_view_link_expiry_erases_its_key(store, clock):
    saved = store.create_case(marked_case())
    link = store.create_view_link(saved.edit_token, LinkRequest(label="x", days=1))
    assert wrapped(store, link.info.id).wrapped_key is not None
    clock.advance(days=1, seconds=1)
    assert code_of(lambda: store.check(link.token)) == "expired"
    assert wrapped(store, link.info.id) == (None, None)


def test_expired_links_are_erased_when_the_owner_looks(store, clock):
    saved = store.create_case(marked_case())
    link = store.create_view_link(saved.edit_token, LinkRequest(label="x", days=1))
    clock.advance(days=2)
    statuses = {info.id: info.status(clock.now) for info in store.list_links(saved.edit_token)}
    assert statuses == {link.info.id: "expired"}
    assert wrapped(store, link.info.id) == (None, None), "erased without the counselor ever trying again"


def test_cap_counts_live_links_only(store, clock):
    saved = store.create_case(marked_case())
    for i in range(MAX_LINKS_PER_CASE):
        store.create_view_link(saved.edit_token, LinkRequest(label=f"short {i}", days=1))
    assert code_of(lambda: store.create_view_link(saved.edit_token, LinkRequest(label="one more"))) == "too_many_links"
    clock.advance(days=1, seconds=1)
    store.create_view_link(saved.edit_token, LinkRequest(label="after expiry"))  # expired ones no longer count


def test_revoked_links_do_not_count_either(store):
    saved = store.create_case(marked_case())
    made = [store.create_view_link(saved.edit_token, LinkRequest(label=f"l{i}")) for i in range(MAX_LINKS_PER_CASE)]
    store.revoke_link(saved.edit_token, made[0].info.id)
    store.create_view_link(saved.edit_token, LinkRequest(label="replacement"))
    assert code_of(lambda: store.create_view_link(saved.edit_token, LinkRequest(label="over"))) == "too_many_links"


def test_note_budget_per_link_and_per_case(store):
    saved = store.create_case(marked_case())
    first = store.create_view_link(saved.edit_token, LinkRequest(label="a"))
    long = "长" * 4000
    count = 0
    with pytest.raises(ShareError) as err:
        for minute in range(60):
            store.add_note(first.token, note(text=long, minute=minute))
            count += 1
    assert err.value.code == "notes_full"
    assert 0 < count * len(long.encode()) <= MAX_NOTE_BYTES_PER_LINK
    # Another link still has its own budget, until the case's budget is used up.
    totals = []
    for i in range(10):
        other = store.create_view_link(saved.edit_token, LinkRequest(label=f"b{i}"))
        try:
            for minute in range(60):
                store.add_note(other.token, note(text=long, minute=minute))
        except ShareError as exc:
            totals.append(exc.code)
    assert set(totals) == {"notes_full"}
    fresh = store.create_view_link(saved.edit_token, LinkRequest(label="fresh"))
    assert code_of(lambda: store.add_note(fresh.token, note(text=long))) == "notes_full", (
        "the case budget holds for every link"
    )
    with store.engine.connect() as conn:
        stored = conn.execute(select(notes.c.ciphertext).where(notes.c.case_id == saved.case_id)).scalars().all()
    assert sum(len(c) for c in stored) <= MAX_NOTE_BYTES_PER_CASE
    # What is stored always fits a case file.
    opened = store.open(saved.edit_token)
    assert len(opened.case.model_dump_json().encode()) < 2 * 1024 * 1024


def test_owner_deletes_notes_counselor_cannot(store):
    saved = store.create_case(marked_case())
    link = store.create_view_link(saved.edit_token, LinkRequest(label="a"))
    store.add_note(link.token, note(text="first", minute=1))
    store.add_note(link.token, note(text="second", minute=2))
    listed = sorted(store.list_notes(saved.edit_token), key=lambda item: item.note.when)
    assert [item.note.text for item in listed] == ["first", "second"]
    assert code_of(lambda: store.list_notes(link.token)) == "read_only"
    assert code_of(lambda: store.delete_note(link.token, listed[0].id)) == "read_only"
    store.delete_note(saved.edit_token, listed[0].id)
    assert [n.text for n in store.notes(link.token)] == ["second"]
    with store.engine.connect() as conn:
        assert conn.execute(select(notes.c.id).where(notes.c.id == listed[0].id)).first() is None
    assert code_of(lambda: store.delete_note(saved.edit_token, listed[0].id)) == "unknown"


def test_revoke_erases_the_key_and_rotates_the_case_key(store):
    saved = store.create_case(marked_case())
    keep = store.create_view_link(saved.edit_token, LinkRequest(label="keep"))
    gone = store.create_view_link(saved.edit_token, LinkRequest(label="gone"))
    store.add_note(keep.token, note(text="before revoke"))
    # What someone who kept the revoked link's data key could decrypt:
    with store.engine.connect() as conn:
        row = conn.execute(select(links).where(links.c.id == gone.info.id)).first()
    private = crypto.unwrap_data_key(
        gone.token, row.wrapped_key, _link_aad(saved.case_id, gone.info.id, "view", row.expires_at)
    )
    from overdue_core.share.store import _sealed_aad

    old_key = crypto.open_for(private, row.sealed_key, _sealed_aad(saved.case_id, gone.info.id))

    store.revoke_link(saved.edit_token, gone.info.id)
    assert wrapped(store, gone.info.id) == (None, None)
    assert code_of(lambda: store.open(gone.token)) == "revoked"
    # Everything still opens for the owner and the other counselor ...
    assert store.open(saved.edit_token).case == store.open(keep.token).case
    assert [n.text for n in store.notes(keep.token)] == ["before revoke"]
    assert {i.label for i in store.list_links(saved.edit_token)} == {"keep", "gone"}
    # ... but the old key opens nothing that is stored now, before or after the next save.
    store.save(saved.edit_token, marked_case().model_copy(update={"title": "after"}), 1)
    with store.engine.connect() as conn:
        stored = conn.execute(select(cases).where(cases.c.id == saved.case_id)).first()
    with pytest.raises(crypto.CryptoError):
        crypto.unseal(old_key, stored.ciphertext, _case_aad(saved.case_id, stored.version))


def test_old_style_links_still_open_and_the_owners_is_upgraded_on_rotation(store):
    """Links stored before key pairs existed (the data key wrapped directly) keep working."""
    saved = store.create_case(marked_case())
    owner_row = None
    with store.engine.begin() as conn:
        owner_row = conn.execute(select(links).where(links.c.case_id == saved.case_id, links.c.role == "edit")).first()
        private = crypto.unwrap_data_key(
            saved.edit_token, owner_row.wrapped_key, _link_aad(saved.case_id, owner_row.id, "edit", None)
        )
        from overdue_core.share.store import _sealed_aad

        key = crypto.open_for(private, owner_row.sealed_key, _sealed_aad(saved.case_id, owner_row.id))
        old_style = crypto.wrap_data_key(saved.edit_token, key, _link_aad(saved.case_id, owner_row.id, "edit", None))
        conn.execute(
            update(links)
            .where(links.c.id == owner_row.id)
            .values(wrapped_key=old_style, public_key=None, sealed_key=None)
        )
    assert store.open(saved.edit_token).case == marked_case()
    counselor = store.create_view_link(saved.edit_token, LinkRequest(label="c"))
    other = store.create_view_link(saved.edit_token, LinkRequest(label="d"))
    store.revoke_link(saved.edit_token, other.info.id)
    assert store.open(saved.edit_token).case == marked_case()
    assert store.open(counselor.token).role == "view"
    with store.engine.connect() as conn:
        assert conn.execute(select(links.c.public_key).where(links.c.id == owner_row.id)).scalar() is not None


def test_schema_v1_database_is_upgraded(db_url, clock):  # noqa: F811
    """A database made by the first schema gets the new columns; its data still opens."""
    from sqlalchemy import create_engine, text

    from overdue_core.share.store import normalize_url

    first = Store(db_url, clock=clock)
    saved = first.create_case(marked_case())
    first.dispose()
    engine = create_engine(normalize_url(db_url))
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM schema_version WHERE version = 2"))
        conn.execute(text("ALTER TABLE share_notes DROP COLUMN link_id"))
    engine.dispose()
    again = Store(db_url, clock=clock)
    try:
        assert again.schema_version == 2
        assert again.open(saved.edit_token).case == marked_case()
        link = again.create_view_link(saved.edit_token, LinkRequest(label="after upgrade"))
        again.add_note(link.token, note(text="works"))
        assert [n.text for n in again.notes(link.token)] == ["works"]
    finally:
        again.dispose()


def test_sealing_to_a_link_key_round_trips_and_refuses_anything_else():
    private, public = crypto.new_link_keypair()
    other_private, _other_public = crypto.new_link_keypair()
    key = crypto.new_data_key()
    sealed = crypto.seal_for(public, key, b"sealed|case|link")
    assert crypto.open_for(private, sealed, b"sealed|case|link") == key
    assert crypto.seal_for(public, key, b"sealed|case|link") != sealed, "a fresh ephemeral key each time"
    for wrong in (
        lambda: crypto.open_for(other_private, sealed, b"sealed|case|link"),  # another link's key
        lambda: crypto.open_for(private, sealed, b"sealed|case|other"),  # moved elsewhere
        lambda: crypto.open_for(private, sealed[:-1] + bytes([sealed[-1] ^ 1]), b"sealed|case|link"),  # tampered
        lambda: crypto.open_for(private, sealed[:20], b"sealed|case|link"),  # truncated
        lambda: crypto.open_for(private, None, b"sealed|case|link"),
    ):
        with pytest.raises(crypto.CryptoError):
            wrong()


def stored_case(store, case_id: str, key: bytes):
    """The case exactly as stored (decrypted with the case key), without the notes merged in."""
    from overdue_core.case.casefile import parse_case

    with store.engine.connect() as conn:
        row = conn.execute(select(cases).where(cases.c.id == case_id)).first()
    return parse_case(crypto.unseal(key, row.ciphertext, _case_aad(case_id, row.version)))[0]


def test_a_deleted_note_stays_deleted_after_the_owner_saved(store):
    """Notes live in their own rows only: saving the case with its notes shown does not copy them."""
    saved = store.create_case(marked_case())
    link = store.create_view_link(saved.edit_token, LinkRequest(label="aid"))
    store.add_note(link.token, note(text="delete me", minute=1))
    store.add_note(link.token, note(text="keep me", minute=2))
    opened = store.open(saved.edit_token)
    assert [n.text for n in opened.case.counselor_notes] == ["delete me", "keep me"]
    version = store.save(saved.edit_token, opened.case, opened.version)  # the owner saves what they see
    assert stored_case(store, saved.case_id, data_key(store, saved.edit_token)).counselor_notes == []
    (gone,) = [item.id for item in store.list_notes(saved.edit_token) if item.note.text == "delete me"]
    store.delete_note(saved.edit_token, gone)
    for token in (saved.edit_token, link.token):
        assert [n.text for n in store.open(token).case.counselor_notes] == ["keep me"]
    # Another save of a tab that still shows the deleted note does not bring it back either.
    store.save(saved.edit_token, opened.case, version)
    assert [n.text for n in store.open(saved.edit_token).case.counselor_notes] == ["keep me"]


def test_notes_in_a_saved_file_become_notes_the_owner_can_delete(store):
    """A case file that already carries notes: they move to their own rows when it is saved."""
    case = marked_case().model_copy(update={"counselor_notes": [note(text="from the file", minute=3)]})
    saved = store.create_case(case)
    assert stored_case(store, saved.case_id, data_key(store, saved.edit_token)).counselor_notes == []
    assert store.open(saved.edit_token).case == case
    (item,) = store.list_notes(saved.edit_token)
    store.delete_note(saved.edit_token, item.id)
    assert store.open(saved.edit_token).case.counselor_notes == []


def test_notes_kept_inside_an_older_saved_case_move_to_their_rows(store):
    """Cases saved before notes had one place carry them inside the case: opening moves them out once."""
    saved = store.create_case(marked_case())
    link = store.create_view_link(saved.edit_token, LinkRequest(label="aid"))
    store.add_note(link.token, note(text="in both", minute=1))
    key = data_key(store, saved.edit_token)
    from overdue_core.case.casefile import dump_case

    older = marked_case().model_copy(
        update={"counselor_notes": [note(text="in both", minute=1), note(text="inside only", minute=2)]}
    )
    with store.engine.begin() as conn:
        conn.execute(
            update(cases)
            .where(cases.c.id == saved.case_id)
            .values(ciphertext=crypto.seal(key, dump_case(older), _case_aad(saved.case_id, 1)))
        )
    assert [n.text for n in store.open(link.token).case.counselor_notes] == ["in both", "inside only"]
    assert stored_case(store, saved.case_id, key).counselor_notes == []
    assert sorted(item.note.text for item in store.list_notes(saved.edit_token)) == ["in both", "inside only"]
    (inside,) = [item.id for item in store.list_notes(saved.edit_token) if item.note.text == "inside only"]
    store.delete_note(saved.edit_token, inside)
    assert [n.text for n in store.open(saved.edit_token).case.counselor_notes] == ["in both"]
    assert store.open(saved.edit_token).version == 1


def near_cap_case(room: int):
    """A case whose stored file is within ``room`` bytes of the 2 MiB cap (long contact notes)."""
    from overdue_core.case.casefile import MAX_FILE_BYTES, dump_case
    from overdue_core.case.models import ContactEntry

    base = marked_case()

    def entries(count: int):
        when = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)
        return [ContactEntry(id=f"c{i:04d}", when=when, platform="x", said="x" * 4000) for i in range(count)]

    empty = len(dump_case(base))
    each = len(dump_case(base.model_copy(update={"contacts": entries(1)}))) - empty
    case = base.model_copy(update={"contacts": entries((MAX_FILE_BYTES - room - empty) // each)})
    size = len(dump_case(case))
    assert MAX_FILE_BYTES - room - 2 * each < size <= MAX_FILE_BYTES - room
    return case


def test_notes_never_count_against_the_owners_save(store):
    """A case close to the cap: a counselor's full note budget does not stop the owner saving."""
    from overdue_core.case.casefile import MAX_FILE_BYTES, dump_case

    case = near_cap_case(room=48 * 1024)
    saved = store.create_case(case)
    link = store.create_view_link(saved.edit_token, LinkRequest(label="aid"))
    with pytest.raises(ShareError) as err:
        for minute in range(60):
            store.add_note(link.token, note(text="长" * 4000, minute=minute))
    assert err.value.code == "notes_full"
    opened = store.open(saved.edit_token)
    assert len(dump_case(opened.case)) > MAX_FILE_BYTES, "the case as shown, with its notes, is over the cap"
    edited = opened.case.model_copy(update={"title": "saved anyway"})
    assert store.save(saved.edit_token, edited, opened.version) == opened.version + 1
    again = store.open(link.token)
    assert again.case.title == "saved anyway" and len(again.case.counselor_notes) == len(opened.case.counselor_notes)
    # The cap still holds for the case itself.
    more = [entry.model_copy(update={"id": f"d{i:04d}"}) for i, entry in enumerate(case.contacts[:20])]
    too_big = case.model_copy(update={"contacts": [*case.contacts, *more]})
    assert code_of(lambda: store.save(saved.edit_token, too_big, opened.version + 1)) == "too_large"
