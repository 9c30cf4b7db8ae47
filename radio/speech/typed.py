"""How a notice was typed, rather than what it says, put right before the reading rules see it: hurried typing
(a word run into its number, a unit in capitals, spaces round a date's slashes, numbers listed without spaces,
"t" for tuổi or tấn, "p" for phút),
an abbreviation defined where it is first used, and an amount said again in words in brackets.

Every pass is (pattern, handler(ctx, match) -> text), as in radio.speech.notation, which runs FIRST_PASSES before
its own first rule, PASSES before the rest and LATE_PASSES last (README, "Notation"). A pattern that would start
with a lookbehind starts with a lookahead for its first characters (a comma before a digit, a B): a lookbehind is
tried at every place in the line, the lookahead lets the engine pass most of them at once.
"""
from __future__ import annotations

import re
import unicodedata

from radio.speech import numbers as num
from radio.speech.lexicon import LETTER_NAMES, LOWER, UNIT_PATTERN, UNITS, is_syllable

# An officer typing fast: a word run into the number before it ("7h30ngày", "2tỷ"), a unit in capitals
# ("7.200đ/Kg", "500 M2", "2 KM"), spaces around a date's slashes ("20 / 12 / 2026"), weekdays or hamlets listed
# without spaces ("thứ 2,4,6", "Ấp 1,2,3"). Each is put back as it is usually written, so the ordinary rules
# read it.
GLUED_WORD = re.compile(rf"(?=\d)(?<![\w.,/])(\d{{1,4}}(?:\.\d{{3}})*(?:[hg:]\d{{2}})?)([{LOWER}][^\W\d_]{{1,6}})"
                        r"(?![\w])")


# A price said the way it is spoken, the unit between the parts: "8tr5" is 8,5 triệu, "1tr25" 1,25 triệu, "1k5"
# 1,5 nghìn (they were read "támtrnăm"); as a decimal the money rules read it, ranges included ("8tr5-10tr").
SPOKEN_PRICE = re.compile(r"(?=\d)(?<![\w.,/])(\d{1,3})(tr|k|tỷ|tỉ|ty)(\d{1,3})(?![\w]|[.,]\d)")  # "1tỷ2", "1ty2"


def spoken_price(ctx, m: re.Match) -> str:
    """'8tr5' -> '8,5tr', '1k5' -> '1,5k', '1tỷ2' -> '1,2 tỷ' (a word, which the unit rules do not take glued)."""
    decimal = f"{m[1]},{m[3].rstrip('0') or '0'}"
    return f"{decimal}{m[2]}" if m[2] in ("tr", "k") else f"{decimal} tỷ"


# Millions then thousands, each with its mark ("15tr250k", "2tr500k"): two amounts said one after the other.
MILLIONS_THOUSANDS = re.compile(r"(?=\d)(?<![\w.,/])(\d{1,3})tr(\d{1,3})k(?![\w])")
# A span of prices each with its k or tr ("phạt 500k-1tr", "60k-62k/kg"): "đến", as "60-62k" is read.
MONEY_SPAN = re.compile(r"(?<=\d)(k|tr)\s?-\s?(?=\d{1,3}(?:[.,]\d{1,3})?\s?(?:k|tr)(?![\w]))")
# A comma or colon run into the number after a word or a mark ("Bé Hoa,4t,", "Hạn:20/12", "TT.,0"): no digit
# before it, so never a decimal; it gets its space before the number rules, which look for a number at a word's
# start.
GLUED_NUMBER = re.compile(r"(?<=[^\d\s,;:])([,;:])(?=\d)")
# A comma run into the next clock of a list ("lúc 7:30,9:30", "7h,9h30"): a clock has no decimals, so it gets
# its space too (the second was read "9:ba mươi").
CLOCK_LIST = re.compile(r"(?=,\d)(?:(?<=\d[:hg]\d\d)|(?<=\d[hg])),")


def glued_word(ctx, m: re.Match) -> str:
    word = m[2]
    return f"{m[1]} {word}" if is_syllable(word) and word not in UNITS else m[0]  # 10ha, 1tr, 5km stay units


# A star after a number is no Markdown: typed for the degree sign ("33*C") or for times ("3*4"). Put right
# before the Markdown marks are dropped, which would leave "33C" and "34".
_STAR_DEGREE = re.compile(r"(?<=\d)\s?\*\s?(?=[CF](?![\w]))")
_STAR_TIMES = re.compile(r"(?<=\d)\s?\*\s?(?=\d)")


def stars(line: str) -> str:
    return _STAR_TIMES.sub(" x ", _STAR_DEGREE.sub("°", line)) if "*" in line else line


CAPITAL_UNIT = re.compile(r"(?=[KMHL])(?:(?<=\d)|(?<=\d\s)|(?<=[^\W\d_]/))(KG|Kg|KM|Km|M2|M3|Ha|L)(?![\w]|\s?\d)")
SPACED_DATE = re.compile(r"(?=\d)(?<![\d.,/])(\d{1,2})\s?/\s?(\d{1,2})\s?/\s?((?:19|20)\d\d)(?![\d/])")


def spaced_date(ctx, m: re.Match) -> str:
    return f"{m[1]}/{m[2]}/{m[3]}" if 1 <= int(m[1]) <= 31 and 1 <= int(m[2]) <= 12 else m[0]


# The word is whole ("gấp 1,5 lần" is no hamlet's "ấp"), and no amount follows the numbers ("cơ bản 2,34 triệu"),
# nor a letter ("Ấp 1 | 7h30" in a table's row is a hamlet and a time, not hamlets 1 and 7: it was "bảyhba mươi").
_AMOUNT_WORDS = "triệu|tỷ|tỉ|nghìn|ngàn|lần|giờ|phút|tuổi|năm|tháng|ngày"
NUMBER_LIST = re.compile(r"(?=[tTấẤlLkKxXbBđĐ])(?<![^\W\d_])(?i:(thứ|ấp|tổ|khu phố|khu|lớp|thôn|xóm|bản|khóm|đội|tầng))"
                         r"\s?(\d{1,2})"
                         rf"((?:\s?,\s?\d{{1,2}}){{1,8}})"
                         rf"(?![\d]|[.,]\d|[^\W\d_]|\s?(?:{UNIT_PATTERN}|{_AMOUNT_WORDS})(?![\w]))")


def number_list(ctx, m: re.Match) -> str:
    """'thứ 2,4,6' (thứ hai, tư, sáu), 'Ấp 1,2,3' (Ấp một, hai, ba): numbers listed after the word they number,
    never a decimal comma."""
    numbers = [m[2], *re.findall(r"\d+", m[3])]
    if " " not in m[3] and any(int(b) <= int(a) for a, b in zip(numbers, numbers[1:])):
        return m[0]  # "điểm TB của lớp 7,2": a list runs up ("ấp 1,2,3"); this is a decimal
    if m[1].lower() == "thứ":
        if not all(2 <= int(n) <= 7 for n in numbers):
            return m[0]
        return f"{m[1]} " + ", ".join(num.ordinal(int(n), ctx.dialect) for n in numbers)
    return f"{m[1]} " + ", ".join(ctx.card(int(n)) for n in numbers)


# Three or more numbers joined by commas without spaces ("tròn 70,75,80,85 tuổi") are a list: a decimal has one
# comma. Groups of three digits each ("1,250,000 đồng", pasted from a spreadsheet) are thousands written the English
# way: put as Vietnamese writes them, 1.250.000 (they were read "một phẩy hai trăm năm mươi,000").
COMMA_LIST = re.compile(r"(?=\d)(?<![\d.,])\d{1,3}(?:,\d{1,3}){2,}(?![\d]|[.,]\d)")


def comma_list(ctx, m: re.Match) -> str:
    parts = m[0].split(",")
    return (".".join if all(len(part) == 3 for part in parts[1:]) else ", ".join)(parts)


# A telephone number with digits hidden ("0389 xxx 456", "069.xxx.xxxx", "0251.3xxx.xxx", "0912xxx789"), as sale
# notices print them: the digits one by one, as in any telephone number ("456" was read as bốn trăm năm mươi sáu).
MASKED_PHONE = re.compile(r"(?=0)(?<![\w.,])(?:0\d{2,3}(?:[ .](?:\d{1,4}[xX]{0,4}|[xX]{2,4})){1,4}"
                          r"|0\d{2,5}[xX]{2,5}\d{0,5})(?![\w]|\.\w)")


def masked_phone(ctx, m: re.Match) -> str:
    if not re.search(r"[xX]", m[0]):
        return m[0]
    return " ".join(num.digits(part) if part.isdigit() else part for part in re.findall(r"\d+|[xX]+", m[0]))


