"""Vietnamese number reading: cardinals, decimals, digits, ordinals, Roman numerals.

Pure functions, no I/O. Conventions follow shared/docs/reading-rules.md: mốt, tư, lăm after a tens word,
"linh" (south: "lẻ") for a zero tens digit, "không trăm" for a zero hundreds digit inside a larger number.
"""
from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
# Every word a number is read with, in either dialect (the rules that read chat's one-letter words look for them).
SPOKEN_WORDS = (*DIGITS, "mốt", "tư", "lăm", "mười", "mươi", "linh", "lẻ", "trăm", "nghìn", "ngàn", "triệu", "tỷ",
                "phẩy")
SPOKEN_ALTERNATIVES = "|".join(SPOKEN_WORDS)  # for a pattern: "(?:{SPOKEN_ALTERNATIVES})"
_DIALECT_WORDS = {
    "north": {"thousand": "nghìn", "zero_tens": "linh"},
    "south": {"thousand": "ngàn", "zero_tens": "lẻ"},
}
# Beyond this, a long run of digits is a code or an account number, not a quantity: read digit by digit.
MAX_CARDINAL_DIGITS = 15


def _words(dialect: str) -> dict[str, str]:
    return _DIALECT_WORDS.get(dialect, _DIALECT_WORDS["north"])


def in_dialect(words: str, dialect: str) -> str:
    """A unit's name said in the dialect: "phần nghìn" (‰) is "phần ngàn" in the south."""
    return words.replace("nghìn", _words(dialect)["thousand"])


def _below_thousand(n: int, inside: bool, dialect: str) -> list[str]:
    """0 < n < 1000. `inside`: a higher group precedes, so zero hundreds and tens are spoken."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or inside:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words += [_words(dialect)["zero_tens"], DIGITS[units]]
        elif units:
            words.append(DIGITS[units])
        return words
    if tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else DIGITS[units])
        return words
    words += [DIGITS[tens], "mươi"]
    if units:
        words.append({1: "mốt", 5: "lăm"}.get(units, DIGITS[units]))
    return words


def cardinal(n: int, dialect: str = "north") -> str:
    """12500000000 -> 'mười hai tỷ năm trăm triệu'; 2025 -> 'hai nghìn không trăm hai mươi lăm'."""
    if n < 0:
        return "âm " + cardinal(-n, dialect)
    if n == 0:
        return "không"
    return " ".join(_cardinal_words(n, False, dialect))


def _cardinal_words(n: int, inside: bool, dialect: str) -> list[str]:
    if n >= 10**9:  # tỷ repeats for larger magnitudes: 10^12 = một nghìn tỷ
        high, rest = divmod(n, 10**9)
        words = _cardinal_words(high, inside, dialect) + ["tỷ"]
        return words + (_cardinal_words(rest, True, dialect) if rest else [])
    scales = ((10**6, "triệu"), (10**3, _words(dialect)["thousand"]), (1, ""))
    words: list[str] = []
    for size, scale in scales:
        group = n // size % 1000
        if group:
            words += _below_thousand(group, inside or bool(words), dialect)
            if scale:
                words.append(scale)
    return words


def digits(text: str) -> str:
    """'1022' -> 'một không hai hai' (telephone and service numbers)."""
    return " ".join(DIGITS[int(c)] for c in text if c.isdigit())


def number(text: str, dialect: str = "north") -> str:
    """A written integer (no separators): cardinal, or digit by digit when too long to be a quantity."""
    stripped = text.lstrip("0") or "0"
    if len(stripped) > MAX_CARDINAL_DIGITS:
        return digits(text)
    return cardinal(int(stripped), dialect)


def decimal(integer_part: str, fraction: str, dialect: str = "north") -> str:
    """'2', '5' -> 'hai phẩy năm'; '2', '05' -> 'hai phẩy không năm'."""
    significant = fraction.lstrip("0")
    zeros = ["không"] * (len(fraction) - len(significant))
    if len(significant) <= 3:
        tail = zeros + ([cardinal(int(significant), dialect)] if significant else [])
    else:
        tail = [digits(fraction)]
    return f"{number(integer_part, dialect)} phẩy {' '.join(tail)}"


def ordinal(n: int, dialect: str = "north") -> str:
    """After 'thứ': 1 -> nhất, 4 -> tư, others cardinal."""
    return {1: "nhất", 4: "tư"}.get(n) or cardinal(n, dialect)


def month(n: int, dialect: str = "north") -> str:
    """Month names are cardinals except month four: tháng tư."""
    return "tư" if n == 4 else cardinal(n, dialect)


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_value(text: str) -> int | None:
    """Strict Roman numeral -> int, or None if `text` is not a canonical Roman numeral."""
    if not text or any(c not in _ROMAN for c in text):
        return None
    total = 0
    for index, char in enumerate(text):
        value = _ROMAN[char]
        if index + 1 < len(text) and _ROMAN[text[index + 1]] > value:
            total -= value
        else:
            total += value
    return total if 0 < total < 4000 and to_roman(total) == text else None


def to_roman(n: int) -> str:
    parts = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
             (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = []
    for value, letters in parts:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)
