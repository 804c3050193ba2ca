"""The share page in both languages (AppTest): save, links, counselor view, notes, conflicts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from streamlit.testing.v1 import AppTest

from overdue_core.case.demo import load_demo
from overdue_core.case.models import CounselorNote
from overdue_core.i18n import t
from overdue_core.share.store import LinkRequest, ShareError, Store
from tests.helpers import APP, assert_no_exception
from tests.helpers.page_text import ALLOWED_IN_ENGLISH, CJK, page_text, strip_user_data, user_strings
from tests.helpers.postgres import _free_port

PAGE = "pages/share.py"
LANGS = ["zh-CN", "en"]


def texts(at) -> str:
    return page_text(at)


def share_of(at):
    return at.session_state["share_session"] if "share_session" in at.session_state else None


def open_link(lang: str, token: str) -> AppTest:
    """A fresh session that arrives through a link, then looks at the share page."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["lang"] = lang
    at.query_params["share"] = token
    at.run()
    assert_no_exception(at)
    at.switch_page(PAGE).run()
    assert_no_exception(at)
    return at


def no_english_leak(at, lang: str, extra: frozenset[str] = frozenset()) -> None:
    """No untranslated key on the page, and (in English) no Chinese except user data."""
    assert not re.search(r"\bshare\.[a-z_.]+", texts(at)), re.findall(r"\bshare\.[a-z_.]+", texts(at))
    if lang == "en":
        case = at.session_state["case"]
        left = strip_user_data(texts(at), (user_strings(case) if case else set()) | ALLOWED_IN_ENGLISH | extra)
        assert not CJK.search(left), CJK.findall(left)[:10]


@pytest.mark.parametrize("lang", LANGS)
def test_nothing_is_stored_until_the_person_saves(make_app, db_url, tmp_path, lang):
    at = make_app(lang=lang, demo="young_worker", page=PAGE)
    assert_no_exception(at)
    assert at.button(key="share_save_new").label == t("share.save_button", lang)
    assert not (tmp_path / "data").exists(), "opening the page must not create a database"
    no_english_leak(at, lang)

    at.button(key="share_save_new").click().run()
    assert_no_exception(at)
    session = at.session_state["share_session"]
    assert session.role == "edit" and session.version == 1
    assert (tmp_path / "data" / "cases.sqlite3").exists()
    assert [c.value for c in at.code] == [f"/share#share={session.token}"]  # the secret in the fragment
    assert t("share.status_saved", lang, version=1) in [s.value for s in at.success]
    no_english_leak(at, lang)
    # The edit link really opens the same case.
    st_ = Store(db_url)
    assert st_.open(session.token).case == load_demo("young_worker")
    st_.dispose()


@pytest.mark.parametrize("lang", LANGS)
def test_counselor_links_made_listed_and_revoked(make_app, db_url, lang):
    at = make_app(lang=lang, demo="gig_driver", page=PAGE)
    at.button(key="share_save_new").click().run()

    # A missing label is refused with a message naming the field.
    at.button(key="FormSubmitter:share_new_link-" + t("share.link_create", lang)).click().run()
    assert_no_exception(at)
    errors = " ".join(e.value for e in at.error) + texts(at)
    assert t("share.link_label", lang) in errors and t("errors.required_text", lang) in errors

    at.text_input[0].input("Ms Li / 李老师")
    next(n for n in at.number_input if n.label == t("share.link_days", lang)).set_value(30)
    at.button(key="FormSubmitter:share_new_link-" + t("share.link_create", lang)).click().run()
    assert_no_exception(at)
    session = at.session_state["share_session"]
    assert len(session.new_links) == 1
    ((link_id, token),) = session.new_links.items()
    assert f"/share#share={token}" in [c.value for c in at.code]
    assert "Ms Li / 李老师" in [x.value for x in at.text]
    assert t("share.link_never_opened", lang) in texts(at)
    no_english_leak(at, lang, frozenset({"Ms Li / 李老师"}))

    st_ = Store(db_url)
    info = st_.list_links(session.token)[0]
    assert info.expires_at - info.created_at == dt.timedelta(days=30)
    st_.open(token)
    at.run()
    assert t("share.link_never_opened", lang) not in texts(at)  # the owner sees the opening

    at.button(key=f"share_revoke_{link_id}").click().run()
    assert_no_exception(at)
    assert t("share.link_status.revoked", lang) in texts(at)
    assert st_.list_links(session.token)[0].revoked_at is not None
    st_.dispose()


