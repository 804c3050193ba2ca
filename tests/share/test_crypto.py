"""Link tokens and authenticated encryption: properties that must hold for every input."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overdue_core.case.demo import load_demo
from overdue_core.case.models import CounselorNote, Income
from overdue_core.share import crypto
from overdue_core.share.store import LinkRequest, Store, merge_notes

keys = st.binary(min_size=crypto.KEY_BYTES, max_size=crypto.KEY_BYTES)


def test_tokens_carry_at_least_128_bits_and_never_repeat():
    tokens = {crypto.new_token() for _ in range(2000)}
    assert len(tokens) == 2000
    for token in list(tokens)[:50]:
        assert crypto.is_token_shaped(token)
        # URL-safe base64: 6 bits per character
        assert len(token) * 6 >= 128 and len(token) >= 43


def test_token_hash_is_not_the_token_and_differs_from_the_wrap_key():
    token = crypto.new_token()
    digest = crypto.token_hash(token)
    assert len(digest) == 64 and token not in digest
    assert crypto.wrap_key_for(token).hex() != digest
    assert crypto.wrap_key_for(token) == crypto.wrap_key_for(token)  # deterministic: derived, never stored


@given(key=keys, plaintext=st.binary(max_size=4096), aad=st.binary(max_size=64))
def test_seal_round_trip(key, plaintext, aad):
    sealed = crypto.seal(key, plaintext, aad)
    assert crypto.unseal(key, sealed, aad) == plaintext
    assert len(sealed) == len(plaintext) + crypto.NONCE_BYTES + crypto.TAG_BYTES


@given(key=keys, plaintext=st.binary(min_size=1, max_size=512), aad=st.binary(max_size=32), data=st.data())
def test_any_flipped_bit_is_refused(key, plaintext, aad, data):
    sealed = crypto.seal(key, plaintext, aad)
    at = data.draw(st.integers(0, len(sealed) - 1))
    bit = data.draw(st.integers(0, 7))
    tampered = sealed[:at] + bytes([sealed[at] ^ (1 << bit)]) + sealed[at + 1 :]
    with pytest.raises(crypto.CryptoError):
        crypto.unseal(key, tampered, aad)


@given(
    key=keys,
    other=keys,
    plaintext=st.binary(max_size=256),
    aad=st.binary(max_size=32),
    other_aad=st.binary(max_size=32),
)
def test_wrong_key_or_wrong_place_is_refused(key, other, plaintext, aad, other_aad):
    sealed = crypto.seal(key, plaintext, aad)
    if other != key:
        with pytest.raises(crypto.CryptoError):
            crypto.unseal(other, sealed, aad)
    if other_aad != aad:
        with pytest.raises(crypto.CryptoError):
            crypto.unseal(key, sealed, other_aad)


def test_truncated_or_missing_ciphertext_is_refused():
    key = crypto.new_data_key()
    for bad in (None, b"", b"\x00" * 27, "text"):
        with pytest.raises(crypto.CryptoError):
            crypto.unseal(key, bad, b"")
    with pytest.raises(crypto.CryptoError):
        crypto.unseal(b"short", crypto.seal(key, b"x", b""), b"")


def test_wrapped_data_key_opens_only_with_its_own_token():
    data_key = crypto.new_data_key()
    token, other = crypto.new_token(), crypto.new_token()
    wrapped = crypto.wrap_data_key(token, data_key, b"link|a")
    assert crypto.unwrap_data_key(token, wrapped, b"link|a") == data_key
    with pytest.raises(crypto.CryptoError):
        crypto.unwrap_data_key(other, wrapped, b"link|a")
    with pytest.raises(crypto.CryptoError):
        crypto.unwrap_data_key(token, wrapped, b"link|b")


def test_nonces_are_fresh():
    key = crypto.new_data_key()
    nonces = {crypto.seal(key, b"same", b"")[: crypto.NONCE_BYTES] for _ in range(500)}
    assert len(nonces) == 500


# --- the store keeps every case exactly (property, in-memory SQLite) ---------------------
@pytest.fixture(scope="module")
def memory_store():
    st_ = Store("sqlite://")
    yield st_
    st_.dispose()


names = (
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=80)
    .map(str.strip)
    .filter(bool)
)
amounts = st.decimals(min_value=0, max_value=Decimal("999999999"), places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=40, deadline=None)
@given(title=st.text(max_size=80).map(str.strip), income_name=names, amount=amounts)
def test_store_round_trip_is_exact(memory_store, title, income_name, amount):
    base = load_demo("family_cards")
    household = base.household.model_copy(update={"incomes": [Income(name=income_name, amount=amount)]})
    case = base.model_copy(update={"title": title, "household": household})
    saved = memory_store.create_case(case)
    opened = memory_store.open(saved.edit_token)
    assert opened.case == case
    assert opened.case.household.incomes[0].amount == amount  # to the fen, no float on the way


@settings(max_examples=30, deadline=None)
@given(texts=st.lists(st.text(min_size=1, max_size=40).map(str.strip).filter(bool), max_size=6), data=st.data())
def test_merge_notes_has_no_duplicates_and_is_ordered(texts, data):
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    made = [CounselorNote(when=start + dt.timedelta(hours=data.draw(st.integers(0, 1000))), text=t) for t in texts]
    case = load_demo("young_worker").model_copy(update={"counselor_notes": made[: len(made) // 2]})
    merged = merge_notes(case, made)
    keys_ = [(n.when, n.author, n.text) for n in merged.counselor_notes]
    assert len(keys_) == len(set(keys_)) == len({(n.when, n.author, n.text) for n in made})
    assert keys_ == sorted(keys_, key=lambda k: k[0])
    assert merge_notes(merged, made) == merged  # idempotent


def test_merge_notes_orders_naive_and_aware_times():
    aware = CounselorNote(when=dt.datetime(2026, 5, 1, 12, tzinfo=dt.UTC), text="aware")
    naive = CounselorNote(when=dt.datetime(2026, 5, 1, 11), text="naive")
    merged = merge_notes(load_demo("young_worker"), [aware, naive])
    assert [n.text for n in merged.counselor_notes] == ["naive", "aware"]


# --- speed (pytest-benchmark) -------------------------------------------------------------
@pytest.fixture
def file_store(tmp_path):
    st_ = Store(f"sqlite:///{tmp_path / 'data' / 'cases.sqlite3'}")
    yield st_
    st_.dispose()


def test_benchmark_open_case(benchmark, file_store):
    saved = file_store.create_case(load_demo("family_cards"))
    opened = benchmark(file_store.open, saved.edit_token)
    assert opened.case == load_demo("family_cards")


def test_benchmark_save_case(benchmark, file_store):
    case = load_demo("family_cards")
    saved = file_store.create_case(case)
    versions = iter(range(1, 1_000_000))
    result = benchmark(lambda: file_store.save(saved.edit_token, case, next(versions)))
    assert result >= 2


def test_benchmark_create_counselor_link(benchmark, file_store):
    saved = file_store.create_case(load_demo("gig_driver"))
    made = iter(range(1_000_000))

    def create():
        link = file_store.create_view_link(saved.edit_token, LinkRequest(label=f"l{next(made)}"))
        file_store.revoke_link(saved.edit_token, link.info.id)  # stay under the per-case link limit
        return link

    assert crypto.is_token_shaped(benchmark(create).token)
