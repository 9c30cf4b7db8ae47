"""Written Vietnamese -> the words a good announcer says (shared/docs/reading-rules.md).

`normalize` works line by line (one output line per input line) through ordered passes, each a
regular expression with a handler. Every pattern is linear: no nested quantifiers, bounded look-behind,
context read from a short window before the match, so a 1 MB line or 10,000 digits stay linear-time.
The output holds no ASCII digits for numbers in range, and normalizing twice changes nothing.
"""
from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from dataclasses import dataclass, field

from radio.speech import notation, numbers as num, prefilter, typed
from radio.speech.lexicon import (ABBREVIATIONS, CODE_CUES, COUNT_NOUNS, DOTTED, EMERGENCY_NUMBERS, FRACTION_CUES,
                                  FRACTION_OF, LETTER_NAMES, LOWER, NETWORK_GENERATIONS, ORGAN_WORDS, PER_UNITS,
                                  PER_WORDS, PHONE_CUES, PLACE_INITIALS, SPECIAL_TOKENS, UNIT_PATTERN, UNITS,
                                  is_syllable, strip_tones)

_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
# Emoji and pictographs, as chat apps paste them ("📢 THÔNG BÁO 📢", "✍️"): a voice reads their names aloud
# (espeak-ng says "loa phát tin" for 📢), so they are dropped; °, ℃ and arrows are not among them. Between two
# words they were the only break ("📢 THÔNG BÁO KHẨN 📢 Do mưa lớn"): there they leave a pause, a full stop
# before a capital. Spaces before them are taken only from a run's start: from each space of a long run, the
# search was quadratic.
_EMOJI = re.compile("(?<!\\s)\\s*[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF"
                    "\u231A\u231B\u23E9-\u23FA"  # ⌚, ⏰, ⏳: the clocks among the technical signs
                    "\u203C\u2049"  # ‼️, ⁉️: marks drawn as emoji; after a word, the mark they draw
                    "\uFE0E\uFE0F]+\\s*")


def _emoji(m: re.Match) -> str:
    before, after = m.string[m.start() - 1:m.start()], m.string[m.end():m.end() + 1]
    if before.isalnum() and (mark := _EMOJI_MARKS.get(m[0].strip()[:1])):
        return mark + (" " if after.isalnum() else "")  # "Sao vậy⁉️" asks: it lost its question
    if not (before.isalnum() and after.isalnum()):
        spaced = before and after and after not in ".,;:!?" and m[0] != m[0].strip()  # "văn hóa 📍." ends at its mark
        return " " if spaced else ""
    return ". " if after.isupper() else ", "


_EMOJI_MARKS = {"\u203C": "!", "\u2049": "?"}
# Faces typed with marks, each standing alone or before a sentence's mark (":))", "=))", ":D", "^^", "^_^", "<3",
# "T_T"): not read, nor the space before them (":D" was "đê", "^^" left to the voice). Glued to a word they are
# something else ("Ghi chú:(xem…)").
_EMOTICON = re.compile(r"(?:^|\s+)(?:[:;=]-?(?:\)+|\(+|D+|P+|p+|3+|v)|\^[_.]?\^+|<3+|T_T|-_-)(?=[\s.,;:!?]|$)")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_DASHES = re.compile("[\u2010-\u2015\u2212]")

# A written number: dot-grouped thousands or plain digits, with an optional decimal comma.
_NUM = r"(?:\d{1,3}(?:\.\d{3})+(?!\d)|\d+)(?:,\d+(?!\.\d))?"
# A unit, optionally "per" another unit or a counting word: kg/ha, đồng/kg, người/km².
_PER_ALT = "|".join(re.escape(u) for u in sorted(set(UNITS) | set(PER_UNITS) | PER_WORDS, key=len, reverse=True))
_UNIT_GROUP = rf"(?:{UNIT_PATTERN})(?:/(?:{_PER_ALT}))?"
_LETTER = r"[^\W\d_]"
_NOT_WORD_AFTER = r"(?![^\W_])"  # not followed by a letter or digit
_CODE = r"[A-ZĐ][A-Za-zĐđ0-9]*(?:[-&][A-ZĐ][A-Za-zĐđ0-9]*)*"


@dataclass
class _Context:
    dialect: str
    lexicon: dict[str, str]
    unknown: list[str] = field(default_factory=list)
    # The document's lines read so far, for a member's code no line of its own explains (ĐV, HV), and for each code
    # how far they were searched and what the last cue said: each line is searched once per code, not once per use.
    lines: list[str] = field(default_factory=list)
    named: dict[str, tuple[int, str | None]] = field(default_factory=dict)
    # Whether a line read so far was typed as chat (its shorthand and particles: radio.speech.typed.is_chat): then
    # "a", "c", "e" typed alone are kin words, not items' letters
    chat: bool = False

    def n(self, text: str) -> str:
        return read_number(text, self.dialect)

    def card(self, value: int) -> str:
        return num.cardinal(value, self.dialect)


_before = notation.before


_sentence_before = notation.sentence_before


def _after(match: re.Match, width: int = 30) -> str:
    return match.string[match.end():match.end() + width]


def _sentence_around(m: re.Match, width: int) -> str:
    """The match's sentence without it, `width` characters each side at most, lower-cased."""
    return _sentence_before(m, width) + " … " + re.split(r"[.;!?]", _after(m, width).lower())[0]


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


# A token touches no letter. A digit or a slash may touch a token's letter ("0ko", "Đk0", "ko/đc" are read "không
# không", "đăng ký không", "không, được"): what is split off later would leave a token for a second pass to read.
# One pattern for all (a pattern per token cost 40 times the time); the rest is checked per token, in
# _special_token. A token ending in its colon ("mk:") may touch the word after it ("mk:h" was left, then read on a
# second pass once the colon was spaced).
_SPECIAL_ALTERNATIVES = "|".join(re.escape(k) for k in sorted(SPECIAL_TOKENS, key=len, reverse=True))
_SPECIAL = re.compile(rf"(?<![^\W\d_])(?:{_SPECIAL_ALTERNATIVES})(?:(?<=:)|(?![^\W\d_]))")


def _special_stands_alone(m: re.Match) -> bool:
    """A token's own digit may not run on into another number ("24/7" is not inside "124/70"); "ng" is người before a
    word ("ng dân"), after a count, mỗi or từng ("mỗi ng 300k") or as a rate's unit ("2tr/ng/tháng"), never before a
    slash after a number ("ng/ml" is nanograms); "sn" is sinh năm only before a year, DL dương lịch only after a
    date; "pm" is a private message and "gr" a chat group only where no number is before them; "a c" is anh chị, but
    not the end of OA spelled ("ô a c."); "hk" is không, but not before a term's number ("điểm hk1", "hk 2": học kỳ);
    "ms", "kb" are mới, không biết only where no number is before them ("200ms", "500kb"); "4G" is a network's
    generation, but grams in a line typed in capitals ("TĂNG 5G MUỐI") unless a network word is before it."""
    token, before, after = m[0], m.string[max(0, m.start() - 1):m.start()], m.string[m.end():m.end() + 2]
    if token[0].isdigit() and re.match(r"[\w/]", before):
        return False
    if token[-1].isdigit() and re.match(r"[\w/]", after):
        return False
    if notation.LINK_PATH_BEFORE.search(m.string, max(0, m.start() - 60), m.start()):
        return False  # in a link's path ("maps.app.goo.gl/Xy7Kq2"): the address rule reads it, Kq was Kết quả
    if after[:1] == "@" or token.islower() and _DOMAIN_PART_AFTER.match(m.string, m.end()):
        return False  # an e-mail's or a host's own word ("ds@gmail.com", "hs.giatan@…" was danh sách, học sinh)
    if token.lower() == "hk":
        return _TERM_NUMBER_AFTER.match(m.string, m.end()) is None
    if token in NETWORK_GENERATIONS and _typed_in_capitals(m.string, m.start()):  # "TĂNG 5G MUỐI"
        return _NETWORK_BEFORE.search(m.string[max(0, m.start() - 24):m.start()].lower()) is not None
    if token.lower() == "sn":
        return _YEAR_AFTER.match(m.string, m.end()) is not None
    if token == "DL":  # "15/1 DL", "Tết DL"
        return re.search(r"(?:\d|Tết)\s?$", m.string[max(0, m.start() - 5):m.start()]) is not None
    if token == "a c":
        return m.string[max(0, m.start() - 2):m.start()] != "ô "
    count_before = re.search(r"\d\s?$", m.string[max(0, m.start() - 2):m.start()]) is not None
    if token.lower() in ("pm", "gr", "ms", "kb"):
        return not count_before  # "3 PM" is an hour, "500gr" grams
    if token != "ng" or re.match(r" [^\W\d_]", after):
        return True
    if _EACH_BEFORE.search(m.string, max(0, m.start() - 8), m.start()):
        return True  # "mỗi ng 300k": each person's share
    if after[:1] == "/":  # "2tr/ng/tháng" is per person per month; "5 ng/ml" nanograms per millilitre
        return before == "/" and _WORD_AFTER_SLASH.match(m.string, m.end()) is not None
    return count_before or before == "/"  # "hộ có 4 ng,", "50k/ng"


_NETWORK_BEFORE = re.compile(r"(?:sóng|mạng|gói|thuê bao|trạm|công nghệ|phủ|di động)\s$")
_EACH_BEFORE = re.compile(r"(?<!\w)(?:mỗi|từng|các|mọi|vài)\s$", re.IGNORECASE)
_WORD_AFTER_SLASH = re.compile(r"/[^\W\d_]{3}")  # a word of three letters or more, no unit's two
_DOMAIN_PART_AFTER = re.compile(r"\.[a-z0-9-]{1,30}[.@][a-z]")  # "hs.giatan@gmail.com", "ds.giatan.gov.vn"
_TERM_NUMBER_AFTER = re.compile(rf"\s?(?:\d|I|(?:{'|'.join((*num.DIGITS, 'mười'))})(?!\w))")  # "hk1", once read too
_YEAR_AFTER = re.compile(r"\s?:?\s?(?:19|20)\d\d(?!\d)")  # "sn 2012", "SN: 1990": sinh năm


# "đ/c" is đồng chí, but in a form's list of a person's details ("ghi rõ họ tên, ngày sinh, đ/c, sđt"), before a
# colon ("đ/c: ấp 3") or before what makes a place of it ("gửi đ/c cụ thể", "đ/c nhà", "đ/c ở đâu") it is địa chỉ,
# the address; counted, it is people ("gồm 3 đ/c: BT, PBT").
_DETAIL = r"(?:họ(?: và)? tên|ngày sinh|năm sinh|sđt|số điện thoại|điện thoại|email|nghề nghiệp|cccd|số cccd)"
_ADDRESS_BEFORE = re.compile(rf"(?:{_DETAIL}\s?,|ghi rõ|tại)\s?$")
_ADDRESS_AFTER = re.compile(rf"\s?(?::|,\s?{_DETAIL}|và\s{_DETAIL}"
                            r"|(?:cụ thể|chính xác|nhà|nhận hàng|giao hàng|ở đâu)(?!\w))",  # "gửi đ/c cụ thể"
                            re.IGNORECASE)
_COUNTED = re.compile(r"(?<![\d.,])\d{1,3}\s$")


def _special_token(m: re.Match) -> str:
    token = m[0]
    if not _special_stands_alone(m):
        return token
    if token.lower() == "đ/c" and not _COUNTED.search(_before(m, 8)) and (
            _ADDRESS_BEFORE.search(_before(m, 24)) or _ADDRESS_AFTER.match(m.string, m.end())):
        return "Địa chỉ" if token[0].isupper() else "địa chỉ"
    digit_after = m.string[m.end():m.end() + 1].isdigit()  # "Đk0": the word, then its number
    return SPECIAL_TOKENS[token] + (" " if digit_after else "")


def _station_pattern(keys: tuple[str, ...]) -> re.Pattern:
    if keys not in _station_cache:
        alternation = "|".join(re.escape(k) for k in keys)
        _station_cache[keys] = re.compile(rf"(?<![\w])(?:{alternation})(?![\w])")
    return _station_cache[keys]


_HEADING_ROMAN = re.compile(r"^(\s*)([IVX]{1,7})(\.|\)|\s+-)(?=\s)")
_PLACE_NAME_AFTER = re.compile(rf"\s?[A-ZĐ][{LOWER}]+(?: [A-ZĐ][{LOWER}]+)+(?![^\W\d_])")  # "Gia Tân", two or more
_MARKDOWN = re.compile(r"^\s{0,3}(?:[-=_*~.]\s?){3,}$|^\s{0,3}#{1,6}\s+|\*{1,3}|(?<!\w)_{2,3}|_{2,3}(?!\w)|`")


def _heading(ctx: _Context, line: str) -> str:
    """'II. ĐỐI TƯỢNG' -> 'Hai. đối tượng': a heading's Roman number is read, capitals read as words. 'X.' before a
    place's name ('X. Gia Tân, H. Trảng Bom') is a commune's initial, read by the place rule (it was 'Mười.')."""
    match = _HEADING_ROMAN.match(line)
    if match and num.roman_value(match[2]) and not (match[2] + match[3] == "X."
                                                    and _PLACE_NAME_AFTER.match(line, match.end())):
        spoken = ctx.card(num.roman_value(match[2])).capitalize()
        line = match[1] + spoken + "." + line[match.end():]
    line = _SHOUTED_UNIT.sub(lambda m: m[0].lower() if _shouted(line, m) else m[0], line)
    return _lower_capitals(ctx, _PRICE_TAG_D.sub("đ", line))


def _shouted(line: str, unit: re.Match) -> bool:
    """A unit typed in capitals in a line typed so, or an hour's H after a word of time or another hour ("lúc 13H",
    "từ 7H30-11H")."""
    if _typed_in_capitals(line, unit.start()):
        return True
    if unit[0].lstrip()[:1] != "H":
        return False
    number_start = unit.start() - len(re.search(r"\d*$", line[max(0, unit.start() - 4):unit.start()])[0])
    before = line[max(0, number_start - 30):number_start].lower()
    return (_TIME_WORD_BEFORE.search(before) or _HOUR_BEFORE.search(before)) is not None


_HOUR_BEFORE = re.compile(r"\dh\d{0,2}\s?-\s?$")


# A price tag's capital Đ glued to an amount ("20.000Đ/kg", "500Đ") is đồng, whatever the case around it (it was
# read as the letter); a school's "9 Đ" (đạt) stands apart from its number.
_PRICE_TAG_D = re.compile(r"(?=Đ)(?<=\d{3})Đ(?!\w)")


# A unit or an hour's mark after a number where the notice is typed in capitals ("TRƯỚC 18H HÔM NAY", "VƯỢT BĐ3
# 0,5M", "89-102KM/H"): the unit in small letters, as the rest of the notation expects (they were "mười tám H").
_SHOUTED_UNIT = re.compile(r"(?=[\sKMCHGĐ])(?<=\d)"
                           r"(?:\s?(?:KM/H|KM|KG|MM|CM|M2|M3|M|H|G|HA|Đ|K)(?!\w)|[HG](?=\d\d(?!\d)))")
_LETTERS = re.compile(r"[^\W\d_]{2,}")


def _typed_in_capitals(line: str, start: int) -> bool:
    """Whether the two words of letters before `start` (near the line's start, those there are and the next ones)
    are typed in capitals: "LÚC 13H, TÂM BÃO" has one word before its hour."""
    near = _LETTERS.findall(line[max(0, start - 40):start])[-2:]
    near += _LETTERS.findall(line[start:start + 40])[:2 - len(near)]
    return len(near) == 2 and all(word.isupper() for word in near)


def _lower_capitals(ctx: _Context, line: str) -> str:
    """Words in capitals that are Vietnamese syllables are ordinary words (THÔNG BÁO, QUYỀN VÀ NGHĨA VỤ).

    A lone capital syllable that the dictionary knows (TU, HU) stays an abbreviation; beside another
    capital syllable it is part of a heading and read as a word, as is a rate's word typed in capitals ("50K/HỘ").
    """
    words = list(_WORD.finditer(line))
    varieties = notation.variety_starts(line)  # once per line: the check is per word
    # not glued after a number: "300EC" is a code (a pesticide's strength and formulation), not a word
    # nor is a numeral that is a syllable after its cue ("lần thứ XI", "khóa VI")
    numeral = {i for i, w in enumerate(words)
               if w[0][0] in "IVXL" and num.roman_value(w[0])
               and _ROMAN_CUE_BEFORE.search(line, max(0, w.start() - 24), w.start())}
    capital = [(len(w[0]) > 1 and w[0].isupper() and is_syllable(w[0]) or (len(w[0]) == 1 and w[0].isupper()
                and w[0] not in "ABCDEFGHIJKLMNOPQRSTUVWXYZĐ")) and not line[w.start() - 1:w.start()].isdigit()
               and i not in numeral for i, w in enumerate(words)]

    def beside(index: int) -> bool:
        return any(0 <= j < len(words) and capital[j] and _adjacent(line, words[min(index, j)], words[max(index, j)])
                   for j in (index - 1, index + 1))

    # a bank transfer's memo typed without marks ("ND: UNG HO MIEN TRUNG"): MIEN is a word among words
    for index, word in enumerate(words):
        if not capital[index] and len(word[0]) > 1 and word[0].isupper() and index not in numeral \
                and notation.unmarked_syllable(word[0].lower()) and beside(index):
            capital[index] = True
    land_codes = _land_use_codes(line) if any(capital) else set()
    # typed in capitals, a rate's words around its slash are words, not a code's ("NỘP 50K/HỘ", "50.000 ĐỒNG/HỘ")
    rate_words = {i for i, w in enumerate(words) if capital[i] and (
        re.search(r"\d[kđm]?/$", line[max(0, w.start() - 3):w.start()])
        or i + 1 < len(words) and capital[i + 1] and line[w.end():words[i + 1].start()] == "/"
        or i > 0 and capital[i - 1] and line[words[i - 1].end():w.start()] == "/")
        and _typed_in_capitals(line, w.start())}
    pieces, last = [], 0
    for index, word in enumerate(words):
        if not capital[index] or (_inside_code(line, word, varieties) and index not in rate_words) \
                or word.start() in land_codes:
            continue
        if index in rate_words or beside(index) or (len(word[0]) > 1 and word[0] not in ctx.lexicon):  # "Ô tô"
            # unless its neighbours make it an abbreviation: "HA 140/90" is huyết áp ("2 HA" stays a unit)
            by_context = _read_by_context(word[0], _before(word, 24), _next_words(word))
            pieces += [line[last:word.start()], by_context or word[0].lower()]
            last = word.end()
    return "".join(pieces) + line[last:] if pieces else line


def _land_use_codes(line: str) -> set[int]:
    """Where the cadastre's land-use codes start (LUA in "đất lúa (LUA)"): spelled later, not read as words."""
    return {m.start(2) + code.start() for m in notation.LAND_USE.finditer(line)
            for code in re.finditer(r"[A-Z]+", m[2])}


def _inside_code(line: str, word: re.Match, varieties: set[int]) -> bool:
    """'BYT' in '25/QĐ-BYT', 'AN' in 'QP-AN': part of a code joined by - / &, not a word of a heading; so are
    letters glued to a number (OM18, ST25) and a crop variety's letters (lúa OM 5451)."""
    before = line[word.start() - 1:word.start()]
    after = line[word.end():word.end() + 2]
    return before in ("-", "/", "&") or (after[:1] in ("-", "/", "&") and after[1:2].isupper()) \
        or after[:1].isdigit() or word.start() in varieties


def _adjacent(line: str, first: re.Match, second: re.Match) -> bool:
    return line[first.end():second.start()].strip(" ,") == ""


_WORD = re.compile(r"[^\W\d_]+")


# What a document's number with a dashed symbol and no slash follows ("Quyết định số 12-QĐ", "Chỉ thị 05-CT").
_DOCUMENT_BEFORE = re.compile(r"(?:^|\s)(?:số|quyết định|chỉ thị|nghị quyết|kế hoạch|công văn|thông báo|hướng dẫn"
                              r"|báo cáo|tờ trình|kết luận|quy định|thông tư|nghị định|quy chế|chương trình)[:.]?\s?$")
_SYMBOL = re.compile(
    rf"(?<![\w/.,])(\d{{1,3}}(?:\.\d{{3}})+|\d{{1,6}})([a-zđ]?)(?:/(\d{{4}}))?[/-]({_CODE})(?:/({_CODE}))?(?![\w/&-])")


