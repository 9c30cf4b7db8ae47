"""The normalizer: worked examples from real bulletins, properties over all numbers, hostile input."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given, settings, strategies as st

from radio.speech import Reader, lines_without_marks, normalize, normalize_paragraphs, unknown_words
from radio.speech.lexicon import SPECIAL_TOKENS, UNITS, is_syllable
from radio.speech.numbers import cardinal

DEV_SET = Path(__file__).resolve().parent / "data" / "normalize-dev.tsv"  # a copy of shared/eval's
NOTATION_SET = DEV_SET.with_name("normalize-notation.tsv")  # our own, one group per notation rule

# (written, spoken) from real bulletins: plans, decisions, weather warnings, health notices, meetings.
CASES = [
    # document symbols and dates
    ("Căn cứ Quyết định số 1234/QĐ-UBND ngày 05/01/2025 của UBND tỉnh",
     "Căn cứ Quyết định số một nghìn hai trăm ba mươi bốn ngày năm tháng một năm hai nghìn không trăm hai mươi lăm "
     "của Ủy ban nhân dân tỉnh"),
    ("Nghị định 13/2023/NĐ-CP ngày 17/4/2023",
     "Nghị định mười ba năm hai nghìn không trăm hai mươi ba ngày mười bảy tháng tư năm hai nghìn không trăm hai mươi ba"),
    ("theo Luật số 23/2018/QH14", "theo Luật số hai mươi ba năm hai nghìn không trăm mười tám"),
    ("Hướng dẫn số 05-HD/BTG", "Hướng dẫn số năm"),
    ("Công văn số 456/UBND-VX", "Công văn số bốn trăm năm mươi sáu"),
    ("Số 01/TB-UBND", "Số một"),
    ("Kỷ niệm (18/11/1930 - 18/11/2025)", "Kỷ niệm (ngày mười tám tháng mười một năm một nghìn chín trăm ba mươi "
     "đến ngày mười tám tháng mười một năm hai nghìn không trăm hai mươi lăm)"),
    ("ngày 15 và 16/11/2025", "ngày mười lăm và mười sáu tháng mười một năm hai nghìn không trăm hai mươi lăm"),
    ("từ ngày 20-22/11 có mưa", "từ ngày hai mươi đến hai mươi hai tháng mười một có mưa"),
    ("từ 30/6-2/7/2025", "từ ngày ba mươi tháng sáu đến ngày hai tháng bảy năm hai nghìn không trăm hai mươi lăm"),
    ("trong hai ngày 09-10/12/2026", "trong hai ngày chín đến mười tháng mười hai năm hai nghìn không trăm hai mươi sáu"),
    ("từ tháng 10/2025 đến tháng 3/2026",
     "từ tháng mười năm hai nghìn không trăm hai mươi lăm đến tháng ba năm hai nghìn không trăm hai mươi sáu"),
    ("Quý I/2025", "Quý một năm hai nghìn không trăm hai mươi lăm"),
    ("Số 12, đường 30/4, khu phố 3", "Số mười hai, đường ba mươi tháng tư, khu phố ba"),
    ("19-6-2025 và 20.6.2025", "ngày mười chín tháng sáu năm hai nghìn không trăm hai mươi lăm và "
     "ngày hai mươi tháng sáu năm hai nghìn không trăm hai mươi lăm"),
    ("Khoảng 1/3 số hộ", "Khoảng một phần ba số hộ"),
    # times
    ("Từ 7h - 11h và 13h30-17h", "Từ bảy giờ đến mười một giờ và mười ba giờ ba mươi đến mười bảy giờ"),
    ("lúc 6g30 sáng", "lúc sáu giờ ba mươi sáng"),
    ("vào 8 giờ 00 ngày 20/11", "vào tám giờ ngày hai mươi tháng mười một"),
    ("Lúc 23h45", "Lúc hai mươi ba giờ bốn mươi lăm"),
    ("từ 0h ngày 1/7/2025", "từ không giờ ngày một tháng bảy năm hai nghìn không trăm hai mươi lăm"),
    ("họp lúc 7h05", "họp lúc bảy giờ năm phút"),
    # telephone and service numbers
    ("Điện thoại: (0251) 3822 123", "Điện thoại: không hai năm một ba tám hai hai một hai ba"),
    ("Liên hệ +84 912 345 678", "Liên hệ cộng tám tư chín một hai ba bốn năm sáu bảy tám"),
    ("ĐT: 0912.345.678", "điện thoại: không chín một hai ba bốn năm sáu bảy tám"),
    ("gọi ngay đường dây nóng 112.", "gọi ngay đường dây nóng một một hai."),
    ("Hotline 1900 9095", "Hotline một chín không không chín không chín năm"),
    # quantities, units, ranges
    ("Giá heo hơi từ 58.000-62.000 đồng/kg", "Giá heo hơi từ năm mươi tám nghìn đến sáu mươi hai nghìn đồng một ki lô gam"),
    ("68,5 triệu đồng/người/năm", "sáu mươi tám phẩy năm triệu đồng một người một năm"),
    ("30 phút/lần, 3 lần/ngày", "ba mươi phút một lần, ba lần một ngày"),
    ("lượng giống 80-100 kg/ha", "lượng giống tám mươi đến một trăm ki lô gam một héc ta"),
    ("Tốc độ gió 60-75 km/h", "Tốc độ gió sáu mươi đến bảy mươi lăm ki lô mét một giờ"),
    ("Sóng cao 2-4m", "Sóng cao hai đến bốn mét"),
    ("Mực nước 1,85m", "Mực nước một phẩy tám mươi lăm mét"),
    ("Nhiệt độ thấp nhất -2°C", "Nhiệt độ thấp nhất âm hai độ C"),
    ("độ ẩm 75-85%", "độ ẩm bảy mươi lăm đến tám mươi lăm phần trăm"),
    ("mật độ 3.000 con/m²", "mật độ ba nghìn con một mét vuông"),
    ("công suất 100 MW", "công suất một trăm mê ga oát"),
    ("Tổng vốn 12.500.000.000 đồng", "Tổng vốn mười hai tỷ năm trăm triệu đồng"),
    ("đạt 102,5% kế hoạch", "đạt một trăm linh hai phẩy năm phần trăm kế hoạch"),
    ("thôn/ấp, nam/nữ", "thôn, ấp, nam, nữ"),
    ("Cách mạng công nghiệp 4.0 và dịch COVID-19", "Cách mạng công nghiệp bốn chấm không và dịch Cô vít mười chín"),
    # ordinals and Roman numerals
    ("Đại hội lần thứ XV, nhiệm kỳ 2025 - 2030", "Đại hội lần thứ mười lăm, nhiệm kỳ hai nghìn không trăm hai mươi lăm "
     "đến hai nghìn không trăm ba mươi"),
    ("Ban Chấp hành Trung ương Đảng khóa XII", "Ban Chấp hành Trung ương Đảng khóa mười hai"),
    ("Nghị quyết Đại hội XIII", "Nghị quyết Đại hội mười ba"),
    ("các ngày thứ 2, thứ 4 và thứ 6", "các ngày thứ hai, thứ tư và thứ sáu"),
    ("giải nhất lần thứ 1", "giải nhất lần thứ nhất"),
    ("thế kỷ XXI", "thế kỷ hai mươi mốt"),
    ("Chương II. QUYỀN VÀ NGHĨA VỤ", "Chương hai. quyền và nghĩa vụ"),
    ("II - NHIỆM VỤ", "Hai. nhiệm vụ"),
    ("V. TỔ CHỨC THỰC HIỆN", "Năm. tổ chức thực hiện"),
    ("Ô tô và Ý KIẾN CỬ TRI", "Ô tô và ý kiến cử tri"),  # a word's one-letter capital is not a heading's
    # abbreviations in context
    ("KT. CHỦ TỊCH", "Ký thay chủ tịch"),
    ("TM. ỦY BAN NHÂN DÂN", "Thay mặt ủy ban nhân dân"),
    ("V/v triển khai tiêm chủng", "về việc triển khai tiêm chủng"),
    ("CT UBND xã chủ trì hội nghị", "Chủ tịch Ủy ban nhân dân xã chủ trì hội nghị"),
    ("PCT UBND xã", "Phó Chủ tịch Ủy ban nhân dân xã"),
    ("BCH Quân sự xã", "Ban Chỉ huy Quân sự xã"),
    ("BCH Đoàn xã", "Ban Chấp hành Đoàn xã"),
    ("TT. Gia Ray, H. Xuân Lộc", "thị trấn Gia Ray, huyện Xuân Lộc"),
    ("TP.HCM và TP. Biên Hòa", "thành phố Hồ Chí Minh và thành phố Biên Hòa"),
    ("Tuyến ĐT.769 và QL20", "Tuyến đường tỉnh bảy trăm sáu mươi chín và quốc lộ hai mươi"),
    ("Sở TN&MT, Sở NN&PTNT", "Sở Tài nguyên và Môi trường, Sở Nông nghiệp và Phát triển nông thôn"),
    ("Hội CCB xã phối hợp với Đoàn TN, Hội LHPN", "Hội cựu chiến binh xã phối hợp với Đoàn Thanh niên, "
     "Hội Liên hiệp Phụ nữ"),
    ("UBND-HĐND xã", "Ủy ban nhân dân - Hội đồng nhân dân xã"),
    ("Lịch trực ban: 24/24 giờ", "Lịch trực ban: hai mươi bốn trên hai mươi bốn giờ"),
    ("Đã có 3/5 ấp hoàn thành", "Đã có ba trên năm ấp hoàn thành"),
    ("Mã số thuế 3600123456", "Mã số thuế ba sáu không không một hai ba bốn năm sáu"),
    ("Căn cước công dân số 075123456789", "Căn cước công dân số không bảy năm một hai ba bốn năm sáu bảy tám chín"),
    ("Tọa độ 12,5°N - 111,2°E", "Tọa độ mười hai phẩy năm độ vĩ Bắc - một trăm mười một phẩy hai độ kinh Đông"),
    ("Lúc 9g ngày 5/12, cân 5g muối", "Lúc chín giờ ngày năm tháng mười hai, cân năm gam muối"),
    ("Cấp báo động III, trường cấp III", "Cấp báo động ba, trường cấp ba"),
    # the held-out set's gaps, as rules
    ("Hạn chót ngày 2026-11-20 tại xã", "Hạn chót ngày hai mươi tháng mười một năm hai nghìn không trăm hai mươi "
     "sáu tại xã"),
    ("2026-11-20", "ngày hai mươi tháng mười một năm hai nghìn không trăm hai mươi sáu"),
    ("Gọi số 02743. 613.813 để báo", "Gọi số không hai bảy bốn ba sáu một ba tám một ba để báo"),
    ("Gọi 0909123456. 15 hộ đã đến", "Gọi không chín không chín một hai ba bốn năm sáu. mười lăm hộ đã đến"),
    ("Quyết định số 168a/QĐ-UBND", "Quyết định số một trăm sáu mươi tám a"),
    ("Công văn số 25/QĐ-BYT của Bộ", "Công văn số hai mươi lăm của Bộ"),
    ("Công văn 7b/2025/CV-SYT", "Công văn bảy bê năm hai nghìn không trăm hai mươi lăm"),
    ("Công tác QP-AN, KT-XH", "Công tác quốc phòng - an ninh, kinh tế - xã hội"),
    ("kết thúc với tỷ số 2-1, hòa 0:0", "kết thúc với tỷ số hai - một, hòa không - không"),
    ("Sạt lở tại Km 15+200 quốc lộ 20", "Sạt lở tại ki lô mét mười lăm cộng hai trăm quốc lộ hai mươi"),
    ("Lô đất 5x20 m, phòng 3 x 4,5m", "Lô đất năm nhân hai mươi mét, phòng ba nhân bốn phẩy năm mét"),
    # chat's "r c" ending a line is rồi chị; a line's end, so not among the notation examples that must read alike
    # with more words after them
    ("Tiền nước vậy là đúng r c", "Tiền nước vậy là đúng rồi chị"),
    # a task done, in a document that never spoke of the call-up (its notation example is a recruit's service)
    ("Cán bộ hoàn thành tốt NV được giao", "Cán bộ hoàn thành tốt nhiệm vụ được giao"),
    # left alone
    ("Nguyễn Văn A, Nguyễn H. Nam", "Nguyễn Văn A, Nguyễn H. Nam"),
    ("trên Zalo, Facebook", "trên Zalo, Facebook"),
    ("### **2. Hình thức tuyên truyền:**", "hai. Hình thức tuyên truyền:"),
    ("---", ""), ("* * *", ""), ("=====", ""),  # a rule line pasted from Markdown or chat: nothing to say
    # a mark run into the next word gets its space: espeak-ng read "2026.Quá" as "… chấm quá", no pause at "2,ấp"
    ("Hạn chót 20/12/2026.Quá hạn, ấp 2,ấp 3", "Hạn chót ngày hai mươi tháng mười hai năm hai nghìn không trăm hai "
                                                "mươi sáu. Quá hạn, ấp hai, ấp ba"),
    # a form's number keeps its zero, as printed ("mẫu 02" was "mẫu hai")
    ("Đơn (mẫu 02),bản sao; ông Trần V.Nam (ấp 1).Mời", "Đơn (mẫu không hai), bản sao; ông Trần V.Nam (ấp một). Mời"),
    ("Nhiệt độ 33*C, diện tích 3*4 m", "Nhiệt độ ba mươi ba độ C, diện tích ba nhân bốn mét"),  # a star is no mark
    # a row pasted from Excel: its cells apart (they ran together, "Ấp một hai trăm bốn mươi lăm" as if hamlet 1245)
    ("\tẤp 1\t245 hộ\t\t98,5%", "Ấp một, hai trăm bốn mươi lăm hộ, chín mươi tám phẩy năm phần trăm"),
]


@pytest.mark.parametrize("written, spoken", CASES)
def test_real_bulletin_sentences(written, spoken):
    assert normalize(written) == spoken


def fold(text: str) -> str:
    """Compare as the dev set's scorer does: case, punctuation, hyphens and old tone placement aside."""
    text = re.sub(r"[\s.,;:!?\"'()\[\]…–—\-/]+", " ", unicodedata.normalize("NFC", text).lower()).strip()
    old_style = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "uỳ": "ùy", "uý": "úy", "uỷ": "ủy"}
    return re.sub("(" + "|".join(old_style) + r")(?=\s|$)", lambda m: old_style[m[1]], text)


