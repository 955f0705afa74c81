"""The first look in a lower-cased copy finds what a case-insensitive search finds."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from aggregator.normalise.first_look import FirstLook

WORDS = r"abgesagt|fällt|versch|stream|https?://|www\.|digital|link|ist"
LETTERS = st.sampled_from(
    [*"abcdefghijklmnopqrstuvwxyzäöüß ABGESAGTFÄLLTVERSCHDIGITALÜ./:-", "\u0130", "\u0131",
     "\u017f", "\u212a", "\ufb05", "\u1e9e", "i\u0307"]
)  # fmt: skip


@given(st.lists(LETTERS, max_size=40).map("".join))
def test_finds_what_ignorecase_finds(text: str) -> None:
    assert FirstLook(WORDS).finds(text) == bool(re.search(WORDS, text, re.IGNORECASE))


def test_letters_that_fold_unusually() -> None:
    look = FirstLook(WORDS)
    assert look.finds("DİGİTAL") and look.finds("lınk") and look.finds("ſtream")
    assert look.finds("ABGESAGT") and look.finds("FÄLLT aus") and not look.finds("Dresden")
