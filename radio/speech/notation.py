"""Notation the plain number and date rules would misread, each with its rule decided by context (the
README's reading rules, "Notation"): web and e-mail addresses, vehicle plates, house numbers with a slash,
school years, a level with a sign, grades written a-b-c (NPK 16-16-8), a time span as a denominator
(mm/24h), scales and parts of a total, prices in k, comparison signs, degrees and minutes. These passes run
before the date and number passes in radio.speech.textnorm, which would otherwise take "123/4" for a date,
"16-16-8" for a range or "24h" for a clock.

Every pass is (pattern, handler(ctx, match) -> spoken text); ctx gives the dialect and reads numbers.
"""
from __future__ import annotations

import bisect
import functools
import re

from radio.speech import numbers as num, typed
from radio.speech.lexicon import (COUNT_NOUNS, LETTER_NAMES, PER_WORDS, UNIT_PATTERN, UNITS, is_syllable,
                                  without_marks)

# ---------------------------------------------------------------- web and e-mail addresses

def before(match: re.Match, width: int = 40) -> str:
    """The few characters before a match, lower-cased: context without rescanning the line."""
    return match.string[max(0, match.start() - width):match.start()].lower()


def sentence_before(match: re.Match, width: int) -> str:
    """The part of the match's sentence before it, within `width` characters, lower-cased: a point inside a
    code or a number ("biển P.106a", "6.800đ") ends no sentence."""
    return re.split(r"[;!?]|\.(?!\w)", before(match, width))[-1]


def spelled(text: str) -> str:
    """Character by character, as a code or a password is typed: letters by their names, digits by theirs."""
    return " ".join(LETTER_NAMES.get(c, num.digits(c) if c.isdigit() else c) for c in text.lower())


# A label of a domain read as a word people know, else spelled (vn: "vê en", as announcers say it).
DOMAIN_WORDS = {"vn": "vê en", "com": "com", "net": "nét", "org": "o rờ gờ", "gov": "gờ o vê", "edu": "e đu",
                "info": "in phô", "www": "vê kép vê kép vê kép", "gmail": "gờ meo", "yahoo": "ya hu",
                "zalo": "da lô", "facebook": "phây búc", "youtube": "du túp", "google": "gu gồ",
                # the national portals' names, which notices cite most, with their marks back
                "dichvucong": "dịch vụ công", "chinhphu": "chính phủ", "baohiemxahoi": "bảo hiểm xã hội",
                "congan": "công an", "bocongan": "bộ công an", "dvc": "đê vê xê",
                "canhbao": "cảnh báo", "khonggianmang": "không gian mạng",  # the scam-number lookup's portal
                "thuedientu": "thuế điện tử",  # the tax portal ("thu e dien tu", and its e became em in a chat)
                "ly": "li", "me": "mi", "forms": "phom", "gle": "gồ",  # the short links' hosts
                "maps": "máp", "app": "áp", "goo": "gu",  # a map's place: "maps.app.goo.gl/…"
                "drive": "đờ rai", "docs": "đốc",
                # endings a fake portal hides behind ("dichvucong-gov.vn.xyz"): a scam warning reads them out
                "online": "on lai", "shop": "sóp", "site": "sai", "club": "cờ lắp", "link": "linh", "vip": "víp",
                "bet": "bét",
                # a portal's subject and the provinces a portal is named after ("tuyensinh.dongnai.edu.vn"), with
                # their marks back (they were "tuyen sinh chấm dong nai")
                "tuyensinh": "tuyển sinh", "dulich": "du lịch", "baohiem": "bảo hiểm", "nongnghiep": "nông nghiệp",
                **{without_marks(name).replace(" ", ""): name for name in (
                    "hà nội", "hải phòng", "đà nẵng", "cần thơ", "huế", "lai châu", "điện biên", "sơn la",
                    "lạng sơn", "quảng ninh", "thanh hóa", "nghệ an", "hà tĩnh", "cao bằng", "tuyên quang",
                    "lào cai", "thái nguyên", "phú thọ", "bắc ninh", "hưng yên", "ninh bình", "quảng trị",
                    "quảng ngãi", "gia lai", "khánh hòa", "lâm đồng", "đắk lắk", "đồng nai", "tây ninh", "vĩnh long",
                    "đồng tháp", "cà mau", "an giang")}}
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_SCAM_TLD = r"(?:xyz|top|cc|online|site|shop|club|link|vip|biz|bet)"  # where fake portals live: read out in a warning
_TLD = rf"(?:vn|com|net|org|gov|edu|info|io|asia|{_SCAM_TLD})"
# Short links pasted from chat and forms ("bit.ly/hienmau-giatan", "zalo.me/g/abc123"): their endings are no
# country's a notice would name, so only these hosts ("zalo.me/g/abc123" was "zalo.me, g, abcmột hai ba").
_SHORT_LINK = r"(?:bit\.ly|zalo\.me|forms\.gle|youtu\.be|(?:maps\.app\.)?goo\.gl|fb\.me|m\.me)"  # a map's place too
# A host the address rule reads, then a path up to here: a word in the path is the link's, not shorthand ("abc.hh/đk"
# is no host, and its đk was read only once its slash had become a pause).
LINK_PATH_BEFORE = re.compile(rf"(?:\.{_TLD}|{_SHORT_LINK})/\S*$")
ADDRESS = re.compile(
    rf"(?<![\w@./])(?:(?P<scheme>https?://)?(?:(?P<user>[\w.%+-]{{0,64}})@)?"
    rf"(?P<host>(?:{_LABEL}\.){{1,8}}{_TLD}|{_SHORT_LINK})(?![\w-])(?P<path>/[A-Za-z0-9._~%/?=&+-]*[A-Za-z0-9/])?)")


# A pesticide's formulation after its strength ("Tilt Super 300EC", "Beam 75WP"): letters by name, as the others
# are said; EC, ME, SE make syllables and were read as words ("ba trăm ec").
FORMULATION = re.compile(r"(?<=\d)(EC|ME|SE)(?![\w])")


# The files a notice attaches or warns of, by their extensions: documents, pictures, archives, sound and video.
_FILE_TYPES = r"pdf|docx?|xlsx?|jpe?g|png|zip|rar|mp3|mp4"
# A file's type by its extension alone, as scam warnings write it ("ko cài file .apk"): chấm, then the letters (the
# point was left and the letters read as a word); a fake portal's ending alone ("đuôi lạ như .xyz, .top") as in an
# address; "mp3", "mp4" without their point (they were "mpba").
FILE_EXTENSION = re.compile(rf"(?=[.m])(?<![\w.])(?:\.(apk|exe|{_FILE_TYPES})"
                            rf"|\.({_SCAM_TLD})"
                            r"|(mp[34]))(?!\w|\.\w)")


def file_extension(ctx, m: re.Match) -> str:
    return f"chấm {spelled(m[1])}" if m[1] else f"chấm {_label(m[2])}" if m[2] else spelled(m[3])


# A file named with its extension ("Tệp kèm theo: tin_cum_gia_cam.mp3"): its name's words apart, as typed without
# marks, then chấm and the extension (it was "tin_cum_gia_cam.mpba").
FILE_NAME = re.compile(rf"(?<![\w./@-])([A-Za-z0-9][A-Za-z0-9_-]{{0,60}})\.(wav|{_FILE_TYPES})(?![\w.]|\.\w)")


def file_name(ctx, m: re.Match) -> str:
    return " ".join(_label(part) for part in re.split(r"[_-]+", m[1]) if part) + f" chấm {spelled(m[2])}"


def _label(label: str) -> str:
    """A part of an address: a known word, a number, a Vietnamese word, or spelled letter by letter; letters
    and digits run together (giatan1) are read run by run."""
    if not label.isascii() and is_syllable(label.lower()):
        return label.lower()  # a placeholder's word with its marks: "tên@dongnai.gov.vn" (it was spelled)
    runs = re.findall(r"[A-Za-z]+|\d+", label)
    if len(runs) > 1:
        return " ".join(_label(run) for run in runs)
    lower = label.lower()
    if lower in DOMAIN_WORDS:
        return DOMAIN_WORDS[lower]
    if label.isdigit():
        return num.digits(label)
    syllables = _syllables(lower) if lower.isalpha() else None
    return " ".join(syllables) if syllables else spelled(lower)


def unmarked_syllable(text: str) -> bool:
    """A syllable as typed without marks: iê, yê, uô lose their hats (vien, yen, cuoc)."""
    return is_syllable(text) or is_syllable(text.replace("ie", "iê").replace("ye", "yê").replace("uo", "uô"))


def _syllables(word: str) -> list[str] | None:
    """`word` split into Vietnamese syllables written without their marks (thongnhat: thong nhat), or None for a
    code such as evnspc or cskh, which is spelled. Run together, espeak-ng reads such a word as English
    ("dichvucong": d'I7tSvju:k…); apart, most syllables are read as Vietnamese. Of the ways to split, the fewest
    syllables, then the fewest starting with a vowel (giatan: gia tan, not giat an), then the longest first
    syllables (vanhoa: van hoa, not va nhoa)."""
    def rank(parts: list[str]) -> tuple:
        return len(parts), sum(part[0] in "aeiouy" for part in parts), [-len(part) for part in parts]

    best: dict[int, list[str]] = {len(word): []}  # the best split of word[start:], from the end: each is final
    for start in range(len(word) - 1, -1, -1):
        ways = [[word[start:end]] + best[end] for end in range(start + 1, min(len(word), start + 7) + 1)
                if end in best and unmarked_syllable(word[start:end])]
        if ways:
            best[start] = min(ways, key=rank)
    return best.get(0)


# A sign as a listener types it back, in an address, a password or a network's name.
SIGN_NAMES = {"@": "a còng", "_": "gạch dưới", ".": "chấm", "-": "gạch ngang", "/": "gạch chéo", "#": "thăng",
              "!": "chấm than", "?": "hỏi", "=": "bằng", "&": "và", "*": "sao", "$": "đô la"}


def _signs(signs: str) -> dict[str, str]:
    return {sign: SIGN_NAMES[sign] for sign in signs}


def _words_of(part: str, separators: dict[str, str]) -> str:
    pieces = re.split("([" + re.escape("".join(separators)) + "])", part)
    return " ".join(separators[piece] if piece in separators else _label(piece) for piece in pieces if piece)


# A social account's handle where its channel is named ("TikTok @mutduagiatan"): a còng, then its words as an
# address's (the @ was dropped). Elsewhere "@Lan" calls someone in a chat, and the @ is not read (typed.CHAT_SIGN).
HANDLE = re.compile(r"(?=@)(?<![\w.@])@([A-Za-z0-9_.]{3,30})(?<!\.)(?![\w@])")
_CHANNEL_BEFORE = re.compile(r"(?i:tiktok|facebook|fb|instagram|youtube|kênh|trang|fanpage|tài khoản|theo dõi|follow)"
                             r"[^.;!?]{0,12}$")


def handle(ctx, m: re.Match) -> str:
    channel_named = _CHANNEL_BEFORE.search(before(m, 30))
    return f"{SIGN_NAMES['@']} {_words_of(m[1], _signs('._'))}" if channel_named else m[0]


# A hashtag the sentence goes on after ("Theo dõi trang #GiaTan1 để cập nhật"): its words, as an address's, without
# the sign (the whole tag was dropped as a trailing one, and the sentence lost its object). Read after
# typed.HASHTAG, which takes out runs of tags, a trailing one and a line's label: what it leaves is one of these.
HASHTAG_NAME = re.compile(r"(?=#)(?<=\w )#([A-Za-z][A-Za-z0-9]*)(?=\s+[^\W\d_])")


# A name run together in camel case without marks, as a sender's or a page's name is typed ("mạo danh
# "BoCongAn"", "trang GiaTanMot"): its syllables apart, when every part is one (a voice read "bocongan" as a
# word); "ZaloPay", "TikTok" and a brand of two short parts ("MoMo") are left to the voice.
CAMEL_NAME = re.compile(r"(?=[A-Z])(?<![\w@./#-])((?:[A-Z][a-z]{1,6}){2,5})(?![\w@.-])")