@pytest.mark.parametrize("dev_set, at_least", [(DEV_SET, 50), (NOTATION_SET, 30)], ids=["shared", "notation"])
def test_dev_set(dev_set, at_least):
    """The shared dev set, kept in tests/data so a fresh clone runs it, and the project's own examples for the
    notation rules (both 100% when last measured)."""
    cases = []
    for line in dev_set.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            source, expected = line.split("\t", 1)
            cases.append((source, {fold(alternative) for alternative in expected.split(" | ")}))
    failures = [(source, normalize(source)) for source, expected in cases if fold(normalize(source)) not in expected]
    assert len(cases) >= at_least and not failures, failures


@pytest.mark.parametrize("mark", [".", ",", ";", ":", " và", ""])
def test_a_mark_after_the_notation_never_changes_how_it_is_read(mark):
    """Every example of both sets, followed by a sentence's mark and more words, reads as it does alone: a rule
    whose end check refused a following '.' or ',' ("tháng 4," as tháng bốn, "thứ 1." as thứ một, "51H 12345,"
    as a number) is a rule that works only at the end of a line. Plain words after it too: "quý IV/2026 và" was
    read "trên hai nghìn…" (the rate rule took "và" for a unit)."""
    lines = [line for dev_set in (DEV_SET, NOTATION_SET) for line in dev_set.read_text(encoding="utf-8").splitlines()]
    sources = [line.split("\t", 1)[0].rstrip() for line in lines if "\t" in line and not line.startswith("#")]
    # A source ending in a web page's tag (<br>, </p>) ends its line there: words after it are rightly a pause away
    plain = [source for source in sources if source[-1] not in ".,;:!?>"]
    changed = [source for source in plain if normalize(f"{source}{mark} bà con") != f"{normalize(source)}{mark} bà con"]
    assert len(plain) > 100 and not changed, changed
    assert normalize(f"vào tháng 4{mark} lần thứ 1{mark} xe 51H 12345{mark}") == \
        f"vào tháng tư{mark} lần thứ nhất{mark} xe năm mươi mốt H, một hai ba bốn năm{mark}"