@pytest.mark.parametrize("lang", LANGS)
def test_counselor_sees_read_only_case_and_leaves_a_note_the_owner_sees(store, lang):
    case = load_demo("family_cards")
    made = store.create_case(case)
    link = store.create_view_link(made.edit_token, LinkRequest(label="aid"))

    counselor = open_link(lang, link.token)
    assert counselor.session_state["case"] == case
    assert counselor.session_state["share_session"].role == "view"
    # The address bar and history are cleaned in the browser (tests/browser/test_keep_and_share_browser.py).
    assert t("share.view.banner", lang, expires="").split("{")[0][:10] in texts(counselor)
    keys = [b.key for b in counselor.button]
    assert "share_save_changes" not in keys and "share_delete" not in keys
    no_english_leak(counselor, lang)

    counselor.text_input[0].input("Ms Li")
    counselor.text_area[0].input("Please call the card issuer first.")
    counselor.button(key="FormSubmitter:share_note_form-" + t("share.note_submit", lang)).click().run()
    assert_no_exception(counselor)
    assert [n.text for n in store.notes(link.token)] == ["Please call the card issuer first."]
    # Whatever the counselor's session does, the stored case is unchanged.
    stored = store.open(made.edit_token)
    assert stored.version == 1 and stored.case.model_copy(update={"counselor_notes": []}) == case

    owner = open_link(lang, made.edit_token)
    assert "Please call the card issuer first." in [x.value for x in owner.text]
    assert [n.author for n in owner.session_state["case"].counselor_notes] == ["Ms Li"]


@pytest.mark.parametrize("lang", LANGS)
def test_an_empty_note_is_refused(store, lang):
    made = store.create_case(load_demo("young_worker"))
    link = store.create_view_link(made.edit_token, LinkRequest(label="aid"))
    counselor = open_link(lang, link.token)
    counselor.button(key="FormSubmitter:share_note_form-" + t("share.note_submit", lang)).click().run()
    assert_no_exception(counselor)
    assert t("share.note_text", lang) in texts(counselor)
    assert store.notes(link.token) == []


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("what", ["unknown", "malformed", "revoked", "expired"])
def test_dead_links_give_a_clear_message_and_no_data(store, db_url, lang, what):
    made = store.create_case(load_demo("young_worker"))
    link = store.create_view_link(made.edit_token, LinkRequest(label="aid", days=1))
    token = {"unknown": "A" * 43, "malformed": "<script>", "revoked": link.token, "expired": link.token}[what]
    if what == "revoked":
        store.revoke_link(made.edit_token, link.info.id)
    if what == "expired":
        from overdue_core.share import store as store_module

        with store.engine.begin() as conn:
            conn.execute(
                store_module.links.update().where(store_module.links.c.id == link.info.id).values(expires_at=0)
            )
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["lang"] = lang
    at.query_params["share"] = token
    at.run()
    assert_no_exception(at)
    assert at.session_state["case"] is None and share_of(at) is None
    expected = {"unknown": "unknown", "malformed": "unknown", "revoked": "revoked", "expired": "expired"}[what]
    assert t(f"share.error.{expected}", lang) in [e.value for e in at.error]


def test_expired_link_message(store, monkeypatch):
    from overdue_core.share import store as store_module

    made = store.create_case(load_demo("young_worker"))
    link = store.create_view_link(made.edit_token, LinkRequest(label="aid", days=1))
    real_now = store_module.utcnow
    monkeypatch.setattr(store_module, "utcnow", lambda: real_now() + dt.timedelta(days=2))
    from ui.state import share as share_state

    monkeypatch.setattr(share_state, "_stores", {})
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["lang"] = "en"
    at.query_params["share"] = link.token
    at.run()
    assert t("share.error.expired", "en") in [e.value for e in at.error]
    assert at.session_state["case"] is None


