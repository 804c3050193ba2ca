"""Everyone acting at once, on SQLite and PostgreSQL: a saved case always opens afterwards.

Why: revoking a link rotates the case key. A note or a save that read the key just before the
rotation and wrote just after it would be stored under the old key, and from then on every
link would fail as "tampered". Writes and key changes of one case are serialised; these tests
run notes, saves, opens and revokes in threads, round after round, and then reopen the case with
every link that should still work.
"""

from __future__ import annotations

import threading

from overdue_core.share import LinkRequest, ShareError
from tests.share.test_store import Clock, clock, db_url, marked_case, note, store  # noqa: F401 - fixtures

ROUNDS = 8


def run_together(*actions) -> None:
    """Start every action at the same moment (a barrier), wait for all of them."""
    barrier = threading.Barrier(len(actions))

    def go(action) -> None:
        barrier.wait()
        action()

    threads = [threading.Thread(target=go, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_notes_saves_opens_and_revokes_at_once_never_break_the_case(store):
    saved = store.create_case(marked_case())
    owner = saved.edit_token
    keep = [store.create_view_link(owner, LinkRequest(label=f"keep {i}")) for i in range(2)]
    doomed = [store.create_view_link(owner, LinkRequest(label=f"gone {r}")) for r in range(ROUNDS)]
    problems: list[str] = []
    written: list[str] = []
    lock = threading.Lock()

    def attempt(what: str, call, allowed: frozenset[str] = frozenset()) -> None:
        try:
            call()
        except ShareError as exc:
            if exc.code not in allowed:
                with lock:
                    problems.append(f"{what}: {exc.code}")
        except Exception as exc:  # noqa: BLE001 - any other failure is what this test looks for
            with lock:
                problems.append(f"{what}: {type(exc).__name__}")

    def add(token: str, text: str, allowed: frozenset[str] = frozenset()):
        def call() -> None:
            store.add_note(token, note(text=text))
            with lock:
                written.append(text)

        return lambda: attempt(f"note {text}", call, allowed)

    def save(r: int):
        def call() -> None:
            opened = store.open(owner)
            store.save(owner, opened.case.model_copy(update={"title": f"round {r}"}), opened.version)

        return lambda: attempt(f"save {r}", call)

    for r in range(ROUNDS):
        run_together(
            lambda r=r: attempt(f"revoke {r}", lambda: store.revoke_link(owner, doomed[r].info.id)),
            add(keep[0].token, f"a{r}"),
            add(keep[1].token, f"b{r}"),
            add(owner, f"o{r}"),
            # The link being revoked may still get its note in first, or be told it was revoked.
            add(doomed[r].token, f"d{r}", frozenset({"revoked"})),
            save(r),
            lambda: attempt("open", lambda: store.open(keep[0].token)),
        )
    assert problems == [], problems

    # Every link that should still work opens the whole case, with every note written.
    opened = store.open(owner)
    assert opened.case.title == f"round {ROUNDS - 1}"
    assert sorted(n.text for n in opened.case.counselor_notes) == sorted(written)
    for link in keep:
        assert store.open(link.token).case == opened.case
        assert sorted(n.text for n in store.notes(link.token)) == sorted(written)
    assert len(store.list_notes(owner)) == len(written)
    for link in doomed:
        try:
            store.open(link.token)
        except ShareError as exc:
            assert exc.code == "revoked"
        else:
            raise AssertionError("a revoked link still opens")
    # And the owner can go on: another revoke, another save.
    store.revoke_link(owner, keep[1].info.id)
    assert store.save(owner, opened.case, opened.version) == opened.version + 1
    assert store.open(keep[0].token).version == opened.version + 1
