"""The share store, run the same way against SQLite and a real PostgreSQL.

What must hold on both: a saved case comes back exactly; links expire, can be revoked and die
with the case; a wrong key or any tampered byte gives a clear error and no data; stale saves
are refused and the newer version kept; a new engine on the same database (a restart) still
opens everything; and the database holds no name, amount, label or note in clear.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import LargeBinary, func, select, text, update
from sqlalchemy.exc import OperationalError

from overdue_core.case.demo import load_demo
from overdue_core.case.models import CounselorNote, Income
from overdue_core.share.schema import cases, links, notes, schema_version
from overdue_core.share.store import DAY_SECONDS, LinkRequest, ShareError, Store
from tests.helpers.postgres import _free_port

NAME = "王秀英MarkerName"
AMOUNT = Decimal("98765.43")
NOTE = "先打12348问法律援助 NoteMarker"
LABEL = "法援中心李老师 LabelMarker"
SECRETS = [NAME, "98765.43", "98,765.43", NOTE, LABEL, "小林"]


class Clock:
    """A clock the test moves by hand (expiry without sleeping)."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


def marked_case():
    """A demo case carrying a known name and amount we can look for in raw storage."""
    case = load_demo("young_worker")
    incomes = [*case.household.incomes, Income(name=NAME, amount=AMOUNT)]
    return case.model_copy(update={"title": NAME, "household": case.household.model_copy(update={"incomes": incomes})})


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'data' / 'cases.sqlite3'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(db_url, clock):
    st = Store(db_url, clock=clock)
    yield st
    st.dispose()


def note(text: str = NOTE, author: str = "Li", minute: int = 0) -> CounselorNote:
    return CounselorNote(when=dt.datetime(2026, 11, 24, 10, minute, tzinfo=dt.UTC), author=author, text=text)


def test_round_trip(store):
    case = marked_case()
    saved = store.create_case(case)
    opened = store.open(saved.edit_token)
    assert opened.case == case
    assert (opened.role, opened.version, opened.case_id, opened.expires_at) == ("edit", 1, saved.case_id, None)
    assert opened.case.household.incomes[-1].amount == AMOUNT  # exact to the fen


def test_save_bumps_version_and_keeps_edits(store):
    saved = store.create_case(marked_case())
    edited = marked_case().model_copy(update={"title": "after edit"})
    assert store.save(saved.edit_token, edited, 1) == 2
    opened = store.open(saved.edit_token)
    assert (opened.version, opened.case.title) == (2, "after edit")


def test_counselor_link_reads_records_opening_and_cannot_write(store, clock):
    case = marked_case()
    saved = store.create_case(case)
    link = store.create_view_link(saved.edit_token, LinkRequest(label=LABEL))
    assert link.info.expires_at - link.info.created_at == dt.timedelta(days=14)
    assert store.list_links(saved.edit_token)[0].last_opened_at is None

    clock.advance(hours=3)
    opened = store.open(link.token)
    assert opened.role == "view" and opened.case == case
    info = store.list_links(saved.edit_token)[0]
    assert (info.label, info.last_opened_at, info.open_count) == (LABEL, clock.now, 1)

    for attempt in (
        lambda: store.save(link.token, case.model_copy(update={"title": "hijack"}), 1),
        lambda: store.create_view_link(link.token, LinkRequest(label="x")),
        lambda: store.list_links(link.token),
        lambda: store.revoke_link(link.token, link.info.id),
        lambda: store.delete_case(link.token),
    ):
        with pytest.raises(ShareError) as err:
            attempt()
        assert err.value.code == "read_only"
    assert store.open(saved.edit_token).case == case and store.open(saved.edit_token).version == 1


def test_notes_reach_the_owner_without_touching_the_case_version(store):
    saved = store.create_case(marked_case())
    link = store.create_view_link(saved.edit_token, LinkRequest(label=LABEL))
    store.add_note(link.token, note())
    store.add_note(link.token, note("second", author="Wang", minute=5))
    opened = store.open(saved.edit_token)
    assert [n.text for n in opened.case.counselor_notes] == [NOTE, "second"]
    assert opened.version == 1
    # Saving the case with the merged notes and reopening does not duplicate them.
    store.save(saved.edit_token, opened.case, 1)
    assert [n.text for n in store.open(saved.edit_token).case.counselor_notes] == [NOTE, "second"]