@pytest.mark.parametrize("lang", LANGS)
def test_two_tabs_never_silently_overwrite(store, lang):
    made = store.create_case(load_demo("young_worker"))
    tab_a, tab_b = open_link(lang, made.edit_token), open_link(lang, made.edit_token)
    for tab, title in ((tab_a, "edited in A"), (tab_b, "edited in B")):
        tab.session_state["case"] = tab.session_state["case"].model_copy(update={"title": title})
        tab.run()
        assert t("share.status_unsaved", lang) in [w.value for w in tab.warning]
    tab_a.button(key="share_save_changes").click().run()
    assert tab_a.session_state["share_session"].version == 2
    tab_b.button(key="share_save_changes").click().run()
    assert_no_exception(tab_b)
    assert t("share.stale", lang, version=2) in [e.value for e in tab_b.error]
    assert store.open(made.edit_token).case.title == "edited in A"  # the newer version is kept
    tab_b.button(key="share_load_newer").click().run()
    assert tab_b.session_state["case"].title == "edited in A"
    assert tab_b.session_state["share_session"].stale_version is None


@pytest.mark.parametrize("lang", LANGS)
def test_delete_removes_the_stored_case_but_keeps_the_session_case(make_app, db_url, lang):
    at = make_app(lang=lang, demo="young_worker", page=PAGE)
    at.button(key="share_save_new").click().run()
    token = at.session_state["share_session"].token
    assert at.button(key="share_delete").disabled
    at.checkbox(key="share_delete_sure").check().run()
    at.button(key="share_delete").click().run()
    assert_no_exception(at)
    assert share_of(at) is None
    assert at.session_state["case"] == load_demo("young_worker")
    st_ = Store(db_url)
    with pytest.raises(Exception) as err:
        st_.open(token)
    assert getattr(err.value, "code", None) == "unknown"
    st_.dispose()


@pytest.mark.parametrize("lang", LANGS)
def test_unreachable_database_keeps_the_app_working(make_app, monkeypatch, lang):
    monkeypatch.setenv("OVERDUE_DATABASE_URL", f"postgresql://nobody@127.0.0.1:{_free_port()}/none")
    at = make_app(lang=lang, demo="young_worker", page=PAGE)
    at.button(key="share_save_new").click().run()
    assert_no_exception(at)
    assert t("share.error.unavailable", lang) in [w.value for w in at.warning]
    assert at.session_state["case"] == load_demo("young_worker")
    assert share_of(at) is None


def test_page_without_a_case_guides_instead_of_failing(make_app, db_url):
    at = make_app(lang="en", page=PAGE)
    assert_no_exception(at)
    assert t("guard.no_case", "en") in [i.value for i in at.info]


def test_database_url_from_streamlit_secrets(tmp_path, monkeypatch):
    """A hosted deployment configures the database in its secrets, not the environment."""
    monkeypatch.delenv("OVERDUE_DATABASE_URL", raising=False)
    url = f"sqlite:///{tmp_path / 'hosted' / 'cases.sqlite3'}"
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.secrets["database_url"] = url
    at.session_state["lang"] = "en"
    at.session_state["case"] = load_demo("gig_driver")
    at.session_state["case_rev"] = 1
    at.run()
    at.switch_page(PAGE).run()
    at.button(key="share_save_new").click().run()
    assert_no_exception(at)
    st_ = Store(url)
    assert st_.open(share_of(at).token).case == load_demo("gig_driver")
    st_.dispose()


def test_owner_rotates_the_edit_link_and_deletes_a_note(make_app, store):
    """A new edit link replaces the old one at once; the owner deletes a counselor's note."""
    at = make_app(lang="en", demo="gig_driver", page=PAGE)
    at.button(key="share_save_new").click().run()
    old = at.session_state["share_session"].token
    link = store.create_view_link(old, LinkRequest(label="aid"))
    store.add_note(
        link.token, CounselorNote(when=dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC), author="Li", text="call first")
    )

    at.checkbox[0].uncheck()  # "never expires" off: the new link expires
    next(n for n in at.number_input if n.label == t("links.rotate_days", "en")).set_value(7)
    at.button(key="FormSubmitter:share_rotate_edit-" + t("links.rotate_button", "en")).click().run()
    assert_no_exception(at)
    session = at.session_state["share_session"]
    assert session.token != old and session.expires_at is not None
    assert f"/share#share={session.token}" in [c.value for c in at.code]
    with pytest.raises(ShareError):
        store.open(old)
    assert store.open(session.token).role == "edit"

    at.button(key="share_notes_refresh").click().run()
    (note_id,) = [item.id for item in store.list_notes(session.token)]
    at.button(key=f"share_note_delete_{note_id}").click().run()
    assert_no_exception(at)
    assert store.list_notes(session.token) == []
    assert at.session_state["case"].counselor_notes == []