# "t" or "T" after a number, as notes are typed: an age beside a word about people ("trẻ dưới 14t": mười bốn
# tuổi), tonnes beside a word about vehicles ("xe trên 10t", "ô tô trên 2,5T": tấn); the nearest such word in the
# sentence decides, and with none the letter is left, apart from the number.
T_AFTER_NUMBER = re.compile(r"(?=\d)(?<![\w.,])(\d{1,3}(?:,\d)?)[tT](?![\w])")
_T_CUES = re.compile(r"(?i:(trẻ|con|cháu|tuổi|học sinh|người|cụ|bé|thanh niên|phụ nữ|nam|nữ|ông|bà|anh|chị|cô|chú"
                     r"|em|mẹ|ba|bố|má|PN|ĐV|HV|CCB|TNV"
                     r"|bác|NCT|HS|chi đoàn|đoàn viên|hội viên|đảng viên|cán bộ|công dân|lao động|thí sinh|sinh viên"
                     r"|học viên|thiếu nhi|thiếu niên|độ tuổi|vận động viên|VĐV|cầu thủ|kỳ thủ|ứng viên"
                     r"|tình nguyện viên|thành viên)"
                     r"|(xe(?! máy| đạp| điện)|tải|trọng|tấn|phương tiện))(?!\w)")  # "đi xe máy 17t": tuổi


# "đv" typed small after a count in a sentence about blood or giving it ("chỉ tiêu 120 đv" of a blood drive, "hiến
# được 96 đv") is đơn vị, units of blood; elsewhere it may be đoàn viên, and ĐV in capitals is a member (textnorm's
# members' rule: "chi đoàn ấp 5 đạt 28 ĐV").
BLOOD_UNIT = re.compile(r"(?<=\d )đv(?!\w)")


def blood_unit(ctx, m: re.Match) -> str:
    sentence = re.split(r"[.;!?]", m.string[max(0, m.start() - 120):m.start()])[-1] \
        + re.split(r"[.;!?]", m.string[m.end():m.end() + 60])[0]
    return "đơn vị" if re.search(r"(?i)\b(?:máu|hiến)\b", sentence) else m[0]


# In brackets after a name ("Trần Văn B. (khoảng 40t)", "bé Na (5t)"): a person's age.
_AGE_AFTER_NAME = re.compile(r"[A-ZĐ][^\W\d_]*\.?\s?\((?:khoảng |tầm |chừng )?$")


def t_after_number(ctx, m: re.Match) -> str:
    window = m.string[max(0, m.start() - 80):m.start()]
    before = re.split(r"[.;!?]", window)[-1]
    if re.search(r"(?i:\bđủ)\s$", before) or _AGE_AFTER_NAME.search(window):
        return f"{m[1]} tuổi"  # "chưa đủ 16t": one comes of age, whatever vehicle is named nearer
    after = re.split(r"[.;!?]", m.string[m.end():m.end() + 40])[0]
    cues_before = list(_T_CUES.finditer(before))
    nearest = cues_before[-1] if cues_before else next(_T_CUES.finditer(after), None)
    if nearest is None:  # the clause before a semicolon: "công dân đủ 18 đến hết 25t; … tạm hoãn đến 27t"
        cues_in_line = list(_T_CUES.finditer(re.split(r"[.!?]", window)[-1]))
        nearest = cues_in_line[-1] if cues_in_line else None
    if nearest is None:
        return f"{m[1]} {m[0][-1]}"  # the letter apart: glued, the number pass read "70t" as "bảy mươit"
    return f"{m[1]} {'tuổi' if nearest[1] else 'tấn'}"


# A score typed with đ for điểm ("về nhất (45đ)", "thi được 8,5đ"): nothing is priced below a hundred đồng, so a
# number under 100 before đ is a score, unless a price is named before it ("xăng tăng 50đ/lít" has its rate, "giá
# 20đ" stays đồng); after thang, a scale, any number is ("thang 100đ"), and so is one in a sentence about điểm.
SCORE_POINTS = re.compile(r"(?=\d)(?<![\w.,])(\d{1,3}(?:,\d{1,2})?)\s?đ(?![\w/])")
_PRICED_BEFORE = re.compile(r"(?i:giá|tăng|giảm|phí|tiền|mức|lãi|thêm|bớt)(?!\w)")
_SCALE_BEFORE = re.compile(r"(?i:thang)(?: điểm)? $")
_POINTS_BEFORE = re.compile(r"(?i:điểm)(?!\w)")
_ZERO_SCORED_BEFORE = re.compile(r"(?i:thi|bài|môn|kiểm tra|bị|chấm|đạt)(?!\w)")


def score_points(ctx, m: re.Match) -> str:
    before = re.split(r"[.;!?]", m.string[max(0, m.start() - 60):m.start()])[-1]
    if _SCALE_BEFORE.search(before) or _POINTS_BEFORE.search(before):
        return f"{m[1]} điểm"  # "điểm TB … tăng 0,5đ": points named, whatever the verb
    if m[1] == "0" and not _ZERO_SCORED_BEFORE.search(before):
        return m[0]  # "bếp cơm 0đ", "siêu thị 0đ": free, không đồng; "bài thi bị 0đ" is a score
    small = len(m[1].split(",")[0]) < 3
    return f"{m[1]} điểm" if small and not _PRICED_BEFORE.search(before) else m[0]


# A running time as typed, minutes and seconds glued ("bài 1 (3p15s)"): phút and giây (it was "bapmười lăms").
MINUTES_SECONDS = re.compile(r"(?=\d)(?<![\w.,])(\d{1,3})p(\d{1,2})s(?![\w])")
# "p" after minutes ("rửa trong 15p", "7h15p") is phút. "a", "c", "e" and "ô" before a name in a contact note ("a Tâm",
# "c Lan", "ib e Tuấn", "nhà ô Sáu", "do ô. Tư") are anh, chị, em and ông, and so are "A", "C" starting a line before a
# name called ("A Tuấn ơi", "C ơi") or, in a chat, before a name and a word ("A Phúc tổ trưởng nhận tiền", "Ô Năm tổ 5
# đề nghị…"; "A Lưới", "Ô Môn" elsewhere is a place). "a" and "c" typed alone are anh and chị wherever they do not name
# an item ("c nộp r", "biên lai c chụp", "gửi lại c.", "Cảm ơn a tổ trưởng", "có thi bù a nhé"), and so is "b" bạn ("Ok
# b,", "cảm ơn b nhiều"): not after a word that numbers items ("điểm a", "câu c", "vitamin c", "độ c") or a number ("lớp
# 3 a"), not in a list of letters ("a, b", "b và c", "c)"), and "a" not among letters spelled ("a bê xê", "em mờ a",
# "kiu a": QR's name, read before this pass) nor in a word ("a lô", "a xít").
MINUTES_P = re.compile(r"(?=\d)(?<![\w.,])((?:\d{1,2}h)?\d{1,3})p(?![\w])")
# Small "th" after a number is tháng ("chó dưới 3 th tuổi", "vay trong 6 th"; it was read TH, tiểu học), and "s" glued
# to one is giây ("chu kỳ 90s", "giữ 30s").
MONTHS_OR_SECONDS = re.compile(r"(?=\d)(?<![\w.,])(\d{1,3})(?:\s?(th)|s)(?![\w])")
# A tour's length as travel agents write it ("Vũng Tàu 2N1Đ", "3n2đ"): ngày and đêm (it was "hai N một Đ").
DAYS_NIGHTS = re.compile(r"(?=\d)(?<![\w.,])(\d{1,2})\s?[Nn]\s?(\d{1,2})\s?[Đđ](?!\w)")
# A combined vaccine or product, "5in1", "6 in 1": năm trong một (it was "năminmột").
IN_ONE = re.compile(r"(?=\d)(?<![\w.,])([2-9])\s?in\s?1(?!\w)")
# An age in years and months run together ("nam 61t6th", the retirement age): tuổi, then tháng.
YEARS_MONTHS = re.compile(r"(?=\d)(?<![\w.,])(\d{1,3})t(\d{1,2})th(?![\w])")
_CALLED = rf" (?:[A-ZĐ][{LOWER}]+ )?ơi\b"  # "A Tuấn ơi", "C ơi"
# A or C opening a chat's line before a word, the one answered and what they do: "C với c Thảo đôi nữ", "A đề xuất
# trong dự toán r" (outside a chat the capital stays a letter, "A với B ký hợp đồng"; "A lô", "A và B", "C hay D" are
# no one)
_WORD_AFTER_INITIAL = rf"(?<=[AC]) (?!(?:lô|và|hoặc|hay)\b)[{LOWER}]{{2,}}"
KIN_INITIAL = re.compile(r"(?=[abceôÔAC](?:[ .,!?;:]|$))"  # each branch starts at one of these letters: a quick test
                         rf"(?:(?<!\w)(?<!kiu )([aceô]|[ôÔ]\.)(?= [A-ZĐ][{LOWER}])"
                         rf"|(?:(?<=^)|(?<=^\s))([ACÔ])(?={_CALLED}| [A-ZĐ][{LOWER}]+ [{LOWER}]|{_WORD_AFTER_INITIAL})"
                         r"|(?:(?<=^)|(?<=[\s(]))([abc])(?= [^\W\d_]|[,.!?;:]|$))")
_KIN = {"a": "anh", "b": "bạn", "c": "chị", "e": "em", "ô": "ông"}
# "B." before a full name where a list item or a clause starts ("2. B. Trần Thị Hoa: 3tr", beside "Ô. Nguyễn Văn
# Tám"): bà; an initial elsewhere stays.
MADAM = re.compile(r"(?=B)(?:(?<=^)|(?<=\. )|(?<=[,:;(] ))B\.(?= [A-ZĐ][^\W\d_]* [A-ZĐ])")
_UMBRELLA_BEFORE = re.compile(r"(?i:cái|chiếc|mang|che|cầm|mua|bung|áo mưa,?) $")  # "nhớ mang ô. Tâm ơi…"
# Words whose last syllable numbers items elsewhere: "chi tiết a gửi", "tài khoản c" are anh, chị after them
_WORDS_ENDING_IN_AN_ITEM_WORD = frozenset({"tài khoản", "chuyển khoản", "chi tiết", "địa điểm", "thời điểm",
                                           "quan điểm", "đa số"})