# An issuer that names an administrative level's organ, and the level right after the symbol ("12/2024/NQ-HĐND
# tỉnh"): the issuer is said, as "của Hội đồng nhân dân", or the level word would hang alone.
_ISSUERS_AT_A_LEVEL = frozenset({"UBND", "HĐND", "UBMTTQ", "MTTQ"})
_LEVEL_AFTER = re.compile(r"\s(?:tỉnh|huyện|xã|thành phố|thị xã|quận|phường|thị trấn)(?!\w)")


def _symbol(ctx: _Context, m: re.Match) -> str:
    """'314/KH-UBND' -> 'ba trăm mười bốn'; '39/2020/TT-BTTTT' -> '... năm hai nghìn không trăm hai mươi'.

    The type and issuer codes are dropped, known or not (never half-read): the document type is already
    said before 'số'; but an organ's code before its level is said ('45/KH-UBND xã' -> '... của Ủy ban nhân dân
    xã').
    """
    if len(m[4]) < 2 or m[4] in ("Km", "KM"):  # '5-A' is a house or plot number; 'Km 8+500-Km 9+200' a stretch
        return m[0]
    if m[2] == "đ" and not (m[3] or m[5] or "-" in m[4]):  # '24.000đ/HV', a price per member: "/HV" was dropped
        return m[0]
    spoken = ctx.n(m[1])
    if m[2]:  # '168a/QĐ-UBND': the letter is read by its name
        spoken += " " + LETTER_NAMES[m[2]]
    if m.string[m.end(2)] == "-" and not (m[3] or m[5]) and not _DOCUMENT_BEFORE.search(_before(m, 40)):
        # 'tuyến 471-GT', a feeder's name: its letters said (a document's dashed symbol follows số or its kind)
        return f"{spoken} {notation.spelled(m[4].replace('-', ' '))}"
    if m[3]:
        spoken += " năm " + ctx.card(int(m[3]))
    issuer = (m[5] or m[4]).rsplit("-", 1)[-1]
    if issuer in _ISSUERS_AT_A_LEVEL and _LEVEL_AFTER.match(m.string, m.end()):
        spoken += " của " + ABBREVIATIONS[issuer]
    return spoken


def _valid_day_month(day: str, month: str) -> bool:
    return 1 <= int(day) <= 31 and 1 <= int(month) <= 12


_NO_DAY_WORD_AFTER = re.compile(r"(?:ngày|đường|phố|hôm|mùng|mồng|(?<!\w)(?i:đêm|bữa)"  # the south's "Bữa 15/12"
                                r"|kênh|(?<!điểm )cầu|công viên|quảng trường)\s*$"  # named after a date: "kênh 19/5"
                                r"|ngày (?:đăng|ban hành|ký|cấp|hết hạn|nhận|gửi)\s?:?\s*$"  # "ngày đăng 07/12"
                                r"|(?:ngày\s+|\(\s*)\d{1,2}(?:\s*,\s*\d{1,2}){0,5}\s*(?:,|và|-|đến)\s*$"
                                r"|(?i:ngày\s+(?:thứ\s+\w+|chủ\s+nhật))[\s,]*$")


def _day_prefix(m: re.Match) -> str:
    """'ngày ' unless the text already says it ('ngày 02/3', 'ngày 15 và 16/11', 'ngày thứ Bảy 13/12'), names
    a street, a canal or a bridge after a date ('đường 30/4', 'cầu kênh 19/5'), a night ('đêm 15/12': 'đêm
    ngày' would be 'day and night') or the south's day ('Bữa 15/12', bữa being ngày)."""
    return "" if _NO_DAY_WORD_AFTER.search(_before(m, 20)) else "ngày "


def _full_date(separator_group: int) -> str:
    return r"(\d{1,2})([/.\-])(\d{1,2})\%d(\d{4})" % separator_group


_DATE = re.compile(r"(?<![\d.,/])" + _full_date(2) + r"(?:\s?-\s?" + _full_date(6) + r")?(?![\d/])")


def _date(ctx: _Context, m: re.Match) -> str:
    """'19/6/2025' -> 'ngày mười chín tháng sáu năm ...'; a span of two full dates reads '... đến ngày ...'."""
    if not _valid_day_month(m[1], m[3]) or (m[5] and not _valid_day_month(m[5], m[7])):
        return m[0]
    spoken = _spoken_date(ctx, m[1], m[3], m[4], _day_prefix(m))
    return spoken + (" đến " + _spoken_date(ctx, m[5], m[7], m[8], "ngày ") if m[5] else "")


def _spoken_date(ctx: _Context, day: str, month: str, year: str, prefix: str) -> str:
    return f"{prefix}{ctx.card(int(day))} tháng {num.month(int(month), ctx.dialect)} năm {ctx.card(int(year))}"


_ISO_DATE = re.compile(r"(?<![\d.,/-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d/-])")


def _iso_date(ctx: _Context, m: re.Match) -> str:
    """'2026-11-20' (a date as computers write it) -> 'ngày hai mươi tháng mười một năm …'."""
    try:
        dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:  # 2026-02-30 is no date: left to the other passes
        return m[0]
    return _spoken_date(ctx, m[3], m[2], m[1], _day_prefix(m))


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


# A date written with a dash, as the press writes it: "ngày 2-9", "ngày 30-4 và 1-5", "từ ngày 8-12" when the
# sentence is about December. A range of days ("ngày 15-20", "ngày 8-12 tháng này", "từ ngày 1-5 hàng tháng")
# stays … đến ….
_DASHED_DAY = re.compile(r"(?<![\d.,/-])(\d{1,2})-(\d{1,2})(?![\d/-]|[.,]\d|\s?tháng|\s(?:hàng|hằng|mỗi|trong|các)"
                         r"\stháng)")
_DASHED_DAY_CUE = re.compile(r"(?:ngày|hôm|dịp|lễ|từ ngày|đến ngày)\s+(?:\d{1,2}-\d{1,2}\s+(?:và|,)\s+)?$")
_HOLIDAYS = {(2, 9), (1, 5), (1, 6), (3, 2), (8, 3), (30, 4), (19, 5), (27, 7), (20, 10), (20, 11), (22, 12)}
# After a word of time ("từ nay tới 20-12", "hạn chót 25-12") a pair that runs down cannot be a range: a date.
_DASHED_DATE_AFTER = re.compile(r"(?:tới|đến|hết|trước|sau|hạn|hạn chót)\s+$")


def _dashed_day(ctx: _Context, m: re.Match) -> str:
    day, month = int(m[1]), int(m[2])
    if not _valid_day_month(m[1], m[2]):
        return m[0]
    before = _before(m, 24)
    if day > month and _DASHED_DATE_AFTER.search(before):
        return f"{ctx.card(day)} tháng {num.month(month, ctx.dialect)}"
    if not _DASHED_DAY_CUE.search(before):
        return m[0]
    month_named = re.search(rf"(?i:tháng)\s+0?{month}(?!\d)", m.string[max(0, m.start() - 120):m.start()])
    if day > month or (day, month) in _HOLIDAYS or month_named:
        return f"{ctx.card(day)} tháng {num.month(month, ctx.dialect)}"
    return m[0]


_DAY_RANGE = re.compile(r"(?<![\d.,/])(\d{1,2})\s?-\s?(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?![\d/])")


def _day_range(ctx: _Context, m: re.Match) -> str:
    """'19-21/6' -> 'mười chín đến hai mươi mốt tháng sáu'."""
    if not (_valid_day_month(m[1], m[3]) and _valid_day_month(m[2], m[3])):
        return m[0]
    first, last, month = int(m[1]), int(m[2]), int(m[3])
    # "29-1/1" runs over the month's end: hai mươi chín tháng mười hai đến một tháng một
    first_month = f" tháng {num.month((month - 2) % 12 + 1, ctx.dialect)}" if first > last else ""
    spoken = (f"{_day_prefix(m)}{ctx.card(first)}{first_month} đến {ctx.card(last)} "
              f"tháng {num.month(month, ctx.dialect)}")
    return spoken + (f" năm {ctx.card(int(m[4]))}" if m[4] else "")


_MONTH_YEAR = re.compile(r"(?<![\d.,/])(\d{1,2})/(\d{4})(?![\d/])")


# "đợt 2/2026": the second round of the year; "quý 4/2026" its fourth quarter (it was "quý tháng tư")
_NUMBERED_IN_YEAR = re.compile(r"(?i:đợt|lần|kỳ|khóa|khoá|quý)\s*$")


def _month_year(ctx: _Context, m: re.Match) -> str:
    if _NUMBERED_IN_YEAR.search(_before(m, 8)):
        return f"{ctx.card(int(m[1]))} năm {ctx.card(int(m[2]))}"
    if not 1 <= int(m[1]) <= 12:
        return m[0]
    prefix = "" if _before(m, 8).rstrip().endswith("tháng") else "tháng "
    return f"{prefix}{num.month(int(m[1]), ctx.dialect)} năm {ctx.card(int(m[2]))}"


_DAY_MONTH = re.compile(r"(?<![\d.,/])(\d{1,2})/(\d{1,2})(?![\d/]|[.,]\d)")


def _is_fraction(m: re.Match) -> bool:
    """A fraction by the word before it ("khoảng 1/3"), unless over 11 or 12: no one writes elevenths or twelfths
    after khoảng, but "cắt lúa khoảng 10/12" is a day in December."""
    words_before = [word.lstrip("([\"'“") for word in _before(m, 12).split()]  # "(khoảng 1/2)" too
    after = _after(m, 12).lower()
    cued = bool(words_before) and words_before[-1] in FRACTION_CUES and int(m[2]) not in (11, 12) \
        and not (len(words_before) > 1 and words_before[-2].lower() in ("hạn", "ngày"))  # "Hạn góp 1/3" is a day
    return cued or any(
        after.startswith(f" {word}") for word in FRACTION_OF) or _part_of_counted(m) or _part_of_price(m, after)


# A part of one pill or spoonful: "uống 1/2 viên", "1/4 muỗng cà phê" (it was một trên hai viên, as "12/15 ấp")
_DOSE_AFTER = re.compile(r" (?:viên|gói|ống|ly|cốc|chén|bát|muỗng|thìa|lon|chai)\b")


def _part_of_dose(m: re.Match) -> bool:
    return int(m[1]) < int(m[2]) <= 4 and _DOSE_AFTER.match(_after(m, 12).lower()) is not None \
        and not _DATE_WORD_BEFORE.search(_before(m, 24))


def _part_of_price(m: re.Match, after: str) -> bool:
    """'trẻ em 1/2 giá', 'giảm 1/2 giá vé': half the price; 'từ 1/2 giá điện tăng' stays a date."""
    return re.match(r" giá\b", after) is not None and not re.search(r"(?:từ|đến|tới|ngày)\s*$", _before(m, 12)) \
        and not _DATE_WORD_BEFORE.search(_before(m, 24))


# A part of what the clause before just counted, said of it: "3.000 người, 1/4 là trẻ em", "120 hộ, 2/3 đã đăng
# ký" (a part is smaller than its whole; "30/4 là ngày lễ", "1/4 là ngày…" and "…người, 1/5 khai giảng" stay dates).
_COUNTED_BEFORE = re.compile(rf"\d\s*(?:{'|'.join(sorted(COUNT_NOUNS, key=len, reverse=True))})\b"
                             r"[^.;:!?\d]{0,30},\s*$")
_SAID_OF_PART = re.compile(r"\s+(?:là|đã|được|có|bị|chưa|đang|sẽ|không|thuộc|mắc)\s+"
                           r"(?!ngày|dịp|lễ|tết|hạn|thứ|chủ|mốc)")


def _part_of_counted(m: re.Match) -> bool:
    return int(m[1]) < int(m[2]) and _COUNTED_BEFORE.search(_before(m, 50)) is not None \
        and _SAID_OF_PART.match(_after(m, 20).lower()) is not None


# A day named just before (ngày, hôm, a weekday): a day and month it can be is a date, whatever follows ("Chủ nhật
# 7/12 các hộ"); after another day or time word only when no fraction or count is meant.
_NAMED_DAY = r"ngày|hôm|(?i:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)"
# "Thứ 7 này 12/12", "Chủ nhật tuần tới 20/12"
# "Ngày 8/3 và 20/10 hội…": a date listed after a named one is one too (it was "hai mươi trên mười", hội counted)
_LISTED_DATE = r"\s\d{1,2}/\d{1,2}\s?(?:,|và|hoặc)"
_NAMED_DAY_BEFORE = re.compile(rf"(?:{_NAMED_DAY})(?:\s(?:này|tới|(?:tuần\s)?(?:này|tới|sau))"
                               rf"|{_LISTED_DATE}(?:{_LISTED_DATE})?)?,?\s*$")
_DATE_WORD_BEFORE = re.compile(rf"(?:{_NAMED_DAY}|đêm|sáng|trưa|chiều|tối|trước|sau|vào|hạn|chót|hết),?\s*$")


_RANK_BEFORE = re.compile(r"(?:xếp|đứng|hạng|thương binh|bệnh binh)\s+(?:thứ\s+)?$")  # "thương binh 2/4": a grade
# Who came, of so many: "có mặt 24/25" (an impossible date) is trên, not the fraction "phần"
_PRESENT_BEFORE = re.compile(r"(?:có mặt|tham dự|dự họp|hiện diện|đi bầu|biểu quyết|tán thành)\s*:?\s*$")
# A vote's tally, of so many: "thông qua: 84/86 đồng ý" is trên
_VOTED_AFTER = re.compile(r"\s(?:đồng ý|tán thành|nhất trí|không đồng ý|phiếu thuận)\b")
# Its share said after it in brackets: "12/12 (100%)", "46/52 (88,5%)" count out of a total (it was a date)
_SHARE_AFTER = re.compile(r"\s?\(\s?\d{1,3}(?:[.,]\d+)?\s?%\s?\)")
# Blood pressure, the high over the low: "huyết áp 90/60", "HA: 12/8" (in cmHg, as older cards write it: not a date)
_PRESSURE_BEFORE = re.compile(r"huyết áp(?:\s(?:từ|là|trên|dưới|khoảng|đo được))?\s?:?\s*$")
_ROUND_THE_CLOCK_BEFORE = re.compile(r"(?:trực|làm việc|hoạt động|mở cửa|phục vụ|tiếp nhận)\s*$")


def _counts_something(m: re.Match) -> bool:
    """Whether the word after the match is a counting noun ('12/15 ấp', '150 người'), not one that labels by its
    own number ("Khai giảng 5/9 đợt 1" is a date and a round)."""
    next_words = _after(m, 20).split()[:2]  # "20/12,hồ sơ gồm": a mark between, so nothing is counted
    return bool(next_words) and next_words[0].rstrip(",.;:").lower() in COUNT_NOUNS \
        and not (len(next_words) == 2 and next_words[1][:1].isdigit()  # "12/15 HV" too
                 and next_words[0][-1] not in ",.;:")  # "thắng 5/5 ván, 3/4 trận": the next count's number


# "hòa giải thành 8/9": what succeeded, of the cases counted before it
_DONE_BEFORE = re.compile(r"(?:xong|đạt|được|hoàn thành|thực hiện|giải quyết|đủ|còn|thành|thành công)\s$")


def _out_of_counted(m: re.Match) -> bool:
    """'giải quyết 12 kiến nghị, đã xong 10/12': what is done, of a whole counted earlier in the sentence, is a
    part of it, not a date ("Tổ có 12 hộ, hạn nộp 10/12" stays one)."""
    sentence = _sentence_before(m, 100)
    whole = int(m[2])
    return int(m[1]) <= whole and _DONE_BEFORE.search(sentence) is not None \
        and re.search(rf"(?<![\d.,/]){whole}\s[^\W\d_]", sentence) is not None


def _day_month(ctx: _Context, m: re.Match) -> str:
    """'02/3' -> 'ngày hai tháng ba'; 'khoảng 1/3 số hộ' and impossible dates ('3/15') are fractions;
    '3/5 ấp' and '24/24 giờ' count out of a total: 'ba trên năm ấp'."""
    before, valid = _before(m, 24), _valid_day_month(m[1], m[2])
    if _PRESSURE_BEFORE.search(before):
        return f"{ctx.card(int(m[1]))} trên {m[2]}"  # the low number is read with its unit, if any (mmHg)
    if int(m[1]) == int(m[2]) > 1 and (not valid or _ROUND_THE_CLOCK_BEFORE.search(before)):
        return f"{ctx.card(int(m[1]))} trên {ctx.card(int(m[2]))}"  # 'túc trực 24/24', 'mở cửa 7/7': all of them
    if not (valid and _NAMED_DAY_BEFORE.search(before)):
        if _RANK_BEFORE.search(before):
            place = num.ordinal(int(m[1]), ctx.dialect) if before.rstrip().endswith("thứ") else ctx.card(int(m[1]))
            return f"{place} trên {ctx.card(int(m[2]))}"  # 'xếp thứ 15/63': a place among 63
        if _out_of_counted(m) and not _DATE_WORD_BEFORE.search(before):
            return f"{ctx.card(int(m[1]))} trên {ctx.card(int(m[2]))}"  # "12 kiến nghị, đã xong 10/12"
        # a part is never more than its whole: "Đến 30/11 xã đạt 71%" is a date before the commune
        part_of_whole = not valid or int(m[1]) <= int(m[2])
        if _part_of_dose(m):
            return f"{ctx.card(int(m[1]))} phần {ctx.card(int(m[2]))}"
        # 'trước 8/12 cơ quan' stays a date; "có mặt 24/25", "84/86 đồng ý", "12/12 (100%)" count
        if (_counts_something(m) and part_of_whole and not (valid and _DATE_WORD_BEFORE.search(before))) \
                or (not valid and (_PRESENT_BEFORE.search(before) or "phiếu" in _sentence_before(m, 80))) \
                or _VOTED_AFTER.match(m.string, m.end()) \
                or (part_of_whole and _SHARE_AFTER.match(m.string, m.end())):
            return f"{ctx.card(int(m[1]))} trên {ctx.card(int(m[2]))}"
        if _is_fraction(m) or not valid:
            return f"{ctx.card(int(m[1]))} phần {ctx.card(int(m[2]))}"
    return f"{_day_prefix(m)}{ctx.card(int(m[1]))} tháng {num.month(int(m[2]), ctx.dialect)}"


_CLOCK = r"(\d{1,2})(?:h(\d{2})?|g(\d{2})?|:(\d{2})(?::(\d{2}))?)(?:'|’)?(?!\w|:\d)"  # hour, minute ×3, second
_BARE_HOUR = r"(\d{1,2})(?=\s?-\s?\d{1,2}(?:h|:\d\d))"  # "8-10h": the first hour shares the second's mark
_TIME = re.compile(rf"(?<![\d.,:/])(?:{_CLOCK}|{_BARE_HOUR})(?:\s?-\s?{_CLOCK})?")


_TIME_WORD_BEFORE = re.compile(r"(?:lúc|vào|từ|đến|trước|sau|khoảng|đúng|kịp|hẹn|hạn|dự kiến|bắt đầu|kết thúc|chậm nhất"
                               r"|trễ nhất|muộn nhất|(?:sáng|trưa|chiều|tối|đêm)(?: (?:nay|mai|qua))?"
                               r"|(?<!\w)(?:mai|(?:hôm|bữa) nay)"  # a chat's "Mai 8g các cháu tập trung"
                               r"|(?:mở|mở cửa|làm|làm việc|trực|đóng cửa) (?:tới|đến)"  # "mở tới 20g"
                               # a weekday: "T6 này 14g lớp 3A họp" (it was mười bốn gam)
                               r"|(?:thứ (?:[2-7]|hai|ba|tư|năm|sáu|bảy)|chủ nhật)(?: (?:này|tới|sau))?)\s*$")