def camel_name(ctx, m: re.Match) -> str:
    parts = re.findall(r"[A-Z][a-z]+", m[1])
    syllables = all(unmarked_syllable(part.lower()) for part in parts) and max(map(len, parts)) > 2
    return " ".join(parts) if syllables else m[0]


# A driving licence's class alone after hạng ("hạng B2 nay là hạng B"): its letter by name, as with its number
# (the bare letter was left to the voice).
LICENCE_CLASS = re.compile(r"(?=[A-F])(?<=hạng )([A-F])(?![\w])")
# A text message's keyword, spelled as it is typed: one letter after soạn ("soạn V <nội dung> gửi 156", the letter
# was left to the voice), or capitals after soạn or nhắn tin before the number they go to ("nhắn tin DAPHAT gửi
# 8088" was left, "soạn KT TK gửi 900" was Kinh tế tài khoản).
SMS_KEYWORD = re.compile(r"(?=[A-Z])(?:(?<=(?i:soạn) )([A-Z])(?=\s)"
                         r"|(?:(?<=(?i:soạn) )|(?<=(?i:nhắn tin) ))([A-Z]{2,10}(?: [A-Z0-9]{1,10}){0,3})"
                         r"(?=\s+(?i:gửi|tới|đến)\s+\d))")
# The placeholder in angle brackets of a message's form ("<nội dung>") is said without them (a voice may read < as
# nhỏ hơn).
PLACEHOLDER = re.compile(r"(?=<)<([^\W\d_][^<>\d]{0,30})>")


# A code of one small letter and capitals, as vaccines and medicine name theirs ("bOPV", "nOPV2", "mRNA"): every
# letter by its name (the voice was left "bOPV"). Not e or i, which start brands and services (eKYC, iOS), and
# not a unit (kVA, dBA).
SMALL_LETTER_CODE = re.compile(r"(?=[a-df-hj-z])(?<![^\W\d_])(?<!&)(?!kVA|dBA)([a-df-hj-z][A-Z]{2,5})(?=\d|(?![\w&]))")


# A processor's model after Core or chip ("máy tính cấu hình Core i5"): the letter apart from its number (it was
# "inăm").
PROCESSOR = re.compile(r"(?=i)(?:(?<=[Cc]ore )|(?<=[Cc]hip ))i([3579])(?!\w)")


# A shop's discount code after mã ("mã GIATAN10"): its letters as a word where they make syllables, then the number.
DISCOUNT_CODE = re.compile(r"(?=[A-Z])(?<=[Mm]ã )([A-Z]{3,12})(\d{1,3})(?![\w-])")


def discount_code(ctx, m: re.Match) -> str:
    return f"{_label(m[1])} {num.digits(m[2]) if m[2].startswith('0') else ctx.card(int(m[2]))}"


# A citation shortened to its letters: "vi phạm K3 Đ5 Luật …", "K.2 Đ.9" are khoản ba Điều năm; "Đ.8" alone before
# the law's or decree's name is Điều tám ("theo Đ.8 Luật Phòng, chống ma túy" was spelled).
# So is "(Đ.322)" alone in brackets, after a penalty the sentence names ("phạt tù 5-10 năm (Đ.322)").
SHORT_CITATION = re.compile(r"(?<![\w.])(?:K\.?(\d{1,2})\s?Đ\.?(\d{1,3})(?![\w])"
                            r"|Đ\.\s?(\d{1,3})(?=\s(?:Luật|Bộ luật|BLHS|BLDS|Nghị định|NĐ|Thông tư|TT|Hiến pháp"
                            r"|Quyết định|QĐ|Nghị quyết|NQ|Điều lệ)\b|(?<=\(Đ\.\d)\)|(?<=\(Đ\.\d\d)\)"
                            r"|(?<=\(Đ\.\d\d\d)\)))")


def short_citation(ctx, m: re.Match) -> str:
    return f"khoản {ctx.card(int(m[1]))} Điều {ctx.card(int(m[2]))}" if m[1] else f"Điều {ctx.card(int(m[3]))}"


# Fine dust by its size in micrometres ("bụi PM2.5", "PM 10"): pê em, then the size as a number (it was "pê em mờ
# hai chấm năm").
FINE_DUST = re.compile(r"(?<![\w.])PM\s?(2[.,]5|10)(?![\w]|[.,]\d)")


# A time zone's offset ("giờ Việt Nam (GMT+7)", "UTC-5"): the letters, then cộng or trừ the hours (the sign was left
# between the letters and the number).
TIME_ZONE = re.compile(r"(?=[GU])(?<![\w.])(GMT|UTC)\s?([+-])\s?(\d{1,2})(?![\w]|[.,:]\d)")


# A public service named by its short number ("phản ánh qua hệ thống 1022", "Cổng 1022 của tỉnh"): its digits, as
# the number is dialled (it was "một nghìn không trăm hai mươi hai"); "hệ thống 1050 camera" counts, and a
# document's "số 1022/QĐ" is not one.
SERVICE_LINE = re.compile(r"(?=[HhCcKk])(?<!\w)((?i:hệ thống|cổng|kênh) )(10\d\d)(?![.,]\d)"
                          r"(?=\s?(?:$|[,.;:!?)]|(?:của|để|hoặc|và|hay|tỉnh|thành phố|huyện|xã)\b))")
# A programme named by the decision that set it up ("Chương trình 135", "Chương trình MTQG 1719"): digit by digit,
# as people say it; not a year, nor a number that counts what follows ("chương trình 500 suất").
_COUNTED = "|".join(map(re.escape, sorted(COUNT_NOUNS | {"suất", "phần", "món", "triệu", "tỷ", "nghìn", "ngàn", "đồng"},
                                          key=len, reverse=True)))
PROGRAM_NUMBER = re.compile(r"(?=[Cc])(?<!\w)((?i:chương trình)(?: (?:MTQG|mục tiêu quốc gia))? )(?!(?:19|20)\d\d)"
                            rf"(\d{{3,4}})(?![\w%]|[.,]\d|\s(?:{_COUNTED})\b)")


# A code of letters and digits stamped on a vehicle or printed on a card, after its name ("số máy JA39E-1234567",
# "thẻ BHYT mã số GD4757520123456"): every character as printed (its digits were a million; a card's letters were
# left glued to the digits said).
STAMPED_CODE = re.compile(r"(?=[sSmM])(?<!\w)((?i:số máy|số khung|mã số|mã thẻ|số thẻ)\s?:?\s?)"
                          r"((?=[A-Z0-9-]*[A-Z])(?=[A-Z0-9-]*\d)[A-Z0-9]{2,17}(?:-[A-Z0-9]{2,12})?)(?![\w-])")


# A dose's day in a vaccination schedule ("Phác đồ 4 mũi: N0, N3, N7, N14-28"): ngày không, ngày ba…, a span with
# đến; only in a sentence about doses (it was spelled, "en nờ không").
DOSE_DAY = re.compile(r"(?=N)(?<![\w.-])N(\d{1,2})(?:\s?-\s?(\d{1,2}))?(?![\w]|[.,]\d)")
_DOSE_CUE = re.compile(r"(?i:mũi|phác đồ|tiêm|liều|vắc xin|vaccine|vacxin)(?!\w)")


def dose_day(ctx, m: re.Match) -> str:
    if not _DOSE_CUE.search(sentence_before(m, 80)):
        return m[0]
    return f"ngày {ctx.card(int(m[1]))}" + (f" đến {ctx.card(int(m[2]))}" if m[2] else "")


# A station's code of two numbers and a letter ("trung tâm đăng kiểm 50.05D", "60-06D"): each number as printed,
# its zero said (it was "năm mươi chấm năm D"; with a dash, a range "sáu mươi đến sáu"). With a dash it is a code
# only where the second number keeps its zero or an inspection is named: "thùng 10-20L" is a range.
STATION_CODE = re.compile(r"(?=\d)(?<![\w.,-])(\d{2})([.-])(\d{2,3})([A-Z])(?![\w.-])")
_INSPECTION = re.compile(r"(?i)đăng kiểm|trung tâm|ttđk")


def station_code(ctx, m: re.Match) -> str:
    if m[2] == "-" and not m[3].startswith("0") and not _INSPECTION.search(m.string, max(0, m.start() - 40),
                                                                            m.start()):
        return m[0]
    dot = " chấm" if m[2] == "." else ""
    return f"{ctx.card(int(m[1]))}{dot} {num.digits(m[3])} {m[4]}"


# A chemical formula ("bón vôi CaCO3", "CuSO4", "KMnO4", "H2S", "Ca(OH)2"): its symbols by their letters' names and
# its counts as digits (it was "CaCO ba", "Ca(o hát)hai"). A code of capitals and a number ("KV1", "HK1") is no
# formula: a formula has an element of two letters, oxygen, or hydrogen with its count. A flu's subtype (H5N1) is
# FLU's; letters joined to a code by & ("KH&TT") are the code's. One opening a bracket is read too ("(K2O ≥ 30%)").
_ELEMENT = r"(?:C[aulr]?|N[ai]?|O|H|S[i]?|P|K|F[e]?|M[ng]|Zn|Al|B)(?![a-z])"
_ELEMENT_COUNT = rf"{_ELEMENT}(?:[2-9]|[1-9]\d)?"  # a count is 2 or more, never written 0 or 1
FORMULA = re.compile(rf"(?=[A-Z])(?<![\w/.-])(?<!\w\()(?!H\d{{1,2}}N\d)"
                     rf"((?:{_ELEMENT_COUNT}|\((?:{_ELEMENT_COUNT})+\)\d?){{2,6}})(?![\w(]|&[A-ZĐ])")


def formula(ctx, m: re.Match) -> str:
    symbols = m[1]
    if not (re.search(r"\d|[a-z]", symbols) and re.search(r"[a-z]|O|H\d", symbols)):
        return m[0]
    return " ".join(spelled(c) for c in symbols if c not in "()")


# A version after v ("bản mới (v2.1.8)") is phiên bản, its parts with chấm (it was "vhai chấm một chấm tám").
VERSION = re.compile(r"(?<![\w.])[vV](\d{1,3}(?:\.\d{1,3}){1,3})(?![\w.]|\.\d)")


def address(ctx, m: re.Match) -> str:
    """'dichvucong.gov.vn' -> 'dịch vụ công chấm gờ o vê chấm vê en'; 'a@b.vn' -> 'a a còng b chấm vê en'; a mail
    domain alone ('hộp thư @dongnai.gov.vn') is 'a còng dong nai…' (its @ was dropped as a chat's mention); a path
    after the host is read with 'gạch chéo'; 'https://' is not read."""
    if not (m["scheme"] or m["user"] or m["host"].lower().startswith("www.") or re.fullmatch(_SHORT_LINK, m["host"]) or
            re.search(rf"\.(?:vn|gov|com|org|net|edu)(?:\.|$)|\.{_SCAM_TLD}$", m["host"].lower())):
        return m[0]
    spoken = []
    if m["user"]:
        spoken.append(_words_of(m["user"], _signs("._-")))
    if m["user"] is not None:  # "@dongnai.gov.vn", a mail domain alone, has its @ too
        spoken.append(SIGN_NAMES["@"])
    spoken.append(_words_of(m["host"], _signs(".-")))
    if m["path"] and m["path"] != "/":
        spoken += [SIGN_NAMES["/"], _words_of(m["path"].strip("/"), _signs("/.-_?=&"))]
    return " ".join(spoken)


# ---------------------------------------------------------------- vehicle plates

# 60A-123.45, 60B1-234.56, 60-B1 234.56, 51H 12345: the province code, the series, then the serial digit by digit;
# the last two hidden as a witness remembers them ("BKS 60C-456.xx") stay hidden.
PLATE = re.compile(r"(?<![\w.,/-])(\d{2})(?:\s?-\s?|\s?)([A-Z]{1,2})(\d?)\s?[-. ]\s?(\d{3})\.(\d{2}(?!\d)|xx(?!\w))"
                   r"|(?<![\w.,/-])(\d{2})\s?([A-Z]{1,2})(\d?)(?:\s?-\s?(\d{3,5})|\s(\d{5}))(?!\d|[.,]\d)")