def test_the_dictionary_names_each_abbreviation_once():
    """A key written twice in a dictionary literal is silently dropped by Python: the second wins, unseen."""
    import ast
    import collections
    from radio.speech import lexicon
    tree = ast.parse(Path(lexicon.__file__).read_text(encoding="utf-8"))
    twice = [key for node in ast.walk(tree) if isinstance(node, ast.Dict)
             for key, count in collections.Counter(k.value for k in node.keys if isinstance(k, ast.Constant)).items()
             if count > 1]
    assert not twice, twice


def test_the_south_reads_a_house_number_slash_xet_and_an_address_is_never_a_date():
    assert normalize("Nhà số 123/4 đường Trần Phú", "south") == "Nhà số một trăm hai mươi ba xẹt bốn đường Trần Phú"
    assert normalize("số 15/3 đường 30/4") == "số mười lăm trên ba đường ba mươi tháng tư"
    assert normalize("Quyết định số 15/3 ngày") != "Quyết định số mười lăm trên ba ngày"  # no street: not an address


def test_dialects():
    assert normalize("105 hộ, 2.000 con", "south") == "một trăm lẻ năm hộ, hai ngàn con"
    assert normalize("105 hộ, 2.000 con", "north") == "một trăm linh năm hộ, hai nghìn con"
    assert normalize("độ mặn 2,4‰", "south") == "độ mặn hai phẩy bốn phần ngàn"  # a unit's name too