# "tới 11g" is a time when a time came before it ("lúc 5g … tới 11g"); "nặng tới 5g" is five grams.
_UNTIL_AFTER_A_TIME = re.compile(r"(?:\d{1,2}[gh]\d{0,2}|giờ)\b[^;.!?]*tới\s*$")  # in the same sentence part
# "và 17g", "hoặc 17g" right after a time that cannot be grams ("lúc 5g30 và 17g", "7h hoặc 17g") is a time too, and
# so is the next item of a list after an hour written with g and its minutes ("7g30 T7 ấp 1 gặp ấp 3, 9g ấp 2"; after
# "8h, 5g muối" the writer's g is grams) or of one that lúc opens ("lúc 6g, 11g và 17g")
_AND_AFTER_A_TIME = re.compile(r"(?:(?:\d{1,2}[gh]\d\d|\d{1,2}h|giờ)\s?,?\s(?:và|hoặc)"
                               r"|(?:lúc|vào) \d{1,2}g(?:, \d{1,2}g)*(?:,|,? và|,? hoặc))\s$")
_NEXT_AFTER_A_TIME = re.compile(r"\d{1,2}g\d\d\b[^;.!?]*,\s$")
_TIME_WORD_AFTER = re.compile(r"\s*(?:ngày|sáng|chiều|tối|trưa|đêm|hôm|thứ|cùng ngày|-"  # "14g cùng ngày"
                              r"|bắt đầu|khai mạc|tập trung|có mặt"  # "8g bắt đầu"
                              r"|rưỡi|kém"  # "7g rưỡi", "9g kém 15"
                              r"|(?:tui|tôi|mình|tớ|tụi|bọn)(?!\w))")  # who does it then: "2g tui chạy xe qua"


def _clock(ctx: _Context, hour: str, *minutes: str | None, second: str | None = None) -> str | None:
    hour_value = int(hour)
    minute = int(next((m for m in minutes if m), 0))
    if hour_value > 24 or minute > 59 or int(second or 0) > 59:
        return None
    spoken = f"{ctx.card(hour_value)} giờ"
    if int(second or 0):  # a timetable's 19:25:30: every part named; 07:30:00 is half past seven
        return f"{spoken} {ctx.card(minute)} phút {ctx.card(int(second))} giây"
    if minute:
        spoken += f" {ctx.card(minute)}" + (" phút" if minute < 10 else "")
    return spoken


def _time(ctx: _Context, m: re.Match) -> str:
    """'7h30', '6g30' and '07:30' -> 'bảy giờ ba mươi'; '14h' -> 'mười bốn giờ'; '7h-11h', '8-10h' -> '… đến …'."""
    if re.fullmatch(r"\d{1,2}g", m[0]) and not (_TIME_WORD_BEFORE.search(_before(m, 16))
                                                or _TIME_WORD_AFTER.match(_after(m, 12))
                                                or _UNTIL_AFTER_A_TIME.search(_before(m, 60))
                                                or _AND_AFTER_A_TIME.search(_before(m, 40))
                                                or _NEXT_AFTER_A_TIME.search(_before(m, 60))):
        return m[0]  # '5g' alone is five grams; 'lúc 9g', '9g sáng' is nine o'clock
    if m[6] and not (m[7] and int(m[6]) < int(m[7]) <= 24):
        return m[0]  # a bare number starts a span of hours only, and one that runs forward
    start = ctx.card(int(m[6])) if m[6] else _clock(ctx, m[1], m[2], m[3], m[4], second=m[5])
    if start is None:
        return m[0]
    if not m[7]:
        return start
    end = _clock(ctx, m[7], m[8], m[9], m[10], second=m[11])
    return f"{start} đến {end}" if end else m[0]


# A time on a day, as weather bulletins write it: "từ 19h/3 đến 7h/4" is mười chín giờ ngày ba … ("7h/4/12": and
# its month).
_TIME_ON_DAY = re.compile(r"(?<![\d.,:/])(\d{1,2})h(\d{2})?/(\d{1,2})(?:/(\d{1,2}))?(?![\d/])")


def _time_on_day(ctx: _Context, m: re.Match) -> str:
    clock = _clock(ctx, m[1], m[2])
    if clock is None or not 1 <= int(m[3]) <= 31 or (m[4] and not _valid_day_month(m[3], m[4])):
        return m[0]
    return f"{clock} ngày {ctx.card(int(m[3]))}" + (f" tháng {num.month(int(m[4]), ctx.dialect)}" if m[4] else "")


_ZERO_MINUTES = re.compile(r"(?i:(giờ))\s+00(?:\s+phút)?(?![\d])")


# Groups of two to four digits; one digit alone only after a dot or a dash ("0251.3.822.456") or between spaces
# ("0251 3 847 333").
_PHONE = re.compile(r"(?<![\d.,/])(?:\+84\s?|\(0\d{1,3}\)\s?|0)\d{1,4}(?:[.\-]\s?\d{1,4}|\s?\d{2,4}|\s\d(?=\s\d)){1,5}"
                    r"(?![\d])")


def _phone(ctx: _Context, m: re.Match) -> str:
    digits = re.sub(r"\D", "", m[0])
    if m[0].startswith("+84"):
        return "cộng tám tư " + num.digits(digits[2:])
    if not 9 <= len(digits) <= 11 or re.fullmatch(r"0\d{1,2}(?:\.\d{3})+", m[0]):
        return m[0]
    return num.digits(digits)


_SERVICE_NUMBER = re.compile(r"(?<![\d.,/])(\d{3,20})(?![\d/%]|[.,]\d|\s%)")  # a share is never a number to call
# A programme named by a number with its leading zero ("Đề án 06") is said with the zero: đề án không sáu, and so
# is its working group ("Tổ công tác 06"); "Đề án 06/CP" is the Government's (read before the document symbols,
# which would drop the zero and the CP).
_NAMED_BY_NUMBER = re.compile(r"(?i:(đề án|tổ công tác))\s+(0\d)(/CP)?(?![\d/]|[.,]\d)")
# A meeting ID, a password, a one-time code, a bank account, a postcode: every digit, each group a breath ("ID
# phòng: 812 3456 7890", "mật mã: 2026", "STK 1234 5678 9012" for a donation, which was read as thousands; "Số TK
# nhận ủng hộ: 1234567890"; "mã bưu chính 76315").
_CODE_AFTER_CUE = re.compile(r"(?<![\w])(ID(?:\s(?i:phòng|cuộc họp|phòng họp))?|(?i:mật khẩu|mật mã|passcode)|OTP|PIN"
                             # "STK HTX: 5100 2222 9999" too
                             r"|(?:STK|(?i:số tài khoản|tài khoản số|số TK))(?:(?:,?\s[^\W\d]+){1,5}\s?(?=:))?"
                             r"|(?:TK|(?i:tài khoản))(?:\s[^\W\d]+){0,3}\s(?i:số)"  # "TK số …", "TK Agribank số …"
                             r"|(?i:mã bưu chính|mã bưu điện|postcode|zip code)(?:\s[^\W\d]+){0,4}"  # "… xã là 76315"
                             # a bank's name before a long number or groups: "Agribank 5400 2051 23456"
                             r"|(?:[A-Z][A-Za-z]*(?i:bank)|BIDV|VCB)(?=\s?:?\s?(?:\d{3,} \d{3,}|\d{8,})))(\s?:?\s?)"
                             r"(\d{3,}(?: \d{3,}){0,4})(?![\d.,]\d|\d)")
# A password or a network's name of letters and digits or signs ("mật khẩu: giatan2026", "mật khẩu wifi là abc123",
# "tên mạng: UBND_GiaTan1", "giatan@2026"): every character by its name, as it is typed, signs included (a
# listener types it back; "@2026" was read as a year).
_TYPED_CHARACTER = r"[A-Za-z0-9@_#!&*$]"
_PASSWORD = re.compile(r"(?<![\w])((?i:mật khẩu|tên mạng|tên wifi)(?:\s(?i:wifi|wi-fi|oai phai))?(?:\s(?i:là))?"
                       rf"\s?:?\s?)((?={_TYPED_CHARACTER}*(?:[A-Za-z][0-9@_#!&*$]|[0-9@_#!&*$][A-Za-z]))"
                       rf"{_TYPED_CHARACTER}+(?:[.-]{_TYPED_CHARACTER}+)*)(?![\w])")
# 1900 9095, 1900 545 413, 1900 969680: a hotline, by its shape; run together ("gọi 19001006 hoặc 19009000") only
# with a telephone cue earlier in the sentence, right after qua, số, or a hotline's own words (sự cố, báo hỏng, tư
# vấn…: "Báo sự cố điện: 19001006 hoặc 19009000", each was "mười chín triệu…"): bare, 19000000 is a number.
_CALLED_VIA = re.compile(r"(?:^|\s)(?:qua|số)\s?:?\s?$")
_HOTLINE_CUE = re.compile(r"(?:sự cố|báo hỏng|tư vấn|khiếu nại|phản ánh|liên hệ|hỗ trợ)(?!\w)")
_SHORT_SERVICE = re.compile(r"(?<![\d.,/])1[89]00(?:[ .]\d{3}[ .]\d{3}|[ .]\d{2}[ .]\d{2}[ .]\d{2}|[ .]\d{6}|[ .]?\d{4}"
                            r"|[ .]\d{3})(?![\d]|[.,]\d)")  # "1900 54 54 54" in pairs too


# Two emergency numbers offered together ("gọi 114/115"): each digit by digit, as a telephone cue in the clause
# says (it was a fraction); "đạt 111/115 hộ" counts.
_SERVICES_PAIR = re.compile(r"(?<![\d.,/])(11[1-5])\s?/\s?(11[1-5])(?![\d/]|[.,]\d)")


def _services_pair(ctx: _Context, m: re.Match) -> str:
    clause = re.split(r"[,;:]", _sentence_before(m, 60))[-1]
    clause = clause if clause.strip() else _sentence_before(m, 60)  # "gọi: 114/115"
    if not (_PHONE_CUE.search(clause) or _SERVICE_BEFORE.search(clause)):
        return m[0]
    return f"{num.digits(m[1])}, {num.digits(m[2])}"


def _short_service(ctx: _Context, m: re.Match) -> str:
    sentence = _sentence_before(m, 80)
    if m[0].isdigit() and not (_PHONE_CUE.search(sentence) or _CALLED_VIA.search(sentence)
                               or _HOTLINE_CUE.search(sentence)):
        return m[0]
    return num.digits(m[0])


# A telephone's cue as a word: "đt" inside "HĐĐT" (hóa đơn điện tử) is not one ("Gói HĐĐT 500 HĐ" was "năm không
# không"), nor "gọi" in "kêu gọi" ("kêu gọi xã hội hóa 100%" was "một không không%").
_PHONE_CUE = re.compile(rf"(?<![^\W\d_])(?<!kêu )(?:{'|'.join(map(re.escape, PHONE_CUES))})(?![^\W\d_])")
_SERVICE_BEFORE = re.compile(r"(?:cứu hỏa|cứu hoả|chữa cháy|báo cháy|cấp cứu|cứu thương|công an|cảnh sát|cứu nạn"
                             r"|cứu hộ|help|sos)(?:\slà)?\s?:?\s?$")  # "Help 114"; "Số cứu hỏa là 114"

# A text message's number after gửi ("soạn tin DK gửi 191", "nhắn tin … gửi 8088") is said digit by digit.
_SENT_TO = re.compile(r"(?<!\w)gửi(?: đến| tới| về)?\s?:?\s?$")
_TEXTED = re.compile(r"(?<!\w)(?i:soạn tin|nhắn tin|tin nhắn|sms)(?!\w)")
_END_OF_NUMBER = re.compile(r"\s?(?:[.,;:!?()]|$|(?:để|hoặc|miễn phí|theo|với)\s)")  # not "gửi 123 khách hàng"

# A telephone number, already said digit by digit, then "hoặc": what follows is another number to call ("báo CA
# xã: 0693.xxx.xxx hoặc 113").
_PHONE_OR = re.compile(rf"(?:(?:{'|'.join(num.DIGITS)}|x+),?\s){{5,}}(?:hoặc|hay)\s$")


def _service_number(ctx: _Context, m: re.Match) -> str:
    """Digit by digit: service numbers after a telephone cue, codes after a code cue (tax, identity card),
    and any run of four or more digits that starts with 0 (no quantity is written that way)."""
    window = _before(m, 40)
    recent_digit = re.search(r"\d", window[-12:])
    if len(m[1]) <= 4 and m[1] not in EMERGENCY_NUMBERS \
            and re.search(r"(?<![\w])(?:ĐT|ĐH|QL|TL)\.?\s?$", m.string[max(0, m.start() - 8):m.start()]):
        return m[0]  # a road's number (ĐT 769 is đường tỉnh 769): the abbreviation's rule reads it
    # A short number is a service's only in its cue's clause and not counting something: "Tổng đài Dịch vụ công
    # 1022", but not "Zalo của xã; chỉ số vượt 150" or "Zalo của xã có 150 người".
    phone_window = window
    if len(m[1]) < 6:
        # 111–115 may follow a whole telephone number already said in words ("gọi số 0251… hoặc 112"): its
        # cue is further back in the clause.
        clause = _before(m, 120) if m[1] in EMERGENCY_NUMBERS else window
        phone_window = "" if _counts_something(m) else re.split(r"[,;!?]", clause)[-1]
        if m[1] in EMERGENCY_NUMBERS and (_SERVICE_BEFORE.search(window) or _PHONE_OR.search(window)):
            return num.digits(m[1])  # "cứu hỏa 114, cấp cứu 115, công an 113": each named by its service
        if _SENT_TO.search(window) and _TEXTED.search(_sentence_before(m, 100)) and _END_OF_NUMBER.match(_after(m, 12)):
            return num.digits(m[1])  # "Soạn tin DK 5G gửi 191": the number a text message goes to
    if (m[1].startswith("0") and len(m[1]) >= 4) or (not recent_digit and (
            _PHONE_CUE.search(phone_window)
            or (len(m[1]) >= 6 and any(cue in window for cue in CODE_CUES)))):
        return num.digits(m[1])
    return m[0]


# The team beaten or held may stand between the verb and the score: "Ấp 2 hòa Ấp 5 2-2" (it was hai đến hai). A
# match's sets are scores too, listed ("chung kết 21-17, 19-21, 21-15") or in brackets after it ("thắng 3-0 (25-18,
# 25-20)"): they were ranges, "hai mươi mốt đến mười bảy". A set's, a game's or a half's own ("set cuối 21-18", "ván
# 2 11-9", "hiệp 1 1-0") too.
_SCORE_PAIR = r"\d{1,2}\s?[-–:]\s?\d{1,2}(?![\d/]|[.,]\d)"
_SCORE = re.compile(r"(?=[tThHcCbBsSvV])"
                    r"(?i:((?:tỷ số|tỉ số|thắng|thua|hòa|hoà|chung kết|bán kết|set|ván|hiệp)"
                    r"(?:\s+(?:chung cuộc|cuối cùng|sát nút|đậm|cách biệt))?))"
                    r"((?:\s+[^\W\d_]+(?:\s[^\W\d_]+){0,2})?(?:\s\d{1,2})?)"
                    rf"\s+({_SCORE_PAIR}(?:,\s?{_SCORE_PAIR})*)(\s?\(\s?{_SCORE_PAIR}(?:,\s?{_SCORE_PAIR})*\s?\))?"
                    rf"(?!\s?(?:{UNIT_PATTERN}|h|giờ|tuổi|người|tỷ|triệu|nghìn|ngàn|ngày|tháng|năm|lần|trận|vòng|lượt"
                    r"|bàn)(?!\w))")
# "Km 1.812": a thousands dot; "Km 2,5": a post half-way (a race's water station)
_KM_POST = r"(Km|KM|km)\s?(\d\.\d{3}|\d{1,4}(?:,\d{1,3})?)(?:\s?\+\s?(\d{1,3}))?(?!\d|[.,]\d)"
# A post, or a stretch of road between two: "đoạn Km1835+200 - Km1837+500" (… đến …).
_KM_MARKER = re.compile(rf"(?<![\w]){_KM_POST}(?:\s?[-–]\s?{_KM_POST})?")
_DIMENSIONS = re.compile(rf"(?<![\w.,/])({_NUM})\s?[x×]\s?({_NUM})(?:\s?[x×]\s?({_NUM}))?"
                         rf"(?:\s?({_UNIT_GROUP}))?{_NOT_WORD_AFTER}")
_TIMES_AFTER_UNIT = re.compile(rf"(?<=\d)(\s?(?:{UNIT_PATTERN}))\s?[x×]\s?(?=\d)")  # "3 m x 3 m": each with its unit


def _score(ctx: _Context, m: re.Match) -> str:
    """'tỷ số 2-1' -> 'tỷ số hai - một': a score, not a range ('hai đến một'); its sets the same."""
    def scores(pairs: str) -> str:
        return ", ".join(" - ".join(ctx.n(side) for side in re.findall(r"\d+", pair)) for pair in pairs.split(","))
    sets = f" ({scores(m[4].strip(' ()'))})" if m[4] else ""
    return f"{m[1]}{m[2]} {scores(m[3])}{sets}"


def _km_marker(ctx: _Context, m: re.Match) -> str:
    """'Km 15+200' -> 'ki lô mét mười lăm cộng hai trăm': a road's kilometre post and metres past it; 'Km 1830'
    alone is a post too, and 'tại km 5' ("3 km 500 m" after a number is a length); 'Km1835+200 - Km1837+500' is
    … đến …."""
    if m[1] == "km" and re.search(r"\d\s?$", _before(m, 4)):
        return m[0]  # "3 km 500 m" is a length
    first = _km_post(ctx, m[1], m[2], m[3])
    if not m[4]:
        return first or m[0]
    last = _km_post(ctx, m[4], m[5], m[6])
    if not (first and last):
        return m[0]
    listed = re.match(r"\s?[-–]\s?(?:Km|KM|km|đích)", m.string[m.end():])  # "Km 2,5 - Km 5 - Km 7,5 - đích"
    return f"{first} - {last}" if listed else f"{first} đến {last}"


def _km_post(ctx: _Context, written: str, km: str, metres: str | None) -> str | None:
    km = km.replace(".", "")
    if metres:
        return f"ki lô mét {ctx.n(km)} cộng {ctx.n(metres)}"
    return f"ki lô mét {ctx.n(km)}" if written in ("Km", "km") else None


def _dimensions(ctx: _Context, m: re.Match) -> str:
    """'5x20 m' -> 'năm nhân hai mươi mét': sizes of a plot or a room, 'x' read 'nhân'."""
    sizes = " nhân ".join(ctx.n(part) for part in m.groups()[:3] if part)
    return f"{sizes} {_unit(m[4], ctx.dialect)}" if m[4] else sizes


_ALNUM_SPLIT = re.compile(r"(?<=[A-ZĐ])(?=\d)|(?<=\d)(?=[A-ZĐ])")


def _unit(text: str, dialect: str) -> str:
    """'kg' -> 'ki lô gam'; 'kg/ha' -> 'ki lô gam một héc ta'; a unit named whole wins ('mmol/l': trên lít)."""
    if text in UNITS:
        return num.in_dialect(UNITS[text], dialect)
    unit, _, per = text.partition("/")
    spoken = num.in_dialect(UNITS[unit], dialect)
    return f"{spoken} một {UNITS.get(per) or PER_UNITS.get(per, per)}" if per else spoken


# "800.000 đồng - 1.000.000 đồng", "5 kg - 7 kg": a range written with the same unit on each side, or two units of
# one measure ("size 800g-1kg/con"), the dash "đến" ("12,5°N - 111,2°E" is a position, not a range).
_UNIT_SPAN = re.compile(rf"(?<=\d)(\s?)((?:(?:triệu|nghìn|ngàn|tỷ)\s)?(?:đồng|{UNIT_PATTERN})(?:/{_LETTER}+)?)\s?-\s?"
                        rf"(?={_NUM}\s?(\2|{UNIT_PATTERN})(?!\w))")
_MEASURES = ({"mg", "g", "gr", "kg", "tạ", "tấn"}, {"mm", "cm", "m", "km"}, {"ml", "l"})


def _unit_span(ctx: _Context, m: re.Match) -> str:
    if m[3] != m[2] and not any(m[2] in measure and m[3] in measure for measure in _MEASURES):
        return m[0]
    return f"{m[1]}{m[2]} đến "


_QUANTITY_RANGE = re.compile(rf"(?<![\w.,/])({_NUM})\s?-\s?({_NUM})(?:\s?({_UNIT_GROUP}))?{_NOT_WORD_AFTER}")


def _quantity_range(ctx: _Context, m: re.Match) -> str:
    spoken = f"{ctx.n(m[1])} đến {ctx.n(m[2])}"
    return spoken + (f" {_unit(m[3], ctx.dialect)}" if m[3] else "")


