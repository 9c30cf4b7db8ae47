"""Which passes can match a line at all: a character every match needs, found from the pattern itself.

The normalizer runs some 190 regex passes over every line, and on a typical line fewer than one in ten finds
anything; most of the time went to patterns that begin with a look-behind, which the regex engine tries at every
position. Each pattern's parse tree names characters that every match must hold somewhere (the "&" of an
ampersand rule, the digit of a date, one of the letters a rule's words start with): a line with none of them is
skipped without running the pattern. The test is derived from the pattern, never written beside it, so a rule
cannot drift from its own filter, and a pattern with no such character (one that can match a bare word) always
runs. The output is the same as running every pass.

It reads the tree from `re._parser`, the parser `re` itself compiles with (Python 3.11 to 3.13).
"""
from __future__ import annotations

import re
from re import _constants as sre, _parser

# A class's width counts how often its characters turn up in text: a space or a lower-case letter counts as
# many characters, since nearly every line has them; a class wider than this (any capital) is no filter.
_MATCHES_ALMOST_ANYTHING = 40
_CATEGORIES = {sre.CATEGORY_DIGIT: (r"\d", 10)}  # as written, width; \w, \s and negated ones are in nearly every line


def needed(pattern: re.Pattern) -> re.Pattern | None:
    """A one-character pattern that finds something in every string `pattern` matches in; None if none helps."""
    found = _sequence(_parser.parse(pattern.pattern, pattern.flags), pattern.flags & re.IGNORECASE)
    if found is None or found[0] > _MATCHES_ALMOST_ANYTHING:
        return None
    width, items, ignore_case = found
    return re.compile(("(?i)" if ignore_case else "") + "[" + "".join(sorted(items)) + "]")


def _sequence(nodes, ignore_case):
    """The narrowest class among the items a match cannot skip; (width, class items, ignore case) or None."""
    best = None
    for op, av in nodes:
        found = _item(op, av, ignore_case)
        if found is not None and (best is None or found[0] < best[0]):
            best = found
    return best


def _item(op, av, ignore_case):
    if op is sre.LITERAL:
        return _frequency(av, ignore_case), {_escaped(av)}, ignore_case
    if op is sre.IN:
        return _class(av, ignore_case)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _high, inner = av
        return _sequence(inner, ignore_case) if low >= 1 else None
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, inner = av
        return _sequence(inner, (ignore_case or add_flags & re.IGNORECASE) and not del_flags & re.IGNORECASE)
    if op is sre.ATOMIC_GROUP:
        return _sequence(av, ignore_case)
    if op is sre.ASSERT:  # a look-ahead or look-behind that must hold: its characters are in the line too
        return _sequence(av[1], ignore_case)
    if op is sre.BRANCH:
        return _union([_sequence(branch, ignore_case) for branch in av[1]])
    if op is sre.GROUPREF_EXISTS:
        _group, yes, no = av
        return _union([_sequence(yes, ignore_case), _sequence(no, ignore_case) if no else None])
    return None  # an anchor, a negative look-around, any character, a back-reference: nothing it must hold


def _class(items, ignore_case):
    width, parts = 0, set()
    for op, av in items:
        if op is sre.LITERAL:
            width, part = width + _frequency(av, ignore_case), _escaped(av)
        elif op is sre.RANGE:
            width, part = width + av[1] - av[0] + 1, f"{_escaped(av[0])}-{_escaped(av[1])}"
        elif op is sre.CATEGORY and av in _CATEGORIES:
            part, category_width = _CATEGORIES[av]
            width += category_width
        else:  # a negated class or a wide category
            return None
        parts.add(part)
    return width, parts, ignore_case


def _union(found):
    if any(one is None for one in found):
        return None  # a branch that needs nothing lets the whole pattern match without any of the others'
    return (sum(width for width, _items, _case in found), set().union(*(items for _w, items, _c in found)),
            any(case for _w, _items, case in found))


def _frequency(code: int, ignore_case) -> int:
    character = chr(code)
    if character.isspace():
        return 20
    return 3 + bool(ignore_case) if character.islower() or ignore_case and character.isalpha() else 1


def _escaped(code: int) -> str:
    return re.escape(chr(code))  # escapes -, ], ^ and \\ too, as a class needs