@pytest.mark.parametrize("lang", LANGS)
def test_a_note_deleted_after_saving_does_not_come_back(make_app, store, lang):
    """The owner saves while a counselor's note is shown, then deletes the note: it stays gone."""
    at = make_app(lang=lang, demo="gig_driver", page=PAGE)
    at.button(key="share_save_new").click().run()
    token = at.session_state["share_session"].token
    link = store.create_view_link(token, LinkRequest(label="aid"))
    store.add_note(
        link.token, CounselorNote(when=dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC), author="Li", text="call first")
    )
    at.session_state["case"] = at.session_state["case"].model_copy(update={"title": "edited"})
    at.run()
    assert "call first" in [x.value for x in at.text]
    at.button(key="share_save_changes").click().run()
    assert_no_exception(at)
    (note_id,) = [item.id for item in store.list_notes(token)]
    at.button(key=f"share_note_delete_{note_id}").click().run()
    assert_no_exception(at)
    assert "call first" not in [x.value for x in at.text]
    assert t("share.status_saved", lang, version=2) in [
        s.value for s in at.success
    ]  # deleting is not an unsaved change
    again = open_link(lang, token)
    assert again.session_state["case"].title == "edited"
    assert again.session_state["case"].counselor_notes == []
    assert "call first" not in [x.value for x in again.text]


@pytest.mark.parametrize("lang", LANGS)
def test_opening_a_demo_after_saving_never_overwrites_the_saved_case(make_app, store, lang):
    """A demo opened over a saved case detaches the tab from it: nothing offers to save the demo there."""
    mine = load_demo("young_worker")
    at = make_app(lang=lang, case=mine, page=PAGE)
    at.button(key="share_save_new").click().run()
    token = at.session_state["share_session"].token
    at.switch_page("pages/start.py").run()
    at.button(key="demo_gig_driver").click().run()
    assert_no_exception(at)
    assert at.session_state["case"] == load_demo("gig_driver")
    assert share_of(at) is None, "the demo is not the saved case"
    assert t("share.detached", lang) in [i.value for i in at.info], "the person is told"

    at.switch_page(PAGE).run()
    assert_no_exception(at)
    keys = [b.key for b in at.button]
    assert "share_save_changes" not in keys
    assert t("share.status_unsaved", lang) not in [w.value for w in at.warning]
    assert store.open(token).case == mine and store.open(token).version == 1
    no_english_leak(at, lang)

    # The saved case is one press away, as it was stored.
    at.button(key="share_back_to_saved").click().run()
    assert_no_exception(at)
    assert at.session_state["case"] == mine and share_of(at).token == token


@pytest.mark.parametrize("how", ["new_case", "clear", "replaced"])
def test_any_other_case_detaches_from_the_saved_one(make_app, store, how):
    """A new blank case, clearing, or any replacement of the whole case: saving never writes it over the saved one."""
    mine = load_demo("family_cards")
    at = make_app(lang="zh-CN", case=mine, page=PAGE)
    at.button(key="share_save_new").click().run()
    token = at.session_state["share_session"].token
    if how == "new_case":
        at.switch_page("pages/start.py").run()
        next(b for b in at.button if b.label == t("start.own_button", "zh-CN")).click().run()
        at.button(key="confirm_new_yes").click().run()
    elif how == "clear":
        at.switch_page("pages/start.py").run()
        at.button(key="clear").click().run()
        at.button(key="confirm_clear_yes").click().run()
        at.switch_page(PAGE).run()
        at.button(key="guard_new_case").click().run()
    else:  # whatever path puts another case in place, the share link follows the case it belongs to
        from ui.state.keys import ORIGIN as ORIGIN_KEY

        at.session_state["case"] = load_demo("gig_driver")
        at.session_state[ORIGIN_KEY] = at.session_state[ORIGIN_KEY] + 1
        at.run()
    assert_no_exception(at)
    assert share_of(at) is None
    at.switch_page(PAGE).run()
    assert "share_save_changes" not in [b.key for b in at.button]
    assert store.open(token).case == mine