# A unit after a scale word: "2,76 tỷ m³", "1,5 triệu tấn/năm": the number, its scale, then the unit's name.
# "ngàn" glued to h is the word ngành ("2 ngành" was "hai ngàn giờ")
_SCALED_UNIT = re.compile(rf"(?<![\w.,/])({_NUM})\s(nghìn|ngàn(?!h)|triệu|tỷ)\s?({_UNIT_GROUP}){_NOT_WORD_AFTER}")
_QUANTITY_UNIT = re.compile(rf"(?<![\w.,/])(-?)({_NUM})\s?({_UNIT_GROUP}){_NOT_WORD_AFTER}")


def _quantity_unit(ctx: _Context, m: re.Match) -> str:
    if m[1] and _before(m, 1) not in ("", " ", "("):
        return m[0]
    return ("âm " if m[1] else "") + f"{ctx.n(m[2])} {_unit(m[3], ctx.dialect)}"


# An area or a volume after a number's slash ("100.000/mm3", "giá 2tr/m2"): its power as a sign, so the number pass
# does not take the 3 of "mm3" ("một mmba"); the unit is then read after the slash as any other.
_PER_POWER = re.compile(r"(?=/)(?<=\d)/([kcm]?m)([23])(?![\w/])")
_PER_WORD = "|".join(sorted(PER_WORDS, key=len, reverse=True))
_PER = re.compile(rf"(?<![\w/])({_PER_WORD}|(?<=\d )[^\W\d_]+)((?:/(?![%°])(?:{UNIT_PATTERN}|{_LETTER}+))+)(?![\w/])")


def _per(ctx: _Context, m: re.Match) -> str:
    """'đồng/kg' -> 'đồng một ki lô gam'; 'đồng/người/năm' -> 'đồng một người một năm'.

    A slash reads "một" after a counting word, or after any word that follows a number ('30 phút/lần').
    """
    parts = m[2].split("/")[1:]
    if m[1] == "khẩu" and _before(m, 4).endswith("hộ "):
        return m[0]  # "hộ khẩu/tạm trú": two papers, a pause (it was "hộ khẩu một tạm trú")
    if notation.date_parts([m[1], *parts]):
        return " ".join([m[1], *parts])
    return m[1] + "".join(f" một {UNITS.get(part, part)}" for part in parts)


_ROMAN_CUES = (r"(?i:quý|khóa|khoá|phần|mục|chương|đại hội|kỳ họp|học kỳ|học kì|đợt|thế kỷ|giai đoạn|lần thứ|thứ"
               r"|báo động|cấp cháy|cấp độ|cấp|mức|hạng|loại|nhóm|vùng|bậc|phụ lục|phụ biểu|khu vực|tập)"
               r"|KV|PL|HK|BĐ")  # KV, PL, HK, BĐ: codes read later
# Two numerals after one cue ("Quý I-II/2027", "phần I, II") are each read; the dash between them is đến.
_ROMAN_AFTER = re.compile(rf"(?<!\w)({_ROMAN_CUES})\s+([IVXL]{{1,7}})"
                          rf"(?:(\s?[-,]\s?|\s(?:và|đến|hoặc)\s)([IVXL]{{1,7}}))?(?:/(\d{{4}}))?(?!\w)")
_ROMAN_JOINTS = {"-": " đến ", ",": ", "}
# A numeral that is also a syllable ("lần thứ XI", "khóa VI") is no word typed in capitals.
_ROMAN_CUE_BEFORE = re.compile(rf"(?<!\w)(?:{_ROMAN_CUES})\s+$")


def _roman_after(ctx: _Context, m: re.Match) -> str:
    """'quý III' -> 'quý ba'; 'quý I/2025' -> 'quý một năm hai nghìn ...'; 'lần thứ IV' -> 'lần thứ tư';
    'quý I-II/2027' -> 'quý một đến hai năm …'."""
    first, second = num.roman_value(m[2]), m[4] and num.roman_value(m[4])
    if not first:
        return m[0]
    keyword = m[1]

    def said(value: int) -> str:
        return num.ordinal(value, ctx.dialect) if keyword.lower().endswith("thứ") else ctx.card(value)
    if m[4] and not (second and (m[3].strip() != "-" or first < second)):
        return f"{keyword} {said(first)}" + m[0][m.end(2) - m.start():]  # "quý IV-2026": the rest as it was
    joint = f"{_ROMAN_JOINTS.get(m[3].strip(), m[3])}{said(second)}" if m[4] else ""
    return f"{keyword} {said(first)}{joint}" + (f" năm {ctx.card(int(m[5]))}" if m[5] else "")


_ORDINAL = re.compile(r"(?i:(thứ))\s+(\d{1,3})(?![\d/]|[.,]\d)")
_MONTH = re.compile(r"(?i:(tháng))\s+(\d{1,2})(?![\d/]|[.,]\d)")
# "tháng 3-4", "tháng 9-10/2026": two months, each said with its name (tháng ba đến tháng tư).
_MONTH_RANGE = re.compile(r"(?i:(tháng))\s+(\d{1,2})\s?-\s?(\d{1,2})(?:/(\d{4}))?(?![\d/]|[.,]\d)")


def _month_range(ctx: _Context, m: re.Match) -> str:
    first, last = int(m[2]), int(m[3])
    if not (1 <= first < last <= 12):
        return m[0]
    year = f" năm {ctx.card(int(m[4]))}" if m[4] else ""
    return f"{m[1]} {num.month(first, ctx.dialect)} đến tháng {num.month(last, ctx.dialect)}{year}"
_NEGATIVE = re.compile(rf"(?:(?<=\s)|(?<=^)|(?<=\())-(?={_NUM}{_NOT_WORD_AFTER})")
_NUMBER = re.compile(r"(?<![\d.,])(\d+(?:\.\d+)*(?:,\d+)?)(?![\d])")
# Digits after a comma that follows a word or a number just read ("0,0,0000" → "không phẩy không,0000"): a number
# of its own, which the pattern above skips after a comma (a decimal's part), read with the comma's space.
_NUMBER_AFTER_COMMA = re.compile(r"(?=,\d)(?<=[^\W\d_]),(\d+(?:\.\d+)*(?:,\d+)?)(?![\d])")


def _number(ctx: _Context, m: re.Match) -> str:
    text = m[1]
    if "." in text and not re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", text):
        # '1.2' or '2.1.3': section numbers and versions, read part by part.
        return " chấm ".join(ctx.n(part) for part in text.split("."))
    return ctx.n(text)


_ABBREVIATION = re.compile(rf"(?<![\w&])({_CODE}(?:/{_CODE})?)(\.(?=\d)|\.?(?![\w]))")


def _next_words(m: re.Match) -> str:
    return _after(m, 48).strip()  # an amount already said is long: "DT một trăm tám mươi sáu triệu" (doanh thu)


# A member's code says whose member by the organ around it: ĐV of the Youth Union (đoàn viên) or of the Party (đảng
# viên), HV of an association (hội viên: Hội LHPN, chi hội, hội phí) or of a class (học viên). The organ the line
# names says which, the nearest before it first ("Đoàn TN xã kết nạp 25 ĐV mới"; "Chi bộ … kết nạp 2 ĐV mới là
# đoàn viên ưu tú"), else the nearest after ("45 ĐV HTXSNV"). A line naming neither is left to the context table
# ("các bạn ĐV"), then to the organ an earlier line of the document named (a cell's notice: "Chi bộ ấp 3 thông
# báo…", then "Tỷ lệ ĐV đạt…").
_MEMBER_CUE = re.compile(r"(?<!\w)(?i:(đoàn tn|đoàn thanh niên|chi đoàn|đtn|đoàn viên|tncs)"
                         r"|(chi bộ|đảng|cấp ủy|bí thư|nghị quyết|NQ|HTXSNV|HTTNV|HTNV))")
_ASSOCIATION_CUE = re.compile(r"(?<!\w)(?:(Hội|(?i:chi hội|hội phí|quỹ hội|hội viên|LHPN|HLHPN|CCB|phụ nữ|nông dân"
                              r"|cựu chiến binh|người cao tuổi|khuyến học|chữ thập đỏ))|((?i:lớp|khóa học|học viên"
                              r"|đào tạo|tập huấn|bồi dưỡng|giảng viên|học nghề|sát hạch|lái xe)))(?!\w)")
_MEMBERS = {"ĐV": (_MEMBER_CUE, "đoàn viên", "đảng viên"), "HV": (_ASSOCIATION_CUE, "hội viên", "học viên")}
# BCH with nothing after it that says whose ("Số điện thoại BCH xã") is the command of the disaster or military work
# the document is about (Ban Chỉ huy: "BCH PCTT&TKCN xã trực 24/24h" earlier in a storm bulletin), else the elected
# committee (Ban Chấp hành, the dictionary's reading): the latest cue so far in the document says which.
_ELECTED_ORGANS = "công đoàn|chi bộ|đảng bộ|chi hội|chi đoàn"
_COMMAND_CUE = re.compile(r"(?<!\w)(?:((?i:PCTT|TKCN|thiên tai|cứu nạn|cứu hộ|quân sự|QS|phòng thủ|bão|lũ|sơ tán"
                          r"|PCCC|phòng cháy))"
                          rf"|(Đoàn|Hội|(?i:{_ELECTED_ORGANS}|đại hội|nhiệm kỳ)))(?!\w)")
_EXECUTIVE_AFTER = re.compile(rf"\s?(?:Đoàn|Hội|CĐ|ĐTN|(?i:{_ELECTED_ORGANS}|đảng ủy))(?!\w)")
# TS undotted is a candidate in a document about an exam ("Xe đưa đón TS vùng xa" after "Kỳ thi tốt nghiệp…"),
# fisheries in one about boats and ponds; with its dot before a name it is Tiến sĩ (DOTTED).
_EXAM_OR_FISHERY_CUE = re.compile(r"(?<!\w)(?:((?i:thi(?! công| hành| đua)|thí sinh|tuyển sinh|xét tuyển|báo danh))"
                                  r"|((?i:thủy sản|tàu cá|ngư dân|nuôi trồng)))(?!\w)")
# NV done or taken on ("hoàn thành NV") is a recruit's service in a document about the call-up (nghĩa vụ: "Tân binh
# hoàn thành NV được ưu tiên tuyển dụng" after "khám sức khỏe NVQS"), a task elsewhere or once "nhiệm vụ" is written.
_DUTY_CUE = re.compile(r"(?<!\w)(?i:(nvqs|nvca|nghĩa vụ quân sự|nghĩa vụ công an|nhập ngũ|tân binh|giao nhận quân)"
                       r"|(nhiệm vụ))(?!\w)")
_DUTY_BEFORE = re.compile(r"(?:hoàn thành|hoàn thành tốt|làm tròn|thực hiện|được giao|nhận|giao)\s$")
# BĐ without its level's number is the post office in a notice about pensions and parcels ("Thắc mắc gọi BĐ Thống
# Nhất" after "Bưu điện xã thông báo lịch chi trả lương hưu"), an alarm level in a flood bulletin (the dictionary's).
_POST_OR_ALARM_CUE = re.compile(r"(?<!\w)(?i:(bưu điện|lương hưu|chi trả|bưu phẩm|bưu kiện|bưu tá)"
                                r"|(báo động|lũ|mực nước|triều cường|thủy văn))(?!\w)")
_EARLIER_CUES = {**_MEMBERS, "BCH": (_COMMAND_CUE, "Ban Chỉ huy", "Ban Chấp hành"),
                 "TS": (_EXAM_OR_FISHERY_CUE, "thí sinh", "thủy sản"), "NV": (_DUTY_CUE, "nghĩa vụ", "nhiệm vụ"),
                 "BĐ": (_POST_OR_ALARM_CUE, "bưu điện", "báo động")}
# New members with no organ named in the document are the Party's: "kết nạp 12 ĐV", "ĐV mới". In a Youth Union's
# notice ("Đoàn TN xã…", then "Kết nạp 12 ĐV mới dịp 26/3") they are its own.
_NEW_MEMBER_BEFORE = re.compile(r"kết nạp(?:\s\d+)?\s$")
_NEW_MEMBER_AFTER = re.compile(r"\s?mới\b")
_ORGAN_AFTER = re.compile(r"\s(?i:(đoàn)|(đảng))(?!\w)")
# The Party a member is put forward to is not the member's organ: "giới thiệu 5 ĐV ưu tú cho Đảng xem xét kết nạp",
# "ĐV được kết nạp vào Đảng" are the Youth Union's.
_PARTY_TO_JOIN = re.compile(r"(?i:cho|vào|kết nạp|đứng vào hàng ngũ(?: của)?)\s$")


def _members_named(code: str, cue: re.Match | None) -> str | None:
    return None if cue is None else _EARLIER_CUES[code][1] if cue[1] else _EARLIER_CUES[code][2]


def _named_earlier(ctx: _Context, code: str) -> str | None:
    searched, reading = ctx.named.get(code, (0, None))
    for line in ctx.lines[searched:]:
        reading = _members_named(code, _last(_EARLIER_CUES[code][0].finditer(line))) or reading
    ctx.named[code] = (len(ctx.lines), reading)
    return reading


def _put_forward_to_the_party(m: re.Match, cue: re.Match) -> bool:
    """The Party named after the member is the one it is put forward to ("5 ĐV ưu tú cho Đảng"), not a Party
    organ ("cho Đảng bộ")."""
    return cue.start() >= m.end() and bool(cue[2]) and cue[2].lower() == "đảng" \
        and _PARTY_TO_JOIN.search(m.string, max(0, cue.start() - 24), cue.start()) is not None \
        and not re.match(r"\s(?:bộ|ủy)\b", m.string[cue.end():cue.end() + 4])


def _member(ctx: _Context, m: re.Match, following: str) -> str | None:
    code = m[1]
    named_after = _ORGAN_AFTER.match(m.string, m.end()) if code == "ĐV" else None
    if named_after:  # "1 là ĐV đoàn": the organ right after it says it first
        return "đoàn viên" if named_after[1] else "đảng viên"
    # A window, not the whole line: a line of thousands of ĐV would be searched once per ĐV.
    cues = list(_MEMBERS[code][0].finditer(m.string, max(0, m.start() - 200), m.end() + 200))
    before = [cue for cue in cues if cue.end() <= m.start()]
    nearest = before[-1] if before else next((cue for cue in cues if cue.start() >= m.end()), None)
    if code == "ĐV" and nearest is not None and _put_forward_to_the_party(m, nearest):
        return "đoàn viên"
    return _members_named(code, nearest) or _read_by_context(code, _before(m, 24), following) \
        or _named_earlier(ctx, code) or _new_member(code, _before(m, 24), following)


def _new_member(code: str, preceding: str, following: str) -> str | None:
    new = code == "ĐV" and (_NEW_MEMBER_BEFORE.search(preceding) or _NEW_MEMBER_AFTER.match(following))
    return "đảng viên" if new else None


# A health-insurance card's object code after "mã" ("thẻ BHYT mã CC", "mã DN"; BHXH's list) names who pays:
# spelled, where the dictionary would say doanh nghiệp for DN or leave CC to the voice.
_HEALTH_CARD_CODES = frozenset("DN HX CH NN TK HC XK HT TB NO CT XB TN CS XN MS HD TQ TA TY HG LS PV CC CK CB KC BT HN"
                               " DT DK XD TS TC TL HK TE CN HS SV GB GD QN CA CY".split())
_HEALTH_CARD = re.compile(r"bhyt|bảo hiểm y tế")


def _health_card_code(m: re.Match) -> bool:
    return m[1] in _HEALTH_CARD_CODES and re.search(r"(?:^|\s)mã:?\s$", _before(m, 5).lower()) is not None \
        and _HEALTH_CARD.search(_sentence_around(m, 100)) is not None


def _abbreviation(ctx: _Context, m: re.Match) -> str:
    token, dot = m[1], m[2]
    upper = sum(1 for c in token if c.isupper())
    if upper < 2 and token + dot not in DOTTED and token not in ABBREVIATIONS:  # Td, Hib: the dictionary's own
        return m[0]
    if _health_card_code(m):
        return notation.spelled(token) + dot
    following = _next_words(m)
    spoken = (_member(ctx, m, following) if token in _MEMBERS else None) \
        or _resolve(ctx, token, dot, following, _before(m, 24),
                    _sentence_around(m, 100) if token in _SENTENCE_CUES else "")
    if spoken is None:
        return m[0]
    if spoken.startswith("đường ") and _before(m, 8).endswith("đường "):
        spoken = spoken.removeprefix("đường ")  # 'đường ĐT 769' is said once: đường tỉnh bảy trăm…
    # The dot of TP., KT., TM. belongs to the abbreviation; after ĐT.769 it only separates the number.
    number_after_dot = bool(dot) and re.match(r"\d", following) is not None
    if number_after_dot:
        return spoken + " "
    dot_is_part = DOTTED.get(token + dot) == spoken or spoken in ("Ký thay", "Thường trực", "thị trấn")
    return spoken + ("" if dot_is_part else dot)


def _first_word(text: str) -> str:
    match = re.match(r"[\w&]+", text)
    return match[0] if match else ""


# ĐH and CĐ in a schooling context are đại học and cao đẳng ("trình độ CĐ, ĐH"); elsewhere ĐH is Đại hội.
_SCHOOLING_BEFORE = re.compile(r"(?:trình độ|tốt nghiệp|sinh viên|trường|bằng|tuyển sinh|xét tuyển|thi vào|liên thông"
                               r"|hệ|thủ khoa|đỗ|đậu|\d,\d\d ?\(|"  # "đỗ thủ khoa ĐH"; a pay grade: "hệ số 2,34 (ĐH)"
                               r"(?<!khoa )(?<![^\W\d_])học|cđ|đh)[\s,/]*$"  # "đang học ĐH", not "khoa học ĐH"
                               r"|(?:học|sinh viên) năm (?:\d|nhất|một|hai|ba|bốn|tư|cuối)\s$")  # "học năm 2 CĐ"
_SCHOOLING_AFTER = re.compile(r"(?i)[\s,/]*(?:CĐ|ĐH|quốc gia|sư phạm|bách khoa|nông lâm|y dược|chính quy)\b")