_ITEM_WORDS = frozenset({"câu", "ý", "án", "điểm", "mục", "phần", "khoản", "tiết", "chọn", "số", "loại", "hạng",
                         "nhóm", "khu", "dãy", "phòng", "lớp", "khối", "lô", "vitamin", "độ", "kiu", "bằng", "cấp",
                         "và", "hoặc", "từ", "đến",
                         "gan"})  # "viêm gan b": a letter
# The words letters are spelled with ("a bê xê", "em mờ a", "Zalo OA" is read "ô a"): a letter beside them is one of
# the code's; "em" before it is the kin word ("Không em, a bận" is anh)
_LETTER_NAME_WORDS = (frozenset(word for name in LETTER_NAMES.values() for word in name.split())
                      | {"ô", "ơ", "ư", "â", "ă"})
_WORDS_WITH_A = frozenset({"lô", "xít", "dua", "ma", "men", "phiến", "di", "giao",  # a lô, a xít, a dua…
                           "còng"})  # "a còng", the @ of an address or a handle once read
_BEFORE_A_NUMBER_NOT_MARKED = frozenset({"thứ", "lúc", "giờ", "ngày", "tháng", "hôm",  # a time
                                         "có", "còn", "được", "thêm", "mấy", "khoảng", "tầm", "gần", "hơn"})  # a count
# a letter listed after it, not an initial before a name, which is a kin word ("a, e Tâm" is anh, em Tâm)
_LETTER_LISTED_AFTER = re.compile(r"\s?(?:,\s?|(?:và|hoặc)\s)[a-zđ](?![^\W\d_])(?! [A-ZĐ])")  # "a vào" is no "a và o"


# Signs that a document is typed as chat: shorthand and particles that no notice in the document layout writes.
# "a", "c" and "e" typed alone, beside words that do not call, thank or ask, are read as kin words only in such a
# document ("Tuyến a và tuyến c đều đi qua chợ", "xem phụ lục e." name items; "c nộp r", "không cần e," reply).
_CHAT_SIGNS = re.compile(r"(?<!\w)(?:[Kk]o|hok|[Đđ]c|dc|r|j|nha|nhé|nhá|ạ|ơi|mn|mng|ib|ck|trc|vs|bn|[Dd]ạ"
                         r"|[Oo][Kk]|[Oo]ke|okie|nè|nhen|nghen|tks|[Tt]hanks|ae|ace|a/c)(?!\w)")
# Words beside which "a", "c" are anh, chị even outside a chat ("Cảm ơn a nhiều", "nhà c bán tạp hóa", "Dạ c ơi")
_KIN_AFTER_WORDS = frozenset({"ơn", "nhờ", "giúp", "không", "vậy", "nha", "nhé", "rồi", "ạ", "nhà", "của", "mai", "tối",
                              "chiều", "được", "chưa", "vâng", "ừ"})  # "có sổ riêng chưa a?", "Vâng c, chiều nay…"
_KIN_BEFORE_WORDS = frozenset({"ạ", "nhé", "nha", "ơi", "nhiều"})
# Words after which chat's "e" is em before a number, as typed ("gọi e 0909…", "Đc e 5 phút"), and, in any case, before
# a mark ("giúp e.", "nhà e,", "Đc e,", "Đúng r e,")
_EM_BEFORE_NUMBER_AFTER = ("giúp", "cho", "gọi", "nhắn", "báo", "hỏi", "với", "gửi", "ib", "tin", "lh", "hệ", "con",
                           "cháu", "nhà", "vợ", "chồng", "mẹ", "ba", "bố", "má", "nè", "của", "tổ", "đâu", "nha", "nhé",
                           "ok", "Ok", "OK", "đc", "Đc", "được", "Được", "chưa", "Chưa")
_EM_AFTER_WORDS = (frozenset(word.lower() for word in _EM_BEFORE_NUMBER_AFTER)
                   | {"r", "rồi", "hả", "hở", "à", "nhỉ"})  # "Đúng r e,", "là 2tr5 hả e?"


def is_chat(line: str) -> bool:
    """Whether a line as typed shows a sign of chat."""
    return _CHAT_SIGNS.search(line) is not None


def _names_an_item(word: str) -> bool:
    """Whether a letter after this word is an item's ("điểm e", "d, e", "lớp 12 e"), not a kin word."""
    return word in _ITEM_WORDS or word in _LETTER_NAME_WORDS or re.fullmatch(r"[a-zđ]|[\d.,]+", word) is not None \
        or (_NUMBER_WORD.fullmatch(word) is not None and word != "không")


def _kin_typed_alone(m: re.Match, chat: bool) -> bool:
    words_before = m.string[max(0, m.start() - 48):m.start()].split()
    last = words_before[-1].lower() if words_before else ""
    word_before = last.rstrip(",.;:")
    after = m.string[m.end():m.end() + 16]
    word_after = after.split()[0].strip(",.;:!?)") if after.split() else ""
    if not word_before and after.startswith("."):
        return False  # "c. Nội dung…": an item's mark at a line's start
    if (last in _ITEM_WORDS and " ".join(words_before[-2:]).lower() not in _WORDS_ENDING_IN_AN_ITEM_WORD) \
            or re.fullmatch(r"[a-zđ]|\(?[\d.,]+", word_before) \
            or re.fullmatch(r"[a-zđ]", word_after) or _LETTER_LISTED_AFTER.match(after):
        return False  # a letter beside another ("c c", "c a?") is read alike the second time
    if word_after == "ơi":
        return True  # called: "lên tới 90k a ơi" (a number before it does not make it an item's letter)
    if not (chat or word_before in _KIN_AFTER_WORDS or word_after in _KIN_BEFORE_WORDS):
        return False  # "tuyến a và tuyến c": items, in a line with no sign of chat
    numbered = _numbered(words_before)
    if m[3] in "bc":  # B, C are spelled bê, xê: a "b", "c" is typed, after a clause's number too ("tổng 18,5tr, c em
        # nhắc nhau"); b is bạn ("Ok b, nhớ mang sổ", "cảm ơn b nhiều")
        return not (numbered and last == word_before)
    # "dài" names a letter after i only (i dài, y): "của a dài" is anh's
    spelled_beside = (word_before in _LETTER_NAME_WORDS and word_before != "em") \
        or (word_after in _LETTER_NAME_WORDS and (word_after != "em" or after.startswith(" em mờ"))
            and word_after != "dài") \
        or _NUMBER_WORD.fullmatch(word_after) is not None  # a letter with its number: "khổ A4", "hạng A1"
    return not (numbered or spelled_beside or word_after in _WORDS_WITH_A)  # "CT01-A": "xê tê không một, a"; "a lô"


def _numbered(words_before: list[str]) -> bool:
    """Whether the letter follows a number that it marks: "số 168a" has become "số một trăm sáu mươi tám a" before
    this pass; a day or an hour is not marked so ("sáng thứ bảy a qua", "ko a?" is không anh), nor are people counted
    ("thôn e có 23 c đăng ký": chị)."""
    run = 0
    while run < len(words_before) and _NUMBER_WORD.fullmatch(words_before[-1 - run].lower().rstrip(",.;:")):
        run += 1
    if not run or words_before[-1].lower() == "không":
        return False
    return run == len(words_before) or words_before[-1 - run].lower() not in _BEFORE_A_NUMBER_NOT_MARKED


def kin_initial(ctx, m: re.Match) -> str:
    if m[2]:  # "A Tuấn ơi", and in a chat "A Phúc tổ trưởng nhận tiền" ("A Lưới" is a place's name)
        called = re.match(_CALLED, m.string[m.end():]) is not None
        return _KIN[m[2].lower()].capitalize() if called or ctx.chat else m[0]
    if m[3]:
        return _KIN[m[3]] if _kin_typed_alone(m, ctx.chat) else m[0]
    if m[1] == "ô." and _UMBRELLA_BEFORE.search(m.string, max(0, m.start() - 12), m.start()):
        return m[0]
    if m[1] == "e" and _word_before(m) in _SPELLED_BEFORE:
        return m[0]  # a code's last letter before a name: "NPK 16-16-8+TE Bình Điền" (tê e), not em Bình
    return "Ông" if m[1] == "Ô." else _KIN[m[1].rstrip(".")]


# Hashtags pasted from social media ("#BHXH #ThongBao") are not read; "#1" stays số một, and a lone hashtag the
# sentence goes on after ("theo dõi trang #GiaTan1 để…") is read as a name (radio.speech.notation).
_TAG = r"#[^\W\d_]\w*"
HASHTAG = re.compile(rf"(?:^|\s){_TAG}(?:\s+{_TAG})+"  # a run of tags
                     rf"|(?:^|\s){_TAG}(?=\s*(?:$|[.,;:!?)]))"  # "… trợ cấp #BHXH." ends "trợ cấp."
                     rf"|^\s*{_TAG}")  # a line's label: "#ThongBao bà con chú ý"