# A fishing boat's number ("tàu ĐNa-90123-TS"): the province's letters and TS (thủy sản) by their names, the serial
# digit by digit (it was "ĐNa-chín mươi nghìn…", its TS dropped).
VESSEL = re.compile(r"(?=[A-ZĐ])(?<![\w-])([A-ZĐ][A-Za-zĐđ]{0,3})[- ](\d{4,5})[- ](TS)(?![\w-])")  # "BV 92345 TS" too

# Clothing sizes after size, cỡ ("áo size S-XL"): by their letters' names, a span with đến; a list of them after
# "Size áo:" too ("S, M, L, XL, XXL": only the last was read). XL, XXL and XS are sizes wherever they stand alone
# ("Tui XL số 10" was left as typed), but for a Roman forty after its cue ("khóa XL").
_SIZES = r"(?:XXL|XL|XS|S|M|L)"
SIZE = re.compile(r"(?=[XSML])(?:(?:(?<=size )|(?<=Size )|(?<=SIZE )|(?<=cỡ )|(?<=Cỡ )|(?<=áo: )|(?<=quần: ))"
                  rf"({_SIZES})(?:\s?-\s?({_SIZES})|((?:, {_SIZES})+))?"
                  r"|(?<![\w-])(?<!thứ )(?<!khóa )(?<!khoá )(?<!kỳ )(?<!lần )(XXL|XL|XS))(?![\w-])")


def size(ctx, m: re.Match) -> str:
    if m[4]:
        return spelled(m[4])
    if m[3]:
        return ", ".join(spelled(each) for each in m[0].split(", "))
    return spelled(m[1]) + (f" đến {spelled(m[2])}" if m[2] else "")


# "BS", "BKS" before a plate are biển số, biển kiểm soát ("xe Wave BS 60B1-234.56"; BS elsewhere may be bác sĩ).
PLATE_LABEL = re.compile(r"(?=B)(?<![\w])(BKS|BS)(\s?:?\s?)(?=\d{2}\s?[A-Z]{1,2}\d?\s?[-. ]\s?\d{3})")
_PLATE_LABELS = {"BS": "biển số", "BKS": "biển kiểm soát"}


def plate(ctx, m: re.Match) -> str:
    province, series, extra = (m[1], m[2], m[3]) if m[1] else (m[6], m[7], m[8])
    serial = m[4] + m[5] if m[1] else m[9] or m[10]
    hidden = " xx" if serial.endswith("xx") else ""
    spoken_series = " ".join([series] + ([num.digits(extra)] if extra else []))
    return f"{ctx.card(int(province))} {spoken_series}, {num.digits(serial.removesuffix('xx'))}{hidden}"


# A road sign by its code after "biển" ("biển P.130", "biển báo W.207a"): the group's letter by name, the number
# as a number, a variant's letter by name (it was left as "P.130").
# A second sign listed after the first ("biển P.106a cấm xe tải, P.127 tốc độ tối đa") is read alike.
ROAD_SIGN = re.compile(r"(?=[bBDPWRSI])((?i:biển)(?: (?:báo|số|hiệu|cấm))*\s?|(?<=, )|(?<=và ))"
                       r"(DP|[PWRSI])\.(\d{3})([a-f])?(?![\w.])")


def road_sign(ctx, m: re.Match) -> str:
    if not m[1] and "biển" not in sentence_before(m, 100).lower():
        return m[0]
    return f"{m[1]}{spelled(m[2])} {ctx.card(int(m[3]))}" + (f" {spelled(m[4])}" if m[4] else "")


# ---------------------------------------------------------------- slashes that are not dates

# After these, "123/4" is a house number (an alley off number 123): "trên" (north), "xẹt" (south).
# A class, a plot, a room, a stall or a pole named by two numbers ("lớp 8/2", "lô 8/2", "phòng 3/1", "ki ốt 12/4")
# is read the same way: never a date.
HOUSE_CUES = re.compile(r"(?<!\w)(?:số nhà|nhà số|địa chỉ|hẻm|ngõ|ngách|kiệt|kiệt số|hẻm số|ngõ số|lớp|tổ|khu|"
                        r"phòng|căn hộ|căn|lô|thửa|(?:trụ|cột)(?: điện)?|tầng|kios|ki ốt|ki-ốt|block|dãy|ô|cổng|"
                        r"quầy|kệ)"
                        r"(?: số)?\s*$")  # "trụ điện số 17/5"
STREET_AFTER = re.compile(r"\s*,?\s*(?:đường|phố|hẻm|ngõ|kiệt|tổ|khu phố|kp|ấp|phường|p\.|quận|q\.)\b",
                          re.IGNORECASE)
HOUSE_NUMBER = re.compile(r"(?<![\d.,/])(\d{1,4}[A-Za-z]?)((?:/\d{1,4}[A-Za-z]?)+)(?![\d/])")


def house_number(ctx, m: re.Match) -> str:
    preceding = before(m, 14)
    if not (HOUSE_CUES.search(preceding) or (preceding.rstrip().endswith("số") and STREET_AFTER.match(
            m.string, m.end()))):
        return m[0]
    slash = " xẹt " if ctx.dialect == "south" else " trên "
    parts = [m[1]] + m[2].split("/")[1:]
    return slash.join(_house_part(ctx, part) for part in parts)


def _house_part(ctx, part: str) -> str:
    letter = part[-1] if part[-1].isalpha() else ""
    digits = part[:-1] if letter else part
    return ctx.card(int(digits)) + (f" {LETTER_NAMES.get(letter.lower(), letter)}" if letter else "")


# A school or fiscal year: "năm học 2025/2026", "niên vụ 2025-2026" (not a range "2021-2025", read "đến").
YEAR_PAIR = re.compile(r"(?<![\d.,/])(\d{4})\s?([/-])\s?(\d{4})(?![\d/])")
PAIR_CUES = re.compile(r"(?:năm học|niên khóa|niên khoá|niên vụ|niên độ|vụ|mùa giải|mùa khô|mùa mưa|"
                       r"đông xuân|hè thu|thu đông|xuân hè)\s*$")


def year_pair(ctx, m: re.Match) -> str:
    first, second = int(m[1]), int(m[3])
    cued = PAIR_CUES.search(before(m, 12))
    if second != first + 1 or (m[2] == "-" and not cued):
        return m[0]
    return f"{ctx.card(first)} - {ctx.card(second)}"


# A time span as a denominator: "mm/24h" is millimetres in 24 hours, "mm/6 giờ" in 6 hours, "30%/3 ngày" a
# share in 3 days. Neither this nor a
# quantity's slash is read after a lone k, chat's không, which the chat pass reads only before a word: "ngày k/0h"
# would have become "ngày k trong không giờ", and a second reading "ngày không …".
PER_SPAN = re.compile(r"(?=/)(?:(?<=[^\W\d_²³])|(?<=%))(?<!\bk)/(\d{1,3})\s?(h|giờ|tiếng|ngày)(?![\w])")


def per_span(ctx, m: re.Match) -> str:
    return f" trong {ctx.card(int(m[1]))} {'ngày' if m[2] == 'ngày' else 'giờ'}"


# A quantity as a denominator: "kg/1.000m2" is kilograms on a thousand square metres; "112 bé trai/100 bé gái",
# "bác sĩ/1.000 dân" are so many on so many. An hour before the slash is a time on a day ("19h/3"), not a rate;
# a year after it is a period's ("quý IV/2026 và …").
PER_QUANTITY = re.compile(r"(?<=[^\W\d_²³])(?<!\dh)(?<!\bk)/(?!(?:19|20)\d\d(?![\d.,]))"
                          r"((?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?)\s?(m2|m²|m3|m³|[^\W\d_]+)(?![\w])")


# Two counts side by side are one thing with the other, not a rate: "1.235 phương tiện/5.870 lao động" (storm
# reports: boats with their crews) is "với". A rate's base is a round number (100 bé gái, 10.000 dân), a unit or
# what money buys, and so is a period ("3.600 USD/3 năm", "1 lần/6 tháng": trên).
_COUNT_BEFORE = re.compile(r"\d[\d.,]*\s+(?!(?:đồng|nghìn|ngàn|triệu|tỷ)\b)[^\W\d]+(?:\s[^\W\d]+){0,2}$")
_PERIODS = frozenset({"năm", "tháng", "tuần", "ngày", "quý", "kỳ", "khóa", "vụ", "giờ", "phút"})


def per_quantity(ctx, m: re.Match) -> str:
    base = m[1].replace(".", "")
    side_by_side = not re.fullmatch(r"10*", base) and m[2] not in UNITS and m[2] not in _PERIODS \
        and _COUNT_BEFORE.search(before(m, 40))
    return f" {'với' if side_by_side else 'trên'} {ctx.n(m[1])} {UNITS.get(m[2], m[2])}"


# A word, then a slash, then a unit or a counting word, and any after it: "kg giống/ha", "2-3 giọt/lần",
# "30kg gạo/khẩu/tháng" (one per each; the first slash was a pause).
_WORD_UNITS = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True) if u[0].isalpha())
_PER = rf"(?:{_WORD_UNITS}|{'|'.join(sorted(PER_WORDS, key=len, reverse=True))})"
WORD_PER = re.compile(rf"(?<=[^\W\d_])/({_PER})(?:/{_PER})*(?![\w/])")  # "gạo/khẩu/tháng" too


# After money or a unit read out, any word, and any after it: "học phí 600k/khóa", "2 triệu/lớp", "30kg/khẩu",
# "500k/tháng/cháu" (one per each, not a pause).
MONEY_PER = re.compile(r"(?=/)(?:(?<=nghìn)|(?<=ngàn)|(?<=triệu)|(?<=tỷ)|(?<=đồng)|(?<=gam)|(?<=lít)|(?<=tấn)"
                       r"|(?<=mét)|(?<=vuông)|(?<=khối)|(?<=rưỡi))/([^\W\d_]+)(?:/[^\W\d_]+)*(?![\w/])")
_PER_SHORT = {"th": "tháng"}  # "5tr/th"
# A percentage of what follows its slash: "chia lãi 12%/vốn góp" is trên (it was a pause); "%/năm" is a rate, above.
PERCENT_OF = re.compile(r"(?<=phần trăm)/(?=[^\W\d_])")


_DATE_PARTS = ("ngày", "tháng", "năm")


def date_parts(words: list[str]) -> bool:
    """Whether words joined by slashes are a date's parts in order from the day ("ghi ngày/tháng/năm sinh"), not a
    rate ("1%/tháng/năm" is một tháng một năm)."""
    lowered = [word.lower() for word in words]
    return lowered[0] == "ngày" and all(word in _DATE_PARTS for word in lowered) \
        and lowered == sorted(lowered, key=_DATE_PARTS.index)


# Kinds of people paired by a slash are either one, not a rate: "size người lớn/trẻ em", "vé nam/nữ" (a pause, as
# between any two words; it was "người lớn một trẻ em").
_PEOPLE_BEFORE = frozenset({"lớn", "già", "em", "nam", "nữ", "cha", "mẹ", "bố", "ông", "bà"})
_PEOPLE_AFTER = frozenset({"trẻ", "người", "nam", "nữ", "cha", "mẹ", "bố", "ông", "bà"})


def word_per(ctx, m: re.Match) -> str:
    pers = m[0].split("/")[1:]
    word_before = before(m, 8).split(" ")[-1]
    if date_parts([word_before, *pers]):
        return "".join(f" {per}" for per in pers)
    if word_before in _PEOPLE_BEFORE and pers[0] in _PEOPLE_AFTER:
        return m[0]
    return "".join(f" một {_PER_SHORT.get(per) or UNITS.get(per, per)}" for per in pers)


# ---------------------------------------------------------------- lists of numbers with dashes