# Abbreviations whose neighbours decide how they are read, and only then: (the code, a pattern the lower-cased
# text before it must end with, one the text after it must start with, the reading). None: no condition there.
_CROP_BEFORE = re.compile(r"(?:lúa|vụ|mùa)\s$")
_READ_BY_CONTEXT = (
    ("TT", re.compile(r"(?:^|\s)(?:đài|loa|trạm|cụm loa|hệ thống)\s$"), None, "truyền thanh"),  # Đài TT xã, loa TT
    ("THTT", re.compile(r"(?:^|\s)đài\s$"), None, "truyền thanh - truyền hình"),
    ("TT", re.compile(r"(?:^|\s)an(?: ninh)?\s?[,&-]\s?$"), None, "trật tự"),  # "đảm bảo AN, TT" (ANTT split)
    # a commune's centre, "Trung tâm VH-TT&HTCĐ": Văn hóa - Thể thao và Học tập cộng đồng (TT was Thông tư)
    ("TT", re.compile(r"(?:^|\s)vh-$"), re.compile(r"&HTCĐ\b"), "Thể thao"),
    # complaints counted side by side: "KN: 3, TC: 5" (khiếu nại, tố cáo); KN elsewhere may be kết nạp
    ("KN", None, re.compile(r"\s?:?\s?\d*\s?,\s?(?:TC|tố cáo)\b"), "khiếu nại"),
    ("TC", re.compile(r"(?:kn|khiếu nại)\s?:?\s?\d*\s?,\s$"), None, "tố cáo"),
    # "phi NN", "HTX NN"
    ("NN", re.compile(r"(?:^|\s)(?:phi|sản xuất|ngành|đất|sdđ|khuyến|dịch vụ|dv|htx|công chức|cán bộ|cc|cb|sở|bộ"
                      r"|phòng)\s$"), None, "nông nghiệp"),  # "công chức NN xã", a commune's farming officer; "Sở NN"
    # a commune's officers listed: "gồm NN, ĐC, trưởng ấp" (nông nghiệp, địa chính)
    ("NN", None, re.compile(r"\s?,\s?(?:ĐC|TP|VH|TC|VP)\b"), "nông nghiệp"),
    ("NN", re.compile(r"(?:^|\s)(?:ngân sách|cơ quan|kho bạc|doanh nghiệp|quản lý|(?:chính sách|quy định) của)\s$"),
     None, "Nhà nước"),  # "theo chính sách của NN"
    # a school subject: "môn NN", "Toán, Văn, NN (Anh)"
    ("NN", re.compile(r"(?:môn|thi|điểm|văn,?|toán,?)\s$"), None, "ngoại ngữ"),
    ("NN", None, re.compile(r"\s?\((?:tiếng )?(?:Anh|Pháp|Trung|Nhật|Hàn|Nga)\)"), "ngoại ngữ"),
    ("NN", None, re.compile(r"\s?(?:hỗ trợ|đầu tư|cấp|chi trả|trợ giá|bù)\b"), "Nhà nước"),  # "dân góp 30%, NN hỗ trợ"
    # "HTX, THT và hộ SX"; elsewhere THT is the livestock disease (tụ huyết trùng, in the dictionary)
    ("THT", re.compile(r"(?:htx|hợp tác xã)\W{0,3}$"), None, "tổ hợp tác"),
    ("QĐ", re.compile(r"\d\s$"), re.compile(r"\s?,\s?\d+\s?CA\b"), "quân đội"),  # a call-up's "15 QĐ, 3 CA"
    ("QĐ", re.compile(r"(?:nhập ngũ|tại ngũ)\s$"), None, "quân đội"),  # "25 nhập ngũ QĐ, 3 … CAND"
    ("CM", re.compile(r"công với\s$"), None, "cách mạng"),  # người có công với CM
    ("CM", re.compile(r"(?:^|\s)tổ\s$"), None, "chuyên môn"),  # a school's "tổ CM"
    ("CB", re.compile(r"(?:nhảy|ngắt|bật|cúp|sập|lắp|thay)\s$"), None, "cầu dao"),  # a breaker: "nhảy CB tổng"
    ("CB", None, re.compile(r"\s?(?:tổng|chống giật)\b"), "cầu dao"),  # "ổ cắm có CB chống giật"
    # "CB LĐTBXH xã", "CB VH", "CB, CC"; "CB ấp 1" may be a chi bộ
    ("CB", None, re.compile(r"\s?[A-ZĐ]{2,}\b|\s?(?:,|và)\s?(?:CC|VC|công chức|viên chức)\b"), "cán bộ"),
    # "gọi CB thuế phụ trách địa bàn", "CB không chuyên trách"
    ("CB", None, re.compile(r"\s?(?:thuế|phụ trách|chuyên trách|không chuyên trách|y tế|thú y|địa chính|tư pháp"
                            r"|khuyến nông|kiểm lâm|tín dụng|ngân hàng|xã|huyện|trực|lâm nghiệp|nông nghiệp|văn hóa"
                            r"|môi trường|giao thông|thủy lợi|dân số|lao động|thống kê|điện lực)\b"),
     "cán bộ"),  # "2 CB trực"
    ("CC", re.compile(r"(?:cán bộ|cb)\s?(?:,|và)\s$"), None, "công chức"),  # "Cán bộ, CC xã"
    # "Ban CH PCTT&TKCN xã", "Ban CH Quân sự": the command (BCH undivided has its own rules)
    ("CH", re.compile(r"(?:^|\s)ban\s$"), re.compile(r"\s?(?:PCTT|PCTT&TKCN|QS|PCCC|TKCN|(?i:quân sự|phòng))(?!\w)"),
     "Chỉ huy"),
    ("CC", None, re.compile(r"(?i)\s?(?:địa chính|tư pháp|văn hóa|văn phòng|tài chính|kế toán|thống kê"
                            r"|(?:vh|tp|đc|vp|tc|lđ)\b)"), "công chức"),  # "CC địa chính", "CC VH-XH"
    # "quyết toán NS"; "NS lúa" is năng suất
    ("NS", re.compile(r"(?:^|\s)(?:thu|chi|nguồn|vốn|dự toán|quyết toán|nộp|vào|từ)\s$"), None, "ngân sách"),
    ("NS", None, re.compile(r"\s?(?:tỉnh|huyện|xã|[Nn]hà nước|NN|trung ương|TW|địa phương)\b"), "ngân sách"),
    ("NS", None, re.compile(r"\s?(?:hỗ trợ|cấp|chi trả|đóng)\b"), "ngân sách"),  # "được NS hỗ trợ 50%"
    ("NS", None, re.compile(r"\s?(?:lúa|bình quân|BQ|cây trồng|đạt)\b"), "năng suất"),  # "NS lúa đạt 6 tấn/ha"
    # the commune's budget as a source: "Từ nguồn NSX năm 2027" (on a label NSX is ngày sản xuất)
    ("NSX", re.compile(r"(?:^|\s)(?:thu|chi|nguồn|vốn|dự toán|quyết toán|từ)\s$"), None, "ngân sách xã"),
    ("ND", re.compile(r"(?:^|\s)(?:hội|chi hội|hội viên|hv)\s$"), None, "Nông dân"),  # Hội ND; elsewhere nhân dân
    # the unions listed: "các chi hội PN, ND, CCB"
    ("ND", re.compile(r"(?:pn|phụ nữ|ccb|cựu chiến binh)\s?,\s$"), None, "Nông dân"),
    ("ND", None, re.compile(r"\s?,\s?(?:CCB|PN|Cựu chiến binh|Phụ nữ)\b"), "Nông dân"),
    # a meeting notice's "ND: …" line, a transfer's "ND ghi: …"
    ("ND", None, re.compile(r"\s?(?:\d{1,2}|ghi|CK|chuyển khoản)?\s?:"), "Nội dung"),  # "ND 1: bầu tổ trưởng"
    ("ND", None, re.compile(r"\s?ghi\b(?! nhận)"), "nội dung"),  # "ND ghi tên bé"; "ND ghi nhận" is nhân dân
    # what one prepares, drafts or lists is content: "chuẩn bị ND báo cáo", "các ND cần sửa" (people are not counted so)
    ("ND", re.compile(r"(?:chuẩn bị|soạn|thống nhất|bổ sung|sửa|các|những|ghi|ghi rõ)\s$"), None, "nội dung"),
    # the Party's members: "ĐV chi bộ ấp 2", "ĐV dự bị"; "các ĐV trực thuộc" are đơn vị, left to the engine. "kết
    # nạp ĐV", "ĐV mới" may be either organ's: after the organ the document named (_NEW_MEMBER)
    ("ĐV", None, re.compile(r"\s?(?:chi bộ|đảng|Đảng|dự bị|chính thức)\b"), "đảng viên"),
    ("ĐV", re.compile(r"(?:chi bộ|đảng bộ|đồng chí)(?:\s\d+)?\s$"), None, "đảng viên"),
    ("ĐV", re.compile(r"(?:bạn|đoàn|đtn|thanh niên)\s$"), None, "đoàn viên"),  # "các bạn ĐV", "chi đoàn ĐV"
    ("ĐV", re.compile(r"(?:chi đoàn|đoàn tn|đtn)\b[^.;!?]{0,16}$"), None, "đoàn viên"),  # "chi đoàn cử 10 ĐV"
    # the post office: "nhân viên BĐ", "BĐ xã"; elsewhere BĐ is báo động (BĐ2, vượt BĐ3)
    ("BĐ", re.compile(r"(?:^|\s)tờ\s$"), None, "bản đồ"),  # a parcel's map sheet: "thửa 125, tờ BĐ số 12"
    ("BĐ", None, re.compile(r"\s?địa chính\b"), "bản đồ"),
    ("BĐ", re.compile(r"(?:nhân viên|qua|gửi|điểm)\s$"), None, "bưu điện"),
    ("BĐ", None, re.compile(r"\s?(?:xã|huyện|tỉnh|văn hóa)\b"), "bưu điện"),
    ("ĐB", re.compile(r"giải\s$"), None, "đặc biệt"),  # a lottery's "giải ĐB"
    # a wind's direction: "gió mùa ĐB", "hướng TN"
    *((direction, re.compile(r"(?:gió|gió mùa|hướng)\s$"), None, reading) for direction, reading in
      (("ĐB", "Đông Bắc"), ("ĐN", "Đông Nam"), ("TB", "Tây Bắc"), ("TN", "Tây Nam"))),
    ("ĐB", None, re.compile(r"\s?(?:HĐND|QH|Quốc hội|Hội đồng)\b"), "đại biểu"),  # "bầu cử ĐB HĐND xã"
    ("ĐB", re.compile(r"(?:tổ|các|vị|mỗi|phần trăm|\d)\s$"), None, "đại biểu"),  # "Tổ ĐB số 2", "100% ĐB tán thành"
    ("BC", re.compile(r"(?:tổ|ban|ủy ban|hội đồng|cuộc|khu vực|đơn vị)\s$"), None, "bầu cử"),  # "tổ BC"; else Báo cáo
    # security: "camera AN ấp", "lực lượng AN", "AN trật tự"; AN elsewhere is the syllable an (Bình An, AN toàn)
    ("AN", re.compile(r"(?:camera|lực lượng|tổ|đội|giữ gìn|bảo đảm|đảm bảo|bảo vệ)\s$"),
     re.compile(r"(?!\s?(?i:toàn|tâm|dưỡng|cư|khang)(?!\w))"), "an ninh"),  # "ĐẢM BẢO AN TOÀN" is the word
    ("AN", None, re.compile(r"\s?(?:ấp|xã|thôn|khu phố|trật tự|nông thôn|trường học|mạng)\b"), "an ninh"),
    ("CA", None, re.compile(r"(?i)\s?(?:xã|huyện|tỉnh|phường|thị trấn)\b"), "Công an"),  # "BÁO NGAY CA XÃ"
    ("ĐB", None, re.compile(r"\s?[A-ZĐ][^\W\d_A-ZĐ]"), "đại biểu"),  # before a name: "ĐB Nguyễn Thị Hoa"
    # blood pressure: "HA 140/90", "đo HA"; HA elsewhere is left (a hectare in capitals is read as a unit)
    ("HA", re.compile(r"(?:đo|có|chỉ số|tăng|hạ|cao|thuốc|bệnh)\s$"), None, "huyết áp"),  # "uống thuốc HA"
    # "HA 140/90", "HA lý tưởng dưới 120/80"
    ("HA", None, re.compile(r"\s?(?:[^\W\d_]+\s){0,2}(?:từ|trên|dưới|là|:|≥|≤|>|<)?\s?\d{1,3}/\d{1,3}"), "huyết áp"),
    # "HA cao nên tham khảo ý kiến BS", "bỏ thuốc khi thấy HA bình thường"
    ("HA", None, re.compile(r"\s?(?:cao|thấp|bình thường|ổn định|tăng|giảm)\b"), "huyết áp"),
    ("DS", re.compile(r"(?:cộng tác viên|ctv|công tác|cán bộ)\s$"), None, "dân số"),  # "báo cộng tác viên DS"
    ("DS", re.compile(r"(?:thuộc|trong|vào|theo|lập|có tên|gửi|nộp|rà soát|duyệt|niêm yết|công khai|cập nhật|kèm)\s$"),
     None, "danh sách"),  # "DS-KHHGĐ" is dân số
    ("DS", None, re.compile(r"\s?(?:(?:hộ|người|cử tri|thí sinh|học sinh|trúng tuyển|được|các|gửi|niêm yết|đối tượng"
                            r"|đăng ký|ủng hộ|khen thưởng|nhận|(?:đã |sẽ )?(?:cập nhật|chốt|gửi))\b|:)"),
     "danh sách"),  # "DS gửi về chi hội", "DS đã cập nhật ở tin ghim"
    # "họp tại HT UBND xã": a hall; HT after lúa, vụ is Hè Thu (below)
    # land clearance: "phương án BT, HT, TĐC", "BT và HT"
    ("BT", None, re.compile(r"\s?[,&-]?\s?(?:và\s)?(?:HT|hỗ trợ|TĐC|tái định cư|GPMB|giải phóng)\b"), "bồi thường"),
    ("BT", re.compile(r"(?:tiền|phương án|đơn giá|giá|chi trả|nhận|mức)\s$"), None, "bồi thường"),  # "chi trả tiền BT"
    ("HT", re.compile(r"(?:bt|bồi thường)\s?[,&-]?\s?(?:và\s)?$"), None, "hỗ trợ"),
    ("HT", None, re.compile(r"\s?[,&-]?\s?(?:và\s)?(?:TĐC|tái định cư)\b"), "hỗ trợ"),
    ("HT", re.compile(r"(?:tại|ở|về|xuống|lên)\s$"), None, "hội trường"),  # "chuyển xuống HT tầng 1"
    ("HT", None, re.compile(r"\s?(?:UBND|xã|ấp|huyện|nhà văn hóa|trụ sở|tầng)\b"), "hội trường"),
    # an office's papers: "mục VB đến", "sổ VB đi", "VB số 12", "gửi VB cho huyện" (VB2 is a second degree)
    ("VB", None, re.compile(r"\s?(?:đến|đi|số|hướng dẫn|chỉ đạo|trả lời)\b"), "văn bản"),
    ("VB", re.compile(r"(?:gửi|theo|các|ban hành|soạn|sổ|mục|nhận(?: được)?)\s$"), None, "văn bản"),
    ("SD", re.compile(r"(?:thẻ|thẻ nhớ|khe|card)\s$"), None, "ét đê"),  # a memory card; elsewhere SD is sử dụng
    ("QL", re.compile(r"(?:^|\s)(?:ban|phòng|cán bộ|cb|công tác|đơn vị|tổ)\s$"), None, "quản lý"),  # "Ban QL chợ"
    # a crop season after lúa or vụ: "lúa ĐX", "vụ HT", "vụ TĐ"
    *((season, _CROP_BEFORE, None, reading) for season, reading in
      (("ĐX", "Đông Xuân"), ("HT", "Hè Thu"), ("TĐ", "Thu Đông"))),
    # a season's year, as typed or already read in a span ("Kết thúc ĐX 2026", "ĐX 2025-2026"); else before a
    # road's number it is đường xã
    ("ĐX", None, re.compile(r"\s?(?:20\d\d(?!\d)|hai (?:nghìn|ngàn) không trăm)"), "Đông Xuân"),
    # a bank's branch: "Agribank CN Thống Nhất"
    ("CN", re.compile(r"(?:ngân hàng(?:\s\S+){0,2}|\S*bank)\s$"), re.compile(r"\s?[A-ZĐ]"), "chi nhánh"),
    ("CN", None, re.compile(r"\s?(?:VPĐK|Văn phòng đăng ký|NHCSXH|Ngân hàng)"), "chi nhánh"),  # "CN VPĐKĐĐ huyện"
    ("CN", re.compile(r"(?:vpđkđđ|vpđk|đất đai)\s$"), None, "chi nhánh"),  # "VPĐKĐĐ CN Thống Nhất"
    # a company's branch after its name and a dash: "Cty CP Cấp nước Đồng Nai - CN Thống Nhất"
    ("CN", re.compile(r"[^\W\d_]\s[-–]\s$"), re.compile(r"\s?[A-ZĐ][^\W\d_A-ZĐ]"), "chi nhánh"),
    ("CN", re.compile(r"thứ (?:hai|ba|tư|năm|sáu|bảy)\s?(?:,|và|hoặc)?\s$"), None, "chủ nhật"),  # "nghỉ T7 CN"
    ("CN", re.compile(r"(?:^|\s)(?:trùng|vào|sáng|trưa|chiều|tối|hôm)\s$"), None, "chủ nhật"),  # "nếu trùng CN"
    ("CN", None, re.compile(r"[^.;!?]{0,40}\bngày lễ\b"), "chủ nhật"),  # overtime: "200% CN, 300% ngày lễ"
    # open even on Sunday: "CN vẫn có người trực", "CN cũng mở cửa" (it was spelled)
    ("CN", None, re.compile(r"\s?(?:vẫn|cũng)\s(?:có người trực|trực|mở cửa|mở|làm việc|làm|tiếp nhận|khám)\b"),
     "Chủ nhật"),
    # a form teacher: "gửi cô CN", "thầy CN" (it was spelled, or Chủ nhật before a chat's nhé)
    ("CN", re.compile(r"(?:^|\s)(?:cô|thầy|giáo viên|gv|cô giáo|thầy giáo)\s$"), None, "chủ nhiệm"),
    ("CK", re.compile(r"(?:trận|vòng|vào|lọt vào)\s$"), None, "chung kết"),  # "trận CK"; else chuyển khoản
    ("BK", re.compile(r"(?:trận|vòng|vào|lọt vào)\s$"), None, "bán kết"),  # "trận BK"; else Bách khoa
    # a pupil's year graded: "xếp loại HL", "HK tốt"; HK elsewhere is học kỳ ("HK I")
    ("HL", re.compile(r"(?:xếp loại|loại|về|kết quả)\s$"), None, "học lực"),
    ("HK", re.compile(r"(?:xếp loại|loại|về)\s$"), None, "hạnh kiểm"),
    ("HK", re.compile(r"(?:^|\s)sổ\s$"), None, "hộ khẩu"),  # papers for a school's file: "bản sao giấy KS, sổ HK"
    ("HK", re.compile(r"(?:cục|hãng|cảng|sân bay|vé|đường)\s$"), None, "hàng không"),  # "Cục HK VN"
    # a judgment's debtor and creditor: "Người phải THA", "cơ quan THA"; THA elsewhere is tăng huyết áp
    ("THA", re.compile(r"(?:phải|được|cơ quan|chấp hành viên|chi cục|quyết định|việc)\s$"), None, "thi hành án"),
    # "hoàn thành CT tiểu học", "CT lớp 1", "CT GDPT 2018": a school's programme; CT elsewhere is Chỉ thị
    ("CT", None, re.compile(r"\s?(?:tiểu học|trung học|THCS|THPT|mầm non|lớp\s\d|GDPT|giáo dục|đào tạo|bồi dưỡng"
                            r"|MTQG|mục tiêu quốc gia|NTM|nông thôn mới)\b"), "chương trình"),  # "CT MTQG" too
    ("TQ", re.compile(r"(?:bảo vệ|vững chắc|vì|yêu|hy sinh cho|nợ)\s$"), None, "Tổ quốc"),  # else Trung Quốc
    ("VT", re.compile(r"(?:cntt|công nghệ thông tin|bưu chính)\s?[-&,]\s?$"), None, "viễn thông"),  # "CNTT-VT"
    # water quality: "DO 4,2mg/l" is the oxygen dissolved, spelled (it was the syllable do)
    ("DO", None, re.compile(r"\s?:?\s?\d[\d.,]*\s?mg"), "đê ô"),
    ("EM", re.compile(r"(?:chế phẩm|men|vi sinh|dung dịch)\s$"), None, "i em"),  # "chế phẩm EM": microbes, not em
    ("DO", re.compile(r"(?:^|\s)dầu\s$"), re.compile(r"(?!\s?\d)"), "đê ô"),  # "giá dầu DO tăng"; its grade: FUEL
    # a gas: "ngộ độc khí CO", "ngạt CO" (carbon monoxide; it was the word co)
    ("CO", re.compile(r"(?:^|\s)(?:khí|khí độc|ngộ độc|ngạt|nhiễm độc)\s$"), None, "xê ô"),
    ("TH", re.compile(r"(?:^|\s)(?:ước|ước tính|kết quả|tình hình)\s$"), None, "thực hiện"),  # "so với ước TH"
    # the Buddhist era before its year ("Phật đản PL 2571"); PL elsewhere may be phụ lục
    ("PL", None, re.compile(r"\s?25\d\d(?!\d)"), "Phật lịch"),
    ("PL", re.compile(r"(?:tìm hiểu|phổ biến|tuyên truyền|vi phạm|tư vấn|trợ giúp)\s$"), None, "pháp luật"),
    # "xem PL 01 kèm theo"; "PL I", its numeral already read
    ("PL", None, re.compile(rf"\s?(?:số\s)?(?:\d{{1,2}}(?!\d|[/.,]\d)|(?:{'|'.join(num.DIGITS[1:])}|mười)\b)"),
     "phụ lục"),
    # an SMS's keyword is typed as written: "soạn tin TTTB gửi 1414" (TTTB elsewhere is thông tin thuê bao)
    ("TTTB", re.compile(r"(?:soạn|soạn tin|nhắn|nhắn tin|cú pháp)\s$"), None, "tê tê tê bê"),
    ("HB", re.compile(r"(?:suất|trao|nhận|cấp|xét|quỹ)\s$"), None, "học bổng"),  # "trao 20 suất HB"
    # a programme by its number with a zero or after số: "theo ĐA 06" (the zero said, below), "ĐA số 3"
    ("ĐA", None, re.compile(r"\s?(?:số\s\d|0\d(?![\d/]|[.,]\d))"), "Đề án"),
    ("GĐ", re.compile(r"(?:hộ|mỗi|từng|bạo lực)\s$"), None, "gia đình"),  # "BHYT hộ GĐ"; "GĐ Sở" is a director
    # "5 hộ nghèo, 12 hộ CN", "hộ nghèo và CN": the near-poor
    ("CN", re.compile(r"nghèo(?:\W{1,3}(?:và\s)?|\W[^.;!?]{0,16}\shộ\s)$"), None, "cận nghèo"),
    ("CN", re.compile(r"(?:^|\s)hộ\s$"), None, "cận nghèo"),  # "hỗ trợ BHYT cho hộ CN"
    ("CN", re.compile(r"(?:cho|tặng|hỗ trợ|con|\d)\s$"), None, "công nhân"),  # "cho CN may mặc"; "vào CN" is Sunday
    ("CN", None, re.compile(r"\s?(?:các |ở |tại |trong )?(?:KCN|khu công nghiệp|CCN)\b"), "công nhân"),
    ("CN", re.compile(r"(?:^|\s)giấy\s$"), None, "chứng nhận"),  # "giấy CN ATTP"
    # may CN, cây CN: industrial; "gà CN", "heo CN": farmed in sheds, beside "gà ta", "heo nhà"
    ("CN", re.compile(r"(?:may|khu|cụm|ngành|cây|gà|heo|lợn|vịt|chăn nuôi)\s$"), None, "công nghiệp"),
    ("CN", None, re.compile(r"\s?(?:may|dệt|xây dựng|nhà máy|công ty|lao động)\b"), "công nhân"),  # "CN may"
    # "ký HĐ", "theo HĐ", "30% giá trị HĐ": a contract; "thư ký HĐ thi" is an exam board's secretary (Hội đồng)
    ("HĐ", re.compile(r"(?:(?<!thư )ký|ký kết|theo|thanh lý|giao kết|chấm dứt|giá trị|phụ lục|điều khoản|thời hạn"
                      r"|hết hạn|gia hạn)\s$"), None, "hợp đồng"),
    ("HĐ", None, re.compile(r"\s?\d{1,2}\s?(?:năm|tháng)\b"), "hợp đồng"),  # a term: "tuyển 30 TTS, HĐ 3 năm"
    # by its kind: "bản sao HĐ thuê nhà" (it was Hội đồng), "HĐ mua bán", "HĐ lao động"
    ("HĐ", None, re.compile(r"\s?(?:thuê|cho thuê|mua bán|lao động|vay|tín dụng|chuyển nhượng|tặng cho|góp vốn"
                            r"|thế chấp|ủy quyền)\b"), "hợp đồng"),
    ("HĐ", re.compile(r"(?:xuất|in|hủy|huỷ|lập)\s$"), re.compile(r"\s?(?:điện tử|đỏ|GTGT|VAT|bán hàng)\b"), "hóa đơn"),
    ("HĐ", re.compile(r"(?:xuất|in)\s$"), None, "hóa đơn"),  # "xuất HĐ"; "lập HĐ" alone is decided below
    # the tax team: "Đội Thuế LX", "Đội thuế LH", "lệ phí MB", "CQ thuế"
    ("LX", re.compile(r"(?:thuế|đội|cụm|trạm|trường)\s$"), None, "liên xã"),
    ("LH", re.compile(r"(?:đội thuế|chi cục thuế|đội)\s$"), None, "liên huyện"),  # "Đội thuế LH số 3"; else liên hệ
    ("BB", re.compile(r"(?:lập|ký|làm|theo|kèm)\s$"), None, "biên bản"),  # "lập BB vi phạm"
    ("GM", re.compile(r"(?:theo|nhận|gửi|kèm|có)\s$"), None, "giấy mời"),  # "thành phần theo GM"
    ("KN", re.compile(r"(?:trạm|cán bộ|cb|tổ|câu lạc bộ|clb|mạng lưới|trung tâm|tt|đoàn)\s$"), None, "khuyến nông"),
    # school: "khám SK định kỳ", "đồng phục TD", "môn TD"; "giá … có TL" in a sale is thương lượng
    ("SK", re.compile(r"(?:khám|chăm sóc|bảo vệ|giấy khám|theo dõi|tình hình|nâng cao|vì)\s$"), None, "sức khỏe"),
    ("TD", re.compile(r"(?:đồng phục|môn|giờ|tiết|áo|giày|bài)\s$"), None, "thể dục"),
    ("TL", re.compile(r"(?:có|còn|được|cho)\s$"), re.compile(r"\s?(?:[,.;!?)]|$)"), "thương lượng"),
    ("MB", re.compile(r"(?:thuế|lệ phí|phí|nộp)\s$"), None, "môn bài"),
    ("TK", re.compile(r"(?:^|\s)(?:gửi|sổ|lãi|quỹ|tổ)\s$"), None, "tiết kiệm"),  # "gửi TK", "sổ TK"; else tài khoản
    ("CQ", re.compile(r"(?:hệ|học|đào tạo|đại học|đh|cao đẳng|cđ)\s$"), None, "chính quy"),
    ("CS", re.compile(r"(?:gia đình|hộ|đối tượng|diện|chế độ)\s$"), None, "chính sách"),  # "gia đình CS"
    ("CS", None, re.compile(r"\s?(?:giao thông|GT|khu vực|cơ động|PCCC|hình sự|kinh tế|môi trường)\b"), "cảnh sát"),
    ("TT", None, re.compile(r"\s?(?:VH|YT|Y tế|GDNN|GDTX|HTCĐ|DVNN|DVVL|Văn hóa|Khuyến nông|KN|Dạy nghề|Dịch vụ"
                            r"|Phục vụ hành chính công|Hành chính công|HCC|Phát triển quỹ đất|PTQĐ|Nước sạch"
                            r"|Kiểm soát bệnh tật|CDC|Quan trắc|Giáo dục|TGPL|Trợ giúp pháp lý)\b"),
     "Trung tâm"),  # "TT VH-TT huyện"
    ("TC", re.compile(r"(?:sổ|lịch|phiếu|điểm|buổi|đợt)\s$"), None, "tiêm chủng"),  # "mang sổ TC"
    ("TC", re.compile(r"(?:bằng|trình độ|hệ|trường|học)\s$"), None, "trung cấp"),  # "yêu cầu bằng TC trở lên"
    # an engine's power after its number ("xuồng máy 15CV", "động cơ 12 CV"): mã lực, horsepower
    ("CV", re.compile(r"(?:máy|động cơ|xuồng|ghe|tàu|công suất)\b[^,;.()]{0,20}\d\s?$"), None, "mã lực"),
    # before its number or cited, even in a job notice: "theo CV của Sở LĐTBXH"
    ("CV", None, re.compile(r"\s?(?:số\b|\d)"), "Công văn"),
    ("CV", re.compile(r"(?:(?<!mang )theo|tại|thực hiện|căn cứ|triển khai)\s$"), None, "Công văn"),
    # the environment: "vệ sinh MT", "NTM tiêu chí MT & ATTP"
    ("MT", re.compile(r"(?:bảo vệ|vệ sinh|ô nhiễm|cảnh quan|tài nguyên|tn|đường dây nóng|hotline)\s$"), None,
     "môi trường"),
    ("MT", None, re.compile(r"\s?(?:&|và)\s?(?:ATTP|an toàn thực phẩm)\b"), "môi trường"),
    ("KH", re.compile(r"(?:quỹ|hội|chi hội)\s$"), None, "khuyến học"),  # "Quỹ KH xã", "PCT Hội KH"
    # Resolution 57's fields listed apart: "phát triển KH, CN, ĐMST và CĐS" (KH was Kế hoạch, CN spelled)
    ("KH", None, re.compile(r"\s?(?:,|và|&)\s?CN\s?(?:,|và|&)\s?(?:ĐMST|CĐS)\b"), "khoa học"),
    ("KH", re.compile(r"(?:mã|tên|thông tin|chăm sóc|quý)\s$"), None, "khách hàng"),  # "Mã KH in trên hóa đơn"
    ("CN", re.compile(r"(?:^|\s)kh\s?(?:,|và|&)\s?$"), re.compile(r"\s?(?:,|và|&)\s?(?:ĐMST|CĐS)\b"), "công nghệ"),
    ("CB", re.compile(r"(?:bí thư|phó bí thư|sinh hoạt)\s$"), None, "chi bộ"),  # "Bí thư CB ấp"
    ("ĐD", re.compile(r"(?:\d|bác sĩ|bs|y sĩ|ys)\s?,?\s$"), None, "điều dưỡng"),  # "1 BS, 2 ĐD"
    ("DTHC", None, re.compile(r"\s?(?:lợn |heo )?[Cc]hâu Phi\b"), "dịch tả"),  # "DTHC lợn Châu Phi"
    ("ĐD", re.compile(r"(?:^|\s)ban\s$"), None, "đại diện"),  # "Ban ĐD NCT", "Ban ĐD cha mẹ học sinh"
    ("ĐD", None, re.compile(r"\s?(?:NCT|CMHS|cha mẹ|người cao tuổi|hội)\b"), "đại diện"),
    # insurance bought by choice: "BHXH TN", "BHYT TN"; TN elsewhere is Thanh niên (or a wind, above)
    ("TN", re.compile(r"(?:bhxh|bhyt|bảo hiểm xã hội|bảo hiểm y tế|bảo hiểm|bh)\s$"), None, "tự nguyện"),
    ("TN", re.compile(r"(?:^|\s)(?:vụ|bị|gây|xảy ra)\s$"), None, "tai nạn"),  # "vụ TN lúc 17h ở ngã 3"
    # a school's final exam: "ôn thi TN THPT", "bằng TN"; TN elsewhere may be thanh niên
    ("TN", re.compile(r"(?:^|\s)(?:thi|xét|bằng|điểm)\s$"), None, "tốt nghiệp"),
    ("TN", None, re.compile(r"\s?(?:THPT|THCS|PTTH|ĐH|CĐ)\b"), "tốt nghiệp"),
    # a disk's size: "ổ cứng ngoài 1TB", "dung lượng 2 TB" (it was Thông báo)
    ("TB", re.compile(r"(?:ổ cứng|dung lượng|bộ nhớ|lưu trữ|usb|thẻ nhớ|ssd|hdd)[^.;]{0,16}\d\s?$"), None, "tê ra bai"),
    # an association's branch head: "chị Hoa (CHT phụ nữ)", "CHT Hội Nông dân"; CHT elsewhere is Chỉ huy trưởng
    ("CHT", None, re.compile(r"(?i)\s?(?:hội\s)?(?:phụ nữ|pn|nông dân|nd|cựu chiến binh|ccb|người cao tuổi|nct"
                             r"|khuyến học|chữ thập đỏ|ctđ)\b"), "chi hội trưởng"),
    # the countryside: "chuẩn nghèo NT", "nước sạch NT"
    ("NT", re.compile(r"(?:nghèo|khu vực|vùng|địa bàn|nước sạch|giao thông|chợ|dân cư)\s$"), None, "nông thôn"),
    ("PC", None, re.compile(r"\s?(?:BLGĐ|bạo lực|tác hại|TH\b|ma túy|tham nhũng|mua bán người|thiên tai|dịch)"),
     "phòng, chống"),  # "Luật PC BLGĐ"; a PC elsewhere is a computer
    ("ĐĐ", re.compile(r"(?:lĩnh vực|luật|tranh chấp|quản lý|vi phạm|thuế|về)\s$"), None, "đất đai"),  # else đại đội
    # "tên QT" of a storm, "ngày QT", "sân bay QT"; QT elsewhere may be quyết toán
    ("QT", re.compile(r"(?:tên|ngày|sân bay|hợp tác|tiêu chuẩn|thị trường|hội nhập)\s$"), None, "quốc tế"),
    ("GS", re.compile(r"(?:ban|tổ|đoàn|công tác|đơn vị|tư vấn)\s$"), None, "giám sát"),  # "Ban GS"; "GS. TS." giáo sư
    ("TS", re.compile(r"(?:gs|giáo sư)\.\s?$"), None, "Tiến sĩ"),  # "PGS.TS Lê B"
    ("TS", re.compile(r"(?:^|\s)(?:trạm|chi cục|giống)\s$"), None, "thủy sản"),  # "kỹ sư trạm TS huyện"
    # traffic: "tai nạn GT", "luật GT", "GT nông thôn"; GT elsewhere may be giới thiệu ("giấy GT")
    ("GT", re.compile(r"(?:tai nạn|an toàn|luật|cảnh sát|ùn tắc|tham gia|hạ tầng|công trình|đường|ý thức|vi phạm"
                      r"|phân luồng|điều tiết|ảnh hưởng|cản trở)\s$"),
     None, "giao thông"),
    ("GT", None, re.compile(r"\s?(?:nông thôn|đường bộ|đường thủy|tĩnh|công cộng)\b"), "giao thông"),
    # fields listed: "(đất đai, GT, y tế, GD)"
    ("GT", re.compile(r"(?:đất đai|thủy lợi|y tế|điện|xây dựng)\s?,\s$"), None, "giao thông"),
    ("GT", None, re.compile(r"\s?,\s?(?:y tế|GD|giáo dục|đất đai|thủy lợi|xây dựng)\b"), "giao thông"),
    # the vet: "cán bộ TY", "trạm TY", "TY xã"
    ("TY", re.compile(r"(?:cán bộ|cb|trạm|chi cục|nhân viên|mạng lưới|chăn nuôi|với|báo|gọi)\s$"), None, "thú y"),
    ("TY", None, re.compile(r"\s?(?:xã|huyện|tỉnh|viên|cơ sở|ấp)\b"), "thú y"),
    # vaccines: "tiêm UV 2 mũi" (uốn ván; UV elsewhere is the sun's index), "tiêm VX dại" (VX elsewhere is văn xã)
    ("UV", re.compile(r"(?:tiêm|mũi|ngừa|phòng|vắc xin|vaccine|vacxin)\s$"), None, "uốn ván"),
    ("VX", re.compile(r"(?:tiêm|mũi|loại|lô|liều|có|chưa có)\s$"), None, "vắc xin"),
    ("VX", None, re.compile(r"\s?(?:dại|sởi|phòng|ngừa|uốn ván|viêm|cúm|(?i:covid)|[56] trong 1)"), "vắc xin"),
    # a transformer: "thay MBA 250kVA", "trạm MBA"; MBA elsewhere (a degree) is left
    ("MBA", re.compile(r"(?:thay|lắp|lắp đặt|nâng cấp|trạm|sửa chữa|bảo trì|cháy|nổ)\s$"), None, "máy biến áp"),
    # household use: "nước SH", "rác SH"; "xe SH" (a motorbike) and SH elsewhere are spelled
    ("SH", re.compile(r"(?:rác|rác thải|nước|nước sạch|điện|khí|chất thải|nước thải|nhu cầu|mục đích|sử dụng cho)\s$"),
     None, "sinh hoạt"),
    # a school's subjects: "môn TV", "điểm TA", "sách TV tập 1", a timetable's "thứ ba TV"; TV elsewhere is ti vi,
    # TA the word ta
    *((subject, re.compile(r"(?:môn|thi|kiểm tra|điểm|sách|vở|bài tập|thứ \S+|t[2-7]|trạng nguyên)\s$"), None, reading)
      for subject, reading in (("TV", "Tiếng Việt"), ("TA", "Tiếng Anh"))),
    ("KH", re.compile(r"(?:^|\s)(?:môn|điểm)\s$"), None, "Khoa học"),  # a school's subject: "môn KH"
    # the next subject of a list of marks: "Toán TB lớp 8,2; TV 7,9"
    ("TV", re.compile(r"(?:toán|văn|tiếng anh)\b[^.!?]{0,24}(?:[,;]\s|\()$"), None, "Tiếng Việt"),
    # "Toán, TV…, TA lớp 6"; a teacher's subject in brackets after another's: "thầy Hùng (Văn), cô Mai (TA)"
    ("TA", re.compile(r"(?:toán|văn|tiếng việt|tv)\b[^.!?]{0,40}(?:[,;]\s|\()$"), None, "Tiếng Anh"),
    # "báo ngay cho NH", "tài khoản NH"; before a year it is năm học (radio.speech.typed)
    ("NH", re.compile(r"(?:liên|các|qua|tại|cho|của|với|vay|gửi|tài khoản|tk|báo|app|ứng dụng|thẻ|quầy|ra|hỏi)\s$"),
     None, "ngân hàng"),
    ("NH", None, re.compile(r"\s?(?:bán ra|mua vào|niêm yết|cho vay|Chính sách|Nông nghiệp|Nhà nước)\b"),
     "ngân hàng"),  # "USD NH bán ra 25.450đ", "NH Chính sách"
    ("CD", re.compile(r"(?:đĩa|máy|đầu|băng|ổ)\s$"), None, "xê đê"),  # a disc; elsewhere CD is công dân
    # a test: "XN máu", "làm XN nhanh"; a works ("XN may", "công nhân XN gạch") is xí nghiệp
    ("XN", None, re.compile(r"\s?(?:máu|nước tiểu|nhanh|PCR|HIV|lại|sàng lọc|dương tính|âm tính|cho)\b"), "xét nghiệm"),
    ("XN", re.compile(r"(?:làm|kết quả|kq|lấy mẫu|đi|để|phiếu)\s$"), None, "xét nghiệm"),
    ("XN", None, re.compile(r"\s?(?:may|gạch|in|chế biến|thủy nông|xây dựng|[A-ZĐ])"), "xí nghiệp"),
    # a paper's stamp: "XN tạm trú của CA xã", "giấy ủy quyền có XN của UBND xã"
    ("XN", None, re.compile(r"\s?(?:tạm trú|cư trú|thường trú|hộ nghèo|hộ cận nghèo|của)\b"), "xác nhận"),
    ("XN", re.compile(r"(?:^|\s)(?:có|giấy|đóng dấu|ký|xin)\s$"), None, "xác nhận"),
    # the fruit in a grower's or a trader's words: "bán SR", "vườn SR", "giá SR"
    ("SR", re.compile(r"(?:bán|vườn|trái|cây|giá|xuất khẩu|thu hoạch|trồng|vựa|cắt|mua)\s$"), None, "sầu riêng"),
    # cash: "không dùng TM", "thanh toán TM hoặc CK"; TM elsewhere is Thay mặt (a signature block)
    ("TM", re.compile(r"(?:tiền|dùng|thanh toán|bằng|rút|nộp|trả|chi)\s$"), None, "tiền mặt"),
    ("TM", None, re.compile(r"\s?(?:hoặc|hay|và|,)\s?(?:CK|chuyển khoản)\b"), "tiền mặt"),
    ("HĐH", None, re.compile(r"\s?(?:Android|iOS|Windows)\b"), "hệ điều hành"),  # a phone's; else hiện đại hóa
    ("BA", re.compile(r"trạm\s$"), None, "biến áp"),  # "trạm BA Gia Tân 3"; BA elsewhere is the word ba
    # "tuyển 1 NV bảo vệ", "NV y tế"; NV elsewhere may be nghĩa vụ
    ("NV", re.compile(r"(?:\d|tuyển|các|là)\s$"), None, "nhân viên"),
    ("NV", None, re.compile(r"\s?(?:bảo vệ|phục vụ|y tế|văn phòng|kế toán|bán hàng|kỹ thuật|giao hàng|thu ngân|bưu điện"
                            r"|ngân hàng|điện lực|cấp nước|môi trường)\b"),
     "nhân viên"),
    # a task deployed or handed down: "triển khai NV tháng 12", "giao NV" (it was spelled); "hoàn thành NV" may be
    # a soldier's service (nghĩa vụ)
    ("NV", re.compile(r"(?:triển khai|giao|phương hướng|nhận)\s$"), None, "nhiệm vụ"),
    # public investment's money: "giải ngân vốn ĐTC" (it was spelled)
    ("ĐTC", re.compile(r"(?:vốn|giải ngân|nguồn|dự án|kế hoạch|luật)\s$"), None, "đầu tư công"),
    ("NB", None, re.compile(r"\s?(?:nam|nữ)\b"), "người bệnh"),  # a case in a health workers' chat: "NB nam 45t"
    ("RE", re.compile(r"đường\s$"), None, "rê"),  # refined sugar: "đường RE 1kg" (it was the syllable re)
    ("ĐK", re.compile(r"(?:đủ|đáp ứng)\s$"), None, "điều kiện"),  # "giấy chứng nhận đủ ĐK"; else đăng ký
    ("ĐK", re.compile(r"(?:viện|bv|phòng khám|pk)\s$"), None, "đa khoa"),  # "nằm viện ĐK tỉnh"
    ("LS", re.compile(r"(?:nghĩa trang|mộ|gia đình|thân nhân|hài cốt|đài tưởng niệm|đền thờ|nhà bia|bia|xác nhận)\s$"),
     None, "liệt sĩ"),
    # "công chức ĐC", "gồm NN, ĐC"; else đồng chí
    ("ĐC", re.compile(r"(?:công chức|cán bộ|cc|cb|nn|nông nghiệp)\s?,?\s$"), None, "địa chính"),
    ("ĐC", re.compile(r"(?:lưu\s?:|vt\s?,)\s?$"), None, "Địa chính"),  # a copy filed: "Lưu: VT, ĐC."
    ("ĐC", None, re.compile(r"\s?[A-ZĐ][^\W\d_A-ZĐ]"), "đồng chí"),  # before a name: "ĐC Nguyễn Văn A"
    ("ĐC", None, re.compile(r"\s?:\s?(?:số|tổ|ấp|thôn|xóm|khu|khóm|đường|phường|xã|\d)"), "địa chỉ"),  # "ĐC: tổ 5"
    ("ĐC", None, re.compile(r"\s?(?:xã|huyện|phường|thị trấn)\b"), "địa chính"),  # "ĐC xã đang phối hợp…"
    # "dọn VS môi trường", "VS chuồng trại"; "vs" typed small is với (CHAT_SHORTHAND)
    ("VS", re.compile(r"(?:dọn|dọn dẹp|tổng|làm|giữ|phí|tiền)\s$"), None, "vệ sinh"),  # "thu phí VS 30k/khẩu"
    ("VS", None, re.compile(r"\s?(?:môi trường|chuồng|an toàn|thực phẩm|trường|cá nhân|nhà)"), "vệ sinh"),
    ("DL", re.compile(r"(?:khu|điểm|ngành|công ty|cty|hướng dẫn viên)\s$"), None, "du lịch"),  # "khu DL sinh thái"
    ("DL", None, re.compile(r"\s?(?:19|20)\d\d(?!\d)"), "dương lịch"),  # "PL 2571 - DL 2027"
    ("BS", None, re.compile(r"\s?(?:CK|ThS|[A-ZĐ][^\W\d_A-ZĐ])"), "bác sĩ"),  # "BS Lan", "BS CKI"; "BS 60A" stays
    ("BS", re.compile(r"\d\s$"), None, "bác sĩ"),  # counted: "trạm có 1 BS, 2 YS"
    ("BS", re.compile(r"(?:chỉ định|ý kiến|hỏi|gặp|đoàn|các)\s$"), None, "bác sĩ"),  # "theo chỉ định BS", "đoàn BS"
    ("BS", None, re.compile(r"\s?(?:tư vấn|khám|kê đơn|chẩn đoán|điều trị|trực|dặn|hướng dẫn|thú y)\b"), "bác sĩ"),
    # land: "kiểm tra QH trước khi mua", "đất dính QH"; elsewhere QH is Quốc hội ("đại biểu QH")
    ("QH", re.compile(r"(?:kiểm tra|xem|tra cứu|đúng|sai|vùng|khu|nằm trong|ngoài|dính|treo|đất|điều chỉnh|bản đồ)\s$"),
     None, "quy hoạch"),
    ("QH", None, re.compile(r"\s?(?:xã|ấp|chung|chi tiết|phân khu|sử dụng đất|NTM|nông thôn|đất)\b"), "quy hoạch"),
    ("QH", re.compile(r"(?:đại biểu|đb|kỳ họp|thường vụ|của)\s$"), None, "Quốc hội"),  # before the land sentence
    # the power company: "ĐL Xuân Lộc", "bên ĐL"; ĐL elsewhere may be đại lý
    ("ĐL", re.compile(r"(?:bên|công ty|cty|nhân viên|tổng đài|giả mạo)\s$"), None, "điện lực"),
    ("ĐL", None, re.compile(r"\s?[A-ZĐ][^\W\d_A-ZĐ]+\s[A-ZĐ]"), "điện lực"),
    # a mask: "đeo KT y tế", "KT vải 3 lớp"
    ("KT", re.compile(r"(?:^|\s)(?:đeo|mang|phát|tặng)\s(?:[^.;!?,]{1,20}(?:,|và)\s)?$"), None, "khẩu trang"),
    ("KT", None, re.compile(r"\s?(?:y tế|vải|kháng khuẩn|N95|\d\s?lớp)(?!\w)"), "khẩu trang"),
    # a size, its "40x40" already read: "rãnh KT bốn mươi nhân bốn mươi xen ti mét"
    ("KT", None, re.compile(rf"\s?:?\s?(?:(?:{num.SPOKEN_ALTERNATIVES})\s){{1,8}}nhân\s"
                            rf"(?:{num.SPOKEN_ALTERNATIVES})(?!\w)"), "kích thước"),
    ("KT", re.compile(r"(?:đoàn|công tác)\s$"), None, "kiểm tra"),  # "đoàn KT của huyện"; "phòng KT" is Kinh tế
    ("KT", re.compile(r"(?:lịch|bài|đề|giờ|tiết|buổi|điểm)\s$"), None, "kiểm tra"),  # a school's "lịch KT cuối HK"
    ("KT", None, re.compile(r"\s?(?:cuối kỳ|giữa kỳ|học kỳ|định kỳ|cuối HK|giữa HK)"), "kiểm tra"),  # "KT cuối kỳ"
    # a file of papers: "nộp HS", "đủ HS hợp lệ"; elsewhere HS is học sinh
    ("HS", re.compile(r"(?:nộp|đủ|nhận|trả|bổ sung|hoàn thiện|thụ lý|lập|làm)\s$"), None, "hồ sơ"),
    ("HS", None, re.compile(r"\s?(?:hợp lệ|gồm)\b"), "hồ sơ"),
    # a file past its deadline: "7 HS trễ hạn" ("HS nộp hồ sơ xét tuyển trễ hạn" are pupils, late)
    ("HS", None, re.compile(r"\s?(?:trễ|quá) hạn\b"), "hồ sơ"),
    ("ANXH", re.compile(r"(?:tổ|đội|tuần tra|bảo vệ)\s$"), None, "an ninh xã hội"),  # a patrol, not welfare
    ("BV", None, re.compile(r"\s?(?:dân phố|ANTT|an ninh|rừng|thực vật)\b"), "bảo vệ"),  # "lực lượng BV dân phố"
    # a birth certificate: "giấy KS", "trích lục KS"; before a name an engineer ("KS Trần Văn Hai")
    ("KS", re.compile(r"(?:giấy|trích lục|đăng ký|đk|làm|bản sao|liên thông)\s$"), None, "khai sinh"),
    ("KS", re.compile(r"(?:^|\s)ban\s$"), None, "kiểm soát"),  # a cooperative's "Ban KS"
    ("QT", re.compile(r"(?:^|\s)ban\s$"), re.compile(r"\s?(?:đình|miếu)\b"), "Quý tế"),  # a village temple's board
    ("BP", re.compile(r"(?:đồn|trạm|bộ đội|lực lượng|bđ)\s$"), None, "Biên phòng"),  # "Đồn BP cửa biển"
    # the civil register's counts side by side: "KS 42, KH 15, KT 9", "214 KS, 96 KH, 58 KT" (khai sinh, kết hôn,
    # khai tử)
    ("KS", None, re.compile(r"\s?:?\s?\d*\s?,\s?(?:\d+\s)?(?:KH|KT)\b"), "khai sinh"),
    ("KH", re.compile(r"(?:ks|khai sinh)\s?:?\s?\d*\s?,\s(?:\d+\s)?$"), None, "kết hôn"),
    ("KH", None, re.compile(r"\s?(?:số\b|\d)"), "Kế hoạch"),  # cited, even in a sentence about a service's customers
    ("KT", re.compile(r"(?:ks|khai sinh)\s?:?\s?\d*\s?,\s(?:\d+\s)?(?:(?:kh|kết hôn)\s?:?\s?\d*\s?,\s(?:\d+\s)?)?$"),
     None, "khai tử"),
    ("KS", None, re.compile(r"\s?[A-ZĐ][^\W\d_A-ZĐ]"), "kỹ sư"),
    # the Party's conclusion by its number ("KL số 12", "theo KL 21-KL/TW"); a weight before its colon ("KL: 50kg")
    ("KL", None, re.compile(r"\s?(?:số|\d)"), "Kết luận"),
    ("KL", None, re.compile(r"\s?(?::|tịnh|hàng)"), "khối lượng"),
    # a secretary beside the deputy or the cell: "BT, PBT chi đoàn", "BT chi bộ"; BT elsewhere is left
    ("BT", None, re.compile(r"\s?(?:,\s?PBT|và PBT|chi bộ|chi đoàn|Đảng ủy|ĐU|Đoàn)\b"), "Bí thư"),
    # a meeting: "dự HN tiếp xúc cử tri", "HN sơ kết"; elsewhere HN may be Hà Nội and is left
    ("HN", re.compile(r"(?:dự|tổ chức|triệu tập|khai mạc|bế mạc|tại|tham dự|mời)\s$"), None, "hội nghị"),
    ("HN", None, re.compile(r"\s?(?:tiếp xúc|cử tri|sơ kết|tổng kết|trực tuyến|triển khai|đại biểu|toàn thể)\b"),
     "hội nghị"),
    # where one goes or stays: "đi công tác ở HN", "lên SG khám bệnh" (a meeting is held "tại HN", above)
    ("HN", re.compile(r"(?:^|\s)(?:ở|ra|về|từ|đi|lên|ngoài)\s$"), None, "Hà Nội"),
    ("SG", re.compile(r"(?:^|\s)(?:ở|vô|vào|về|từ|đi|lên|xuống|trên|dưới)\s$"), None, "Sài Gòn"),
    ("CTMT", re.compile(r"(?:^|\s)ban\s$"), None, "công tác Mặt trận"),  # "Ban CTMT ấp"; else chương trình…
    # an average: "điểm TB môn Toán", "nhiệt độ TB"; TB elsewhere is Thông báo
    ("TB", re.compile(r"(?:điểm|mức|giá|nhiệt độ|lượng mưa|năng suất|thu nhập|tuổi thọ|sĩ số)\s$"), None, "trung bình"),
    ("TB", None, re.compile(r"\s?\d{1,2},\d{1,2}(?!\d)"), "trung bình"),  # a mark's average: "lớp đạt TB 6,8"
    # an average amount: "TB 4 tấn/ngày", "TB 40tr/hộ" (it was Thông báo)
    ("TB", None, re.compile(rf"\s?:?\s?\d[\d.,]*\s?(?:{UNIT_PATTERN}|tấn|tạ|triệu|tr|nghìn|ngàn|người|con|lượt|hộ)"
                            r"(?:/|\s(?:một|mỗi)\s)"), "trung bình"),
    ("TB", None, re.compile(r"\s?(?:lớp|môn|khối|trường)\s?:?\s?\d{1,2},\d(?!\d)"), "trung bình"),  # "Toán TB lớp 8,2"
    ("TB", None, re.compile(r"\s?(?:không dưới|không quá|≥|≤)\s?\d{1,2}(?:,\d{1,2})?(?!\d)"), "trung bình"),  # "TB ≥ 7"
    # how many: "SL: 50 người", "SL đăng ký có hạn"; how much a harvest gave: "SL lúa", "SL đạt 1.200 tấn"
    ("SL", None, re.compile(r"\s?(?::|đăng ký|có hạn|người|hộ|suất|vé|chỗ|hồ sơ|tham gia)"), "số lượng"),
    ("SL", None, re.compile(r"\s?(?:lúa|cá|tôm|heo|thịt|sữa|trứng|cây|đạt|thu hoạch|bình quân)\b"), "sản lượng"),
    # acidity typed in capitals: "độ PH", "PH đất", "PH 6,5" (elsewhere PH is phụ huynh)
    ("PH", re.compile(r"(?:^|\s)độ\s$"), None, "pê hát"),
    ("PH", None, re.compile(r"\s?(?:đất|nước|:?\s?(?:từ\s)?(?:\d{1,2},\d|[^\W\d_]+ phẩy))"), "pê hát"),  # said or not
    # "Tổng DT tự nhiên", "DT sử dụng 45m2"
    ("DT", None, re.compile(r"\s?(?:tự nhiên|gieo|canh tác|sàn|mặt nước|sử dụng|xây dựng)\b"), "diện tích"),
    # takings before an amount of money, in figures or already said ("DT 600 tr/năm" was read first as a rate):
    # "DT trên 1 tỷ", "DT 100-300tr", "DT 1 năm tầm 250tr" (before an area it is diện tích, radio.speech.typed)
    ("DT", None, re.compile(r"(?i)\s?:?\s?(?:(?:1|một|mỗi|cả|hàng) (?:năm|tháng) )?"
                            r"(?:từ |trên |dưới |khoảng |tầm |chừng |gần |hơn |đạt |tối thiểu )?"
                            r"(?:\d[\d.,]*\s?|"
                            rf"(?:(?:{num.SPOKEN_ALTERNATIVES}|đến) )+)"
                            r"(?:tr|triệu|tỷ|tỉ|nghìn|ngàn|k|đ|đồng)(?!\w)"),
     "doanh thu"),
)