def test_station_words_win_over_the_dictionary():
    words = {"KH": "Khánh Hòa", "Gia Tân 1": "Gia Tân Một"}
    assert normalize("tỉnh KH, xã Gia Tân 1", words=words) == "tỉnh Khánh Hòa, xã Gia Tân Một"
    assert normalize("tỉnh KH") == "tỉnh Kế hoạch"


def test_unknown_codes_are_spelled_or_left_for_the_engine_and_reported():
    """A code no dictionary knows is said by letter names when no one could say it as a word (BKTX), left to
    the voice when it reads as one (NATO); either way `radio check` names it, so staff can add its words."""
    assert normalize("BKTX huyện") == "bê ca tê ích xì huyện" and normalize("khối NATO") == "khối NATO"
    assert unknown_words("khối NATO") == ["NATO"]
    assert unknown_words("BKTX huyện và UBND xã, PCGD, Zalo, A") == ["BKTX", "PCGD"]
    assert unknown_words("BKTX huyện", {"BKTX": "Ban Kiểm tra xã"}) == []


def test_shorthand_no_rule_reads_is_reported():
    """Chat's shorthand left unread ("bh": bao giờ or bây giờ; "mk": mình or mật khẩu) is named by `radio check`
    as an unknown code is; what the rules read, and hidden digits, are not."""
    assert unknown_words("Bh thì lên UB nộp, mk là gì") == ["Bh", "mk"]
    assert unknown_words("gọi 0389 xxx 456, ko đi đc thì ib, 500gr, 5 km") == []
    assert unknown_words("bh lên", {"bh": "bây giờ"}) == []


