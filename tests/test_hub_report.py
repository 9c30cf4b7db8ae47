"""Campaigns defined once at the hub and the centre's report rolled up over its communes: two sample stations
as shipped (campaigns, categories, zones; one with approval required), a month of their own rehearsal logs
pushed to the hub, and the hub's figures for each commune compared with what `radio report` says at that
station for the same days."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

from radio.hub.centre import campaigns, end_campaign, send_bulletin, send_campaigns
from radio.hub.downlink import Downlink
from radio.hub.report import rollup
from radio.station import load_station
from tests.conftest import run_cli
from tests.test_hub import store, store_url  # noqa: F401 - fixtures
from tests.test_hub_down import HUB, centre_bulletin, pulled, with_approval

FIRST, LAST = dt.date(2026, 11, 2), dt.date(2026, 11, 29)  # four whole weeks, Monday to Sunday
CAMPAIGN = "Khuyến nông vụ đông xuân 2026"


def campaign_file(folder: Path, category: str = "nông nghiệp", name: str = CAMPAIGN) -> Path:
    path = folder / f"chien-dich-{category.replace(' ', '-')}.yaml"
    path.write_text(f"campaigns:\n  - name: {name}\n    basis: Kế hoạch số 27/KH-TTVHTT ngày 20/10/2026\n"
                    f"    from: {FIRST}\n    until: {LAST}\n    category: {category}\n"
                    "    target: {airings: 4, per: week}\n", encoding="utf-8")
    return path


def rehearsal_rows(folder: Path) -> list[dict]:
    """A month of the station's own rehearsal log (radio simulate), as the uplink reads rows to push."""
    made = run_cli("simulate", "--from", str(FIRST), "--days", str((LAST - FIRST).days + 1), "--log", "thang-11.sqlite",
                   cwd=folder)
    assert made.returncode in (0, 1), made.stderr  # 1: a target missed, which is the point of station B
    db = sqlite3.connect(folder / "thang-11.sqlite")
    db.row_factory = sqlite3.Row
    from radio.logbook import FIELDS
    rows = [{"seq": row["id"], **{name: row[name] for name in FIELDS}} for row in db.execute(
        "SELECT * FROM airings ORDER BY id")]
    db.close()
    return rows


def station_report(folder: Path) -> dict:
    answer = run_cli("report", "--log", "thang-11.sqlite", "--from", str(FIRST), "--to", str(LAST), "--json",
                     cwd=folder)
    assert answer.returncode == 0, answer.stderr
    return json.loads(answer.stdout)