# Signs of a chat message, in one pass: a mention's @ ("@Tổ trưởng các tổ") is not read (an e-mail has a word
# before its @); "=>" and "→" between steps are a pause ("nộp hồ sơ => nhận giấy hẹn": a voice said the signs),
# between two amounts in one unit the change ("giá 50k -> 60k" → lên, "8 -> 6 ca" → xuống, "7h -> 9h" → đến);
# "↑200đ", "↓3.000đ" say tăng and giảm, once ("tăng ↑200đ" is not "tăng tăng").
CHAT_SIGN = re.compile(r"(?P<mention>(?<![\w.@])@(?=[^\W\d_]))|(?P<arrow>\s*(?:=+>|-+>|→|⇒|⟶)\s*)|(?P<trend>[↑↓])\s?")
_AMOUNT_BEFORE = re.compile(r"(?<![\w.,])(\d{1,3}(?:\.\d{3})*(?:,\d+)?)([^\W\d_]{0,3})$")
# A word that numbers what follows it ("lớp 1->5", "ấp 2 -> ấp 4"): the arrow is a run of them, not a change.
# A rank or a level may change ("hạng 5 -> 3", "cấp 8 -> 10") and stays a change.
_NUMBERED_BEFORE = re.compile(r"(?i:lớp|khối|ấp|tổ|khu|thôn|tầng|phòng|mục|câu|bài|trang|điều|khoản|đợt|tuần|tháng"
                              r"|ngày|thứ)\s?$")
_AMOUNT_AFTER = re.compile(r"(\d{1,3}(?:\.\d{3})*(?:,\d+)?)([^\W\d_]{0,3})(?![\w]|[.,]\d)")


def chat_sign(ctx, m: re.Match) -> str:
    if m["mention"]:
        return ""
    if m["trend"]:
        word, said_before = ("tăng" if m["trend"] == "↑" else "giảm"), m.start()
        while said_before and m.string[said_before - 1].isspace():  # back over the spaces, not a copy of the line
            said_before -= 1
        return "" if m.string.endswith(word, 0, said_before) else word + " "
    if m.start() < 4 and not m.string[:m.start()].strip(" -*•"):
        return ""  # an arrow leading a line ("==> Thời gian:") points at it, no step before it
    window = m.string[max(0, m.start() - 24):m.start()]  # a window: arrows may be many
    before = _AMOUNT_BEFORE.search(window)
    after = _AMOUNT_AFTER.match(m.string, m.end())
    if not (before and after) or before[2] != after[2]:
        return ", "
    if before[2] in ("h", "g") or _NUMBERED_BEFORE.search(window, 0, before.start()):
        return " đến "  # "7h -> 9h" is a time span, "lớp 1->5" a run of classes
    old, new = (float(amount[1].replace(".", "").replace(",", ".")) for amount in (before, after))
    return " lên " if new > old else " xuống " if new < old else " vẫn là "


# A form's number with its zero ("mẫu 01", "Mẫu số 02/CNKD", "Mẫu tờ khai 01/CNKD"): said as printed, digit by digit, as
# people ask for it at the desk (it was "mẫu một"), its letter apart ("mẫu 02A" was "không haiA"); a code after its
# slash is read by the rules for codes; a code after its hyphen names the guidance it comes from and is dropped, as a
# document symbol's is ("Mẫu 02A-HD KĐ.ĐG" → mẫu không hai A; it was spelled, "hát dê ca đê chấm đê giê").
FORM_NUMBER = re.compile(r"(?<![^\W\d_])((?i:mẫu)\s(?:(?i:số|tờ khai|đơn)\s)?)(0\d)(?![\d.,]\d|\d)"
                         r"([A-Za-z](?![^\W\d_]))?"
                         r"(-[A-ZĐ]{1,6}(?:\s[A-ZĐ]{1,6})?(?:\.[A-ZĐ]{1,6})*(?!\w|\.\w))?")

# A document's kind in letters no dictionary can hold (HD is also a screen's resolution), said where its own symbol
# names it: "HD số 15-HD/BTCTW" is Hướng dẫn, "GM số 10/GM-UBND" Giấy mời; the symbol's code is then dropped.
DOCUMENT_KINDS = {"HD": "Hướng dẫn", "GM": "Giấy mời", "TTr": "Tờ trình", "BB": "Biên bản", "ĐA": "Đề án",
                  "KL": "Kết luận", "QC": "Quy chế", "CTr": "Chương trình"}
KIND_BEFORE_SYMBOL = re.compile(rf"(?<!\w)({'|'.join(DOCUMENT_KINDS)})"
                                r"(?=\s(?:số\s)?\d{1,6}[a-zđ]?(?:/\d{4})?[/-]\1[-/])")

# A year alone in brackets is said as one ("Lần bầu trước (2024) tỷ lệ…" → năm hai nghìn…): bare, it was a number.
YEAR_IN_BRACKETS = re.compile(r"(?<=\()(?<![Nn]ăm \()(?=(?:19|20)\d\d\))")

# Rebar and its spacing ("thép sàn D10 a200", "Ø8 a150"): the spacing's "a" is a letter apart from its number (it
# was glued, "ahai trăm").
REBAR_SPACING = re.compile(r"(?<=\d )a(?=\d{2,3}(?!\w|[.,]\d))")


def rebar_spacing(ctx, m: re.Match) -> str:
    bar = m.string[max(0, m.start() - 6):m.start()].split()[-1:]
    return "a " if bar and re.fullmatch(r"[DØΦφ]\d{1,2}", bar[0]) else m[0]


# A diameter's sign before its number ("ống Φ90", "thép Ø8 a150") is said phi, as builders say it (it was left,
# "Φchín mươi"); after REBAR_SPACING, which looks for the sign.
DIAMETER = re.compile(r"(?=[ΦφØø⌀])(?<!\w)[ΦφØø⌀]\s?(?=\d)")


# A number with a small letter, as forms and sub-items are numbered ("mẫu 1a", "khoản 2b"): the letter by its name.
NUMBER_LETTER = re.compile(r"(?=\d)(?<![\w.,/])(\d{1,3})([a-f])(?![\w/])")


# A pesticide's strength typed with a decimal point before its formulation ("Abamectin 1.8EC", "Regent 0.3GR"):
# the decimal comma, so it reads một phẩy tám (it was "một chấm tám", as a section's number).
DOTTED_STRENGTH = re.compile(r"(?=\d)(?<![\w.,])(\d{1,3})\.(\d{1,2})"
                             r"(?=(?:EC|WP|SC|WG|WDG|GR|SL|SP|ME|SE|CS|OD|EW|DP|FS|AS|GB)(?!\w))")


# A span written as technical specifications write it, the division sign glued between two numbers ("gió 20÷25
# km/h", "28÷30°C"): a dash, read đến as any span (the sign was left between the numbers).
SPEC_SPAN = re.compile(r"(?=÷)(?<=\d)÷(?=\d)")


# A span from months (or weeks, days) to years of age: "trẻ từ 18 tháng-5 tuổi" is mười tám tháng đến năm tuổi.
AGE_SPAN = re.compile(r"(?=\s)(?<=\d)\s(tháng|tuần|ngày)\s?-\s?(?=\d{1,3}\s?tuổi)")


# An abbreviation defined where it is first used: "Ủy ban nhân dân (UBND)", "ĐVM (đảng viên mới)", or a foreign code
# for the words before it ("sởi - rubella (MR)"). The words are said once; the letters beside them are a note to
# the reader's eye, matched by the words' initials ("&" is "và", a hyphen joins parts: "kinh tế - xã hội (KT-XH)").
# Letters the words do not spell are read as written.
_ABBREVIATION_LETTERS = r"[A-ZĐ][A-ZĐ&-]{0,10}[A-ZĐ][a-zđ]{0,2}"  # "(ĐTBm)", "(ĐTBcm)": điểm trung bình (các) môn
_WORDS = r"[^\W\d_]+(?:(?:\s|\s?[-,]\s?)[^\W\d_]+){1,11}"
DEFINED_AFTER = re.compile(rf"\s?\(({_ABBREVIATION_LETTERS})\)")
DEFINED_BEFORE = re.compile(rf"(?=[A-ZĐ])(?<![\w&-])({_ABBREVIATION_LETTERS})\s?\(({_WORDS})\)")


def _initials(words: list[str]) -> str:
    return "".join(unicodedata.normalize("NFD", word)[0].lower().replace("đ", "d") for word in words)


def _letters(abbreviation: str) -> str:
    return abbreviation.replace("-", "").replace("&", "v").lower().replace("đ", "d")


def _spells(abbreviation: str, words: list[str]) -> bool:
    letters = _letters(abbreviation)
    return len(words) >= len(letters) and _initials(words[-len(letters):]) == letters


# Codes from another language restating the Vietnamese words before them: "vắc xin sởi - rubella (MR)", "thiết bị
# giám sát hành trình (VMS)" on a fishing boat.
_FOREIGN_CODES = {"MR": "sởi rubella", "MMR": "sởi quai bị rubella", "DPT": "bạch hầu ho gà uốn ván",
                  "DTP": "bạch hầu uốn ván ho gà", "BCG": "lao", "OPV": "bại liệt", "IPV": "bại liệt",
                  "VMS": "giám sát hành trình"}