# Three or more numbers joined by dashes that are not a date: a grade (NPK 16-16-8), a code, a list.
DASHED_LIST = re.compile(r"(?<![\w.,/-])(\d{1,3}(?:-\d{1,3}){2,})(?![\w-]|/\d|[.,]\d)")  # "20-20-15/ha" too


def dashed_list(ctx, m: re.Match) -> str:
    return " ".join(ctx.card(int(part)) for part in m[1].split("-"))


# Three or more days joined by dashes, then their month: "các ngày 12-15-20/12" (the last two were a range).
DAY_LIST = re.compile(r"(?<![\w.,/-])(\d{1,2}(?:-\d{1,2}){2,})/(\d{1,2})(?![\d/]|[.,]\d)")


def day_list(ctx, m: re.Match) -> str:
    days, month = [int(part) for part in m[1].split("-")], int(m[2])
    if not (1 <= month <= 12 and all(1 <= day <= 31 for day in days)):
        return m[0]
    return ", ".join(ctx.card(day) for day in days) + f" tháng {num.month(month, ctx.dialect)}"


# A road or a meeting shared by two places: "đường liên ấp 2-3" joins hamlets two and three, not two to three.
SHARED_BY_TWO = re.compile(r"(?i:(liên\s(?:ấp|xã|thôn|xóm|tổ|khu phố|khu|bản)))\s(\d{1,2})\s?-\s?(\d{1,2})"
                           r"(?![\d/-]|[.,]\d)")


# Two numbers sharing one whole ("mức cân bằng 104-106/100" bé trai trên một trăm bé gái): a span, each over the
# whole (the dash was left between the two numbers read). Day ranges in a month ("3-5/12") are the date rules'.
SHARED_WHOLE_SPAN = re.compile(r"(?=\d)(?<![\w.,/-])(\d{1,4})\s?[-–]\s?(?=(\d{1,4})/(\d{1,4})(?![\d/]|[.,]\d))")


def shared_whole_span(ctx, m: re.Match) -> str:
    low, high, whole = int(m[1]), int(m[2]), int(m[3])
    return f"{m[1]} đến " if low < high and (high > 31 or whole > 12) else m[0]


# Time added to a half after phút ("ghi ở phút 90+3"): cộng (it was "chín mươi+ba").
STOPPAGE_TIME = re.compile(r"(?=\d)(?<=(?i:phút) )(\d{2,3})\+(\d{1,2})(?![\d+])")

# A number with a plus after it is that many or more: "sinh con thứ 3+" (thứ ba trở lên), "18+"; after hệ or
# chương trình it names a programme, "hệ 9+" (chín cộng: vocational school after grade 9).
OR_MORE = re.compile(r"(?=\d)(?<![\w.,+])(\d{1,3})\+(?=[\s,.;:)!?]|$)")


def or_more(ctx, m: re.Match) -> str:
    programme = re.search(r"(?:^|\s)(?:hệ|chương trình|mô hình)\s$", before(m, 16)) is not None
    return f"{m[1]} {'cộng' if programme else 'trở lên'}"


# ---------------------------------------------------------------- a sign before a number

# "+2,35 m" (a water level above the gauge's zero), "+3°C": the sign is said, "cộng".
# The "+" first and what stands before it checked behind it: the scan jumps from one "+" to the next.
PLUS = re.compile(r"\+(?:(?:(?<=\s\+)|(?<=^\+)|(?<=\(\+))(?=\d)(?!84\s?\d{2})"
                  r"|(?<=\s\+)(?=\s)"  # "lương + phụ cấp" too
                  r"|(?<=[^\W_]\+)(?=[A-ZĐ]))")  # and a grade plus a code: "NPK 20-20-15+TE"
# "+" between two words is và ("văn nghệ + trò chơi", "thẻ BHYT + CCCD"); so is a "+" in a list of things to bring
# or handed out, numbers and all ("nhận 10kg gạo + 1 thùng mì"). After an amount it adds: "5,5tr + phụ cấp".
_LISTED_BEFORE = re.compile(r"(?:mang|gồm|kèm|nhận|chuẩn bị|xuất trình|nộp|tặng|trao|suất|hỗ trợ)\b[^.;:!?]*$")


def plus(ctx, m: re.Match) -> str:
    space = "" if m.string[m.start() - 1:m.start()] in ("", " ", "(") else " "
    between_words = re.match(r"\s[^\W\d]", m.string[m.end():]) and re.search(r"(?:^|\s)[^\W\d]+\s$", before(m, 20))
    listed = m.string.startswith(" ", m.end()) and (between_words or _LISTED_BEFORE.search(before(m, 80)))
    return space + ("và " if listed else "cộng ")


# ---------------------------------------------------------------- crop varieties, percentage points

# A variety's name within a few words after giống, lúa, gạo, nếp, bắp, ngô ("giá lúa tươi tại ruộng: OM 18"):
# or further in a heading before its colon ("Giống lúa hỗ trợ tái sản xuất: OM18"):
# letters, then a long number said digit by digit, as farmers and extension officers say it ("lúa IR 50404" →
# i e-rờ năm không bốn không bốn; "OM 5451"); a short one stays a number ("ST25" → ét tê hai mươi lăm).
# A list of them is read alike: "giống OM5451, ST25 và IR50404". A number with a unit after it is an amount, not a
# name ("lúa CLC 420ha"); a one-digit name counts ("Giống chủ lực: ĐT8, OM18"); so does one in brackets ("gạo nở
# (IR50404)").
_NAME_END = r"(?!\d|[.,/]\d)(?!\s?(?:ha|kg|tấn|tạ|m2|m²|%)(?!\w))"
_VARIETY_NAME = r"([A-ZĐ]{1,3})\s?-?\s?(\d{1,5})" + _NAME_END
_SEASON_YEAR = r"(?!(?:ĐX|HT|TĐ)\s?(?:19|20)\d\d(?!\d))"  # "vụ lúa ĐX 2026-2027" is a season and its years
_SHARE = r"\d{1,3}(?:,\d+)?%"  # "lúa chất lượng cao chiếm 75% (BC15, TBR225)": its share before the names
VARIETY = re.compile(rf"(?i:(?:giống|lúa|gạo|nếp|bắp|ngô)(?:(?:\s+[^\W\d]+){{0,4}}(?:\s+{_SHARE})?:?"
                     r"|(?:\s+[^\W\d]+){5,7}:))\s+\(?"
                     + _SEASON_YEAR + _VARIETY_NAME
                     + r"((?:\s*(?:,|và|hoặc)\s*[A-ZĐ]{1,3}\s?-?\s?\d{1,5}" + _NAME_END + ")*)")
_LISTED_VARIETY = re.compile(_VARIETY_NAME)
# Another variety priced further on in a sentence that named a crop ("giá lúa tươi IR 50404 hôm nay 6.800đ/kg, OM 5451
# 7.200đ/kg"): letters and a long number after a comma, said alike (it was "om năm nghìn bốn trăm năm mươi mốt").
VARIETY_AGAIN = re.compile(r"(?=[A-ZĐ])(?<=[,;] )([A-ZĐ]{2,3})\s?-?\s?(\d{4,5})(?![\d.,/]\d)")
_CROP = re.compile(r"(?i:giống|lúa|gạo|nếp)(?!\w)")
# A variety named by a bare number with its leading zero, after its crop ("trồng bơ 034", "giống 034"): digit by
# digit, as growers say it (it was ba mươi bốn); "có 034 hộ" counts.
_CROPS_NAMED_BY_NUMBER = ("bơ", "giống", "xoài", "mít", "sầu riêng", "cà phê", "tiêu", "điều", "cao su", "lúa", "bắp",
                          "ngô", "mì")
ZERO_LED_VARIETY = re.compile("(?=0)(?:" + "|".join(f"(?<={crop} )|(?<={crop.capitalize()} )"
                                                      for crop in _CROPS_NAMED_BY_NUMBER) + r")0\d{2,4}(?![\d.,/])")


def _named_after_crop(m: re.Match) -> bool:
    return _CROP.search(re.split(r"[.!?](?!\d)", before(m, 160))[-1]) is not None  # "6.800đ/kg" is no end


def variety_starts(line: str) -> set[int]:
    """Where each variety's letters start, the listed ones too ("giống OM 18, OM 5451"): not a heading's words."""
    return {start for m in VARIETY.finditer(line)
            for start in (m.start(1), *(m.start(3) + name.start(1) for name in _LISTED_VARIETY.finditer(m[3])))} \
        | {m.start(1) for m in VARIETY_AGAIN.finditer(line) if _named_after_crop(m)}


def _variety_said(ctx, name: re.Match) -> str:
    digits = name[2]
    spoken = num.digits(digits) if len(digits) >= 4 else ctx.card(int(digits))
    return f"{spelled(name[1])} {spoken}"


def variety(ctx, m: re.Match) -> str:
    said = functools.partial(_variety_said, ctx)
    return f"{m[0][:m.start(1) - m.start()]}{said(m)}{_LISTED_VARIETY.sub(said, m[3])}"


def variety_again(ctx, m: re.Match) -> str:
    return _variety_said(ctx, m) if _named_after_crop(m) else m[0]


# A blood group with its Rh sign, in a sentence about blood ("cần máu nhóm O+", "nhóm máu AB-"): the letters by their
# names, + dương and - âm (the sign was left, or read cộng).
# Its Rh factor written out ("nhóm O Rh-", "người có Rh-") is read alike: Rh by its letters' names, then the sign; a
# group with a minus sign is blood's even where the line does not say máu ("Ai nhóm O- xin liên hệ").
BLOOD_GROUP = re.compile(r"(?=[ABOmM])(?<=nhóm )(?:(?i:máu) )?(AB|A|B|O)(?: ?(\+|-|Rh ?[+-])(?![\w+-]))?(?![\w+-])")
RH_FACTOR = re.compile(r"(?=R)(?<![\w])Rh ?([+-])(?![\w+-])")
_RH = {"+": " dương", "-": " âm", None: ""}
_RH_NAME = spelled("rh")


def _rh(sign: str | None) -> str:
    return f" {_RH_NAME}{_RH[sign[-1]]}" if sign and sign.startswith("Rh") else _RH[sign]


def blood_group(ctx, m: re.Match) -> str:
    if not (m[2] or "").endswith("-") and "máu" not in before(m, 30).lower() + m[0].lower():
        return m[0]  # "nhóm A" of a list or a league
    return m[0][:m.start(1) - m.start()] + spelled(m[1]) + _rh(m[2])


# An outlet's or a device's rating, volts and amperes ("ổ cắm 220V-10A"): A alone after a number is no unit
# elsewhere (a grade, a class), here it is am pe (it was "vôn-mười A").
RATING = re.compile(r"(?=\d)(?<![\w.,])(\d{2,3})\s?V\s?[-/]\s?(\d{1,2}(?:,\d)?)\s?A(?![\w])")
# so is the current an outlet or a breaker is rated for, named before it ("dùng ổ cắm riêng 20A", "aptomat 32A")
RATED_CURRENT = re.compile(r"(?=[ổỔaAáÁcC])((?i:ổ cắm|aptomat|áp tô mát|cầu dao|CB)(?:\s[^\W\d_]+){0,2}\s)"
                           r"([≤<]\s?)?(\d{1,3})\s?A(?![\w])")  # "aptomat ≤16A" too


def rated_current(ctx, m: re.Match) -> str:
    limit = f"{NUMBER_SIGN_WORDS[m[2].strip()]} " if m[2] else ""
    return f"{m[1]}{limit}{ctx.card(int(m[3]))} am pe"


# Gold's purity after its name ("vàng 9999", "vàng nhẫn 999"): digit by digit, as the trade says it (it was "chín
# nghìn chín trăm chín mươi chín").
GOLD_PURITY = re.compile(r"(?=[nmt9])(?<=[Vv]àng )((?:(?:nhẫn|miếng|ta|trang sức) )?)(9{3,4})(?![\d.,]?\d)")