def test_expiry(store, clock):
    saved = store.create_case(marked_case())
    link = store.create_view_link(saved.edit_token, LinkRequest(label="week", days=7))
    clock.advance(days=7, seconds=-1)
    assert store.open(link.token).role == "view"
    clock.advance(seconds=1)
    with pytest.raises(ShareError) as err:
        store.open(link.token)
    assert err.value.code == "expired"
    with pytest.raises(ShareError):
        store.add_note(link.token, note())
    assert store.list_links(saved.edit_token)[0].status(clock.now) == "expired"
    # The owner's edit link does not expire.
    clock.advance(days=400)
    assert store.open(saved.edit_token).role == "edit"


@pytest.mark.parametrize("days", [0, -1, 91, 10_000])
def test_expiry_is_bounded(days):
    with pytest.raises(ValidationError) as err:
        LinkRequest(label="x", days=days)
    assert "input_value" not in str(err.value)  # the typed value is never echoed


def test_link_request_defaults_and_label_rules():
    assert LinkRequest(label="  Ms Li  ").model_dump() == {"label": "Ms Li", "days": 14}
    assert LinkRequest(label="x", days=90).days == 90
    for bad in ("", "   ", "x" * 81):
        with pytest.raises(ValidationError):
            LinkRequest(label=bad)


def test_revoke(store):
    saved = store.create_case(marked_case())
    keep = store.create_view_link(saved.edit_token, LinkRequest(label="keep"))
    gone = store.create_view_link(saved.edit_token, LinkRequest(label="gone"))
    store.revoke_link(saved.edit_token, gone.info.id)
    with pytest.raises(ShareError) as err:
        store.open(gone.token)
    assert err.value.code == "revoked"
    assert store.open(keep.token).role == "view"
    with store.engine.connect() as conn:
        assert conn.execute(select(links.c.wrapped_key).where(links.c.id == gone.info.id)).scalar() is None
    statuses = {i.label: i.status(dt.datetime(2026, 11, 25, tzinfo=dt.UTC)) for i in store.list_links(saved.edit_token)}
    assert statuses == {"keep": "active", "gone": "revoked"}
    # The owner's own edit link cannot be "revoked" as a counselor link; unknown ids are refused.
    with pytest.raises(ShareError):
        store.revoke_link(saved.edit_token, "0" * 32)


def test_delete_removes_everything_at_once(store):
    saved = store.create_case(marked_case())
    link = store.create_view_link(saved.edit_token, LinkRequest(label=LABEL))
    store.add_note(link.token, note())
    store.delete_case(saved.edit_token)
    for token in (saved.edit_token, link.token):
        with pytest.raises(ShareError) as err:
            store.open(token)
        assert err.value.code == "unknown"
    with store.engine.connect() as conn:
        for table in (cases, notes):
            key = table.c.id if table is cases else table.c.case_id
            assert conn.execute(select(func.count()).select_from(table).where(key == saved.case_id)).scalar() == 0
        assert (
            conn.execute(select(func.count()).select_from(links).where(links.c.case_id == saved.case_id)).scalar() == 0
        )


def test_unknown_and_malformed_tokens(store):
    from overdue_core.share.crypto import new_token

    store.create_case(marked_case())
    for token in (new_token(), "short", "", "x" * 43 + "!", None):
        with pytest.raises(ShareError) as err:
            store.open(token)
        assert err.value.code == "unknown"


def test_wrong_key_gives_no_data(store):
    """A link row pointing at another case's key (or a key moved between links) fails cleanly."""
    first = store.create_case(marked_case())
    second = store.create_case(load_demo("gig_driver"))
    with store.engine.begin() as conn:
        wrapped = conn.execute(
            select(links.c.wrapped_key).where(links.c.case_id == second.case_id, links.c.role == "edit")
        ).scalar()
        conn.execute(
            update(links).where(links.c.case_id == first.case_id, links.c.role == "edit").values(wrapped_key=wrapped)
        )
    with pytest.raises(ShareError) as err:
        store.open(first.edit_token)
    assert err.value.code == "tampered"
    assert store.open(second.edit_token).case == load_demo("gig_driver")


def _flip(blob: bytes, at: int) -> bytes:
    return blob[:at] + bytes([blob[at] ^ 0x01]) + blob[at + 1 :]