def defined_after(ctx, m: re.Match) -> str:
    words = re.findall(r"[^\W\d_]+", m.string[max(0, m.start() - 120):m.start()])
    foreign = _FOREIGN_CODES.get(m[1], "").split()
    restated_abroad = bool(foreign) and [word.lower() for word in words[-len(foreign):]] == foreign
    return "" if restated_abroad or _spells(m[1], words) else m[0]


# An element's symbol in brackets after its name ("dư lượng Cadimi (Cd)", "đạm (N), lân (P), kali (K)"): said once.
ELEMENT_AFTER = re.compile(r"(?=\s?\([A-Z])\s?\((Cd|Pb|As|Hg|Cu|Zn|Fe|Mn|Cr|Ni|Al|Ca|Mg|Na|Cl|N|P|K|S)\)")
_ELEMENTS = {"Cd": ("cadimi", "catmi"), "Pb": ("chì",), "As": ("asen", "thạch tín"), "Hg": ("thủy ngân", "thuỷ ngân"),
             "Cu": ("đồng",), "Zn": ("kẽm",), "Fe": ("sắt",), "Mn": ("mangan",), "Cr": ("crom",), "Ni": ("niken",),
             "Al": ("nhôm",), "Ca": ("canxi",), "Mg": ("magie", "magiê"), "Na": ("natri",), "Cl": ("clo",),
             "N": ("đạm", "nitơ"), "P": ("lân", "phốt pho"), "K": ("kali",), "S": ("lưu huỳnh",)}


# A heavy metal's symbol before its limit ("Cd ≤0,05 mg/kg"): its name, as the element after its name is dropped.
ELEMENT_LIMIT = re.compile(r"(?<![\w(])(Cd|Pb|Hg|As)(?=\s?(?:≤|≥|<|>|=|:)?\s?\d)")


def element_after(ctx, m: re.Match) -> str:
    named = m.string[max(0, m.start() - 12):m.start()].lower()
    return "" if named.endswith(_ELEMENTS[m[1]]) else m[0]


def defined_before(ctx, m: re.Match) -> str:
    words = re.findall(r"[^\W\d_]+", m[2])
    return m[2] if len(words) == len(_letters(m[1])) and _spells(m[1], words) else m[0]


# A bracket that says again, in words, what was just read: an amount written in figures and then in words
# ("1.250.000.000đ (Một tỷ hai trăm năm mươi triệu đồng)", "(bằng chữ: …)"), "02 (hai) suất". Read once. The
# comparison forgives the dialect's words (lẻ/linh, ngàn/nghìn, lăm, mốt, tư), "chẵn" and a unit left out.
RESTATED = re.compile(r"\s?\((?:\s?(?i:bằng chữ)\s?:)?\s?([^()]{1,300})\)")
_SAME_WORD = {"lẻ": "linh", "ngàn": "nghìn", "lăm": "năm", "mốt": "một", "tư": "bốn", "chẵn": ""}


def _said(text: str) -> list[str]:
    words = (_SAME_WORD.get(word, word) for word in re.findall(r"[^\W_]+", text.lower()))
    return [word for word in words if word]


def restated(ctx, m: re.Match) -> str:
    inside = _said(m[1])
    if not inside:
        return m[0]
    said = _said(m.string[max(0, m.start() - len(m[1]) - 40):m.start()])
    n = len(inside)
    return "" if inside in (said[-n:], said[-n - 1:-1]) else m[0]


# An abbreviation typed small in chat ("nhớ mang cccd", "thẻ bhyt", "vay nhcsxh", "Hsd"): a voice spells it or reads it
# as a word. Three letters or more that make no Vietnamese syllable, whose capitals the dictionary knows, are put
# back in capitals for the abbreviation rules. Two letters ("ct", "hs") are too ambiguous alone (CHAT_SHORTHAND has
# some), but after a count they name what is counted ("tuyển 20 lđ", "3 dn"): a common noun, which the dictionary
# writes small (LĐ lao động; CT Chỉ thị, a document, is not counted so), and never a unit ("5 ml").
# Not glued to a digit when typed all small: "nvh2026" after mật khẩu is a password, read as typed; with its capital
# it starts a sentence ("Bgk0" was "Bgk không", and a second pass read Ban giám khảo).
SMALL_ABBREVIATION = re.compile(r"(?<![^\W\d_])(?:[a-zđ][a-zđ]{1,7}(?![^\W_])|[A-ZĐ][a-zđ]{1,7}(?![^\W\d_]))")
_COUNT_BEFORE = re.compile(r"\d ")
_NAME_AFTER = re.compile(rf" [A-ZĐ][{LOWER}]")  # "lễ hội Ok Om Bok": a name's first word, not the reply
_VOWEL = re.compile(r"[aeiouy]")


def small_abbreviation(ctx, m: re.Match) -> str:
    capitals = m[0].upper()
    if m[0] == "hv":
        return "HV"  # a member: hội viên or học viên, by the organ the text names (textnorm's members rule)
    if m[0].lower() in ("ok", "oke", "okie") and not (m[0][0].isupper() and _NAME_AFTER.match(m.string, m.end())):
        return "OK"  # "Ok chị, em nhận được rồi", "Oke e": ô kê, as the dictionary reads OK (after a reply's opening)
    if capitals not in ctx.lexicon or is_syllable(m[0]):
        return m[0]
    if m[0][0].isupper() and _VOWEL.search(m[0]):
        return m[0]  # "Hsd" starts a sentence; "Tba" is what "T3" became (tê + ba), which a second pass must leave
    if len(m[0]) > 2:
        return capitals
    counted = m[0].islower() and _COUNT_BEFORE.match(m.string, m.start() - 2) and ctx.lexicon[capitals][:1].islower()
    return capitals if counted and m[0] not in UNITS else m[0]


# A forwarded message's mark at a line's start ("Fw: Công điện số 12…", "Fwd:", "RE:"): mail's, not the notice's.
FORWARDED = re.compile(r"^\s*(?:(?i:fwd?|re)\s?:\s*)+")

# A list's number typed with a slash at a line's start ("1/ Thời gian:", "2/ Thành phần:"): an item, as "1." is
# (it was read "một/", the slash a sound to the voice).
ITEM_SLASH = re.compile(r"^(\s*)(\d{1,2})/(?=\s)")

# A page cited as "tr." before its number ("xem tr.12-15", "Tr. 3"): trang (it was "tr.12-mười lăm"); "5tr." after a
# number is a million, and is no page.
PAGE = re.compile(r"(?=[Tt])(?<![\w.])([Tt])r\.\s?(?=\d)")

# A list's mark typed as a bullet or a plus, at a line's start or after ; or : ("• Chi bộ ấp 1: 3 đại biểu; • Chi bộ
# ấp 2…", "+ Đoàn Thanh niên: 01 đ/c; + Hội LHPN…"): not read (the plus was cộng, the bullet left to the voice).
LIST_MARK = re.compile(r"(?=[\s•●▪◦‣∙+])(?:^|(?<=[;:]))\s*[•●▪◦‣∙+]\s+(?=[^\W\d_])")

# Marks typed for emphasis or layout: a run of ! and ? is one ("Khẩn!!!": a voice's phonemizer keeps every mark);
# a bar between items of a pasted menu or table ("Tin tức | Thông báo") is a pause, and so is the > or » of a path
# through an app's menus ("VNeID > Dịch vụ công > Liên thông", it was left; before a number > is trên); a tilde
# between two numbers is a span ("7h ~ 8h", "50~60k": it was read khoảng, about, between them).
MARK_RUN = re.compile(r"([!?])[!?]+")
BAR = re.compile(r"(?=[\s|>»])(?:(?<=\S)\s*\|\s*(?=\S)|(?<=[^\W\d_])\s*[>»]\s*(?=[^\W\d_]))")
TILDE_SPAN = re.compile(r"(?<=\d)([hgk%']?)\s?~\s?(?=\d)")
# "&" between two numbers ("ngày 10 & 11/12") is "và" before the date rules read the list, which say "ngày" once
# for "10 và 11/12" (it was read at the end, "ngày mười và ngày mười một").
NUMBER_AND = re.compile(r"(?<=\d)\s?&\s?(?=\d)")

# DT before an area ("tổng DT 1.850m2", "DT: 5 ha") is diện tích; elsewhere it may be dân tộc or doanh thu. Read
# here, while the number and its unit are still written.
AREA_DT = re.compile(r"(?<![\w-])DT(?=\s?:?\s?(?:khoảng\s|[≥≤<>]\s?)?(?:\d[\d.,]*\s?-\s?)?\d[\d.,]*\s?"
                     r"(?:m2|m²|ha|km2|km²|sào)(?![\w]))")  # "DT 100-150m2", "DT ≥30m2" too
# NH before a year ("NH 2026-2027") is năm học, read so while the year is still written: the school year's rule
# then reads its span. Elsewhere NH may be ngân hàng (textnorm's context table).
SCHOOL_YEAR_NH = re.compile(r"(?=N)(?<![\w-])NH(?=\s?(?:19|20)\d\d(?!\d))")