# One capital letter glued to a number (F0, U23, hạng B2, khổ A4, ống D200): the letter by its name, then the number.
# A smaller number after its hyphen is a branch of it, not the end of a span ("kênh N3-1" was "N ba đến một").
LETTER_NUMBER = re.compile(r"(?<![\w.,/-])([A-Z])(\d{1,3})(?:-(\d{1,3}))?(?![\w/-]|[.,]\d)")


def letter_number(ctx, m: re.Match) -> str:
    """A leading zero is said: an exam's subject group "khối A00", "D01" is a không không, dê không một."""
    if m[3] and int(m[3]) >= int(m[2]):
        return m[0]  # "A2-3": a span, read later
    number = num.digits(m[2]) if len(m[2]) > 1 and m[2].startswith("0") else ctx.card(int(m[2]))
    name = "E" if m[1] == "E" else LETTER_NAMES[m[1].lower()]  # "xăng E5": chat's small e before a word is em
    return f"{name} {number}" + (f" - {ctx.card(int(m[3]))}" if m[3] else "")


# A name glued to a number (a durian "Ri6", a "Covid19"): the name as written, then the number. Km12 is a road's
# kilometre post, read by its own rule.
NAME_NUMBER = re.compile(r"(?<![\w.,/-])(?!Km)([A-ZĐ][^\W\d_]{1,8})(\d{1,3})(?![\w/-]|[.,]\d)")


def name_number(ctx, m: re.Match) -> str:
    return f"{m[1]} {ctx.card(int(m[2]))}" if m[1][1:].islower() else m[0]


# An influenza subtype (cúm A/H5N1, H7N9): letters by name, numbers as numbers, the slash not a pause.
FLU = re.compile(r"(?<![\w/])(?:(A)/?\s?)?H(\d{1,2})N(\d{1,2})(?!\w)")


def flu(ctx, m: re.Match) -> str:
    return ("a " if m[1] else "") + f"hát {ctx.card(int(m[2]))} en {ctx.card(int(m[3]))}"


# A fuel's grade as the price notices write it: "xăng E5 RON92-II", "RON95-III", "dầu DO 0,05S-II" (the Roman
# number is its emission level): rôn chín mươi lăm - ba, đê ô không phẩy không năm ét - hai, as "dầu DO" is said.
# DO only before its sulphur figure: elsewhere "do" is a word.
FUEL = re.compile(r"(?<![\w])(?:(E5|E10)\s?)?(?:RON\s?(\d{2})|(?i:DO)\s(\d,\d{1,4})S)(?:-(I{1,3}|IV|V))?(?![\w])")


def fuel(ctx, m: re.Match) -> str:
    ethanol = f"e {ctx.card(int(m[1][1:]))} " if m[1] else ""
    grade = f"rôn {ctx.card(int(m[2]))}" if m[2] else f"đê ô {ctx.n(m[3])} ét"
    return ethanol + grade + (f" - {ctx.card(num.roman_value(m[4]))}" if m[4] else "")


# A load in tonnes as road signs write it, after a load word: "xe có tải trọng trên 10T" (mười tấn).
LOAD_TONNES = re.compile(r"(?i:(?:tải trọng|trọng tải|xe tải)(?:\s+[^\W\d]+){0,2}\s+)(\d{1,3}(?:,\d)?)\s?T(?![\w])")


def load_tonnes(ctx, m: re.Match) -> str:
    return f"{m[0][:m.start(1) - m.start()]}{ctx.n(m[1])} tấn"


# A land-use code of the cadastre (Thông tư 08/2024/TT-BTNMT: LUA đất chuyên trồng lúa, ONT đất ở nông thôn…) in
# brackets, after "đất" or after "mục đích SD:" is spelled, as the land officer says it; without this, codes that look
# like a syllable (LUA, LUC, CAN, SON, TIN) were read as a word ("lua").
LAND_USE_CODES = frozenset("LUA LUC LUK LUN BHK NHK CLN RSX RPH RDD NTS LMU NKH ONT ODT TSC DTS DVH DYT DGD DTT DKH "
                  "DXH DNG DSK CQP CAN SKK SKN TMD SKC SKS SKX DGT DTL DKV DCH DNL DBV DRA DDD DDL DCK NTD MNC "
                  "SON PNK BCS DCS NCS TIN TON CSK HNK LNK LNQ LNC".split())
_LAND_CODE = "|".join(sorted(LAND_USE_CODES))
LAND_USE = re.compile(rf"(\(|[đĐ]ất |(?i:mục đích)(?: (?i:sử dụng|SD))?\s?:\s?)"
                      rf"((?:{_LAND_CODE})(?:\s?[,+;]\s?(?:{_LAND_CODE}))*)(?=[)\s,.;:]|$)")


def land_use(ctx, m: re.Match) -> str:
    return m[1] + re.sub(r"[A-Z]+", lambda code: spelled(code[0]), m[2])


# A height or a level in metres and centimetres as people write it: "cao 1m57" (một mét năm mươi bảy), "1m7", "nước lên
# 3m5" (it was "bamnăm"). "2m3" and "1m2" are a volume and an area ("trữ tối thiểu 2m3") unless a height is named just
# before ("cao 1m2").
HEIGHT = re.compile(r"(?<![\w.,])([1-9])m([0-9]{1,2})(?![\w]|[.,]\d)")
# Two heights joined by a dash are a span: "trẻ em (cao 1m - 1m4)" is một mét đến một mét bốn (it was a pause).
HEIGHT_SPAN = re.compile(r"(?=[12])(?<![\w.,])([1-2]m(?:\d{1,2})?)\s?-\s?(?=[1-2]m\d{1,2}(?![\w]|[.,]\d))")
_HEIGHT_BEFORE = re.compile(r"(?:(?i:cao|chiều cao|dài|rộng|ngang|sâu)(?: khoảng| chừng| tầm| từ| trên| dưới)?"
                            r"|[1-2]m\d{0,2} đến"  # the span's second height: "cao 1m2 - 1m3"
                            r"|(?i:trẻ em|trẻ|bé|cháu)(?: cao)? (?:dưới|trên|từ)) $")  # "trẻ em dưới 1m2 miễn vé"


def height(ctx, m: re.Match) -> str:
    if m[2] in ("2", "3") and not _HEIGHT_BEFORE.search(before(m, 20)):
        return m[0]
    return f"{ctx.card(int(m[1]))} mét {ctx.card(int(m[2]))}"


# A mark or an average written with a point ("điểm trung bình từ 6.5 trở lên", "đạt 8.25 điểm"): a score, read
# as a decimal; a point number without "điểm" nearby stays a section number (mục 6.5).
SCORE_POINT = re.compile(r"(?<![\d.,])(10|\d)\.(\d{1,2})(?![\d.,]\d|\d)")
_SCORE_BEFORE = re.compile(r"điểm(?:[^\W\d]|\s){0,25}$")


def score_point(ctx, m: re.Match) -> str:
    scored = _SCORE_BEFORE.search(before(m, 30)) or m.string.startswith(" điểm", m.end())
    return f"{m[1]},{m[2]}" if scored else m[0]


# A span of flood alarm levels: "BĐ2-BĐ3", "BĐ1-2" (báo động hai đến báo động ba).
ALARM_SPAN = re.compile(r"(?<![\w])BĐ\s?([1-3])\s?-\s?(?:BĐ\s?)?([1-3])(?!\d)")


def alarm_span(ctx, m: re.Match) -> str:
    return f"báo động {ctx.card(int(m[1]))} đến báo động {ctx.card(int(m[2]))}"


# A map's scale or a mixing ratio after tỷ lệ: "1:2000", "Tỷ lệ: 1/500" are một trên hai nghìn, một trên năm
# trăm (with a slash only from a hundred up: "tỷ lệ 1/3" stays a fraction). What is compared may be named between
# ("tỷ lệ tươi/nhân khoảng 4,5:1": tươi trên nhân, bốn phẩy năm trên một; the slash was a rate, "tươi một nhân").
RATIO = re.compile(r"(?i:(tỷ lệ|tỉ lệ)((?:\s[^\W\d]+(?:/[^\W\d]+|,)?){0,4}?\s?:?\s?))(\d{1,3}(?:,\d{1,2})?)\s?([:/])\s?"
                   r"(\d{1,3}(?:\.\d{3})+|\d+)(?!\d|[:/]\d)")


def ratio(ctx, m: re.Match) -> str:
    if m[4] == "/" and int(m[5].replace(".", "")) < 100:
        return m[0]
    return f"{m[1]}{m[2].replace('/', ' trên ')}{ctx.n(m[3])} trên {ctx.n(m[5])}"


# A document's number and year without its code ("Quyết định số 45/2019", "theo NĐ 20/2021"): bốn mươi lăm năm
# hai nghìn …, as the full symbol (45/2019/QĐ-UBND) is read.
_YEAR = r"(?:19|20)\d\d"
NUMBER_YEAR = re.compile(rf"(?<![\w.,/])(\d{{1,5}})/({_YEAR})(?![\w/]|[.,]\d)")
_DOCUMENT_BEFORE = re.compile(r"(?:^|\W)(?:số|nghị định|quyết định|thông tư|nghị quyết|chỉ thị|công văn|kế hoạch|"
                              r"thông báo|luật|nđ|qđ|nq|tt|ct|kh|tb|cv) $")


def number_year(ctx, m: re.Match) -> str:
    if not _DOCUMENT_BEFORE.search(before(m, 14)):
        return m[0]
    return f"{ctx.n(m[1])} năm {ctx.card(int(m[2]))}"

# A part of a total that cannot be a day and month: written with thousands or decimals ("15.230/15.310 phiếu",
# "15,6/12,8 tỷ"), or with three digits or more on a side ("3/250 điểm"); never a date. A year after the slash
# ("12/2026", "số 45/2019") is left to the date and document rules. A unit after it is named ("850/1.100 ha"), even
# with its own rate after it ("1.800/3.000 m3/ngày đêm" left "mba").
_BIG = r"(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+)"
PART_OF_TOTAL = re.compile(rf"(?<![\w.,/])({_BIG}|\d+)/({_BIG}|\d+)(?:\s?({UNIT_PATTERN})(?!\w)|(?![\w/]|[.,]\d))")


# A decimal written with a point, as text pasted from elsewhere has it ("1.5 triệu", "0.5%", "1.8 m", "3.5 tấn"):
# before a unit, a measure word or a scale word, one or two digits after the point cannot be thousands; it is
# read as "1,5"; so before a price's k or tr, alone or in a range ("lúa 7.8-8k/kg", "9.5k"). Elsewhere "1.2" stays a
# section number (mục 1.2: một chấm hai).
DOT_DECIMAL = re.compile(rf"(?<![\d.,])(\d{{1,3}})\.(\d{{1,2}})"
                         rf"(?=\s?(?:%|triệu|tỷ|nghìn|ngàn|tấn|tạ|yến|lít|mét|cây số|sào|lần|giờ|tuổi|{UNIT_PATTERN})"
                         rf"(?![\w]|/\d)|(?:\s?-\s?\d{{1,3}}(?:\.\d{{1,2}})?)?(?:k|tr)(?![\w]))")


# A clock written with a point ("lúc 7.30 sáng", "từ 13.30 đến 17.00"): after a time word or before a part of the
# day it is a time, handed on as 7:30 to the clock rule.
DOT_CLOCK = re.compile(r"(?<![\d.,])([01]?\d|2[0-4])\.([0-5]\d)(?![\d]|[.,]\d)")
_TIME_CUE_BEFORE = re.compile(r"(?:lúc|vào|từ|đến|tới|trước|sau) $")
_PART_OF_DAY_AFTER = re.compile(r"\s(?:sáng|trưa|chiều|tối|đêm|giờ)\b")


# A day and month written with a point after "ngày" ("trước ngày 25.12"): a date, handed on as 25/12.
DOT_DAY_MONTH = re.compile(r"(?=\d)(?<=ngày )([0-3]?\d)\.([01]?\d)(?![\d]|[.,]\d)")


