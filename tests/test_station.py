import datetime as dt

import pytest

from radio.errors import ProblemList, StationError
from radio.station import NotAStation, load_station
from tests.conftest import SMALL_SCHEDULE, write_station


def test_sample_schedule_loads(tmp_path):
    station = load_station(write_station(tmp_path))
    assert station.name == "Đài truyền thanh xã Thử Nghiệm"
    assert station.engines == ("espeak",)
    assert station.programs["sang"].bed == "bed"
    assert [item.kind for item in station.programs["sang"].items] == ["jingle", "say", "bulletins", "jingle"]
    assert station.slots[0].at == dt.time(6, 0) and station.slots[0].program == "sang"


def test_a_folder_without_schedule_is_not_a_station(tmp_path):
    with pytest.raises(NotAStation) as caught:
        load_station(tmp_path)
    assert "radio init" in str(caught.value)
    with pytest.raises(NotAStation):
        load_station(tmp_path / "missing")


def problems(tmp_path, schedule):
    write_station(tmp_path, schedule=schedule)
    with pytest.raises(StationError) as caught:
        load_station(tmp_path)
    error = caught.value
    return error.problems if isinstance(error, ProblemList) else [error]


def test_yaml_syntax_error_has_line(tmp_path):
    [problem] = problems(tmp_path, "station:\n  name: A\n  timezone: [x\nprograms: {}\n")
    assert problem.path.name == "schedule.yaml" and problem.line in (3, 4)
    assert "YAML" in problem.message and problem.hint


def test_all_mistakes_reported_with_their_lines(tmp_path):
    broken = (SMALL_SCHEDULE.replace("timezone: Asia/Ho_Chi_Minh", "timezone: Asia/Hanoi_City")
              .replace("engines: [espeak]", "engines: [festival]")
              .replace('at: "06:00"', 'at: "25:00"')
              .replace("- jingle: outro", "- jingle: khong-co"))
    found = problems(tmp_path, broken)
    lines = {p.line: p.message for p in found}
    assert "múi giờ" in lines[3]
    assert "festival" in lines[5]
    text = broken.split("\n")
    assert any("khong-co" in m for m in lines.values())
    assert lines[text.index('  - at: "25:00"') + 1].startswith("giờ phát")


def test_unknown_section_and_duplicate_key(tmp_path):
    found = problems(tmp_path, SMALL_SCHEDULE + "lich: {}\n")
    assert any("'lich'" in p.message for p in found)
    [dup] = problems(tmp_path, "station:\n  name: A\n  name: B\n")
    assert dup.line == 3 and "lặp" in dup.message