# One letter for a word, as chat types it: "k" for không between two words or ending a question, and K opening a chat's
# line ("hộ nào k đi họp được", "mượn đc xe rùa k?", "K cần đâu chị"; beside a number, written or already read, it is
# money: "50 k", "năm mươi k"); "r" for rồi and "j" for gì after a word, ending a phrase or before a particle, thì, a
# kin word's ạ or those called ("đủ r,", "xong r ạ", "ck r thì", "r c ạ", "xong r c ơi", "lên 152k r bà con ơi", "có j
# thắc mắc"; in a chat, r before any word too: "nộp r hôm qua"); "e" for em, the one writing, before a word or a number
# ("e cảm ơn ạ", "cho e hỏi", "e 30 tuổi"; "e rằng", "e ngại" are the word e, fear, and "điểm e khoản 1", "c, d, e và
# g", R and L spelled "e rờ", "e lờ" and an E after a spelled letter or an address's sign, "tê e", "gạch chéo e", are
# letters), and after a verb that asks for the writer, ending a phrase or before a number ("đi đông đủ giúp e", "gọi e
# 0909…", "ib e." once the shorthand has read ib "nhắn tin"), after a kin or home word ("chó cắn con e,", "nhà e", "tổ
# e") and "đâu", "nha", and a reply's "ok", "đc", "chưa" ("chưa cần đâu e,", "làm nha e,", "Đc e, tối nay…", "Chưa e,");
# "t" for tôi after để, báo, cho, với, gọi, nhắn, giúp, nhà ("để t báo lên xã", "heo nhà t sốt") and, in a chat,
# starting a clause ("Đc nha, t đi"); "v", and the south's "z", for vậy ending a question whose clause has a question
# word ("ở đâu v mn", "sao v?", "mua ở đâu rẻ v mn", "Sao nhiều z c?") or, in a chat, before its mark ("Ck hay tiền mặt
# z e?").
CHAT_LETTER = re.compile(r"(?=[kKrjeEtvz])(?:(?:(?<=[^\W\d_] )|(?<=[^\W\d_]\. ))"  # "họp. k đi được": a sentence's
                         r"(?:k(?= [^\W\d_]|\s?\?)|j(?=[,.!?;]|$| [^\W\d_]))"  # start too, as a code's point once read
                         r"|(?<=^)K(?= [^\W\d_])"  # a chat's line: "K cần đâu chị"
                         # r before a particle anywhere (the group says which); before any word in a chat only
                         r"|(?<=[^\W_] )r(?=(?P<particle>[,.!?;]|$| (?:ạ|nhé|nha|nhá|đó|đấy|đây|nè|nghen|thì|mà"
                         r"|[ace](?:[,.!?]|$| ạ| nhé| nha| ơi)|bà con|mọi người|mn|cả nhà)(?!\w))| [^\W\d_])"
                         r"|(?:(?<=^)|(?<=, )|(?<=; )|(?<=: )|(?<=[^\W_] )|(?<=% ))(?<!điểm )(?<!mục )(?<!tiết )"
                         r"(?<!\b[a-df-z], )"  # a letter listed ("d, e và g"); "Được e, e mang" is em, em
                         r"e(?= (?!rằng|ngại|dè|là (?:sẽ|khó|trễ|muộn)|sợ|rờ|lờ)[^\W_])"  # "e là sẽ trễ"; "đt e là…" em
                         rf"|(?:{'|'.join(f'(?<={word} )' for word in _EM_BEFORE_NUMBER_AFTER)})e(?= \d)"
                         r"|(?<=[^\W\d_] )e(?=[,.!?;:/]|$)"  # "Đúng rồi e,", "không cần e,", "giúp e:": see chat_letter
                         r"|(?:(?<=^)|(?<=[?!] ))E(?= (?!coli)[^\W_])"  # "E đồng ý ạ", "…vậy a? E đi làm"
                         r"|(?:(?<=để )|(?<=Để )|(?<=báo )|(?<=cho )|(?<=với )|(?<=gọi )|(?<=nhắn )|(?<=giúp )"
                         r"|(?<=nhà )|(?<=Nhà )|(?<=^)|(?<=, ))"
                         r"t(?= [^\W\d_]|[,.!?;]|$)"  # "để t báo lên xã", "báo t": tôi
                         r"|(?<=[^\W\d_] )[vz]"  # "ở đâu v mn", "nhiêu z mấy anh": vậy
                         r"(?=[,.!?;]|$| (?:mn|mọi|mấy|ạ|ta|anh|chị|em|bạn|a|b|c|e)\b))")
_CHAT_LETTERS = {"k": "không", "K": "Không", "r": "rồi", "j": "gì", "e": "em", "E": "Em", "t": "tôi", "v": "vậy",
                 "z": "vậy"}
# A reply's opening, the one answered and then the writer: "Ok c, e sẽ báo lại", "Dạ a, e cảm ơn", "Cảm ơn c, e nhận
# được rồi", "Thanks a, e đọc r ạ", "ghi ntn hả a, e mới vào", "nhà e đó a, e qua đón", "múa đc ko c, e học lớp 10" (anh
# or chị, then em, or anh or chị writing: "Ok a, c ghi r"), or the one answered again as the subject ("Ok c, c nhớ cho
# bé uống nước"). Elsewhere "a, e" after a comma may be a list of letters ("điểm c, e").
REPLY_OPENING = re.compile(r"(?=[OoDdVvỪừUuạKkNnRrĐđCcTtHh])(?<![^\W\d_])"
                           r"((?i:ok|oke|okie|oki|dạ|vâng|ừ|uh|ạ|ko|không|nha|nhé|rồi|r|vậy|đc|được|cảm ơn|cám ơn"
                           r"|thanks|thank|tks|thks|hả|hở|nhỉ|hen|ha|nè|đó|đấy|kìa) )"
                           r"([ac]), ([ace])(?= [^\W_])")


def reply_opening(ctx, m: re.Match) -> str:
    opener = {"r ": "rồi ", "R ": "Rồi "}.get(m[1], m[1])  # "R a, e đọc rồi" opens a line: Rồi, as typed
    return f"{opener}{_KIN[m[2]]}, {_KIN[m[3]]}"


_NUMBER_WORD = re.compile(rf"(?:{num.SPOKEN_ALTERNATIVES})(?![^\W\d_])")
_NUMBER_WORD_GLUED = re.compile(rf"(?:{num.SPOKEN_ALTERNATIVES})")


# The words a spelled code or an address ends in before an E ("THTTE" is "tê hát tê tê e"): the last word of a
# consonant's name, and the signs' names.
_SPELLED_BEFORE = frozenset(name.split()[-1] for letter, name in LETTER_NAMES.items() if letter not in "aeiouy") \
    | {"chéo", "chấm", "ngang", "en"}  # "vê en e ai đi", VNeID as announcers say it
# A letter's name after "e" makes it one of a code's letters ("e pê ét xì", EPS; "e vê en", EVN): only names that are
# no common word ("e hát", "e bê" are em hát, em bê)
_SPELLED_AFTER = frozenset({"xê", "dê", "đê", "pê", "vê", "ét", "ích", "giê"})


def _word_before(m: re.Match) -> str:
    """The word before the match and its space, as typed."""
    return m.string[max(0, m.start() - 12):m.start() - 1].rsplit(" ", 1)[-1]


_QUESTION_WORD = re.compile(r"(?<!\w)(?:đâu|sao|gì|nào|thế|nhiêu|ai|mấy)(?!\w)")
# The chat letters after which a last "e" is em too: "Đúng r e,", and in a chat the question's "z e?" (vậy em)
_BEFORE_EM = {False: ("r",), True: ("r", "v", "z")}
_ASKED_AFTER = re.compile(r"(?: [^\W\d_]{1,4})?\s?\?")  # the question's mark after it and who is asked


def _after_an_item(m: re.Match, word_before: str) -> bool:
    """Whether the letter follows a word that numbers items ("điểm e", "khoản r"), not a longer word ending in one
    ("đã chuyển khoản r cô nhé" is rồi)."""
    last_two = " ".join(m.string[max(0, m.start() - 24):m.start()].split()[-2:]).lower().rstrip(",.;:")
    return _names_an_item(word_before.lower()) and last_two not in _WORDS_ENDING_IN_AN_ITEM_WORD


