from pathlib import Path

import pytest

from radio.bulletin import load_bulletin
from radio.importer import import_document
from tests.conftest import run_cli

SEED = Path(__file__).resolve().parent / "data" / "ke-hoach-314-KH-UBND.md"  # a copy of shared/seed's

DECISION = """ỦY BAN NHÂN DÂN
XÃ GIA TÂN 1
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 25/TB-UBND
Gia Tân 1, ngày 20 tháng 11 năm 2026

THÔNG BÁO
Về việc tổ chức tiêm chủng mở rộng tháng 12 năm 2026

Thực hiện Kế hoạch số 12/KH-TTYT ngày 10/11/2026 của Trung tâm Y tế huyện, UBND xã thông báo như sau:

1. Thời gian: từ 7h30 ngày 09/12/2026.

2. Địa điểm: Trạm Y tế xã.

Đề nghị các ấp thông báo rộng rãi đến nhân dân./.

Nơi nhận:
- TTYT huyện;
- Các ấp;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
(Đã ký)
Trần Văn Bình
"""


def test_official_notice_keeps_title_and_body_and_drops_the_rest():
    draft = import_document(DECISION)
    assert draft.title == "Thông báo Về việc tổ chức tiêm chủng mở rộng tháng 12 năm 2026"
    assert draft.paragraphs[1].startswith("Thực hiện Kế hoạch số 12/KH-TTYT")
    assert draft.paragraphs[-1] == "Đề nghị các ấp thông báo rộng rãi đến nhân dân."
    reasons = {line: why for why, line in draft.dropped}
    assert reasons["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"] == "tiêu đề văn bản (quốc hiệu)"
    assert reasons["Độc lập - Tự do - Hạnh phúc"] == "tiêu đề văn bản (tiêu ngữ)"
    assert reasons["Số: 25/TB-UBND"].endswith("(số, ký hiệu văn bản)")
    assert reasons["Gia Tân 1, ngày 20 tháng 11 năm 2026"].endswith("(địa danh, ngày tháng)")
    assert reasons["ỦY BAN NHÂN DÂN"].endswith("(cơ quan ban hành)")
    assert reasons["TTYT huyện;"] == "nơi nhận" and reasons["Lưu: VT."] == "lưu"
    assert reasons["TM. ỦY BAN NHÂN DÂN"] == reasons["Trần Văn Bình"] == reasons["(Đã ký)"] == "khối chữ ký"
    spoken = " ".join(draft.paragraphs)
    assert "Trần Văn Bình" not in spoken and "Nơi nhận" not in spoken and "Độc lập" not in spoken


def test_district_plan_from_the_seed():
    draft = import_document(SEED.read_text(encoding="utf-8"))
    assert draft.title.startswith("Kế hoạch Thông tin, tuyên truyền triển khai Nghị quyết số 57/NQ-TW")
    assert draft.joined == 3  # "một / cách thiết thực", "công / nghệ", "phát / triển": PDF page breaks
    assert any("phong phú về nội dung và hình thức một cách thiết thực" in p for p in draft.paragraphs)
    assert draft.paragraphs[-1].endswith("nghiêm túc thực hiện.")
    dropped = [line for _, line in draft.dropped]
    assert "Nguyễn Đình Cường" in dropped and "Lưu: VT, VH, KH&TT." in dropped and "TT. Huyện ủy;" in dropped


@pytest.mark.slow
def test_import_command_writes_a_valid_draft_and_never_overwrites(station_dir, tmp_path):
    source = tmp_path / "thong-bao-25.txt"
    source.write_text(DECISION, encoding="utf-8")
    first = run_cli("import", str(source), cwd=station_dir)
    assert first.returncode == 0, first.stderr
    assert "Đã bỏ:" in first.stdout and "[khối chữ ký] Trần Văn Bình" in first.stdout
    same = run_cli("import", str(source), cwd=station_dir)
    assert same.returncode == 0 and "đã được nhập rồi: scripts/thong-bao-25.md" in same.stdout
    source.write_text(DECISION + "\nBổ sung: họp lúc 8 giờ.\n", encoding="utf-8")  # a new version of it
    second = run_cli("import", str(source), cwd=station_dir)
    assert second.returncode == 0
    drafts = sorted((station_dir / "scripts").glob("thong-bao-25*.md"))
    assert [d.name for d in drafts] == ["thong-bao-25-2.md", "thong-bao-25.md"]  # never over the first
    source.write_text(DECISION, encoding="utf-8")
    bulletin = load_bulletin(drafts[1])
    assert bulletin.title.startswith("Thông báo Về việc") and bulletin.priority == "thuong"
    assert bulletin.is_draft and bulletin.source == "thong-bao-25.txt"
    assert run_cli("check", cwd=station_dir).returncode == 0
