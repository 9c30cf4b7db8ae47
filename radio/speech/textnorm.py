"""Written Vietnamese -> the words a good announcer says (shared/docs/reading-rules.md).

`normalize` works line by line (one output line per input line) through ordered passes, each a
regular expression with a handler. Every pattern is linear: no nested quantifiers, bounded look-behind,
context read from a short window before the match, so a 1 MB line or 10,000 digits stay linear-time.
The output holds no ASCII digits for numbers in range, and normalizing twice changes nothing.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from radio.speech import numbers as num
from radio.speech.lexicon import (ABBREVIATIONS, DOTTED, ORGAN_WORDS, PER_WORDS, PHONE_CUES, UNITS,
                                  is_syllable)

_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_DASHES = re.compile("[\u2010-\u2015\u2212]")

# A written number: dot-grouped thousands or plain digits, with an optional decimal comma.
_NUM = r"(?:\d{1,3}(?:\.\d{3})+(?!\d)|\d+)(?:,\d+(?!\.\d))?"
_UNIT_ALT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
# A unit, optionally "per" another unit or a counting word: kg/ha, đồng/kg, người/km².
_PER_ALT = "|".join(re.escape(u) for u in sorted(set(UNITS) | PER_WORDS, key=len, reverse=True))
_UNIT_GROUP = rf"(?:{_UNIT_ALT})(?:/(?:{_PER_ALT}))?"
_LETTER = r"[^\W\d_]"
_NOT_WORD_AFTER = r"(?![^\W_])"  # not followed by a letter or digit
_CODE = r"[A-ZĐ][A-Za-zĐđ0-9]*(?:[-&][A-ZĐ][A-Za-zĐđ0-9]*)*"


@dataclass
class _Context:
    dialect: str
    lexicon: dict[str, str]
    unknown: list[str] = field(default_factory=list)

    def n(self, text: str) -> str:
        return read_number(text, self.dialect)

    def card(self, value: int) -> str:
        return num.cardinal(value, self.dialect)


def _before(match: re.Match, width: int = 40) -> str:
    """The few characters before a match, lower-cased: context without rescanning the line."""
    return match.string[max(0, match.start() - width):match.start()].lower()


def _after(match: re.Match, width: int = 30) -> str:
    return match.string[match.end():match.end() + width]


def read_number(text: str, dialect: str = "north") -> str:
    """'7.500' -> bảy nghìn năm trăm; '2,5' -> hai phẩy năm; '03' -> ba."""
    whole, _, fraction = text.partition(",")
    whole = whole.replace(".", "")
    if fraction:
        return num.decimal(whole, fraction, dialect)
    return num.number(whole, dialect)


# ---------------------------------------------------------------- passes

def _station_words(ctx: _Context, line: str, station_words: dict[str, str]) -> str:
    if not station_words:
        return line
    pattern = _station_pattern(tuple(sorted(station_words, key=len, reverse=True)))
    return pattern.sub(lambda m: station_words[m.group(0)], line)


_station_cache: dict[tuple, re.Pattern] = {}


def _station_pattern(keys: tuple[str, ...]) -> re.Pattern:
    if keys not in _station_cache:
        alternation = "|".join(re.escape(k) for k in keys)
        _station_cache[keys] = re.compile(rf"(?<![\w])(?:{alternation})(?![\w])")
    return _station_cache[keys]


_HEADING_ROMAN = re.compile(r"^(\s*)([IVX]{1,7})([.)])(?=\s)")


def _heading(ctx: _Context, line: str) -> str:
    """'II. ĐỐI TƯỢNG' -> 'Hai. đối tượng'; an all-capitals heading reads as ordinary words."""
    match = _HEADING_ROMAN.match(line)
    if match and num.roman_value(match[2]):
        spoken = ctx.card(num.roman_value(match[2])).capitalize()
        line = match[1] + spoken + "." + line[match.end():]
    letters = [c for c in line if c.isalpha()]
    uppercase = sum(1 for c in letters if c.isupper())
    if len(letters) >= 6 and uppercase >= 0.8 * len(letters):
        line = _WORD.sub(lambda m: m[0].lower() if is_syllable(m[0]) else m[0], line)
        line = _capitalize_first(line)
    return line


_WORD = re.compile(r"[^\W\d_]+")


def _capitalize_first(line: str) -> str:
    for index, char in enumerate(line):
        if char.isalpha():
            return line[:index] + char.upper() + line[index + 1:]
    return line


_SYMBOL = re.compile(
    rf"(?<![\w/.,])(\d{{1,6}})(?:/(\d{{4}}))?[/-]({_CODE})(?:/({_CODE}))?(?![\w/])")


def _symbol(ctx: _Context, m: re.Match) -> str:
    """'314/KH-UBND' -> 'ba trăm mười bốn'; '39/2020/TT-BTTTT' -> '... năm hai nghìn không trăm hai mươi'.

    The issuer code is dropped: the document type is already said before 'số'.
    """
    if len(m[3]) < 2:  # '5-A' is a house or plot number, not a document symbol
        return m[0]
    spoken = ctx.n(m[1])
    if m[2]:
        spoken += " năm " + ctx.card(int(m[2]))
    return spoken


def _valid_day_month(day: str, month: str) -> bool:
    return 1 <= int(day) <= 31 and 1 <= int(month) <= 12


def _day_prefix(m: re.Match) -> str:
    return "" if _before(m, 8).rstrip().endswith("ngày") else "ngày "


_DATE = re.compile(r"(?<![\d.,/])(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})(?![\d/])")


def _date(ctx: _Context, m: re.Match) -> str:
    if not _valid_day_month(m[1], m[3]):
        return m[0]
    return (f"{_day_prefix(m)}{ctx.card(int(m[1]))} tháng {num.month(int(m[3]), ctx.dialect)} "
            f"năm {ctx.card(int(m[4]))}")


_DATE_SPAN = re.compile(
    r"(?<![\d.,/])(\d{1,2})/(\d{1,2})\s?-\s?(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?![\d/])")


def _date_span(ctx: _Context, m: re.Match) -> str:
    """'30/6-2/7/2025' -> 'ngày ba mươi tháng sáu đến ngày hai tháng bảy năm ...'."""
    if not (_valid_day_month(m[1], m[2]) and _valid_day_month(m[3], m[4])):
        return m[0]
    month = lambda value: num.month(int(value), ctx.dialect)  # noqa: E731
    spoken = (f"{_day_prefix(m)}{ctx.card(int(m[1]))} tháng {month(m[2])} đến ngày "
              f"{ctx.card(int(m[3]))} tháng {month(m[4])}")
    return spoken + (f" năm {ctx.card(int(m[5]))}" if m[5] else "")


_DAY_RANGE = re.compile(r"(?<![\d.,/])(\d{1,2})\s?-\s?(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?![\d/])")


def _day_range(ctx: _Context, m: re.Match) -> str:
    """'19-21/6' -> 'mười chín đến hai mươi mốt tháng sáu'."""
    if not (_valid_day_month(m[1], m[3]) and _valid_day_month(m[2], m[3])):
        return m[0]
    spoken = (f"{_day_prefix(m)}{ctx.card(int(m[1]))} đến {ctx.card(int(m[2]))} "
              f"tháng {num.month(int(m[3]), ctx.dialect)}")
    return spoken + (f" năm {ctx.card(int(m[4]))}" if m[4] else "")


_MONTH_YEAR = re.compile(r"(?<![\d.,/])(\d{1,2})/(\d{4})(?![\d/])")


def _month_year(ctx: _Context, m: re.Match) -> str:
    if not 1 <= int(m[1]) <= 12:
        return m[0]
    prefix = "" if _before(m, 8).rstrip().endswith("tháng") else "tháng "
    return f"{prefix}{num.month(int(m[1]), ctx.dialect)} năm {ctx.card(int(m[2]))}"


_DAY_MONTH = re.compile(r"(?<![\d.,/])(\d{1,2})/(\d{1,2})(?![\d/,])(?!\.\d)")


def _day_month(ctx: _Context, m: re.Match) -> str:
    """'02/3' -> 'ngày hai tháng ba'; an impossible date is a fraction: '3/15' -> 'ba phần mười lăm'."""
    if not _valid_day_month(m[1], m[2]):
        return f"{ctx.card(int(m[1]))} phần {ctx.card(int(m[2]))}"
    return f"{_day_prefix(m)}{ctx.card(int(m[1]))} tháng {num.month(int(m[2]), ctx.dialect)}"


_TIME = re.compile(rf"(?<![\d.,:/])(\d{{1,2}})(?:h(\d{{2}})?|:(\d{{2}}))(?:'|’)?(?![\w:])")


def _time(ctx: _Context, m: re.Match) -> str:
    """'7h30' and '07:30' -> 'bảy giờ ba mươi'; '14h' -> 'mười bốn giờ'."""
    hour, minute = int(m[1]), int(m[2] or m[3] or 0)
    if hour > 24 or minute > 59:
        return m[0]
    spoken = f"{ctx.card(hour)} giờ"
    if minute:
        spoken += f" {ctx.card(minute)}" + (" phút" if minute < 10 else "")
    return spoken


_PHONE = re.compile(r"(?<![\d.,/])(?:\+84|0)\d{1,4}(?:[ .\-]?\d{2,4}){1,4}(?![\d])")


def _phone(ctx: _Context, m: re.Match) -> str:
    digits = re.sub(r"\D", "", m[0])
    if m[0].startswith("+84"):
        return "cộng tám tư " + num.digits(digits[2:])
    if not 9 <= len(digits) <= 11 or re.fullmatch(r"0\d{1,2}(?:\.\d{3})+", m[0]):
        return m[0]
    return num.digits(digits)


_SERVICE_NUMBER = re.compile(r"(?<![\d.,/])(\d{3,6})(?![\d/]|[.,]\d)")
_SHORT_SERVICE = re.compile(r"(?<![\d.,/])1[89]00[ .]?\d{3,4}(?![\d])")


def _service_number(ctx: _Context, m: re.Match) -> str:
    window = _before(m, 40)
    if any(cue in window for cue in PHONE_CUES) and not re.search(r"\d", window[-12:]):
        return num.digits(m[1])
    return m[0]


_ALNUM_SPLIT = re.compile(r"(?<=[A-ZĐ])(?=\d)|(?<=\d)(?=[A-ZĐ])")


def _unit(text: str) -> str:
    """'kg' -> 'ki lô gam'; 'kg/ha' -> 'ki lô gam một héc ta'."""
    unit, _, per = text.partition("/")
    spoken = UNITS[unit]
    return f"{spoken} một {UNITS.get(per, per)}" if per else spoken


_QUANTITY_RANGE = re.compile(rf"(?<![\w.,/])({_NUM})\s?-\s?({_NUM})(?:\s?({_UNIT_GROUP}))?{_NOT_WORD_AFTER}")


def _quantity_range(ctx: _Context, m: re.Match) -> str:
    spoken = f"{ctx.n(m[1])} đến {ctx.n(m[2])}"
    return spoken + (f" {_unit(m[3])}" if m[3] else "")


_QUANTITY_UNIT = re.compile(rf"(?<![\w.,/])(-?)({_NUM})\s?({_UNIT_GROUP}){_NOT_WORD_AFTER}")


def _quantity_unit(ctx: _Context, m: re.Match) -> str:
    if m[1] and _before(m, 1) not in ("", " ", "("):
        return m[0]
    return ("âm " if m[1] else "") + f"{ctx.n(m[2])} {_unit(m[3])}"


_PER = re.compile(rf"(?<![\w/])({'|'.join(sorted(PER_WORDS, key=len, reverse=True))})/({_UNIT_ALT}|{_LETTER}+)(?![\w/])")


def _per(ctx: _Context, m: re.Match) -> str:
    """'đồng/kg' -> 'đồng một ki lô gam'; 'lần/ngày' -> 'lần một ngày'."""
    return f"{m[1]} một {UNITS.get(m[2], m[2])}"


_ROMAN_AFTER = re.compile(
    r"(?i:(quý|khóa|khoá|phần|mục|chương|đại hội|kỳ họp|kỳ|thế kỷ|giai đoạn|tập|lần thứ|thứ|số))\s+"
    r"([IVXLC]{1,7})(?![\w])")


def _roman_after(ctx: _Context, m: re.Match) -> str:
    value = num.roman_value(m[2])
    if not value:
        return m[0]
    keyword = m[1]
    spoken = num.ordinal(value, ctx.dialect) if keyword.lower().endswith("thứ") else ctx.card(value)
    return f"{keyword} {spoken}"


_ORDINAL = re.compile(r"(?i:(thứ))\s+(\d{1,3})(?![\d.,/])")
_MONTH = re.compile(r"(?i:(tháng))\s+(\d{1,2})(?![\d.,/])")
_NEGATIVE = re.compile(rf"(?:(?<=\s)|(?<=^)|(?<=\())-(?={_NUM}{_NOT_WORD_AFTER})")
_NUMBER = re.compile(rf"(?<![\d.,])({_NUM}|\d+(?:\.\d+)+)(?![\d])")


def _number(ctx: _Context, m: re.Match) -> str:
    text = m[1]
    if "." in text and not re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", text):
        # '1.2' or '2.1.3': section numbers and versions, read part by part.
        return " chấm ".join(ctx.n(part) for part in text.split("."))
    return ctx.n(text)


_ABBREVIATION = re.compile(rf"(?<![\w&])({_CODE}(?:/[A-ZĐ][A-Za-zĐđ]*)?)(\.?)(?![\w])")


def _next_words(m: re.Match) -> str:
    return _after(m, 24).strip()


def _abbreviation(ctx: _Context, m: re.Match) -> str:
    token, dot = m[1], m[2]
    upper = sum(1 for c in token if c.isupper())
    if upper < 2 and token + dot not in DOTTED:
        return m[0]
    following = _next_words(m)
    spoken = _resolve(ctx, token, dot, following)
    if spoken is None:
        return m[0]
    keep_dot = dot if token + dot not in DOTTED and (token + dot) not in ("TT.",) else ""
    return spoken + keep_dot


def _first_word(text: str) -> str:
    match = re.match(r"[\w&]+", text)
    return match[0] if match else ""


def _resolve(ctx: _Context, token: str, dot: str, following: str) -> str | None:
    """The spoken form of an abbreviation in its context, or None to leave it for the engine."""
    nxt = _first_word(following)
    nxt_lower = nxt.lower()
    if token in ("TT", "Tt") and (dot or nxt):
        if nxt_lower in ORGAN_WORDS or nxt in ("HĐND", "UBND", "HU", "TU", "ĐU", "MTTQ"):
            return "Thường trực"
        if dot and nxt[:1].isupper():
            return "thị trấn"
    if token == "CT" and (nxt in ("UBND", "HĐND", "UBMTTQ", "MTTQ") or nxt_lower in ("ủy", "hội", "xã", "huyện", "tỉnh")):
        return "Chủ tịch"
    if token == "BCH" and (nxt_lower in ("quân", "qs", "pctt", "phòng")):
        return "Ban Chỉ huy"
    if token == "ĐT" and not re.match(r"\d", following):
        return "điện thoại"
    if token == "TP" and nxt[:1].isupper():
        return "thành phố"
    if token + dot in DOTTED:
        return DOTTED[token + dot]
    if token in ctx.lexicon:
        return ctx.lexicon[token]
    parts = re.split(r"([-&/])", token)
    if len(parts) > 1:
        spoken_parts = []
        for part in parts:
            if part in "-&/":
                spoken_parts.append({"-": "-", "&": "và", "/": ","}[part])
            else:
                spoken_parts.append(_resolve_word(ctx, part))
        return " ".join(spoken_parts)
    word = _resolve_word(ctx, token)
    return None if word == token else word


def _resolve_word(ctx: _Context, word: str) -> str:
    if word in ctx.lexicon:
        return ctx.lexicon[word]
    if is_syllable(word):
        return word.lower() if word.isupper() and len(word) > 1 else word
    if sum(1 for c in word if c.isupper()) >= 2 and not any(c.isdigit() for c in word):
        ctx.unknown.append(word)
    return word


_AMPERSAND = re.compile(r"\s*&\s*")
_WORD_SLASH = re.compile(rf"(?<=[^\W\d_])/(?=[^\W\d_])")
_ETC = re.compile(r"(?<![\w])v\.v\.?\.?")


_PASSES = (
    (_SYMBOL, _symbol),
    (_DATE_SPAN, _date_span),
    (_DAY_RANGE, _day_range),
    (_DATE, _date),
    (_MONTH_YEAR, _month_year),
    (_DAY_MONTH, _day_month),
    (_TIME, _time),
    (_PHONE, _phone),
    (_SHORT_SERVICE, lambda ctx, m: num.digits(m[0])),
    (_SERVICE_NUMBER, _service_number),
    (_ALNUM_SPLIT, lambda ctx, m: " "),
    (_ROMAN_AFTER, _roman_after),
    (_ORDINAL, lambda ctx, m: f"{m[1]} {num.ordinal(int(m[2]), ctx.dialect)}"),
    (_MONTH, lambda ctx, m: f"{m[1]} {num.month(int(m[2]), ctx.dialect)}" if 1 <= int(m[2]) <= 12 else m[0]),
    (_QUANTITY_RANGE, _quantity_range),
    (_QUANTITY_UNIT, _quantity_unit),
    (_PER, _per),
    (_NEGATIVE, lambda ctx, m: "âm "),
    (_NUMBER, _number),
    (_ABBREVIATION, _abbreviation),
    (_ETC, lambda ctx, m: "vân vân"),
    (_AMPERSAND, lambda ctx, m: " và "),
    (_WORD_SLASH, lambda ctx, m: ", "),
)


def _clean(line: str) -> str:
    line = unicodedata.normalize("NFC", line)
    line = _INVISIBLE.sub("", line)
    line = _DASHES.sub("-", line)
    return _SPACES.sub(" ", line)


def _normalize_line(line: str, ctx: _Context, station_words: dict[str, str]) -> str:
    line = _clean(line)
    if not line.strip():
        return line.strip()
    line = _station_words(ctx, line, station_words)
    line = _heading(ctx, line)
    for pattern, handler in _PASSES:
        line = pattern.sub(lambda m, h=handler: h(ctx, m), line)
    return _SPACES.sub(" ", line).strip()


def normalize(text: str, dialect: str = "north", words: dict[str, str] | None = None) -> str:
    """Written Vietnamese -> spoken Vietnamese, one output line per input line.

    `dialect`: "north" (nghìn, linh) or "south" (ngàn, lẻ). `words`: the station's own entries
    (place names, local organisations); they win over the built-in dictionary.
    """
    ctx = _Context(dialect=dialect, lexicon={**ABBREVIATIONS, **(words or {})})
    return "\n".join(_normalize_line(line, ctx, words or {}) for line in text.split("\n"))


def unknown_words(text: str, words: dict[str, str] | None = None) -> list[str]:
    """Capitalised codes no dictionary knows (UBKT): the engine would spell them; staff should add them."""
    ctx = _Context(dialect="north", lexicon={**ABBREVIATIONS, **(words or {})})
    for line in text.split("\n"):
        _normalize_line(line, ctx, words or {})
    return list(dict.fromkeys(ctx.unknown))