def chat_letter(ctx, m: re.Match) -> str:
    word_before = _word_before(m)
    if m[0] == "e" and (word_before in _SPELLED_BEFORE or m.string[m.end() + 1:].split(" ", 1)[0] in _SPELLED_AFTER):
        return m[0]
    if m[0] == "e" and m.string.endswith(": ", 0, m.start()) and not ctx.chat:
        return m[0]  # "Đáp án: e và g": a letter; a chat's "2 ng: e và ck e" lists who
    if m[0] == "e" and not m.string.startswith(" ", m.end()) and word_before not in _BEFORE_EM[ctx.chat] and (
            _after_an_item(m, word_before.rstrip(",.;:"))
            or not (word_before.lower() in _EM_AFTER_WORDS or ctx.chat)):
        return m[0]  # before a mark: "điểm e.", "c, d, e.", "phụ lục e." are letters; "Đúng r e,", "z e?" end em
    if m[0] == "K" and (not ctx.chat or _number_after(m)):
        return m[0]  # "K0g ạ" read "K không gam ạ": a code before a number
    if m[0] in "tE" and _NUMBER_WORD.match(m.string, m.end() + 1) \
            and not m.string.startswith(" năm nay", m.end()):  # "E năm nay 30 tuổi" is em
        return m[0]  # "nhà t 3-5", "E5 …": a letter before a number, read alike once the number is words
    if m[0] == "t" and (m.start() == 0 or m.string[m.start() - 2] == ",") and (
            not ctx.chat or re.fullmatch(r"[a-zđ],", word_before)):
        return m[0]  # "Đc nha, t đi": a clause's subject, in a chat only ("x, t, z" are letters)
    if m[0] == "r" and m["particle"] is None and not (
            ctx.chat and not _after_an_item(m, word_before) and not _NUMBER_WORD.fullmatch(word_before.lower())
            and m.string[m.end() + 1:].split(" ", 1)[0].strip(",.;:!?") not in _LETTER_NAME_WORDS):
        return m[0]  # "xong r luôn", "nộp r hôm qua" in a chat; "điểm r", "p, q, r" and a notice's r stay letters
    if m[0] in "vz" and not _QUESTION_WORD.search(
            re.split(r"[,.;:!?]", m.string[max(0, m.start() - 40):m.start()])[-1].lower()) \
            and not (ctx.chat and _ASKED_AFTER.match(m.string, m.end())):
        return m[0]  # "u, v", "loại v": a letter where nothing is asked; "Ck hay tiền mặt z e?" asks
    if m[0] == "k" and (_NUMBER_WORD.match(word_before) or _number_after(m)):
        return m[0]
    return _CHAT_LETTERS[m[0]]


def _number_after(m: re.Match) -> bool:
    """Whether a number, already read, follows the match: "khôngạ", a number read glued to a letter ("0ạ"), is still
    one."""
    word_after = m.string[m.end() + 1:m.end() + 9].split(" ", 1)[0]
    return _NUMBER_WORD.match(word_after) is not None or (
        _NUMBER_WORD_GLUED.match(word_after) is not None and not is_syllable(word_after))


# A span between two codes of one letter ("lô C12-C15", "phòng A101-A105"): "đến", as between two numbers. Not T,
# whose weekdays and months have their own rules ("T2-T6", "T12-T4").
CODE_SPAN = re.compile(r"(?=[A-SU-Z])(?<![\w-])([A-SU-Z]{1,2})(\d{1,4})\s?-\s?\1(\d{1,4})(?![\w-])")

# Steps of a how-to ("B1 đăng nhập VNeID, B2 chọn thủ tục", a line "B1: Tải ứng dụng"): bước. At a clause's start
# before what to do, only where two or more are numbered so in the line; at a line's start before its mark, always.
# "bằng B2", "hạng B1" are driving licences.
STEP = re.compile(rf"(?=B|^\s*B)(?:(?:(?<=^)|(?<=[,:;.] ))B([1-9])(?= [{LOWER}])|^(\s*)B([1-9])(?=\s?[:.)]))")


def step(ctx, m: re.Match) -> str:
    if m[3]:
        return f"{m[2]}bước {m[3]}"
    neighbours = STEP.findall(m.string, max(0, m.start() - 200), m.end() + 200)  # a window: a line may be long
    return f"bước {m[1]}" if len(neighbours) >= 2 else m[0]


# Academic titles run together ("GS.TS. Nguyễn Văn A", "ThS.BS Lê D"): a space after each title's point, so each
# is read as it is alone (Giáo sư Tiến sĩ; "GS.TS." was "giê ét xì. Tiến sĩ").
TITLE_CHAIN = re.compile(r"(?=[GPT])(?<![\w.])(GS|PGS|TS|ThS)\.(?=(?:TS|ThS|BS|TSKH|KTS|DS)\b)")

# "Từ nay - 20/12": a span from today, the dash "đến" (it was a pause before the date).
FROM_NOW = re.compile(r"(?<![^\W\d_])((?i:từ) nay)\s?-\s?(?=\d)")
# "từ 06 - dưới 14 tuổi", "từ 18 - hết 25": a span to a bound, the dash "đến" (it was left before dưới).
TO_A_BOUND = re.compile(r"(?=\s?-)(?:(?<=(?i:từ) \d)|(?<=(?i:từ) \d\d))\s?-\s?(?=(?:dưới|trên|hết) \d)")
# A dash before a day of the lunar new year ("từ 29 Tết-mùng 4", "30 Tết - mùng 3", "mùng 8 - mùng 10"): a span,
# "đến".
TO_LUNAR_DAY = re.compile(r"(?=\s?-)(?:(?<=[^\W\d_])|(?<=(?i:mùng|mồng) \d)|(?<=(?i:mùng|mồng) \d\d))\s?-\s?"
                          r"(?=(?i:mùng|mồng)\s?\d)")

# A unit named alone after số, mấy, bao nhiêu ("ghi rõ số kg", "uống bao nhiêu ml"): its name (it was left as
# letters); chat's h, the hour, after mấy, bao nhiêu only ("xe rác mấy h tới?": giờ).
UNIT_NAMED = re.compile(r"(?=[kmhc])(?:(?<=số )|(?<=mấy )|(?<=bao nhiêu )|(?<=tính bằng ))"
                        r"(kg|km|ha|m2|m3|ml|mg|cm|mm)(?!\w)"
                        r"|(?:(?<=mấy )|(?<=bao nhiêu ))(h)(?!\w)")

# A dash between two weekdays written out ("thứ 2-thứ 6"): a span, đến (it was left between them).
WEEKDAY_SPAN = re.compile(r"(?<=(?i:thứ) [2-7])\s?-\s?(?=(?i:thứ)\s?[2-7]|(?i:chủ nhật|CN)\b)")

# "sđ" before the document it amends, or with its "bs" ("NĐ 90/2017 (sđ NĐ 04/2020)", "sđ, bs"): sửa đổi (bổ sung).
AMENDED = re.compile(r"(?<![^\W\d_])sđ(?:(,?\s?bs)(?![^\W\d_])|(?=\s(?:NĐ|Nghị định|TT|Thông tư|QĐ|Quyết định|Luật|NQ"
                     r"|Nghị quyết|năm|bởi|theo)\b|\s(?:19|20)\d\d\b))")

# "bn" asking an amount, before a question's mark or its last words ("mỗi suất đc chia bn v a?", "được thêm bn?"):
# bao nhiêu; "các bn ạ" are bạn (CHAT_SHORTHAND reads "bn tiền", "giá bn" and the like on their own).
AMOUNT_ASKED = re.compile(r"(?<![^\W\d_])(?<!các )(?<!Các )bn(?=\s?\?| (?:v|vậy|ạ|a|c|e|thế)\b)")
# "bh" in a question ("bh mới có điện lại ạ?", "Bh xong vậy a?"): bao giờ; elsewhere it may be bây giờ ("bh thì lên
# UB nộp") and is left for `radio check` to name; before a number it is a warranty ("bh 12 tháng").
WHEN_ASKED = re.compile(r"(?=[Bb]h)(?<![^\W\d_])([Bb])h(?!\w)(?!\s?\d)(?=[^.!?\n]*\?)")
# "ck" done by the one speaking, a kin word or I before it and rồi, xong, a particle or an amount after it ("c ck rồi
# ạ", "e ck nhầm", "Tui ck 2tr r"): a transfer (chuyển khoản); "có ck rồi" is a husband (chồng), and ck alone is left.
TRANSFER_DONE = re.compile(r"(?=ck )"
                           r"(?:(?<=\b[aceACE] )|(?<=\bt )|(?<=(?i:mình) )|(?<=(?i:tui) )|(?<=(?i:tôi) )|(?<=(?i:em) )"
                           r"|(?<=(?i:chị) )|(?<=(?i:anh) )|(?<=(?i:con) )|(?<=(?i:cháu) ))"  # "Dạ con ck r"
                           r"ck(?= (?:rồi|r|xong|ạ|nha|nhé|luôn|liền|lại|giúp|dùm|giùm|nhầm)\b| \d)")
# "ck" before whose it is, after a word that gives or asks ("cho ck e đi thay", "nhờ ck c chở", "ck mình đi làm
# xa"): a husband (chồng). After a kin word or I, or before a particle or a way of paying, it is a transfer (above).
_WHOSE = "e|em|c|chị|mình|tui|tôi|t"  # the one whose husband "ck" is: "ck e", "ck mình"
HUSBAND = re.compile(r"(?=ck )(?:(?<=^)|(?<=, )|(?<=\bcho )|(?<=\bnhờ )|(?<=\bbảo )|(?<=\bvới )|(?<=\bcủa )"
                     r"|(?<=\bnhà )|(?<=\bđể )|(?<=\bvà )|(?<=\bmà )|(?<=\bthì )|(?<=\blà ))"
                     rf"ck(?= (?:{_WHOSE})\b(?! (?:nha|nhé|nhá|r|rồi|ạ|luôn|liền|tiền|trước|qua|vào|vô"
                     r"|giùm|giúp|dùm)\b))")
# "ck" in a line that pays (nộp, đóng, tiền, quỹ, an amount in k or tr: "E nộp r ạ, ck lúc sáng", "Ck hay tiền mặt"),
# not before whose it is: a transfer. Such a line is about money, not a husband.
TRANSFER_IN_A_PAYMENT = re.compile(rf"(?<![^\W\d_])[Cc]k(?![^\W\d_])(?! (?:a|anh|{_WHOSE})\b)")
_PAYING = re.compile(r"(?<![^\W\d_])(?:nộp|đóng|tiền|quỹ|stk|phí)(?![^\W\d_])|\d(?:k|tr)\b")