# A code where its neighbours decided nothing is read as the long form its sentence writes out:
# "Hóa đơn bán lẻ từ 200.000đ trở lên phải lập HĐ" (hóa đơn, not the default Hội đồng), or by the subject its
# sentence names: DT in a sentence about land is diện tích ("Tiền sử dụng đất = DT x giá đất"), about tax or trade
# doanh thu ("Người nộp thuế mang sổ ghi chép DT"); before an area it is diện tích (radio.speech.typed). Only
# codes whose long forms are not also said near another meaning of the code: TT after "Đài truyền thanh" may still
# be a Thông tư. Each code's (cue, reading) pairs: the first cue found in the sentence wins.
_SENTENCE_CUES = {"HĐ": (("hóa đơn", "hóa đơn"), ("hoá đơn", "hoá đơn"), ("hđđt", "hóa đơn"), ("hợp đồng", "hợp đồng")),
                  "DT": (("đất", "diện tích"), ("thửa", "diện tích"), ("ruộng", "diện tích"), ("vườn", "diện tích"),
                         ("doanh thu", "doanh thu"), ("thuế", "doanh thu"),
                         ("kinh doanh", "doanh thu"), ("hộ kd", "doanh thu"), ("bán hàng", "doanh thu"),
                         ("lợi nhuận", "doanh thu")),
                  # the power company in a sentence about electricity ("Đã báo ĐL, … có điện lại"); ĐL elsewhere
                  # may be đại lý
                  "ĐL": (("điện", "điện lực"), ("công tơ", "điện lực"), ("biến áp", "điện lực")),
                  # a condom in a sentence about family planning ("Thuốc tránh thai, BCS…"); BCS Đảng is a board
                  "BCS": tuple((cue, "bao cao su") for cue in ("tránh thai", "kế hoạch hóa", "hiv",
                                                               "sức khỏe sinh sản")),
                  # a file of papers in a sentence about the one-stop desk's figures ("hồ sơ trễ hạn … (2/658 HS)")
                  # or about the one-stop desk's work ("giải quyết đúng hạn 405 HS", "HS trực tuyến toàn trình")
                  "HS": tuple((cue, "hồ sơ") for cue in ("hồ sơ trễ hạn", "hồ sơ quá hạn", "hồ sơ đúng hạn",
                                                         "hồ sơ tthc", "hồ sơ thủ tục", "giải quyết đúng hạn",
                                                         "giải quyết trễ hạn", "giải quyết quá hạn", "toàn trình",
                                                         "dịch vụ công", "dvc")),
                  # an admission's choices in a sentence about candidates ("Mỗi TS được đăng ký ko giới hạn số NV")
                  "NV": tuple((cue, "nguyện vọng") for cue in ("xét tuyển", "trúng tuyển", "thí sinh", " ts ",
                                                               "tuyển sinh", "nv 1")),  # "NV1", split
                  # a cooperative's or a company's board ("Bầu HĐQT…, BKS 3 người"); BKS before a plate, or alone
                  # in a sentence about vehicles, is biển kiểm soát
                  "BKS": tuple((cue, "Ban kiểm soát") for cue in ("hđqt", "hội đồng quản trị", "đại hội", "htx",
                                                                  "hợp tác xã", "cổ đông", "nhiệm kỳ")),
                  # land planning in a sentence about land ("Hộ có đất trong QH vẫn được cấp GCN"); "đại biểu QH"
                  # is the assembly's by its neighbours first, and so is one in a sentence about a law or a term
                  "QH": (("luật", "Quốc hội"), ("khóa", "Quốc hội"),
                         *((cue, "quy hoạch") for cue in ("đất", "thửa", "gcn", "giấy chứng nhận", "sổ đỏ", "xây",
                                                          "mật độ", "chỉ giới", "lộ giới", "tầng", "miễn phép",
                                                          "gpxd", "giấy phép", "chi tiết"))),
                  # a pupil's grade beside its kin ("Có 28 bạn đạt HTT, 7 bạn HT"): hoàn thành
                  "HT": tuple((cue, "hoàn thành") for cue in ("htt", "hoàn thành tốt", "cht", "chưa hoàn thành")),
                  "CHT": tuple((cue, "chưa hoàn thành") for cue in ("htt", "hoàn thành", " ht ", " ht,", "môn")),
                  # a résumé in a sentence about jobs ("LĐ mang theo CV, CCCD"); before its number a Công văn
                  "CV": tuple((cue, "xi vi") for cue in ("tuyển", "lao động", "việc làm", "ứng tuyển", "phỏng vấn",
                                                         "xin việc")),
                  # a veterinary certificate in a sentence about animals ("giấy CNKD của thú y")
                  "CNKD": tuple((cue, "chứng nhận kiểm dịch") for cue in ("thú y", " heo", " lợn", "gia súc",
                                                                          "gia cầm", "kiểm dịch")),  # not "theo"
                  # the new-countryside criteria ("số 2 (GT)") and roads
                  "GT": tuple((cue, "giao thông") for cue in ("tiêu chí", "nông thôn mới", "ntm")),
                  # a school's marks in a formula for the average ("Điểm TB môn = (TX + 2 x GK + 3 x CK)/6")
                  **{code: tuple((cue, reading) for cue in ("điểm tb", "điểm trung bình", "đánh giá"))
                     for code, reading in (("TX", "thường xuyên"), ("GK", "giữa kỳ"), ("CK", "cuối kỳ"))},
                  # a school's subject in a timetable that names another ("Lịch thi: Toán T2, TV T3"); TA, a syllable
                  # in capitals, is read by the capitals' own rule, which looks at its neighbours only
                  "TV": tuple((cue, "Tiếng Việt") for cue in ("toán", "môn", "lịch thi", "điểm")),
                  # a provider's customers in a sentence about its service ("KH khu vực ấp 1-3 sẽ mất kết nối")
                  "KH": (*((cue, "khách hàng") for cue in ("kết nối", "internet", "thuê bao", "cước", "mất điện",
                                                           "cúp điện", "sử dụng dịch vụ", "đồng hồ", "tiền nước",
                                                           "tiền điện")),
                         # a school's subject in a timetable ("Lịch KT cuối kỳ: Toán T2, TV T3, KH T4")
                         *((cue, "Khoa học") for cue in ("lịch thi", "lịch kt", "lịch kiểm tra", "môn thi", "lịch sử",
                                                         "ls&đl")))}