def test_a_hub_campaign_is_placed_by_each_station_and_the_rollup_adds_up_to_each_commune_report(
        store, sample_station, tmp_path):
    first = with_approval(sample_station)
    second = tmp_path / "gia-tan-2"
    shutil.copytree(sample_station, second)
    (second / "schedule.yaml").write_text((second / "schedule.yaml").read_text("utf-8")
                                          .replace("  approval: required\n", ""), encoding="utf-8")
    for station_id, name in (("gia-tan-1", "Đài xã Gia Tân 1"), ("gia-tan-2", "Đài xã Gia Tân 2")):
        store.add_station(station_id, name)
    said = []
    links = {"gia-tan-1": Downlink(first, said.append, emergency=None),
             "gia-tan-2": Downlink(second, said.append, emergency=None)}

    # a campaign for every commune, and its bulletin for Gia Tân 1 only (approved at the centre)
    send_campaigns(store, HUB, campaign_file(tmp_path), None, "pgd.van")
    send_bulletin(store, HUB, centre_bulletin(tmp_path, "lich-thoi-vu", "Trung tâm khuyến cáo bà con xuống giống "
                                              "lúa đông xuân từ ngày 10/12/2026, theo lịch thời vụ của huyện.",
                                              title="Lịch thời vụ đông xuân", category="nông nghiệp",
                                              valid_from="2026-10-01", valid_until="2026-12-31"),
                  ["gia-tan-1"], None, "pgd.van")
    for station_id, downlink in links.items():
        pulled(store, station_id, downlink)
    for folder in (first, second):
        placed = {c.name: c for c in load_station(folder).campaigns}[CAMPAIGN]
        assert placed.programs == ("sang", "chieu")  # every program of the station's own
        assert run_cli("check", cwd=folder).stdout.count("hub-campaigns.yaml") == 0
    assert any(f"Trung tâm giao chiến dịch «{CAMPAIGN}»" in line for line in said)

    # a campaign a station cannot place (a category it does not have) is refused there, said why, never lands
    send_campaigns(store, HUB, campaign_file(tmp_path, "văn hóa", "Xây dựng nếp sống văn minh"), ["gia-tan-2"],
                   "pgd.van")
    pulled(store, "gia-tan-2", links["gia-tan-2"])
    assert "Xây dựng nếp sống văn minh" not in (second / "hub-campaigns.yaml").read_text("utf-8")
    why = links["gia-tan-2"].problems["campaign:Xây dựng nếp sống văn minh"]
    assert "lĩnh vực 'văn hóa' không có trong mục 'categories'" in why
    end_campaign(store, "Xây dựng nếp sống văn minh", "pgd.van")
    assert [c.name for c, _ in campaigns(store)] == [CAMPAIGN]

    # each commune's month, pushed up as its uplink would, with the health that names its zone and lĩnh vực
    for station_id, folder in (("gia-tan-1", first), ("gia-tan-2", second)):
        store.ingest(station_id, rehearsal_rows(folder))
        own = load_station(folder)
        store.seen(station_id, {"station": {"name": own.name, "timezone": own.timezone,
                                            "categories": own.categories,
                                            "campaigns": [c.as_spec() for c in own.campaigns]}})

    figures = rollup(store, HUB, FIRST, LAST, today=LAST + dt.timedelta(days=3))
    own_reports = {"gia-tan-1": station_report(first), "gia-tan-2": station_report(second)}
    for commune in figures["communes"]:
        own = own_reports[commune["station"]]
        assert {key: commune[key] for key in own["totals"]} == own["totals"], commune["station"]
        assert [{"name": c["name"], "states": [p["state"] for p in c["periods"]]} for c in own["campaigns"]] \
            == commune["campaigns"]
    for key, value in figures["totals"].items():
        assert value == round(sum(report["totals"][key] for report in own_reports.values()), 1), key
    assert figures["totals"]["items"] > 100
    by_category = {row["category"]: row for row in figures["by_category"]}
    assert by_category["nông nghiệp"]["airings"] == sum(
        row["airings"] for report in own_reports.values() for row in report["by_category"]
        if row["category"] == "nông nghiệp")
    assert {row["field"] for row in figures["by_field"]} >= {3, 5}

    # the centre's campaign: Gia Tân 1 airs the centre's bulletin four times a week; Gia Tân 2 has none to air
    rolled = next(c for c in figures["campaigns"] if c["name"] == CAMPAIGN)
    assert [p["state"] for p in rolled["periods"]] == ["1/2 xã đạt"] * 4
    assert all(p["met_by"] == ["Đài xã Gia Tân 1"] and p["missed_by"] == ["Đài xã Gia Tân 2"]
               for p in rolled["periods"])

    # the same from the command line, with the workbook and the Word report the centre issues
    hub_dir = tmp_path / "trung-tam"
    hub_dir.mkdir()
    (hub_dir / "hub.yaml").write_text(f"name: {HUB}\ndb: {store.url}\nreport:\n  place: Thống Nhất\n",
                                      encoding="utf-8")
    made = run_cli("-C", str(hub_dir), "hub", "report", "--from", str(FIRST), "--to", str(LAST), "--json",
                   "--xlsx", str(tmp_path / "tong-hop.xlsx"), "--docx", str(tmp_path / "bao-cao.docx"), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout[made.stdout.index("{"):])["totals"]["items"] == figures["totals"]["items"]
    with zipfile.ZipFile(tmp_path / "bao-cao.docx") as document:
        text = document.read("word/document.xml").decode("utf-8").replace("\u00a0", " ")
    for expected in ("BÁO CÁO", "2 đài truyền thanh cơ sở", "Kết quả từng xã", "Đài xã Gia Tân 2", "1/2 xã đạt",
                     "TRUNG TÂM VH-TT", "HUYỆN THỐNG NHẤT", "Thống Nhất, ngày", "GIÁM ĐỐC"):
        assert expected in text, expected
    assert "TM. TRUNG TÂM" not in text  # a centre is led by its director, not collectively
    with zipfile.ZipFile(tmp_path / "tong-hop.xlsx") as workbook:
        assert "Theo xã" in workbook.read("xl/workbook.xml").decode("utf-8")


def test_a_commune_whose_own_campaigns_the_hub_cannot_read_is_named_in_the_report_not_dropped(store, tmp_path):
    store.add_station("gia-kiem", "Đài xã Gia Kiệm")
    store.seen("gia-kiem", {"station": {"name": "Đài xã Gia Kiệm", "timezone": "Asia/Ho_Chi_Minh",
                                        "campaigns": [{"name": "Chiến dịch của bản cũ", "target": "ba lần"}]}})
    day = dt.date(2026, 11, 30)
    figures = rollup(store, HUB, day, day, today=day)
    [note] = figures["notes"]
    assert note.startswith("Đài xã Gia Kiệm: trung tâm không đọc được chiến dịch đài tự khai")
    assert [c["station"] for c in figures["communes"]] == ["gia-kiem"]  # its figures are still there