def transfer_in_a_payment(ctx, m: re.Match) -> str:
    if not _PAYING.search(m.string.lower()):
        return m[0]
    return "Chuyển khoản" if m[0][0] == "C" else "chuyển khoản"


# Chat's two-letter words for the one writing, for saying, for now and for a birthday: "mk" mình opening a clause or
# after cho, với, giúp ("Mk bận tí", "Ý kiến hay, mk góp 50k"; "mk: 123", "mk là…", "đổi mk" are a password), "ns"
# nói after a word ("Lan ns là…"; "ns lúa" is năng suất), "đg" đang before a word in lower case ("tối nay đg có mưa";
# "đg Lê Lợi" is a street), "sn" sinh nhật before whose it is ("Sn Hà", "sn bé"; before a year it is sinh năm). mk,
# ns and đg in a chat only.
CHAT_WORD = re.compile(r"(?=[MmNnSsĐđ])(?<![\w/@.])(?:"
                       rf"(?P<now>[Đđ]g(?= [{LOWER}]))|"
                       r"(?P<me>(?:(?<=^)|(?<=[,.!?] )|(?<=cho )|(?<=với )|(?<=giúp ))[Mm]k(?= (?!là\b)[^\W\d_]))"
                       r"|(?P<say>(?<=[^\W\d_] )ns(?= (?!lúa|đạt|bình quân|trung bình|cây)[^\W\d_]|[,.!?]|$))"
                       r"|(?P<birthday>[Ss]n)"
                       r"(?= (?:[A-ZĐ]|(?:của|bé|con|mẹ|bố|ba|má|vợ|chồng|anh|chị|em|ông|bà|cháu|vui|nhà)\b)))")


_CHAT_WORDS = {"me": "mình", "say": "nói", "now": "đang", "birthday": "sinh nhật"}


def chat_word(ctx, m: re.Match) -> str:
    if m.lastgroup != "birthday" and not ctx.chat:
        return m[0]
    word = _CHAT_WORDS[m.lastgroup]
    return word.capitalize() if m[0][0].isupper() else word


# Before any rule spells a code: an address or a file's code said letter by letter has "e" among its letters.
FIRST_PASSES = ((REPLY_OPENING, reply_opening),
                (AMOUNT_ASKED, lambda ctx, m: "bao nhiêu"),
                (WHEN_ASKED, lambda ctx, m: "Bao giờ" if m[1] == "B" else "bao giờ"),
                (TRANSFER_DONE, lambda ctx, m: "chuyển khoản"),
                (HUSBAND, lambda ctx, m: "chồng"),
                (TRANSFER_IN_A_PAYMENT, transfer_in_a_payment),
                (CHAT_LETTER, chat_letter),
                (CHAT_WORD, chat_word),
                (DOTTED_STRENGTH, lambda ctx, m: f"{m[1]},{m[2]}"))
PASSES = (
    (FORWARDED, lambda ctx, m: ""),
    (TITLE_CHAIN, lambda ctx, m: f"{m[1]}. "),
    (ITEM_SLASH, lambda ctx, m: f"{m[1]}{m[2]}."),
    (FROM_NOW, lambda ctx, m: f"{m[1]} đến "),
    (TO_LUNAR_DAY, lambda ctx, m: " đến "),
    (TO_A_BOUND, lambda ctx, m: " đến "),
    (WEEKDAY_SPAN, lambda ctx, m: " đến "),
    (UNIT_NAMED, lambda ctx, m: UNITS[m[1] or m[2]]),
    (CODE_SPAN, lambda ctx, m: f"{m[1]}{m[2]} đến {m[1]}{m[3]}"),
    (STEP, step),
    (MARK_RUN, lambda ctx, m: m[1]),
    (LIST_MARK, lambda ctx, m: " " if m.start() else ""),
    (PAGE, lambda ctx, m: "trang " if m[1] == "t" else "Trang "),
    (BAR, lambda ctx, m: ", "),
    (TILDE_SPAN, lambda ctx, m: f"{m[1]} đến "),
    (NUMBER_AND, lambda ctx, m: " và "),
    (AREA_DT, lambda ctx, m: "diện tích"),
    (SCHOOL_YEAR_NH, lambda ctx, m: "năm học"),
    (GLUED_NUMBER, lambda ctx, m: m[1] + " "),
    (CLOCK_LIST, lambda ctx, m: ", "),
    (YEARS_MONTHS, lambda ctx, m: f"{m[1]} tuổi {m[2]} tháng"),
    (DAYS_NIGHTS, lambda ctx, m: f"{m[1]} ngày {m[2]} đêm"),
    (IN_ONE, lambda ctx, m: f"{m[1]} trong 1"),
    (MONTHS_OR_SECONDS, lambda ctx, m: f"{m[1]} {'tháng' if m[2] else 'giây'}"),  # before "th" is taken for TH
    (AMENDED, lambda ctx, m: "sửa đổi" + (", bổ sung" if m[1] else "")),
    (SMALL_ABBREVIATION, small_abbreviation),
    (MILLIONS_THOUSANDS, lambda ctx, m: f"{m[1]} triệu {m[2]}k"),
    (SPOKEN_PRICE, spoken_price),
    (GLUED_WORD, glued_word),
    (MONEY_SPAN, lambda ctx, m: f"{m[1]} đến "),
    (CAPITAL_UNIT, lambda ctx, m: m[1].lower()),
    (SPACED_DATE, spaced_date),
    (NUMBER_LIST, number_list),
    (COMMA_LIST, comma_list),
    (MASKED_PHONE, masked_phone),
    (T_AFTER_NUMBER, t_after_number),
    (BLOOD_UNIT, blood_unit),
    (SCORE_POINTS, score_points),
    (SPEC_SPAN, lambda ctx, m: "-"),
    (AGE_SPAN, lambda ctx, m: f" {m[1]} đến "),
    (MINUTES_SECONDS, lambda ctx, m: f"{m[1]} phút {m[2]} giây"),
    (MINUTES_P, lambda ctx, m: f"{m[1]} phút"),
    (HASHTAG, lambda ctx, m: ""),
    (CHAT_SIGN, chat_sign),
    (NUMBER_LETTER, lambda ctx, m: f"{m[1]} {LETTER_NAMES[m[2]]}"),
    (REBAR_SPACING, rebar_spacing),
    (DIAMETER, lambda ctx, m: "phi "),
    (FORM_NUMBER, lambda ctx, m: m[1] + num.digits(m[2]) + (f" {m[3]}" if m[3] else "")),
    (KIND_BEFORE_SYMBOL, lambda ctx, m: DOCUMENT_KINDS[m[1]]),
    (YEAR_IN_BRACKETS, lambda ctx, m: "năm "),
    (DEFINED_AFTER, defined_after),
    (ELEMENT_AFTER, element_after),
    (ELEMENT_LIMIT, lambda ctx, m: _ELEMENTS[m[1]][0]),
    (DEFINED_BEFORE, defined_before),
)
# A mark run into the next word ("ấp 2,ấp 3", "năm 2026.Quá hạn"): the voice's phonemizer (espeak-ng, also
# Piper's) reads "2026.Quá" as "… chấm quá" and makes no pause at "hai,ấp". Said last, when every abbreviation
# and address has been read, a space goes after the mark, after a word or a closing bracket ("(mẫu 01),bản"); a
# point only before a capital (a new sentence) and not after an initial.
_CLOSED = r"[)\]\"”]"
# Not before a capital with a point and a number ("…không.Q.0"): a code, which a second pass would read as a district.
GLUED_MARK = re.compile(rf"(?=[,;:!?.])(?:(?<=[^\W\d_])|(?<={_CLOSED}))([,;:!?.])(?=[^\W\d_])(?![A-ZĐ]\.\d)")
_SENTENCE_END = re.compile(rf"(?:[^\W\d_]{{2}}|{_CLOSED})$")
_LAST_WORD = re.compile(r"(?<!\w)\w{1,15}$")  # a Roman number has at most 15 letters (MMMDCCCLXXXVIII)


def glued_mark(ctx, m: re.Match) -> str:
    # Each looks only at the few characters before the point: from the line's start, a line of many points took
    # minutes per 100 kB.
    start = m.start()
    if m[1] == "." and not (m.string[m.end()].isupper() and _SENTENCE_END.search(m.string, max(0, start - 2), start)):
        return m[0]  # "tr.đ", "v.v": a point inside an abbreviation; "V.Nam", "I.U": after an initial
    last_word = _LAST_WORD.search(m.string, max(0, start - 15), start) if m[1] == "." else None
    if last_word and num.roman_value(last_word[0]):
        return m[0]  # "II.U": a Roman number's point, which the next pass would read as a heading ("Hai.")
    return m[1] + " "


LATE_PASSES = (
    # after the abbreviations: "a TT" became "a Thông tư", a name's shape, which a second pass would have read
    (KIN_INITIAL, kin_initial),
    (MADAM, lambda ctx, m: "Bà"),
    (RESTATED, restated),  # after every rule: the bracket is compared with what was said before it
    (GLUED_MARK, glued_mark),
)