# _READ_BY_CONTEXT by code, each code's rules in the table's order (the first that matches wins): a token looks
# only at its own rules instead of scanning all of them.
_CONTEXT_RULES = {code: [rule[1:] for rule in _READ_BY_CONTEXT if rule[0] == code]
                  for code in dict.fromkeys(rule[0] for rule in _READ_BY_CONTEXT)}


# A town in an address: after a comma, a bracket or tại, ở, thuộc, a name of two capitalised syllables that
# starts no organ or institution ("TT Bộ Y tế", "TT Văn Hóa").
_TOWN_BEFORE = re.compile(r"(?:[,(]|(?:^|\s)(?:tại|ở|thuộc|về))\s?$")
_TOWN_NAME = re.compile(r"\s?(?!(?:Bộ|Sở|Cục|Ban|Phòng|Viện|Văn|Y|Giáo|Liên|Hội|Trung|Chính|Nhà|Công|Tổng|Quốc)\s)"
                        r"[A-ZĐ][^\W\d_A-ZĐ]*\s[A-ZĐ][^\W\d_A-ZĐ]*(?![\w-])")


# A road's kind before its number: "ĐT 769", "QL20", "đường ĐX 05".
_ROADS = {"ĐT": "đường tỉnh", "QL": "quốc lộ", "ĐH": "đường huyện", "TL": "tỉnh lộ", "ĐX": "đường xã"}


