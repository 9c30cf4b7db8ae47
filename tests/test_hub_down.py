"""What comes down from the hub (bulletins, cancellations, quiet hours, emergency orders), applied into the
sample station as shipped with approval switched on, and seen where the station's people look: radio check,
radio plan, the approval state. Quiet hours from the station's own schedule.yaml too."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from radio.bulletin import load_bulletin
from radio.hub.centre import cancel_bulletin, order_emergency, reach, send_bulletin, set_quiet_hours, status
from radio.hub.downlink import Downlink
from radio.schedule.planner import Selection
from radio.station import load_station
from tests.conftest import run_cli
from tests.test_hub import store, store_url  # noqa: F401 - the fixtures: SQLite and PostgreSQL

HUB = "Trung tâm VH-TT huyện Thống Nhất"


def with_approval(folder: Path) -> Path:
    schedule = folder / "schedule.yaml"
    schedule.write_text(schedule.read_text("utf-8").replace("station:\n", "station:\n  approval: required\n"),
                        encoding="utf-8")
    return folder


def centre_bulletin(tmp_path: Path, name: str, text: str, **meta) -> Path:
    path = tmp_path / "trung-tam-soan" / f"{name}.md"
    path.parent.mkdir(exist_ok=True)
    front = "".join(f"{key}: {value}\n" for key, value in meta.items())
    path.write_text(f"---\n{front}---\n{text}\n", encoding="utf-8")
    return path


def pulled(store, station: str, downlink: Downlink) -> int:
    """What a station's poll does, without the wire: its changes after its cursor, applied."""
    changes, last, _ = store.changes_for(station, downlink.cursor)
    done = downlink.apply(changes)
    downlink.cursor = last
    return done


def test_a_bulletin_from_the_hub_lands_approved_airs_in_the_plan_and_a_local_edit_needs_local_approval(
        store, sample_station, tmp_path):
    folder = with_approval(sample_station)
    store.add_station("gia-tan-1", "Đài xã Gia Tân 1")
    store.add_station("gia-tan-2", "Đài xã Gia Tân 2")
    said = []
    downlink = Downlink(folder, said.append, emergency=None)
    path = centre_bulletin(tmp_path, "lua-dong-xuan", "Trung tâm khuyến cáo bà con xuống giống lúa đông xuân "
                           "từ ngày 10/12/2026.", title="Khuyến cáo lịch thời vụ", category="nông nghiệp",
                           priority="uu-tien")
    sent = send_bulletin(store, HUB, path, ["gia-tan-1"], None, "pgd.van")
    assert pulled(store, "gia-tan-1", downlink) == 1
    landed = folder / "scripts" / "trungtam-lua-dong-xuan.md"
    bulletin = load_bulletin(landed)
    assert bulletin.hub == HUB and bulletin.priority == "uu-tien" and bulletin.category == "nông nghiệp"
    assert Selection(load_station(folder)).approved(bulletin)  # approved at the centre, as it arrived
    assert any("Trung tâm gửi bản tin «Khuyến cáo lịch thời vụ»" in line for line in said)
    plan = run_cli("plan", "--json", cwd=folder).stdout
    assert "trungtam-lua-dong-xuan.md" in plan, plan
    assert store.changes_for("gia-tan-2", 0)[0] == []  # not one of its targets
    landed.write_text(landed.read_text("utf-8").replace("10/12/2026", "12/12/2026"), encoding="utf-8")
    assert not Selection(load_station(folder)).approved(load_bulletin(landed))  # edited here: local approval
    answer = reach(store, "lua-dong-xuan")
    assert answer["targets"] == 1 and answer["aired"] == 0 and "chưa liên kết" in answer["stations"][0]["why"]
    assert sent["seq"] > 0


