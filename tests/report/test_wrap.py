"""English lines in the PDF fill up like any text: a break at a space carries nothing down.

The first version carried every word down to the start of the line at each break, so a
sentence came out as "I" / "confirm" / "that this is …" in the English statement.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from overdue_core.report.wrap import wrap_lines

SENTENCE = "I confirm that this is a true and complete statement of my income, spending and debts as of 2026-11-01."


def test_english_lines_are_filled_greedily():
    lines = wrap_lines(SENTENCE, 40, len)
    assert " ".join(lines).split() == SENTENCE.split()
    for line, following in zip(lines, lines[1:], strict=False):
        assert len(line) <= 40
        assert len(f"{line} {following.split()[0]}") > 40, (line, following)  # the next word did not fit


words = st.lists(st.text(alphabet="abcdefghij", min_size=1, max_size=8), min_size=1, max_size=30)


@given(words, st.integers(10, 60))
def test_no_line_could_have_taken_the_next_word(parts, width):
    text = " ".join(parts)
    lines = wrap_lines(text, width, len)
    assert " ".join(lines).split() == parts
    for line, following in zip(lines, lines[1:], strict=False):
        assert len(line) <= width
        assert len(f"{line} {following.split()[0]}") > width