def dot_day_month(ctx, m: re.Match) -> str:
    return f"{m[1]}/{m[2]}" if 1 <= int(m[1]) <= 31 and 1 <= int(m[2]) <= 12 else m[0]


def dot_clock(ctx, m: re.Match) -> str:
    timed = _TIME_CUE_BEFORE.search(before(m, 6)) \
        or _PART_OF_DAY_AFTER.match(m.string, m.end())
    return f"{m[1]}:{m[2]}" if timed else m[0]


# A currency sign on either side of a number and "#1" (số một): said as words, never left for a voice to guess.
# The sign before is English writing ("$1,000", "$2.5": a comma for thousands, a point for the decimal); after,
# Vietnamese ("1.000$", "2,5 €").
CURRENCY_SIGN = re.compile(r"(?=[$€\d])(?:([$€])\s?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d.,]?\d)"
                           r"|(?<![\d.,])(?=[\d.,]{1,40}\s?[$€])"  # a sign after: looked for before reading the number
                           r"(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)\s?([$€]))")
CURRENCY_WORDS = {"$": "đô la", "€": "ơ rô"}
NUMBER_MARK = re.compile(r"(?<![\w&])#(?=\d)")
# "tăng x2": nhân hai; "05 cá nhân x 500.000 đồng": a lone x between spaces before a number is nhân too, and after
# a number or a percentage before a word ("Mức đóng = 22% x mức thu nhập")
TIMES = re.compile(r"(?=[x×])(?<![\w&])[x×](?=\d{1,3}(?![\w]|[.,]\d))|(?<=\s)[x×](?=\s\d)"
                   r"|(?<=[\d%]\s)[x×](?=\s[^\W\d_])")


def currency_sign(ctx, m: re.Match) -> str:
    if m[1]:
        return f"{m[2].replace(',', '').replace('.', ',')} {CURRENCY_WORDS[m[1]]}"
    return f"{m[3]} {CURRENCY_WORDS[m[4]]}"


def part_of_total(ctx, m: re.Match) -> str:
    written_big = re.fullmatch(_BIG, m[1]) or re.fullmatch(_BIG, m[2])
    long_plain = max(len(m[1]), len(m[2])) >= 3 and not re.fullmatch(_YEAR, m[2])
    if not (written_big or long_plain):
        return m[0]  # one or two digits each: the date, fraction and house-number rules decide
    return f"{ctx.n(m[1])} trên {ctx.n(m[2])}" + (f" {UNITS[m[3]]}" if m[3] else "")


# A k after a number is money, as people write prices ("mỗi suất 500k": năm trăm nghìn, "1.250k" một triệu hai trăm
# năm mươi nghìn; a range shares the k, "60-62k/kg": sáu mươi đến sáu mươi hai nghìn). A race's "5k" is năm ca:
# right after chạy or cự ly, even after a price ("vé 50k, giải chạy 5k"), or anywhere in a sentence about a race
# unless money is named around it (giá, vé, an earlier "62k/kg", "3tr", a "/" or "tiền" after it). A unit with a
# digit in it after the slash is read with the price ("350k/m2": một mét vuông; the number pass read "mhai").
THOUSANDS_K = re.compile(r"(?<![\w.,])(\d{1,3}(?:\.\d{3})+|\d{1,3}(?:,\d)?)(?:\s?-\s?(\d{1,3}(?:,\d)?))?k"
                         r"(?:/(m[23²³]|km[2²]|cm[23²³]))?(?![\w])")
PRICE_CUES = re.compile(r"(?:giá|phí|tiền|vé|thu|trị giá|mức|lương|thưởng|hỗ trợ|bán|mua|phạt|phụ cấp|nộp|đóng)\b"
                        r"[^.;]{0,20}$")
_PRICED_IN_K = re.compile(r"\d(?:k/|k,|tr\b|\s?triệu|\s?đồng|đ\b)[^.;!?]{0,40}$")  # money said earlier in the sentence
_RACE_BEFORE = re.compile(r"(?:chạy|chạy bộ|(?<!người )đi bộ|cự ly|marathon)\s$")  # "người đi bộ 3k" pays
_RACE_IN_SENTENCE = re.compile(r"(?:chạy|cự ly|marathon|(?<!người )đi bộ)[^.;!?]*$")
_MONEY_AFTER = re.compile(r"\s(?:tiền|đồng)\b")


def _money_named(m: re.Match) -> bool:
    return bool(PRICE_CUES.search(before(m, 30)) or _PRICED_IN_K.search(before(m, 50))
                or _MONEY_AFTER.match(m.string, m.end()) or m.string.startswith("/", m.end()))


def thousands_k(ctx, m: re.Match) -> str:
    if "." in m[1] and not m[2] and not m[3]:  # "quỹ còn 1.250k": thousands of thousands, một triệu hai trăm…
        return ctx.n(str(int(m[1].replace(".", "")) * 1000))
    spoken = ctx.n(m[1]) + (f" đến {ctx.n(m[2])}" if m[2] else "")
    thousand = num.in_dialect("nghìn", ctx.dialect)
    if m[3]:
        return f"{spoken} {thousand} một {UNITS[m[3]]}"
    # no race is run over a hundred kilometres here: "mỗi người 500k" in a race's notice is money
    race_distance = all(float(n.replace(",", ".")) < 100 for n in (m[1], m[2] or "0"))
    if race_distance and (_RACE_BEFORE.search(before(m, 12)) or (_RACE_IN_SENTENCE.search(before(m, 60))
                                                                  and not _money_named(m))):
        return f"{spoken} ca"  # the letter by its name, as a race's "5k" is said
    return f"{spoken} {thousand}"


# A sign before a number: a comparison ("trẻ em < 6 tuổi" dưới, "> 35°C" trên, "≤" không quá, "≥" không dưới), an
# approximation ("~0,5%" khoảng, "≈" xấp xỉ) or a tolerance ("±2 cm" cộng trừ); ≤ and ≥ before a word or a code
# too ("dư lượng ≤ MRL").
NUMBER_SIGN = re.compile(r"(?=[<>≤≥~≈±=])(?:(?<=\s)|(?<=^)|(?<=\())"
                         r"(?:([<>≤≥~≈±=]|<=|>=)\s?(?=-?\d)|([≤≥])\s?(?=[^\W\d_]))")  # "T-score ≤ -2,5" too
NUMBER_SIGN_WORDS = {"<": "dưới", ">": "trên", "≤": "không quá", "<=": "không quá", "≥": "không dưới",
                     ">=": "không dưới", "~": "khoảng", "≈": "xấp xỉ", "±": "cộng trừ", "=": "bằng"}

# A fraction written as one character: "½ diện tích" is một phần hai.
VULGAR_FRACTION = re.compile(r"(?<![\d,.])([½⅓⅔¼¾⅕])")
VULGAR_FRACTIONS = {"½": "một phần hai", "⅓": "một phần ba", "⅔": "hai phần ba", "¼": "một phần tư",
                    "¾": "ba phần tư", "⅕": "một phần năm"}

# Weekdays as timetables write them, in a range or list ("T2-T6", "T2, T4 và CN"), after a day word or a time
# ("vào T7", "sáng CN", "7h30 CN", "tuần sau T3"), before a date or "tuần này" ("CN 13/12", "T5 ngày 10/12", "T3
# (15/12)"), before who is on duty ("T2 a Sơn"), before mở, đóng cửa, trực ("CN mở cả ngày") or alone in brackets
# after a date ("19/12 (T7)"): thứ hai … thứ bảy, Chủ nhật. A lone T2 elsewhere stays a letter and a number (tê hai).
_WEEKDAY = r"(?:[Tt][2-7]|CN|cn)"  # chat writes them small: "nghỉ học t7, cn"
_DAY_CUES = [cue for word in ('vào', 'từ', 'đến', 'tới', 'trước', 'hết', 'hạn', 'sáng', 'trưa', 'chiều', 'tối',
                              'đêm', 'ngày', 'nghỉ', 'trừ', 'lấy', 'họp', 'trực', 'khám', 'tiêm', 'mở', 'học',
                              'cả',  # "kể cả T7"
                              'hạn cuối', 'hạn chót', 'chậm nhất',  # a deadline: "hạn cuối CN" (was spelled)
                              'hôm', 'bữa',  # "tập huấn hôm T5 r"
                              'hẹn',  # "họ hẹn T2 qua thay"
                              'tuần sau', 'tuần này', 'tuần tới',  # "Tuần sau T3 có đoàn về khám"
                              'giỗ', 'cưới',  # a family's day: "E bận đám giỗ T7"
                              'đổi qua', 'đổi sang', 'dời qua', 'dời sang', 'lùi qua', 'lùi sang')  # "đổi qua CN"
             for cue in (word, word.capitalize())]  # "các CN" is các công nhân: CN only after these
_DAY_CUES += ['Toán', 'Văn', 'Anh', 'Lý', 'Hóa', 'Sử', 'Địa', 'Sinh', 'Tin']  # an exam's day: "Toán T2, Văn T3"
WEEKDAYS = re.compile(rf"(?=[TCtc])(?<![\w/-])(?<!(?i:cô) )(?<!(?i:thầy) )"  # "cô CN" is a form teacher (textnorm)
                      rf"(?:{_WEEKDAY}(?:(?:\s?[-,]\s?|\s(?:và|hoặc|đến|tới)\s){_WEEKDAY})+"
                      rf"|(?<=các )T[2-7]|(?<=Các )T[2-7]"
                      rf"|(?:{'|'.join(f'(?<={cue} )' for cue in _DAY_CUES)}|(?<=\d[hg] )|(?<=[hg]\d\d )"
                      rf"|(?<=(?i:thứ) [2-7], )|(?<=(?i:thứ) [2-7] và )){_WEEKDAY}"  # "sáng thứ 7, CN"
                      rf"|{_WEEKDAY}(?=,?\s\(?(?:ngày\s)?\d{{1,2}}/\d{{1,2}}(?!\d)"
                      rf"|\s(?:tuần này|tuần tới|tuần sau|này|tới|sáng|trưa|chiều|tối|đêm|mở|đóng cửa|trực)\b"
                      rf"|:?\s(?:[aceô]|anh|chị|em|cô|chú|bác|ông|bà|đ/c)\s[A-ZĐ]"  # a roster: "T2 a Sơn, T3 c Mai"
                      rf"|\s(?:nha|nhé|nhen|nghen|hen|á|nè)(?!\w)"  # a chat's day: "phụ nấu T4 nha c", "T4 á"
                      rf"|\s(?:[ace]|anh|chị|em)\s(?:bận|rảnh|nghỉ|trực|đi làm)\b"  # "T7 e bận"
                      rf"|\s(?:đi vắng|vắng nhà|về quê|có việc(?! làm))\b"  # "nhà e CN đi vắng"
                      rf"|\s(?:cuối|đầu|giữa) (?:tháng|tuần)\b"  # "T7 cuối tháng 3"
                      rf"|\s?:[^;\n]*;\s?{_WEEKDAY}\s?:)"  # a menu by day: "Thực đơn T4: …; T7: …"
                      rf"|(?<=\(){_WEEKDAY}(?=\))"
                      rf"|(?:(?<=^)|(?<=; )){_WEEKDAY}(?=\s?:)"  # a week's schedule: "T2: 7h30 chào cờ; T3: …"
                      # a clause that opens on its day, who comes then: "ghi nhận r, T4 thợ xuống sửa", "Chốt nhé,
                      # CN gặp ae"
                      rf"|(?:(?<=^)|(?<=, )){_WEEKDAY}"
                      rf"(?= (?:thợ|họ|mình|tui|tôi|bên|đoàn|đội|xe|cả nhà|mọi người|mn|gặp)\b))"
                      rf"(?![\w/&-])")  # "họp CN&TY" is a code