def test_a_line_typed_without_marks_is_found():
    """Six words of Vietnamese without one mark are a line typed without them (no rule can put the marks back);
    codes in capitals, numbers, a short line, English and one marked word among them are not."""
    text = "\n".join(["Thong bao: sang mai 7h hop dan tai NVH ap 3",  # 1
                      "Thông báo: sáng mai 7h họp dân tại NVH ấp 3",  # 2
                      "Ba con nho mang CCCD",  # 3: too short to tell
                      "Welcome to the annual meeting of the club",  # 4: not syllables
                      "Ba con ap 3 nho mang so ho ngheo den UBND xa",  # 5
                      "Ba con ấp 3 nho mang so ho ngheo den UBND xa"])  # 6: one mark, typed with a keyboard that has them
    assert lines_without_marks(text) == [1, 5]


def test_a_later_line_reads_by_the_organ_an_earlier_one_named():
    """A cell's notice names its organ once, then says "ĐV" (an association's "HV") for its members: a reader of
    the whole notice knows which members; the last organ named counts. The line's own organ and its neighbours' cues come first; with nothing named, ĐV is spelled."""
    union = ["Chi đoàn ấp 6 thông báo lịch sinh hoạt", "Tỷ lệ ĐV tham gia đạt 80%"]
    assert normalize_paragraphs(union)[1] == "Tỷ lệ đoàn viên tham gia đạt tám mươi phần trăm"
    assert normalize("\n".join(union)).split("\n")[1] == normalize_paragraphs(union)[1]
    cell = ["ĐẢNG ỦY XÃ GIA TÂN 1", "Mỗi ĐV nhận 5 hộ", "Các bạn ĐV giúp", "Mỗi ĐV chi đoàn nhận 2 hộ"]
    assert normalize_paragraphs(cell)[1:] == ["Mỗi đảng viên nhận năm hộ", "Các bạn đoàn viên giúp",
                                              "Mỗi đoàn viên chi đoàn nhận hai hộ"]
    assert normalize("Tỷ lệ ĐV tham gia") == "Tỷ lệ đê vê tham gia"  # alone, nothing says which
    # new members are the Party's only where the notice names no organ
    new_members = ["Đoàn TN xã thông báo", "Kết nạp 12 ĐV mới dịp 26/3"]
    assert normalize_paragraphs(new_members)[1] == "Kết nạp mười hai đoàn viên mới dịp ngày hai mươi sáu tháng ba"
    assert normalize(new_members[1]) == "Kết nạp mười hai đảng viên mới dịp ngày hai mươi sáu tháng ba"
    association = ["Hội LHPN xã thông báo", "Mỗi HV đóng 12.000đ", "Lớp tập huấn có 30 HV", "Còn 5 HV chưa đóng"]
    assert normalize_paragraphs(association)[1:] == ["Mỗi hội viên đóng mười hai nghìn đồng",
                                                     "Lớp tập huấn có ba mươi học viên", "Còn năm học viên chưa đóng"]
    reader = Reader()
    assert [reader.line(line) for line in ("Chi bộ họp", "", "ĐV vắng báo trước")][2] == "đảng viên vắng báo trước"


def test_a_code_reads_by_what_its_document_is_about():
    """A code with two meanings and no neighbour to decide reads as the document's subject says, the latest cue
    so far winning: BĐ in a pension notice is the post office, in a flood bulletin an alarm level; TS a candidate
    in an exam's notice, fisheries beside boats; NV done is a recruit's service in a call-up's notice."""
    pension = ["Bưu điện xã chi trả lương hưu tháng 12", "Thắc mắc gọi BĐ Thống Nhất", "Cẩn thận kẻ gian giả danh BĐ"]
    assert normalize_paragraphs(pension)[1:] == ["Thắc mắc gọi bưu điện Thống Nhất",
                                                 "Cẩn thận kẻ gian giả danh bưu điện"]
    flood = ["Mực nước sông Đồng Nai đang lên", "Chiều mai trên BĐ, có nơi lên BĐ 3"]
    assert normalize_paragraphs(flood)[1] == "Chiều mai trên báo động, có nơi lên báo động ba"
    assert normalize(pension[2]) == "Cẩn thận kẻ gian giả danh báo động"  # alone: the dictionary's
    bus = "Xe đưa đón TS vùng xa"
    assert normalize_paragraphs(["Kỳ thi tốt nghiệp năm 2026", bus])[1] == "Xe đưa đón thí sinh vùng xa"
    assert normalize_paragraphs(["Hỗ trợ ngư dân nuôi trồng", bus])[1] == "Xe đưa đón thủy sản vùng xa"
    assert normalize_paragraphs(["Khám sức khỏe NVQS", "Tân binh hoàn thành NV được ưu tiên"])[1] \
        == "Tân binh hoàn thành nghĩa vụ được ưu tiên"


