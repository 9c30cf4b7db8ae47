"""The normalizer's pass filter: a pass is skipped only on a line where its pattern cannot match."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from radio.speech import textnorm
from radio.speech.prefilter import needed

EXAMPLES = Path(__file__).resolve().parent / "data" / "normalize-notation.tsv"


@pytest.mark.parametrize("pattern, finds, misses", [
    (r"(?<![\w.])&\s*(?=\d)", ["3 & 4", "a &1"], ["3 và 4"]),  # the "&" every match holds
    (r"(?<=số )\d{2,}", ["số 12"], ["ngày mười"]),  # what a look-behind needs counts too
    (r"(?i:đất) (BCS|ONT)", ["ĐẤT ONT", "Đất BCS"], ["nhà ở"]),  # a scoped IGNORECASE keeps its cases
    (r"a?x|y+z", ["x", "yz"], ["abc"]),  # one branch or the other: both branches' characters
    (r"(?:ha|ngày)\s?(\d)?", ["ha", "ngày"], ["giờ"]),
])
def test_a_filter_finds_every_line_its_pattern_matches_and_skips_others(pattern, finds, misses):
    pattern_filter = needed(re.compile(pattern))
    for line in finds:
        assert re.search(pattern, line) and pattern_filter.search(line), line
    for line in misses:
        assert not pattern_filter.search(line), line


@pytest.mark.parametrize("pattern", [
    r"x*|y",  # a branch that needs nothing
    r"(?!&)\w+",  # a negative look-ahead names what must not be there
    r"[^,]+",  # a negated class
    r"[A-Za-z]{2}",  # any letter: in nearly every line, no filter
    r"\s+\w",
])
def test_a_pattern_that_needs_no_narrow_character_always_runs(pattern):
    assert needed(re.compile(pattern)) is None


def _every_stage(line: str):
    """The line as each pass sees it, with every pass run unfiltered."""
    ctx = textnorm.Reader("north")._ctx
    for pattern, handler, pattern_filter in textnorm._FILTERED_PASSES:
        yield pattern, pattern_filter, line
        line = pattern.sub(lambda m, h=handler: h(ctx, m), line)


def test_no_pass_is_skipped_on_a_line_it_changes_across_the_examples():
    sources = [row.split("\t", 1)[0] for row in EXAMPLES.read_text(encoding="utf-8").splitlines()
               if "\t" in row and not row.startswith("#")]
    for source in sources:
        for pattern, pattern_filter, line in _every_stage(source):
            assert pattern_filter is None or pattern_filter.search(line) or not pattern.search(line), \
                (source, line, pattern.pattern)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="0123456789 ./-:,&%+()ĐđAaBCDGHKMNQSTVXhkmptxyzạấếờ²³@#<>", max_size=40))
def test_no_pass_is_skipped_on_text_it_would_match(text):
    for pattern, pattern_filter, _handler in ((p, f, h) for p, h, f in textnorm._FILTERED_PASSES):
        if pattern_filter is not None and not pattern_filter.search(text):
            assert not pattern.search(text), (text, pattern.pattern)