# A month written T and its number, as bills and chat shorten it: "tiền điện T11", "lịch tiêm T12:", "T3/2027",
# "mùa khô (T12-T4)".
# T8–T12 cannot be weekdays; T1–T7 are a month only before a year or after a word billed by the month (lương,
# tiền điện, tiền nước, hóa đơn, kỳ), or as a span in a sentence about a season ("mùa cá sinh sản từ T4-T7"):
# "sáng T5" stays thứ năm.
MONTH_SHORT = re.compile(r"(?=T)(?<![\w/-])T(1[0-2]|[1-9])(?:\s?-\s?T(1[0-2]|[1-9]))?"
                         r"(?=/(?:19|20)\d\d(?!\d)|(?![\w/-]|[.,]\d))")
_BILLED_BEFORE = re.compile(r"(?:lương|điện|nước|hóa đơn|hoá đơn|kỳ|phí)\s$")
# A span of the year in a sentence about a season ("Mùa cá sinh sản từ T4-T7"): months, not weekdays.
_SEASON_BEFORE = re.compile(r"(?i:mùa|vụ|giai đoạn|thời kỳ|hằng năm|hàng năm)(?!\w)")
# A quarter written Q before its year ("phí Q4/2026"), or alone where the clause is about money owed or reported
# ("chưa đóng phí rác Q4", "báo cáo Q1"): quý. Elsewhere "Q4" may be quận 4 ("tại Q4") and is left.
QUARTER_SHORT = re.compile(r"(?=Q)(?<![\w/-])Q([1-4])(?:(?=/(?:19|20)\d\d(?!\d))|(?![\w/.,-]\w?))")
_QUARTER_CUES = re.compile(r"(?:phí|thuế|đóng|nộp|báo cáo|quyết toán|doanh thu|chỉ tiêu|kế hoạch|tiền|tờ khai)\b"
                           r"[^,.;:!?]{0,20}(?<!tại )(?<!ở )$")


def quarter_short(ctx, m: re.Match) -> str:
    if m.string.startswith("/", m.end()) or _QUARTER_CUES.search(before(m, 40)):
        return f"quý {m[1]}"
    return m[0]
# A form's code, letters run into a number with its zero ("xác nhận cư trú CT07", "tờ khai TK01"): the letters by
# name, the digits one by one (CT07 was read "Chỉ thị bảy").
FORM_CODE = re.compile(r"(?<![\w.,/-])([A-Z]{2,3})(0\d)(?![\w/-]|[.,]\d)")
# A certificate's series and serial ("giấy CNQSDĐ số BK 123456", "phôi AA 0012345"): letters by name, then six or
# more digits one by one (it was read as hundreds of thousands). Letters the dictionary knows are a word before a
# number ("STK 1234567890" has its own rule; "HTX 1500000" is an amount).
SERIAL = re.compile(r"(?<![\w.,/-])([A-Z]{1,3})\s(\d{6,12})(?![\w/-]|[.,]\d)")

# A national standard's name: "QCVN 01-1:2018/BYT" is quy chuẩn Việt Nam không một - một năm hai nghìn không trăm
# mười tám Bộ Y tế (its parts were a span, "một đến một", and its issuer dropped). A part with a leading zero is said
# digit by digit, as it is written; the issuer is read by the dictionary, as part of the standard's name.
STANDARD = re.compile(r"(?<![\w/-])(QCVN|TCVN|TCN)\s?(\d{1,5}(?:[-.](?:\d{1,5}|[A-Z]{2,4}))*)(?::\s?((?:19|20)\d\d))?"
                      r"(?:/([A-ZĐ][A-ZĐa-z&-]{1,12}))?(?![\w/]|[-.,]\d)")  # "vượt QCVN 1,5 lần": a ratio


def standard(ctx, m: re.Match) -> str:
    parts = re.split(r"([-.])", m[2])
    said = " ".join({"-": "-", ".": "chấm"}.get(part) or (spelled(part) if part.isalpha() else num.digits(part)
                                                            if part.startswith("0") else ctx.card(int(part)))
                    for part in parts)  # "QCVN 62-MT:2016": its field's letters, spelled
    year = f" năm {ctx.card(int(m[3]))}" if m[3] else ""
    return f"{m[1]} {said}{year}" + (f" {m[4]}" if m[4] else "")


def form_code(ctx, m: re.Match) -> str:
    return f"{spelled(m[1])} {num.digits(m[2])}"


def month_short(ctx, m: re.Match) -> str:
    """'T11' -> 'tháng 11', 'T12-T4' (a dry season) -> 'tháng 12 đến tháng 4'; 'T2-T6' stays for the weekdays."""
    months = [int(n) for n in (m[1], m[2]) if n]
    if max(months) >= 8 or m.string.startswith("/", m.end()) or _BILLED_BEFORE.search(before(m, 12)) \
            or (m[2] and _SEASON_BEFORE.search(sentence_before(m, 60))):
        return " đến ".join(f"tháng {month}" for month in months)  # the date and month rules read them
    return m[0]


# A timetable's days, each before what happens on it, listed in one line ("Lịch thi: T2 Toán, T3 TV, T4 TA, T5
# Khoa học"): weekdays, where two or more items are so written; one alone ("T2 Sơn") stays as written.
TIMETABLE_DAY = re.compile(r"(?=[TC])(?:(?<=^)|(?<=: )|(?<=, )|(?<=; ))(?:T[2-7]|CN)(?= [A-ZĐ])")
_TIMETABLE_ITEM = re.compile(r"(?:^|[:,;] )(?:T[2-7]|CN) [A-ZĐ]")


def timetable_day(ctx, m: re.Match) -> str:
    window = m.string[max(0, m.start() - 60):m.end() + 60]
    return weekdays(ctx, m) if len(_TIMETABLE_ITEM.findall(window)) >= 2 else m[0]


def weekdays(ctx, m: re.Match) -> str:
    spoken = re.sub(r"[Tt]([2-7])", lambda day: f"thứ {num.ordinal(int(day[1]), ctx.dialect)}", m[0])
    spoken = re.sub(r"CN|cn", "Chủ nhật", spoken)
    dashes = len(re.findall(r"\s?-\s?", spoken))
    return re.sub(r"\s?-\s?", " đến " if dashes == 1 else ", ", spoken)  # "T2-T4-T6" is a list of three days


# A position in degrees and minutes: "11°05'N, 107°12'E" (mười một độ năm phút vĩ Bắc…), with seconds too
# ("10°58'12\"N": the marks were left between the numbers).
DEGREES_MINUTES = re.compile(r"(?<![\d.,])(\d{1,3})°\s?(\d{1,2})\s?['′’](?:\s?(\d{1,2})\s?[\"″”])?"
                             r"\s?([NSEWBĐT])?(?![\w])")
HEMISPHERES = {"N": "vĩ Bắc", "B": "vĩ Bắc", "S": "vĩ Nam", "E": "kinh Đông", "Đ": "kinh Đông", "W": "kinh Tây",
               "T": "kinh Tây"}


# A storm's position as bulletins write it, latitude then longitude without the degree sign: "12,5N-113,2E".
_DEGREES = r"(\d{1,3}(?:[.,]\d{1,2})?)"
LAT_LON = re.compile(rf"(?<![\w.,]){_DEGREES}\s?([NS])\s?[-–,;/]\s?{_DEGREES}\s?([EW])(?![\w])")


def lat_lon(ctx, m: re.Match) -> str:
    latitude, longitude = (ctx.n(m[i].replace(".", ",")) for i in (1, 3))
    return f"{latitude} độ {HEMISPHERES[m[2]]}, {longitude} độ {HEMISPHERES[m[4]]}"


# A parallel or a meridian named by its degree and hemisphere, or a span of them: "vĩ tuyến 10N-15N", "phía Tây kinh
# tuyến 116E" (the line already says vĩ or kinh: độ Bắc, độ Đông; the letters were left to the voice).
DEGREE_LINE = re.compile(rf"(?<=(?i:tuyến) ){_DEGREES}\s?([NSEW])(?:\s?[-–]\s?{_DEGREES}\s?([NSEW]))?(?![\w])")


def degree_line(ctx, m: re.Match) -> str:
    spoken = f"{ctx.n(m[1].replace('.', ','))} độ {HEMISPHERES[m[2]].split()[1]}"
    return spoken + (f" đến {ctx.n(m[3].replace('.', ','))} độ {HEMISPHERES[m[4]].split()[1]}" if m[3] else "")


# A race's time with its marks ("8\"92", "2'18\"5"): phút, giây, then the hundredths as said at the finish line (the
# marks were left between the numbers); a mark that closes a quotation opened before it is left ("Cảnh 2"5 lần").
RACE_TIME = re.compile(r"(?<![\d.,'′’])(?:(\d{1,2})['′’])?(\d{1,2})[\"″”](\d{1,2})(?!\d)")
_QUOTE_MARK = re.compile(r'(?<!\d)"|"(?!\d)')  # a quotation's mark, not a time's between its digits


def race_time(ctx, m: re.Match) -> str:
    earlier = m.string[:m.start()]
    if len(_QUOTE_MARK.findall(earlier)) % 2 or earlier.count("“") > earlier.count("”"):
        return m[0]
    minutes = f"{ctx.card(int(m[1]))} phút " if m[1] else ""
    return f"{minutes}{ctx.card(int(m[2]))} giây {ctx.card(int(m[3]))}"


# Minutes with a prime, as a hurried notice writes them: "đi trễ quá 15'" is mười lăm phút (the mark was dropped);
# a mark that closes a quotation opened before it ("vở kịch 'Cảnh 2'") is left.
MINUTES_MARK = re.compile(r"(?<![\d°'′’.,])(\d{1,3})\s?['′’](?![\w'′’])")
_OPENING_QUOTE = re.compile(r"(?:^|(?<=[\s(]))['‘](?=\w)")
_CLOSING_QUOTE = re.compile(r"(?<=[\w.,!?])['’]")


@functools.lru_cache(maxsize=4)
def _quotes(line: str) -> tuple[list[int], list[int]]:
    """Where each opening quotation's text starts and where each closing mark stands, found once per line: looked
    for from each prime again, a line of many ("5' 5' 5' …") took a minute per 100 kB."""
    return [q.end() for q in _OPENING_QUOTE.finditer(line)], [q.start() for q in _CLOSING_QUOTE.finditer(line)]


def minutes_mark(ctx, m: re.Match) -> str:
    openings, closings = _quotes(m.string)
    opened = bisect.bisect_left(openings, m.start())  # an opening needs a letter after it, before this number
    if opened == 0:
        return f"{m[1]} phút"
    closed = bisect.bisect_left(closings, openings[opened - 1])  # the first closing mark inside the quotation
    closes_a_quote = not (closed < len(closings) and closings[closed] < m.start())
    return m[0] if closes_a_quote else f"{m[1]} phút"


def degrees_minutes(ctx, m: re.Match) -> str:
    spoken = f"{ctx.card(int(m[1]))} độ {ctx.card(int(m[2]))} phút" + (f" {ctx.card(int(m[3]))} giây" if m[3] else "")
    return spoken + (f" {HEMISPHERES[m[4]]}" if m[4] else "")


# A storm's international name written in capitals ("tên quốc tế: KOINU", "MAN-YI") is a name, read as a word
# (Koinu, Man-yi), not spelled letter by letter.
STORM_NAME = re.compile(r"(?i:(?<=tên quốc tế)|(?<=tên quốc tế là)|(?<=tên QT))"
                        r"(\s?:?\s?)([A-Z]{2,12}(?:-[A-Z]{1,12})?)(?![\w-])")

# Hours of the day's 24 written with an hour mark: "trực 24/24h" is hai mươi bốn trên hai mươi bốn giờ, "chạy quạt
# 20/24h" hai mươi trên… (it was "hai mươi phần hai mươi bốnh").
HOURS_OF_DAY = re.compile(r"(?=\d)(?<![\d.,/])(\d{1,2})/24\s?h(?![\w/])")


def hours_of_day(ctx, m: re.Match) -> str:
    return f"{ctx.card(int(m[1]))} trên {ctx.card(24)} giờ" if int(m[1]) <= 24 else m[0]


# Mobile network generations: "4G/5G" is bốn G, năm G (not "bốn G một năm G").
NETWORKS = re.compile(r"(?<![\w/])([2-6])G/([2-6])G(?![\w/])")