def test_letters_typed_alone_are_kin_words_only_in_a_chat():
    """"a", "c" typed alone are anh, chị in a document typed as chat (a line with its shorthand), from that line on;
    in a notice in the layout they name items ("tuyến a và tuyến c")."""
    assert normalize("Biên lai c chụp sau, tuyến a và tuyến c") == "Biên lai c chụp sau, tuyến a và tuyến c"
    chat = ["Dạ c ơi, e nộp r nha", "Biên lai c chụp gửi e sau, điểm a khoản 2"]
    assert normalize_paragraphs(chat)[1] == "Biên lai chị chụp gửi em sau, điểm a khoản hai"
    assert normalize("Xem phụ lục e.") == "Xem phụ lục e."


def test_one_line_out_per_line_in():
    text = "Dòng 1\n\nDòng 3\r\n\tDòng\u200b 4\n"
    assert normalize(text).split("\n") == ["Dòng một", "", "Dòng ba", "Dòng bốn", ""]


# ----------------------------------------------------------------- properties

_DIGIT = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
          "sáu": 6, "bảy": 7, "tám": 8, "chín": 9}


def read_back(spoken: str) -> int:
    """An independent reader: Vietnamese number words back to an integer."""
    result = section = small = 0
    pending = None
    for word in spoken.split():
        if word in _DIGIT:
            assert pending is None, spoken
            pending = _DIGIT[word]
        elif word == "mười":
            small += 10
        elif word in ("mươi", "trăm"):
            small += pending * (10 if word == "mươi" else 100)
            pending = None
        elif word in ("linh", "lẻ"):
            pass
        elif word in ("nghìn", "ngàn", "triệu"):
            section += (small + (pending or 0)) * (1000 if word != "triệu" else 10**6)
            small, pending = 0, None
        elif word == "tỷ":
            result = (result + section + small + (pending or 0)) * 10**9
            section = small = 0
            pending = None
        else:
            raise AssertionError(f"not a number word: {word!r} in {spoken!r}")
    return result + section + small + (pending or 0)


def conventional(spoken: str) -> bool:
    """mốt and lăm after a tens word, lăm after mười, never 'mươi một' or 'mười năm'."""
    return not re.search(r"\bmươi (một|năm)\b|\bmười năm\b", spoken)


@given(st.integers(min_value=0, max_value=10**12))
@example(0)
@example(10**12)
@example(1_000_005)
@example(2025)
@example(105)
@example(19_000_000)  # a hotline's shape, 1900 and four digits: bare, it is a number
@settings(max_examples=3000, deadline=None)
def test_every_integer_up_to_a_trillion(n):
    spoken = normalize(str(n))
    assert read_back(spoken) == n
    assert conventional(spoken)
    assert not re.search(r"[0-9]", spoken)
    grouped = f"{n:,}".replace(",", ".")
    assert normalize(f"có {grouped} người") == f"có {spoken} người"


@given(st.lists(st.one_of(
    st.integers(0, 10**12).map(str),
    st.integers(0, 10**12).map(lambda n: f"{n:,}".replace(",", ".")),
    st.tuples(st.integers(1, 28), st.integers(1, 12), st.integers(1900, 2100)).map(lambda t: "%d/%d/%d" % t),
    st.tuples(st.integers(0, 23), st.integers(0, 59)).map(lambda t: "%dh%02d" % t),
    st.tuples(st.integers(0, 999), st.integers(0, 99)).map(lambda t: "%d,%d%%" % t),
    st.sampled_from(["UBND", "xã", "ngày", "tháng", "năm", "số", "km", "thứ", "quý", "-", "/", ",", ".", "đồng/kg"]),
), min_size=1, max_size=12).map(" ".join))
@example("1900 100.000")
@settings(max_examples=800, deadline=None)
def test_no_ascii_digit_survives(text):
    assert not re.search(r"[0-9]", normalize(text)), text