def _read_by_context(token: str, preceding: str, following: str) -> str | None:
    """The reading the neighbours give an abbreviation (preceding lower-cased), or None."""
    for before_cue, after_cue, reading in _CONTEXT_RULES.get(token, ()):
        if (before_cue is None or before_cue.search(preceding)) and (after_cue is None or after_cue.match(following)):
            return reading
    return None


def _written_out(token: str, sentence: str) -> str | None:
    """The reading a cue word in the sentence gives the code (_SENTENCE_CUES), or None."""
    return next((reading for cue, reading in _SENTENCE_CUES.get(token, ()) if cue in sentence), None)


def _resolve(ctx: _Context, token: str, dot: str, following: str, preceding: str = "",
             sentence: str = "") -> str | None:
    """The spoken form of an abbreviation in its context, or None to leave it for the engine. `sentence`: the
    rest of its sentence, lower-cased, for a code whose readings are in _SENTENCE_CUES."""
    nxt = _first_word(following)
    nxt_lower = nxt.lower()
    if token == "NV" and (admission := _written_out(token, sentence)):  # before the count's "3 NV" (nhân viên)
        return admission  # "ghi 3 NV vào phiếu xét tuyển"
    if token in ("ĐH", "CĐ") and (_SCHOOLING_BEFORE.search(preceding) or _SCHOOLING_AFTER.match(following)):
        return {"ĐH": "đại học", "CĐ": "cao đẳng"}[token]
    by_context = _read_by_context(token, preceding, following)
    if by_context:
        return by_context
    if token == "NV" and _DUTY_BEFORE.search(preceding):
        return _named_earlier(ctx, "NV") or "nhiệm vụ"
    if token == "BĐ" and not re.match(r"\s?(?:\d|[IV]+\b)", following) and (post := _named_earlier(ctx, "BĐ")):
        return post
    if token in ("TT", "Tt") and (dot or nxt):
        if nxt_lower in ORGAN_WORDS or nxt in ("HĐND", "UBND", "HU", "TU", "ĐU", "MTTQ"):
            return "Thường trực"
        if dot and nxt[:1].isupper():
            return "thị trấn"
        if token == "TT" and _TOWN_BEFORE.search(preceding) and _TOWN_NAME.match(following):
            return "thị trấn"  # an address's town without its dot: "(số 12 QL20, TT Dầu Giây)" was Thông tư
    if token == "CT" and (nxt in ("UBND", "HĐND", "UBMTTQ", "MTTQ") or nxt_lower in ("ủy", "hội", "xã", "huyện", "tỉnh")
                          or re.match(r",?\s*(?:các\s+)?PCT\b", following)):  # "Nơi nhận: - CT, các PCT"
        return "Chủ tịch"
    if token == "BCH" and (nxt_lower in ("quân", "qs", "pctt", "phòng") or (
            not _EXECUTIVE_AFTER.match(following) and _named_earlier(ctx, "BCH") == "Ban Chỉ huy")):
        return "Ban Chỉ huy"
    if token == "CP" and re.search(r"(?:công ty|cty)\s*$", preceding):
        return "cổ phần"  # Công ty CP: a joint-stock company, not the Government
    if token == "CP" and re.search(r"(?:chăn nuôi|thức ăn|cám|heo|gà|trại)\s*$", preceding):
        return "xê pê"  # "cám CP", "chăn nuôi CP": the C.P. group's feed and farms
    if token == "NV" and re.match(r"\s?\d", following):
        return "nguyện vọng"  # NV1, NV2: an admission's choices
    road = re.match(r"\.?\s?(\d+)", following)
    if token in _ROADS and road and not (token == "ĐT" and road[1] in EMERGENCY_NUMBERS):
        return _ROADS[token]
    if token == "DT" and road and re.search(r"(?:đường|tuyến)\s*$", preceding):
        return "đường tỉnh"  # "đường DT763": ĐT typed without its Đ (elsewhere DT is diện tích)
    if token == "KT" and dot and re.match(r"(?i)(chủ|phó|giám|trưởng|bí|hiệu)\b", following):
        return "Ký thay"  # signature block: KT. CHỦ TỊCH
    if token == "TP" and nxt[:1].isupper():
        return "thành phố"
    if token + dot in DOTTED:
        return DOTTED[token + dot]
    if token == "TS" and (subject := _named_earlier(ctx, "TS")):
        return subject
    written_out = _written_out(token, sentence)
    if written_out:
        return written_out
    if token in ctx.lexicon:
        return ctx.lexicon[token]
    parts = re.split(r"([-&/])", token)
    if len(parts) > 1:
        words = [part if part in "-&/" else _read_by_context(part, (preceding + "".join(parts[:i])).lower(),
                                                              "".join(parts[i + 1:]) + " " + following)
                 or _say_word(ctx, part) for i, part in enumerate(parts)]  # "CNTT-VT": viễn thông by CNTT
        if words == parts:
            return None  # nothing known inside: leave the whole code to the engine
        joined = [words[0]]
        for index in range(1, len(words), 2):
            hyphen = " - " if words[index - 1] != parts[index - 1] else "-"  # 'UBND-HĐND', but 'I-UBND'
            joined += [{"&": " và ", "/": ", ", "-": hyphen}[words[index]], words[index + 1]]
        return "".join(joined)
    if not dot and re.match(r"\d", following) and token.isascii() and token.isupper() and len(token) <= 3:
        return notation.spelled(token)  # a code glued to its number (tàu SE1, mã HA2): letters, even if 'se' is a word
    word = _say_word(ctx, token)
    return None if word == token else word


def _say_word(ctx: _Context, word: str) -> str:
    """A word of a code as said: from the dictionaries, else spelled when no one could say it as a word."""
    said = _resolve_word(ctx, word)
    return notation.spelled(word) if said == word and _spelled_out(word) else said


def _spelled_out(token: str) -> bool:
    """An unknown code in capitals that no one could say as a word (ASF, PMU, GDP: at most one vowel, up to five
    letters) is said letter by letter, as an announcer does; NATO or ASEAN are left to the voice, as are
    Roman numbers."""
    vowels = sum(1 for c in strip_tones(token.lower()) if c in "aăâeêioôơuưy")
    return token.isupper() and token.isalpha() and 2 <= len(token) <= 5 and vowels <= 1 \
        and all(c in LETTER_NAMES for c in token.lower()) and not num.roman_value(token)


def _resolve_word(ctx: _Context, word: str) -> str:
    if word in ctx.lexicon:
        return ctx.lexicon[word]
    if is_syllable(word):
        return word.lower() if word.isupper() and len(word) > 1 else word
    if sum(1 for c in word if c.isupper()) >= 2 and not any(c.isdigit() for c in word):
        ctx.unknown.append(word)
    return word


# A district or ward by its number ("Q.1", "P. 5"): quận một, phường năm. A P. before three or four digits is a room
# ("chuyển sang P.204 tầng 2"): no ward has such a number.
_PLACE_NUMBER = re.compile(r"(?<![^\W\d_]|[.])([PQ])\.\s?(\d{1,4})(?![\d.,]\d|\d)")


def _place_number(ctx: _Context, m: re.Match) -> str:
    if len(m[2]) < 3:
        return f"{PLACE_INITIALS[m[1]]} {ctx.card(int(m[2]))}"
    return f"phòng {ctx.card(int(m[2]))}" if m[1] == "P" else m[0]  # "Q.123" is no district


_PLACE_INITIAL = re.compile(rf"(?<![\w.])([{''.join(PLACE_INITIALS)}])\.(\s?)(?=[A-ZĐÂĂÊÔƠƯ][{LOWER}])")
_DEPARTMENT = re.compile(r"(?:Kinh tế|Tài chính|Nội vụ|Văn hóa|Giáo dục|Y tế|Tư pháp|Tài nguyên|Nông nghiệp|Lao động"
                         r"|Quản lý đô thị|Dân tộc|Tổ chức|Nhân sự|Hành chính|Kế toán|Kỹ thuật)\b")  # a company's too


def _place_initial(ctx: _Context, m: re.Match) -> str:
    """'X. Gia Tân' at the start of a line or a list item is xã Gia Tân; run together after an organ or a place
    word ('Ủy ban nhân dân P.Tân Phong', 'tại P.Tân Phong') too. After a name it is the name's initial: 'Nguyễn H.
    Nam', 'Trần V.Nam'."""
    if m[1] == "P" and _DEPARTMENT.match(m.string, m.end()):
        return "Phòng "  # "tại P. Kinh tế huyện", "(P.KT)": a district's department, its code already read
    before = m.string[max(0, m.start() - 24):m.start()]
    listed = re.search(r"(?:^|[,;(/])\s?$", before) is not None  # a slash between words is read as a comma
    after_word = re.search(r"(?:^|\s)(?:dân|an|tại|thuộc|ở|của|và|từ|đến|về)\s$", before) is not None \
        and (not m[2] or re.search(r"(?:^|\s)(?:tại|thuộc|ở)\s$", before) is not None)  # "ở P. Tân Hiệp"
    return PLACE_INITIALS[m[1]] + " " if listed or after_word else m[0]


# '&' left between two capitals is an unknown code (the dictionary had its chance): leave it whole.
_AMPERSAND = re.compile(r"(?<![A-ZĐ])\s*&\s*|\s*&\s*(?![A-ZĐ])")
_WORD_SLASH = re.compile(r"(?<=[^\W\d_])/(?=[^\W\d_])")
_ETC = re.compile(r"(?<![\w])v\.v\.?\.?")


_PASSES = (
    (_SERVICES_PAIR, _services_pair),  # before notation's part of a total takes "114/115" for a fraction
    *notation.PASSES,  # addresses, plates, house numbers… before the date and number passes take them
    (_NAMED_BY_NUMBER, lambda ctx, m: f"{m[1]} {num.digits(m[2])}" + (" của Chính phủ" if m[3] else "")),
    (_SYMBOL, _symbol),
    (_ISO_DATE, _iso_date),
    (_DATE_SPAN, _date_span),
    (_DAY_RANGE, _day_range),
    (_DASHED_DAY, _dashed_day),
    (_DATE, _date),
    (_MONTH_YEAR, _month_year),
    (_DAY_MONTH, _day_month),
    (_TIME_ON_DAY, _time_on_day),
    (_TIME, _time),
    (_ZERO_MINUTES, lambda ctx, m: m[1]),
    (_SCORE, _score),
    (_KM_MARKER, _km_marker),
    (_PHONE, _phone),
    (_CODE_AFTER_CUE, lambda ctx, m: m[1] + m[2] + ", ".join(num.digits(group) for group in m[3].split())),
    (_PASSWORD, lambda ctx, m: m[1] + " ".join(notation.SIGN_NAMES.get(c) or notation.spelled(c) for c in m[2])),
    (_SHORT_SERVICE, _short_service),
    (_SERVICE_NUMBER, _service_number),
    (_PLACE_NUMBER, _place_number),
    (_ALNUM_SPLIT, lambda ctx, m: " "),
    (_ROMAN_AFTER, _roman_after),
    (_ORDINAL, lambda ctx, m: f"{m[1]} {num.ordinal(int(m[2]), ctx.dialect)}"),
    (_MONTH_RANGE, _month_range),
    (_MONTH, lambda ctx, m: f"{m[1]} {num.month(int(m[2]), ctx.dialect)}" if 1 <= int(m[2]) <= 12 else m[0]),
    (_DIMENSIONS, _dimensions),
    (_TIMES_AFTER_UNIT, lambda ctx, m: f"{m[1]} nhân "),
    (_UNIT_SPAN, _unit_span),
    (_QUANTITY_RANGE, _quantity_range),
    (_SCALED_UNIT, lambda ctx, m: f"{ctx.n(m[1])} {m[2]} {_unit(m[3], ctx.dialect)}"),
    (_QUANTITY_UNIT, _quantity_unit),
    (_PER_POWER, lambda ctx, m: f"/{m[1]}{'²³'[int(m[2]) - 2]}"),
    (_PER, _per),
    (_ABBREVIATION, _abbreviation),
    (_PLACE_INITIAL, _place_initial),
    (_NEGATIVE, lambda ctx, m: "âm "),
    (_NUMBER, _number),
    (_NUMBER_AFTER_COMMA, lambda ctx, m: ", " + _number(ctx, m)),
    (_ETC, lambda ctx, m: "vân vân"),
    (_AMPERSAND, lambda ctx, m: " và "),
    *notation.LATE_PASSES,
    (_WORD_SLASH, lambda ctx, m: ", "),
)
_FILTERED_PASSES = tuple((pattern, handler, prefilter.needed(pattern)) for pattern, handler in _PASSES)


# Text from a web page's editor or the province's source system ("Họp&nbsp;dân", "<p>Thông báo</p>", "R&amp;D"):
# its formatting tags and entities are not read (they were "và nbsp;"); "trẻ < 6 tuổi" and "PCTT&TKCN" stay. A run
# of tags is one gap: a space between inline ones (<b>, <a href="…">, <sup>), a pause where a block, a line break
# or a table's cell ends between words ("Gia Tân 1<br>Thành phần", "1</td><td>Ấp 2" ran together).
_BLOCK_TAGS = r"p|br|div|li|ul|ol|h[1-6]|table|thead|tbody|tr|td|th|blockquote|hr"
_HTML_TAGS = re.compile(rf"(?:</?(?:({_BLOCK_TAGS})|b|strong|i|em|u|span|font|a|img|sup|sub|small|big|s|strike"
                        r"|center|label)\b[^<>]*/?>\s*)+", re.IGNORECASE)
_MARK_OR_END = re.compile(r"\s*(?:[.,;:!?]|$)")  # a tag there leaves no space before the mark
# A row pasted from Excel or a Word table: its cells apart by tabs, empty ones too, are said with a pause between
# them ("1⇥Ấp 1⇥245⇥98,5%" ran together, "Ấp một hai trăm bốn mươi lăm", as if hamlet 1245). A row has two tabs
# or more, or a number beside its tab; a lone tab between words ("UBND⇥xã") is a space.
_CELL_BREAK = re.compile(r"[ ]*\t[\t ]*")
_ROW = re.compile(r"\t[^\t]*[^\t\s][^\t]*\t|\d[ ]*\t|\t[\t ]*\d")


def _tags(m: re.Match) -> str:
    text_before = m.string[max(0, m.start() - 40):m.start()].rstrip()[-1:]  # a window: many tags stay linear
    if not (text_before or m.start() > 40) or _MARK_OR_END.match(m.string, m.end()):
        return ""
    return ", " if m[1] and text_before not in ".,;:!?" else " "


def _clean(line: str) -> str:
    if "\t" in line and _ROW.search(row := line.strip(" \t")):
        line = _CELL_BREAK.sub(", ", row)
    if "<" in line or "&" in line:
        line = html.unescape(_HTML_TAGS.sub(_tags, line))
    line = unicodedata.normalize("NFC", line)
    line = _EMOTICON.sub("", _EMOJI.sub(_emoji, _INVISIBLE.sub("", line)))
    line = _DASHES.sub("-", line)
    return _SPACES.sub(" ", line)


def _normalize_line(line: str, ctx: _Context, station_words: dict[str, str]) -> str:
    line = _clean(line)
    if not line.strip():
        return line.strip()
    ctx.chat = ctx.chat or typed.is_chat(line)
    line = line.replace("./.", ".")  # an administrative document's last mark: the end, not "chấm xẹt chấm"
    line = _MARKDOWN.sub("", typed.stars(line))  # pasted from Markdown or chat: **, #, a "---" rule are not read
    line = _station_words(ctx, line, station_words)
    line = _SPECIAL.sub(_special_token, line)
    line = _heading(ctx, line)
    ctx.lines.append(line)  # for the lines after: this line's own ĐV looks around itself
    for pattern, handler, needed in _FILTERED_PASSES:
        if needed is None or needed.search(line):
            line = pattern.sub(lambda m, h=handler: h(ctx, m), line)
    return _SPACES.sub(" ", line).strip()


def _last(matches):
    last = None
    for last in matches:
        pass
    return last


def normalize(text: str, dialect: str = "north", words: dict[str, str] | None = None) -> str:
    """Written Vietnamese -> spoken Vietnamese, one output line per input line.

    `dialect`: "north" (nghìn, linh) or "south" (ngàn, lẻ). `words`: the station's own entries
    (place names, local organisations); they win over the built-in dictionary.
    """
    return Reader(dialect, words).paragraph(text)


def normalize_paragraphs(paragraphs: list[str], dialect: str = "north",
                         words: dict[str, str] | None = None) -> list[str]:
    """`normalize` of each paragraph of one document, read in order (see `Reader`)."""
    reader = Reader(dialect, words)
    return [reader.paragraph(paragraph) for paragraph in paragraphs]


class Reader:
    """One document read aloud in order, a line at a time: what an earlier line named (the organ a cell's notice is
    from) decides how a later one reads (its "ĐV"), as it does for a person reading the whole notice."""

    def __init__(self, dialect: str = "north", words: dict[str, str] | None = None):
        self._words = words or {}
        self._ctx = _Context(dialect=dialect, lexicon={**ABBREVIATIONS, **self._words})

    def line(self, line: str) -> str:
        return _normalize_line(line, self._ctx, self._words)

    def paragraph(self, text: str) -> str:
        return "\n".join(self.line(line) for line in text.split("\n"))

    @property
    def unknown(self) -> list[str]:
        """Codes no dictionary knows, seen so far (a list `unknown_words` adds to)."""
        return self._ctx.unknown


# Letters with no vowel left after every rule ("bh", "mk"): chat's shorthand that no rule could read, which a voice
# spells or mumbles. Hidden digits ("0389 xxx 456") are meant to be heard as typed.
_UNREAD_SHORTHAND = re.compile(r"(?<![\w-])[bcdđfghjklmnpqrstvwxzBCDĐFGHJKLMNPQRSTVWXZ][bcdđfghjklmnpqrstvwxz]{1,4}"
                               r"(?![\w-])")


def unknown_words(text: str, words: dict[str, str] | None = None) -> list[str]:
    """Capitalised codes no dictionary knows (UBKT) and shorthand no rule read ("bh"): the engine would spell
    them; staff should write them out or add them."""
    reader = Reader("north", words)
    for line in text.split("\n"):
        spoken = reader.line(line)
        reader.unknown.extend(word for word in _UNREAD_SHORTHAND.findall(spoken) if set(word.lower()) != {"x"})
    return list(dict.fromkeys(reader.unknown))


_WORDS_OF_LETTERS = re.compile(r"[^\W\d_]+")


def lines_without_marks(text: str) -> list[int]:
    """The lines (from 1) typed without Vietnamese marks ("Thong bao: sang mai hop dan tai NVH ap 3"): no rule can
    put them back, and a voice reads "bao" as báo, bão or bảo as it likes; staff should type the line again. A
    line counts from six words on, codes in capitals aside, when none carries a mark and nearly all are
    syllables: six words of Vietnamese without a single mark do not happen."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        words = [word for word in _WORDS_OF_LETTERS.findall(line) if not (len(word) > 1 and word.isupper())]
        if len(words) >= 6 and all(word.isascii() for word in words) \
                and sum(notation.unmarked_syllable(word.lower()) for word in words) >= 0.8 * len(words):
            found.append(number)
    return found