# An exchange rate's pair of currencies: "tỷ giá USD/VND" is đô la Mỹ so với đồng Việt Nam (was "u ét xì dê, đồng").
CURRENCIES = {"USD": "đô la Mỹ", "EUR": "ơ rô", "CNY": "nhân dân tệ", "JPY": "yên Nhật", "VND": "đồng Việt Nam",
              "VNĐ": "đồng Việt Nam"}
CURRENCY_PAIR = re.compile(rf"(?=[UECJV])(?<![\w/])({'|'.join(CURRENCIES)})/({'|'.join(CURRENCIES)})(?![\w/])")

# "tăng 1,2 điểm %": the sign alone after "điểm" is the unit, percentage points.
PERCENT_POINT = re.compile(r"(?i)(?<=điểm)\s?%")

# A formula written in words ("Số thuế phải nộp = doanh thu x tỷ lệ %", "Tỷ lệ = (số hộ đạt / tổng số hộ) x 100%"): in a
# sentence with an "=" between words (or a number before it: "23 = hợp lệ", read the same once the number is words), the
# signs between words are said: bằng, nhân, chia, cộng (a "+" elsewhere between words is và), and a "%" after a word
# phần trăm. Elsewhere a lone x or / between words is left to the other rules.
WORD_FORMULA = re.compile(r"(?:(?<=^)|(?<=[.;!?]))(?=[^.;!?\n]* = )"  # a quick test for the sign first
                          r"[^.;!?\n]*[^\W_)] = [(]?[^\W\d_][^.;!?\n]*")
# a sign between words, or a bracket divided ("(TX + 2 x GK + 3 x CK)/6"), or a percentage
_FORMULA_SIGN = re.compile(r"(?<=[^\W_)]) ([=x×*/+]) (?=[(]?[^\W_])|(?<=\))(/)(?=[(]?[^\W_])|(?<=[^\W\d_]) ?%(?!\w)")
_FORMULA_WORDS = {"=": "bằng", "x": "nhân", "×": "nhân", "*": "nhân", "/": "chia", "+": "cộng"}


def word_formula(ctx, m: re.Match) -> str:
    return _FORMULA_SIGN.sub(lambda sign: f" {_FORMULA_WORDS[sign[1] or sign[2]]} " if sign[1] or sign[2]
                             else " phần trăm", m[0])


# A case file's or a parcel's code after "mã" (mã hồ sơ, mã tra cứu…), a form's after "tờ khai" or, starting with a
# letter, after "mẫu" (a form's number with its zero is typed.FORM_NUMBER's): "H12.34-261206-0001" is read as it is
# typed, letters by name and digit by digit, a pause at each dash ("261206" was a number in the hundred thousands; "tờ
# khai TK1-TS" was "tài khoản một-tê ét xì", "mẫu S1-HKD" "S một-hộ kinh doanh", "mẫu C1-02" "C một đến hai"; "lấy mẫu
# 2-3 lần" is a span, and so is one after a word of time or range: "nộp tờ khai từ 1-30 ngày" was "một, ba không").
# Codes listed after the first are codes too ("mẫu S1-HKD, S2-HKD").
_CODE_JOINT = r", | và | hoặc "
_CODE_LIST_JOINT = re.compile(f"({_CODE_JOINT})")
# A growing area's code starts with its letters ("Mã số vùng trồng ấp mình: VN-DNOR-0123"; VN was Việt Nam).
_FILE_CODE_ITSELF = r"(?:[A-Za-z]{0,4}\d[A-Za-z0-9.]*|[A-Z]{2,5}(?=-[A-Z0-9-]*\d))(?:-(?:[A-Za-z0-9]+\.)*[A-Za-z0-9]+)+"
# A public-service file's number as the one-stop desk prints it (Thông tư 01/2018/TT-VPCP: the office's code, the
# day, the count) is one without its cue too: "(ví dụ: 000.00.15.H19-261207-0012)" was "không chấm không chấm mười
# lăm. H mười chín đến hai trăm sáu mươi mốt nghìn…".
_NOT_BEFORE_A_CODE = r"(?:từ|trong|sau|trước|chậm|quá|đến|tới|khoảng)\s"  # a span's or a time's words
FILE_CODE = re.compile(rf"(?<![\w])((?i:mã|tờ khai)(?:\s(?!{_NOT_BEFORE_A_CODE})[^\W\d_]+){{0,5}}"
                       r"\s?:?\s|(?i:mẫu)(?: (?i:số))?\s?:?\s"
                       r"(?=[A-Za-z]{1,4}-?\d)|(?=(?:\d{2,3}\.){3}[A-Z]\d{2}-\d{6}-\d{4}))"
                       rf"({_FILE_CODE_ITSELF}(?:(?:{_CODE_JOINT}){_FILE_CODE_ITSELF})*)(?![\w-])")


# A tax code with its branch's number ("MST: 3603456789-001", a business's dependent unit): every digit, a pause at
# the dash (the branch's "001" was một).
TAX_CODE = re.compile(r"(?=\d)(?<![\w.,/-])(\d{10})-(\d{3})(?![\w-])")


def file_code(ctx, m: re.Match) -> str:
    def said(code: str) -> str:
        return ", ".join(" chấm ".join(spelled(part) for part in group.split(".")) for group in code.split("-"))
    parts = _CODE_LIST_JOINT.split(m[2])  # code, joint, code…
    return m[1] + "".join(said(part) if i % 2 == 0 else part for i, part in enumerate(parts))


PASSES = (
    *typed.FIRST_PASSES,
    (ADDRESS, address),
    (FILE_CODE, file_code),
    (FILE_NAME, file_name),
    (FILE_EXTENSION, file_extension),
    (HANDLE, handle),
    (CAMEL_NAME, camel_name),
    (PROCESSOR, lambda ctx, m: f"i {ctx.card(int(m[1]))}"),
    (SMALL_LETTER_CODE, lambda ctx, m: (" " if m.string[m.start() - 1:m.start()].isdigit() else "") + spelled(m[1])
     + (" " if m.string[m.end():m.end() + 1].isdigit() else "")),
    (LICENCE_CLASS, lambda ctx, m: LETTER_NAMES[m[1].lower()]),
    (SMS_KEYWORD, lambda ctx, m: spelled(m[1] or m[2])),
    (PLACEHOLDER, lambda ctx, m: m[1]),
    (STATION_CODE, station_code),
    (FORMULA, formula),
    (DISCOUNT_CODE, discount_code),
    (FORMULATION, lambda ctx, m: f" {spelled(m[1])}"),
    (TAX_CODE, lambda ctx, m: f"{num.digits(m[1])}, {num.digits(m[2])}"),
    (SHORT_CITATION, short_citation),
    (DOSE_DAY, dose_day),
    (STAMPED_CODE, lambda ctx, m: m[1] + ", ".join(spelled(part) for part in m[2].split("-"))),
    (FINE_DUST, lambda ctx, m: f"pê em {ctx.n(m[1].replace('.', ','))}"),
    (SERVICE_LINE, lambda ctx, m: m[1] + num.digits(m[2])),
    (PROGRAM_NUMBER, lambda ctx, m: m[1] + num.digits(m[2])),
    (TIME_ZONE, lambda ctx, m: f"{spelled(m[1])} {'cộng' if m[2] == '+' else 'trừ'} {ctx.card(int(m[3]))}"),
    (VERSION, lambda ctx, m: "phiên bản " + " chấm ".join(ctx.card(int(part)) for part in m[1].split("."))),
    *typed.PASSES,  # hurried typing put back, abbreviations defined in place: before any rule reads the text
    (HASHTAG_NAME, lambda ctx, m: _label(m[1])),  # the hashtags typed.HASHTAG left: one inside a sentence
    (DOT_DECIMAL, lambda ctx, m: f"{m[1]},{m[2]}"),
    (DOT_CLOCK, dot_clock),
    (DOT_DAY_MONTH, dot_day_month),
    (SCORE_POINT, score_point),
    (HEIGHT_SPAN, lambda ctx, m: f"{m[1]} đến "),
    (SHARED_WHOLE_SPAN, shared_whole_span),
    (STOPPAGE_TIME, lambda ctx, m: f"{m[1]} cộng {m[2]}"),
    (OR_MORE, or_more),
    (HEIGHT, height),
    (LAND_USE, land_use),
    (CURRENCY_SIGN, currency_sign),
    (NUMBER_MARK, lambda ctx, m: "số "),
    (WORD_FORMULA, word_formula),
    (TIMES, lambda ctx, m: "nhân "),
    (VARIETY, variety),
    (ZERO_LED_VARIETY, lambda ctx, m: num.digits(m[0])),
    (VARIETY_AGAIN, variety_again),
    (GOLD_PURITY, lambda ctx, m: m[1] + num.digits(m[2])),
    (RATING, lambda ctx, m: f"{ctx.card(int(m[1]))} vôn, {ctx.n(m[2])} am pe"),
    (RATED_CURRENT, rated_current),
    (FLU, flu),
    (FUEL, fuel),
    (LOAD_TONNES, load_tonnes),
    (ALARM_SPAN, alarm_span),
    (NETWORKS, lambda ctx, m: f"{ctx.card(int(m[1]))} G, {ctx.card(int(m[2]))} G"),
    (CURRENCY_PAIR, lambda ctx, m: f"{CURRENCIES[m[1]]} so với {CURRENCIES[m[2]]}"),
    (RATIO, ratio),
    (STORM_NAME, lambda ctx, m: m[1] + m[2].capitalize()),
    (HOURS_OF_DAY, hours_of_day),
    (DEGREES_MINUTES, degrees_minutes),
    (RACE_TIME, race_time),
    (MINUTES_MARK, minutes_mark),
    (LAT_LON, lat_lon),
    (DEGREE_LINE, degree_line),
    (NUMBER_SIGN, lambda ctx, m: NUMBER_SIGN_WORDS[m[1] or m[2]] + " "),  # before the k is read: "= 500k" is bằng
    (THOUSANDS_K, thousands_k),
    (VULGAR_FRACTION, lambda ctx, m: VULGAR_FRACTIONS[m[1]]),
    (MONTH_SHORT, month_short),
    (QUARTER_SHORT, quarter_short),
    (WEEKDAYS, weekdays),
    (TIMETABLE_DAY, timetable_day),
    (STANDARD, standard),
    (FORM_CODE, form_code),
    (SERIAL, lambda ctx, m: m[0] if m[1] in ctx.lexicon else form_code(ctx, m)),
    (LETTER_NUMBER, letter_number),
    (NAME_NUMBER, name_number),
    (PERCENT_POINT, lambda ctx, m: " phần trăm"),
    (PLATE_LABEL, lambda ctx, m: _PLATE_LABELS[m[1]] + m[2]),
    (VESSEL, lambda ctx, m: f"{spelled(m[1])} {num.digits(m[2])} {spelled(m[3])}"),
    (SIZE, size),
    (PLATE, plate),
    (ROAD_SIGN, road_sign),
    (HOUSE_NUMBER, house_number),
    (YEAR_PAIR, year_pair),
    (PER_SPAN, per_span),
    (PER_QUANTITY, per_quantity),
    (NUMBER_YEAR, number_year),
    (PART_OF_TOTAL, part_of_total),
    (DAY_LIST, day_list),
    (DASHED_LIST, dashed_list),
    (SHARED_BY_TWO, lambda ctx, m: f"{m[1]} {ctx.card(int(m[2]))} - {ctx.card(int(m[3]))}"),
    (BLOOD_GROUP, blood_group),
    (RH_FACTOR, lambda ctx, m: f"{_RH_NAME}{_RH[m[1]]}"),
    (PLUS, plus),
)
# After the quantity passes, before a word slash is read as a pause: "giống/ha" whose number came earlier.
LATE_PASSES = (
    (WORD_PER, word_per),
    (MONEY_PER, word_per),
    (PERCENT_OF, lambda ctx, m: " trên "),
    *typed.LATE_PASSES,
)