@given(st.lists(st.sampled_from(list("0123456789 ./-,:%hg°CmkUBNDHĐTKQIVXạăâêôơưđ\t\n")
                                + ["ngày ", "tháng ", "số ", "thứ ", "quý ", "UBND", "TT.", "KH&TT"]),
                max_size=40).map("".join))
@example("mKH&TT")  # a small letter's code joined by & to another is no code: TT was read on the second pass
@example("hTT.U")  # ... and one before a point, after a number or a slash: each was read only on the second pass
@example("0 mUU")
@example("0/mUU")
@example("h/0hUBND")  # ... and one glued to a number: "không hUBND" was spelled only on the second pass
@example("Hk0")  # chat's hk before a term's number stays; once the number was read, it was không
@example(".hh/đk")  # no host, yet its path's word was left as a link's; read once its slash was a pause
@example("I.U")  # the glued-mark rule made "I. U", which the next pass read as heading "Một."
@example("II.U")  # the same after a Roman number of two letters
@example("TT.,0")  # a comma run into a number after a point: the number was read only on the second pass
@example("0Ng")  # a chat word glued to a number was split off and read only on the second pass
@example("Đk/0")  # the same after a slash
@example("ô TT.h")  # "a", "c", "ô" before a name: the abbreviation after them became a name's shape
@example("0000.Q.0")  # a code's point got its space last, and the next pass read "Q.0" as a district
@example("000000000005/%")  # "năm/%" read the year per percent on the second pass
@example("0,0,0000")  # digits after a comma after a number read: read only on the second pass, as the next two
@example("0-0,0ạ")
@example("0/U0,0")
@example("ngày k\t0ạ")  # a number read glued to a letter ("khôngạ") beside chat's k: k stays, as beside a number
@example("0000TT.0Th")  # "0 Th" after a second pass was a count of TH (tiểu học): only chat's small letters count
@example("T3/0")  # "Tba" (T and a number read) was taken for TBA on a second pass: a capital only without vowels
@example(".../.")  # the document's end mark was taken off after the Markdown rules: "..." went on the second pass
@example("5/°")  # "năm/°" read "năm một độ" on the second pass: nothing is counted per degree
@example("0:00,0")  # a comma run into a number after a clock: the number was read only on the second pass
@example("KV\tI")  # "khu vực I" read the Roman number only on the second pass: KV is read after the Roman rule
@example("ngày k\t0.")  # chat's k for không was read beside a number once it was a word
@example("ngày k/0h")  # a slash after chat's k was read "trong", which made k a word's neighbour
@example("xe (R) mới")  # R spelled "e rờ": chat's e before a word made it "em rờ" on the second pass
@example("THTTE bán")  # the same after a spelled code's last letter ("tê e bán")
@example("Tổng = 500k")  # the k was read before the sign, and "=" only on the second pass
@example(" Ok c, e 5 cái")  # a reply's opening after a space or before a number was read on the second pass
@example("nộp c c")  # a "c" typed alone beside another letter: the first read chị, the second only on a second pass
@example("nhà t 3")  # chat's t before a number was read tôi once the number was words
@example("0/ô Uh")  # an initial after a mark before a name: read once the mark was a pause (at 1a86675 too)
@example("0,ô Uh")
@example("kết VNeID còn")  # "vê en e ai đi" became "vê en em ai đi": chat's e after VNeID's own "en"
@example("thuê đến EPS các")  # "e pê ét xì" became "em pê…": chat's e before a letter's name
@example("gọi họp CN&TY thu")  # the weekday rule took CN out of the code; its TY was read again
@example("sau T6 E5 2026")  # "e năm" became "em năm": chat's e before a word
@example("E5 chung")  # a reply's first "E" before a number's words
@example("giải 23 = hợp lệ")  # the formula's "=" was read only once the number was words
@example("TT. k h")  # chat's k after a point: "thị trấn k h" became "… không h" on a second pass
@example("mk:h")  # a shorthand with its colon touching the word: read only once the colon was spaced
@example("HK\tI")  # "học kỳ I": the Roman numeral after HK was read only once HK was words
@example("H0KH&TT")  # "H0KH" was a chemical formula (H, zero), its KH a code's: a formula's count is 2 or more
@example("H1KH&TT")
@example("0Tg")  # a shorthand's capital form after a digit: left once, read on a second pass (a rule of mine)
@example("Bgk0")  # "Bgk không": the abbreviation with its capital, glued to a digit, was read only on a second pass
@example("số km/0")  # a unit named after số was left before any slash, then read on a second pass
@example("0/H.Uh")  # a place's initial after a slash, read as a list's once the slash was a comma
@example("K0g ạ")  # a chat's opening K before a number once read: "K không gam" became "Không không gam"
@example("K0k ạ")  # ... and before one glued to a letter ("K khôngk")
@settings(max_examples=1500, deadline=None)
def test_normalizing_twice_changes_nothing(text):
    once = normalize(text)
    assert normalize(once) == once


