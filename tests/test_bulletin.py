import datetime as dt

import pytest

from radio.bulletin import load_bulletin
from radio.errors import ProblemList, StationError


def write(tmp_path, text, name="tin.md", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def test_front_matter_fields(tmp_path):
    path = write(tmp_path, "---\ntitle: Cảnh báo bão\nlĩnh vực: thiên tai\npriority: khẩn cấp\n"
                           "valid_from: 2026-11-01\nvalid_until: 30/11/2026\nspeed: 1,1\nrepeat: 3\n---\n"
                           "# TIN BÃO\n\nBão số 3 đang vào gần.\nBà con chú ý.\n\n- Chằng chống nhà cửa.\n")
    bulletin = load_bulletin(path)
    assert bulletin.title == "Cảnh báo bão"
    assert bulletin.category == "thiên tai"
    assert bulletin.priority == "khan-cap"
    assert bulletin.valid_from == dt.date(2026, 11, 1) and bulletin.valid_until == dt.date(2026, 11, 30)
    assert bulletin.speed == 1.1 and bulletin.repeat == 3
    assert [p.text for p in bulletin.paragraphs] == ["TIN BÃO", "Bão số 3 đang vào gần. Bà con chú ý.",
                                                     "Chằng chống nhà cửa."]
    assert [p.line for p in bulletin.paragraphs] == [10, 12, 15]
    assert bulletin.valid_on(dt.date(2026, 11, 15)) and not bulletin.valid_on(dt.date(2026, 12, 1))


def test_plain_text_needs_no_front_matter(tmp_path):
    bulletin = load_bulletin(write(tmp_path, "Thông báo lịch tiêm chủng.\n", "tiem.txt"))
    assert bulletin.priority == "thuong" and bulletin.title == "Thông báo lịch tiêm chủng."


@pytest.mark.parametrize("text, line, words", [
    ("---\ntitle: A\ncolour: red\n---\nNội dung.\n", 3, "colour"),
    ("---\npriority: gấp\n---\nNội dung.\n", 2, "gấp"),
    ("---\ntitle: [chưa đóng\n---\nNội dung.\n", 2, "YAML"),
    ("---\nspeed: 2\n---\nNội dung.\n", 2, "0.8 đến 1.3"),
    ("---\nvalid_until: 31/02/2026\n---\nNội dung.\n", 2, "không hợp lệ"),
    ("---\ntitle: Trống\n---\n\n\n", 4, "trống"),
    ("---\ntitle: Không đóng\nNội dung.\n", 1, "'---'"),
])
def test_bad_bulletins_name_file_line_and_fix(tmp_path, text, line, words):
    path = write(tmp_path, text)
    with pytest.raises(StationError) as caught:
        load_bulletin(path)
    error = caught.value
    assert error.path == path and error.line == line
    assert words in str(error)
    assert str(error).startswith(f"{path}:{line}: ")


def test_every_front_matter_problem_is_reported_at_once(tmp_path):
    path = write(tmp_path, "---\ncolour: red\npriority: gấp\n---\nNội dung.\n")
    with pytest.raises(ProblemList) as caught:
        load_bulletin(path)
    assert [p.line for p in caught.value.problems] == [2, 3]


def test_legacy_font_file_says_which_line_and_how_to_fix(tmp_path):
    path = write(tmp_path, "Thông báo\n".encode() + b"Th\xf4ng b\xb8o h\xe4p d\xa9n\n")  # line 2 in TCVN3
    with pytest.raises(StationError) as caught:
        load_bulletin(path)
    assert "UTF-8" in str(caught.value) and caught.value.line == 2 and "Lưu thành" in str(caught.value)


def test_notepad_unicode_utf16_is_read(tmp_path):
    path = write(tmp_path, "Thông báo họp dân.\r\n", encoding="utf-16")
    assert load_bulletin(path).paragraphs[0].text == "Thông báo họp dân."


def test_bom_and_windows_line_endings_are_fine(tmp_path):
    path = write(tmp_path, "\ufeff---\r\ntitle: Họp\r\n---\r\nHọp lúc 7h30.\r\n".encode("utf-8"))
    bulletin = load_bulletin(path)
    assert bulletin.title == "Họp" and bulletin.paragraphs[0].text == "Họp lúc 7h30."