def test_cancellations_come_first_and_a_station_back_late_never_sees_the_cancelled_bulletin(
        store, sample_station, tmp_path):
    folder = with_approval(sample_station)
    store.add_station("gia-tan-1", "Đài xã Gia Tân 1")
    early = Downlink(folder, lambda message: None, emergency=None)
    first = centre_bulletin(tmp_path, "cat-dien", "Điện lực thông báo cắt điện ngày 20/12/2026 từ 7 giờ.")
    send_bulletin(store, HUB, first, None, None, "pgd.van")
    assert pulled(store, "gia-tan-1", early) == 1 and (folder / "scripts" / "trungtam-cat-dien.md").is_file()
    cancel_bulletin(store, "cat-dien", "pgd.van")
    second = centre_bulletin(tmp_path, "hoan-cat-dien", "Lịch cắt điện ngày 20/12/2026 được hoãn.")
    send_bulletin(store, HUB, second, ["gia-tan-1"], ["ap-3"], "pgd.van")
    changes, _, _ = store.changes_for("gia-tan-1", early.cursor)
    assert [c["kind"] for c in changes] == ["cancel", "bulletin"]
    order = []
    early.say = order.append
    early.apply(list(reversed(changes)))  # whatever order a page holds, the cancellation is applied first
    assert "hủy" in order[0] and not (folder / "scripts" / "trungtam-cat-dien.md").exists()
    assert load_bulletin(folder / "scripts" / "trungtam-hoan-cat-dien.md").zones == ("ap-3",)
    # a station that was away the whole time: one entry per bulletin, so only the cancellation reaches it
    assert [c["kind"] for c in store.changes_for("gia-tan-1", 0)[0]] == ["cancel", "bulletin"]
    assert reach(store, "cat-dien")["stations"][0]["why"] == "đã hủy trước khi phát"


def test_quiet_hours_from_the_hub_or_the_station_keep_slots_off_the_air_and_check_names_the_line(
        store, sample_station):
    folder = with_approval(sample_station)
    store.add_station("gia-tan-1", "Đài xã Gia Tân 1")
    downlink = Downlink(folder, lambda message: None, emergency=None)
    set_quiet_hours(store, HUB, ["21:30-06:30"], None)
    pulled(store, "gia-tan-1", downlink)
    station = load_station(folder)
    assert [w.label for w in station.quiet_hours] == ["21:30-06:30"]
    checked = run_cli("check", cwd=folder)
    line = next(n for n, text in enumerate((folder / "schedule.yaml").read_text("utf-8").splitlines(), 1)
                if text.strip() == 'at: "06:00"' or text.strip() == '- at: "06:00"')
    assert checked.returncode != 0 and f"schedule.yaml:{line}: khung giờ 06:00" in checked.stdout + checked.stderr
    assert "trung tâm" in checked.stdout + checked.stderr
    plan = run_cli("plan", "--days", "2", cwd=folder).stdout
    assert "buổi sáng" not in plan and "buổi chiều" in plan
    set_quiet_hours(store, HUB, [], None)  # lifted by the hub; the station's own still hold
    pulled(store, "gia-tan-1", downlink)
    schedule = folder / "schedule.yaml"
    schedule.write_text(schedule.read_text("utf-8") + 'quiet_hours: "16:50-17:00"\n', encoding="utf-8")
    plan = run_cli("plan", "--days", "2", cwd=folder)
    assert "buổi sáng" in plan.stdout and "buổi chiều" in plan.stdout  # 17:00 is the window's end: it airs
    schedule.write_text(schedule.read_text("utf-8").replace('"16:50-17:00"', '"17:02-5:00"')
                        .replace("  approval: required\n", ""), encoding="utf-8")  # every bulletin airs: 2.7 min
    plan = run_cli("plan", "--days", "1", "--json", cwd=folder)
    afternoon = [airing for airing in json.loads(plan.stdout) if "17:00" in airing["slot"]][0]
    assert afternoon["end"][11:16] == "17:02" and afternoon["items"][-1]["cut"]  # cut where quiet hours open
    assert "chạy vào giờ yên tĩnh 17:02" in plan.stderr + run_cli("check", cwd=folder).stdout
    schedule.write_text(schedule.read_text("utf-8").replace('"17:02-5:00"', '"25:00-5:00"'), encoding="utf-8")
    broken = run_cli("check", cwd=folder)
    assert broken.returncode != 0 and "giờ yên tĩnh '25:00-5:00'" in broken.stdout + broken.stderr