@given(st.text(max_size=200))
@settings(max_examples=500, deadline=None)
def test_any_unicode_keeps_line_count_and_does_not_crash(text):
    assert normalize(text).count("\n") == text.count("\n")


# ----------------------------------------------------------------- hostile input

def test_nfd_input_reads_like_nfc():
    nfc = "Ủy ban nhân dân xã họp lúc 7h30 ngày 19/6/2025"
    assert normalize(unicodedata.normalize("NFD", nfc)) == normalize(nfc)


def test_invisible_characters_tabs_and_emoji():
    """Emoji are dropped: a voice reads their names (espeak-ng says "loa phát tin" for 📢); between two words they
    were a break, and leave a pause."""
    assert normalize("UB\u200bND\txã 📢 họp\u00a0lúc 7h ✍️👍🏻") == "Ủy ban nhân dân xã, họp lúc bảy giờ"
    assert normalize("👉📢 THÔNG BÁO 📢📢 Do mưa lớn 🙏") == "thông báo. Do mưa lớn"
    assert normalize("25°C, 30℃") == "hai mươi lăm độ C, ba mươi độ C"  # a degree sign is no emoji
    # ‼️ and ⁉️ after a word are its marks, which the voice's intonation needs; at a line's start, nothing
    assert normalize("‼️ Nước lên nhanh quá‼️ Sao chưa thấy xe⁉️") == "Nước lên nhanh quá! Sao chưa thấy xe?"


def test_a_web_page_s_tags_leave_a_pause_where_a_line_or_a_cell_ends():
    """Text from the province's source system: a link's tag and its address are not read; a line break or a
    table's cell between words is a pause, an inline tag only a space."""
    assert normalize('<table><tr><td>1</td><td>Ấp 2</td></tr></table>') == "một, Ấp hai"
    assert normalize('Sân vận động<br>Thành phần: <b>cán bộ</b> xã') == "Sân vận động, Thành phần: cán bộ xã"
    assert normalize('Xem <a href="https://giatan1.dongnai.gov.vn">tại đây</a>.') == "Xem tại đây."


def test_ten_thousand_digits_in_a_row():
    out = normalize("1" * 10_000)
    assert out == " ".join(["một"] * 10_000)


def test_one_megabyte_single_line():
    line = ("UBND xã thông báo: ngày 19/6/2025 lúc 7h30 họp tại 1.250 ha, gọi 0912 345 678. " * 13_000)[:1_000_000]
    out = normalize(line)
    assert "\n" not in out and not re.search(r"[0-9]", out[:-200])


def test_pathological_punctuation_runs():
    for text in ["/" * 50_000, "-" * 50_000, "1/" * 20_000, "1-" * 20_000, "." * 50_000, "1." * 20_000]:
        assert normalize(text).count("\n") == 0


def test_cardinal_matches_reading_rules_examples():
    assert cardinal(2025) == "hai nghìn không trăm hai mươi lăm"
    assert cardinal(1024) == "một nghìn không trăm hai mươi bốn"
    assert cardinal(12_500_000_000) == "mười hai tỷ năm trăm triệu"
    assert cardinal(21) == "hai mươi mốt" and cardinal(15) == "mười lăm" and cardinal(50) == "năm mươi"


_WORD_AFTER_A_NUMBER = ("có 5 {} mới", "giá 5 nghìn {} nha", "lúc 7h {} nha", "ngày 5/6 {} nha", "tăng 5% {} nha")


def test_every_word_of_the_station_s_texts_survives_after_a_number():
    """A word after a number, an amount, a time, a date or a percent is read as itself: "2 ngành" was "hai ngàn
    giờ" (the scale rule took ngàn and the h of ngành). Over every word of the shipped scripts, the seed plan and
    the examples' sources, shorthand and units aside."""
    root = Path(__file__).resolve().parents[1]
    texts = [path.read_text(encoding="utf-8") for path in sorted((root / "scripts").iterdir())]
    texts.append((root / "tests" / "data" / "ke-hoach-314-KH-UBND.md").read_text(encoding="utf-8"))
    texts += [line.split("\t")[0] for data in (DEV_SET, NOTATION_SET)
              for line in data.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    read_otherwise = {word.lower() for word in [*SPECIAL_TOKENS, *UNITS]}
    words = sorted({word for text in texts for word in re.findall(r"[^\W\d_]{2,}", text)
                    if word.islower() and is_syllable(word) and word not in read_otherwise})
    assert len(words) > 1000
    lost = [(template.format(word), spoken) for template in _WORD_AFTER_A_NUMBER for word in words
            if not re.search(rf"(?<!\w){word}(?!\w)", spoken := normalize(template.format(word)))]
    assert lost == []