@pytest.mark.parametrize("where", ["case_body", "case_nonce", "wrapped_key", "role", "expiry", "note", "swap_case"])
def test_tampering_is_detected(store, where):
    saved = store.create_case(marked_case())
    link = store.create_view_link(saved.edit_token, LinkRequest(label=LABEL, days=3))
    store.add_note(link.token, note())
    other = store.create_case(load_demo("family_cards"))
    token = link.token
    with store.engine.begin() as conn:
        if where in ("case_body", "case_nonce"):
            blob = conn.execute(select(cases.c.ciphertext).where(cases.c.id == saved.case_id)).scalar()
            conn.execute(
                update(cases)
                .where(cases.c.id == saved.case_id)
                .values(ciphertext=_flip(blob, 40 if where == "case_body" else 0))
            )
        elif where == "wrapped_key":
            blob = conn.execute(select(links.c.wrapped_key).where(links.c.id == link.info.id)).scalar()
            conn.execute(update(links).where(links.c.id == link.info.id).values(wrapped_key=_flip(blob, 20)))
        elif where == "role":  # someone with database access tries to turn a view link into an edit link
            conn.execute(update(links).where(links.c.id == link.info.id).values(role="edit"))
        elif where == "expiry":  # ... or to extend it
            conn.execute(
                update(links)
                .where(links.c.id == link.info.id)
                .values(expires_at=links.c.expires_at + 365 * DAY_SECONDS)
            )
        elif where == "note":
            blob = conn.execute(select(notes.c.ciphertext).where(notes.c.case_id == saved.case_id)).scalar()
            conn.execute(update(notes).where(notes.c.case_id == saved.case_id).values(ciphertext=_flip(blob, 30)))
        elif where == "swap_case":  # another case's ciphertext under this case's id
            blob = conn.execute(select(cases.c.ciphertext).where(cases.c.id == other.case_id)).scalar()
            conn.execute(update(cases).where(cases.c.id == saved.case_id).values(ciphertext=blob))
    with pytest.raises(ShareError) as err:
        store.open(token)
    assert err.value.code == "tampered"
    assert str(err.value) == "tampered"  # the message is the code: nothing from the case


def test_stale_save_is_refused_and_newer_version_kept(store):
    saved = store.create_case(marked_case())
    tab_a = store.open(saved.edit_token)
    tab_b = store.open(saved.edit_token)
    assert store.save(saved.edit_token, tab_a.case.model_copy(update={"title": "from tab A"}), tab_a.version) == 2
    with pytest.raises(ShareError) as err:
        store.save(saved.edit_token, tab_b.case.model_copy(update={"title": "from tab B"}), tab_b.version)
    assert (err.value.code, err.value.current_version) == ("stale", 2)
    assert store.open(saved.edit_token).case.title == "from tab A"