def test_an_emergency_order_airs_once_never_after_its_expiry_and_answers_the_hub(store, sample_station):
    folder = sample_station
    store.add_station("gia-tan-1", "Đài xã Gia Tân 1")
    aired = []

    def break_in(request: dict) -> dict:
        aired.append(request["text"])
        return {"ok": True, "on_air_at": dt.datetime.now().astimezone().isoformat(timespec="milliseconds"),
                "message": "lên sóng"}
    downlink = Downlink(folder, lambda message: None, emergency=break_in)
    order = order_emergency(store, HUB, "Lũ về, bà con ấp 3 di dời ngay.", ["gia-tan-1"], None, "pgd.van")
    stale = order_emergency(store, HUB, "Tin cũ.", None, None, "pgd.van", expires_s=-1)
    pulled(store, "gia-tan-1", downlink)
    downlink.apply(store.changes_for("gia-tan-1", 0)[0])  # the same orders again (the doorbell and a poll)
    assert _wait(lambda: len(downlink._orders()["answers"]) == 2)
    assert aired == ["Lũ về, bà con ấp 3 di dời ngay."]
    answers = {answer["order"]: answer for answer in downlink._orders()["answers"]}
    assert answers[order["id"]]["ok"] and not answers[stale["id"]]["ok"]
    assert "hết hạn" in answers[stale["id"]]["message"]
    for answer in answers.values():
        store.confirm(answer["order"], "gia-tan-1", answer["ok"], answer["on_air_at"], answer["message"])
    assert reach(store, order["id"])["aired"] == 1 and reach(store, stale["id"])["aired"] == 0


def test_status_says_how_far_behind_each_station_is_marks_gaps_and_raises_alarms(store):
    store.add_station("gia-tan-1", "Đài xã Gia Tân 1")
    store.link(store.add_station("gia-tan-2", "Đài xã Gia Tân 2"))
    credential = store.link(_code(store, "gia-tan-3")).credential
    assert store.station_for(credential) == "gia-tan-3"
    store.seen("gia-tan-2", {"zones": [{"zone": "ap-1", "name": "Ấp 1", "on_air": {"item": "x"}, "listeners": 0}],
                             "disk_free_mb": 500})
    store.seen("gia-tan-3", {"zones": []})
    now = dt.datetime.now(dt.timezone.utc)
    with store.engine.begin() as db:  # gia-tan-3 went silent three days ago
        from radio.hub.store import stations
        db.execute(stations.update().where(stations.c.id == "gia-tan-3").values(last_seen=now - dt.timedelta(days=3)))
    shown = {entry["id"]: entry for entry in status(store)}
    assert shown["gia-tan-1"]["behind_s"] is None and not shown["gia-tan-1"]["alarms"]  # never linked
    assert shown["gia-tan-2"]["behind_s"] < 60
    assert any("không còn loa" in alarm for alarm in shown["gia-tan-2"]["alarms"])
    assert any("đĩa còn 500 MB" in alarm for alarm in shown["gia-tan-2"]["alarms"])
    assert shown["gia-tan-3"]["behind_s"] > 3 * 86400 - 60
    assert any("không liên lạc" in alarm for alarm in shown["gia-tan-3"]["alarms"])
    store.seen("gia-tan-3", {"zones": []})  # back: the three days are a gap in its table
    back = {entry["id"]: entry for entry in status(store)}["gia-tan-3"]
    assert back["last_gap"] and back["behind_s"] < 60 and not back["alarms"]


def _code(store, station: str) -> str:
    return store.add_station(station, station)


def _wait(predicate, timeout: float = 10) -> bool:
    import time
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False