def test_concurrent_saves_exactly_one_wins(store):
    saved = store.create_case(marked_case())
    results: list[str] = []
    barrier = threading.Barrier(6)

    def save(n: int) -> None:
        barrier.wait()
        try:
            store.save(saved.edit_token, marked_case().model_copy(update={"title": f"writer {n}"}), 1)
            results.append(f"ok {n}")
        except ShareError as exc:
            results.append(exc.code)

    threads = [threading.Thread(target=save, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [r for r in results if r.startswith("ok")]
    assert len(winners) == 1 and results.count("stale") == 5, results
    opened = store.open(saved.edit_token)
    assert opened.version == 2 and opened.case.title == f"writer {winners[0].split()[1]}"


def test_restart_survives(db_url, clock):
    """A new engine on the same file/URL (a server restart, another instance) opens everything."""
    first = Store(db_url, clock=clock)
    saved = first.create_case(marked_case())
    link = first.create_view_link(saved.edit_token, LinkRequest(label=LABEL))
    first.add_note(link.token, note())
    first.save(saved.edit_token, marked_case().model_copy(update={"title": "v2"}), 1)
    first.dispose()

    second = Store(db_url, clock=clock)
    try:
        opened = second.open(saved.edit_token)
        assert (opened.version, opened.case.title) == (2, "v2")
        assert [n.text for n in opened.case.counselor_notes] == [NOTE]
        assert second.open(link.token).role == "view"
        assert [i.label for i in second.list_links(saved.edit_token)] == [LABEL]
    finally:
        second.dispose()


def test_schema_is_created_once_and_idempotent(db_url, clock):
    for _ in range(3):
        st = Store(db_url, clock=clock)
        with st.engine.connect() as conn:
            assert conn.execute(select(schema_version.c.version)).scalars().all() == [1, 2]
        st.dispose()


@pytest.mark.postgres
def test_fresh_postgres_database_is_migrated_by_two_instances(fresh_pg_url, clock):
    url = fresh_pg_url()
    stores: list[Store] = []
    errors: list[BaseException] = []

    def start() -> None:
        try:
            stores.append(Store(url, clock=clock))
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(stores) == 2
    saved = stores[0].create_case(marked_case())
    assert stores[1].open(saved.edit_token).case == marked_case()
    for st in stores:
        st.dispose()


def test_limits(store):
    from overdue_core.share import store as store_module

    saved = store.create_case(marked_case())
    for n in range(store_module.MAX_LINKS_PER_CASE):
        store.create_view_link(saved.edit_token, LinkRequest(label=f"l{n}"))
    with pytest.raises(ShareError) as err:
        store.create_view_link(saved.edit_token, LinkRequest(label="one too many"))
    assert err.value.code == "too_many_links"


def test_unreachable_database_fails_fast_without_echoing_the_url_password():
    port = _free_port()
    with pytest.raises(OperationalError) as err:
        Store(f"postgresql://someone:s3cretpw@127.0.0.1:{port}/nothing")
    assert "s3cretpw" not in str(err.value)


# --- nothing readable at rest ------------------------------------------------------------
def _fill(store: Store) -> None:
    saved = store.create_case(marked_case())
    link = store.create_view_link(saved.edit_token, LinkRequest(label=LABEL))
    store.add_note(link.token, note())
    store.save(saved.edit_token, store.open(saved.edit_token).case, 1)


def _assert_no_secrets(raw: bytes) -> None:
    assert raw, "something was read"
    for secret in SECRETS:
        for encoding in ("utf-8", "utf-16-le"):
            assert secret.encode(encoding) not in raw, secret
    assert b"MarkerName" not in raw and b"NoteMarker" not in raw and b"LabelMarker" not in raw


def test_sqlite_file_holds_no_name_amount_label_or_note(tmp_path, clock):
    url = f"sqlite:///{tmp_path / 'data' / 'cases.sqlite3'}"
    st = Store(url, clock=clock)
    _fill(st)
    # The control: the same bytes a plain JSON dump would have written do contain the marker.
    from overdue_core.case.casefile import dump_case

    assert b"98765.43" in dump_case(marked_case())
    st.dispose()
    raw = b"".join(p.read_bytes() for p in (tmp_path / "data").iterdir())
    _assert_no_secrets(raw)


@pytest.mark.postgres
def test_postgres_dump_and_select_hold_no_name_amount_label_or_note(pg_cluster, fresh_pg_url, clock):
    url = fresh_pg_url()
    st = Store(url, clock=clock)
    _fill(st)
    with st.engine.connect() as conn:
        rows = []
        for table in (cases, links, notes, schema_version):
            cols = ", ".join(
                f"encode({c.name}, 'escape')" if isinstance(c.type, LargeBinary) else f"CAST({c.name} AS TEXT)"
                for c in table.columns
            )
            rows += conn.execute(text(f"SELECT {cols} FROM {table.name}")).all()
    st.dispose()
    selected = repr(rows).encode()
    assert len(rows) >= 4
    _assert_no_secrets(selected)
    dbname = url.rsplit("/", 1)[1]
    dump = subprocess.run(
        [
            str(pg_cluster.bin / "pg_dump"),
            "-h",
            "127.0.0.1",
            "-p",
            str(pg_cluster.port),
            "-U",
            "postgres",
            "--data-only",
            dbname,
        ],
        check=True,
        capture_output=True,
        timeout=120,
    ).stdout
    assert b"share_cases" in dump
    _assert_no_secrets(dump)


def test_default_sqlite_path_is_under_a_data_folder(tmp_path):
    from overdue_core.share.store import default_database_url, describe_url, normalize_url

    url = default_database_url(tmp_path / "data")
    assert url.endswith("/data/cases.sqlite3") and url.startswith("sqlite:///")
    assert normalize_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert normalize_url("postgres://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert describe_url("postgresql://u:secret@db.example/x") == "PostgreSQL (db.example)"
    assert describe_url(url) == "SQLite"
    Store(url).dispose()
    assert Path(url.removeprefix("sqlite:///")).exists()
