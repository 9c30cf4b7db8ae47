"""radio plan, radio run, radio emergency, radio log."""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from radio.bulletin import parse_date
from radio.cli.common import station_folder, station_from, station_or_defaults, table, through_daemon
from radio.errors import StationError
from radio.logbook import read_log
from radio.logexport import STATUS_WORDS, as_csv, as_json, write_xlsx
from radio.schedule.direct import air_once
from radio.schedule.planner import in_time_order, plan_json, plan_station
from radio.speech.dates import WEEKDAYS


def _date(value: str | None, station, option: str) -> dt.date:
    if not value:
        return station.today()
    try:
        return parse_date(value)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint=option) from None


@click.command("plan")
@click.option("--date", "day", help="Ngày đầu (mặc định: hôm nay), dạng 2026-11-26 hoặc 26/11/2026.")
@click.option("--days", default=1, show_default=True, type=click.IntRange(1, 62), help="Số ngày.")
@click.option("--json", "as_json_output", is_flag=True, help="In dạng JSON.")
@click.pass_context
def plan(ctx: click.Context, day: str | None, days: int, as_json_output: bool) -> None:
    """Lịch phát (rundown): mỗi khung giờ, giờ bắt đầu, giờ kết thúc dự kiến, chương trình và các mục.

    Cảnh báo khi một chương trình chạy quá giờ khung sau (mục nào bị cắt) hoặc bản tin sắp hết hạn.

    \b
    Ví dụ:
      radio plan
      radio plan --date 2026-12-01 --days 7 --json
    """
    station = station_from(ctx)
    first = _date(day, station, "--date")
    plan = plan_station(station, first, days)
    airings = in_time_order(plan)
    if as_json_output:
        click.echo(json.dumps(plan_json(station, plan), ensure_ascii=False, indent=2))
    for airing, zone in [] if as_json_output else airings:
        estimate = " (ước tính)" if airing.estimated else ""
        waits = f" (khung {airing.start:%H:%M}, chờ chương trình trước)" if airing.on_air != airing.start else ""
        where = f" · vùng {station.zones[zone].name}" if zone else ""
        click.echo(f"{WEEKDAYS[airing.start.weekday()]} {airing.on_air:%d/%m %H:%M:%S} – {airing.end:%H:%M:%S}"
                   f"{estimate}{waits}  {station.program_for(airing.occurrence.slot).title}{where}")
        for item, seconds, cut in zip(airing.items, airing.durations, airing.cut()):
            mark = "  ✂ bị cắt (hết giờ)" if cut else ""
            click.echo(f"    {seconds:6.1f} s  {ITEM_KINDS.get(item.kind, item.kind):<9} {item.title}{mark}")
        if airing.silent:
            click.echo("    (trống: không phát gì, xem cảnh báo bên dưới)")
    if not airings and not as_json_output:
        click.echo("Không có khung giờ nào trong những ngày này.")
    for warning in dict.fromkeys(w for _, rundown in plan for w in rundown.notices):
        click.echo(f"Cảnh báo: {warning}", err=True)
    for problem in dict.fromkeys(str(p) for _, rundown in plan for p in rundown.problems):
        click.echo(f"Lỗi: {problem}", err=True)


ITEM_KINDS = {"jingle": "nhạc hiệu", "say": "lời dẫn", "bulletin": "bản tin", "pause": "lặng", "relay": "tiếp sóng"}


@click.command("run")
@click.option("--output", "output_spec", default="device", show_default=True,
              help="Đầu ra: device (loa), null hoặc file:THƯ_MỤC.")
@click.option("--stop-after", type=float, help="Tự dừng sau số giây này (để thử).")
@click.option("--console", "console_at", default="127.0.0.1:8057", show_default=True, envvar="RADIO_CONSOLE",
              metavar="ĐỊA_CHỈ:CỔNG", help="Bảng điều khiển trên trình duyệt: nơi nghe, hoặc off để tắt.")
@click.pass_context
def run(ctx: click.Context, output_spec: str, stop_after: float | None, console_at: str) -> None:
    """Chạy đài tự động: phát theo lịch, ghi nhật ký phát sóng, nhận tin khẩn cấp.

    Dựng trước chương trình 30 phút, dựng lại khi bản tin hoặc schedule.yaml thay đổi.
    Dừng bằng Ctrl+C.

    \b
    Ví dụ:
      radio run
      radio run --output file:ghi-am --stop-after 600
      radio run --console off
    """
    from radio.schedule.daemon import Daemon
    Daemon(Path(ctx.obj["station_dir"]), output_spec, say=lambda m: click.echo(m),
           console=None if console_at == "off" else console_at).run(stop_after)


@click.command("emergency")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@click.option("--text", help="Nội dung tin khẩn cấp (thay cho tệp).")
@click.option("--repeat", default=1, show_default=True, type=click.IntRange(1, 10), help="Số lần đọc.")
@click.option("--output", "output_spec", default="device", show_default=True,
              help="Khi đài không chạy: phát trực tiếp ra đầu ra này.")
@click.option("--zones", help="Chỉ phát ở các vùng này (tên trong schedule.yaml, cách nhau dấu phẩy); mặc định: "
              "tất cả.")
@click.pass_context
def emergency(ctx: click.Context, file: str | None, text: str | None, repeat: int, output_spec: str,
              zones: str | None) -> None:
    """Phát tin khẩn cấp ngay: ngắt chương trình đang phát, chuông báo, rồi đọc tin.

    Đài đang chạy (radio run) thì gửi lệnh cho đài; không thì phát trực tiếp.

    \b
    Ví dụ:
      radio emergency --text "Bão số 3 đổ bộ, bà con sơ tán ngay." --repeat 3
      radio emergency scripts/canh-bao-bao.md
      radio emergency --text "Mất điện ấp 1 từ 8 giờ đến 11 giờ." --zones ap-1
    """
    if not file and not text:
        raise click.UsageError("cần một tệp bản tin hoặc --text.")
    request = {"command": "emergency", "text": text, "file": str(Path(file).resolve()) if file else None,
               "repeat": repeat, "zones": [z.strip() for z in zones.split(",") if z.strip()] if zones else None}
    # Reaching the daemon needs nothing from schedule.yaml: a broken edit must never hold back an emergency.
    answer = through_daemon(ctx, request)
    if answer is not None:
        if not answer.get("ok"):
            raise StationError("đài đang chạy: " + answer["message"])
        click.echo("Đài đang chạy: " + answer["message"])
        return
    if zones:
        raise StationError("đài không chạy: chỉ phát theo vùng được khi radio run đang chạy.",
                           hint="chạy radio run, hoặc bỏ --zones để phát trực tiếp ra loa của máy này.")
    click.echo("Đài không chạy: phát trực tiếp.")
    station = station_or_defaults(ctx)
    airing, label = air_once(
        station, output_spec,
        lambda director: director.emergency(text=text, file=Path(file) if file else None, repeat=repeat),
        say=click.echo, warn=lambda m: click.echo(m, err=True))
    if airing.aired_at is None:
        raise StationError("tin khẩn cấp không phát ra được (không có âm thanh nào ra đầu ra).")
    failed = airing.words_failed(0)
    if failed:
        raise StationError(f"chỉ có chuông báo được phát; lời tin không phát được: {failed}.",
                           hint="đọc trực tiếp qua micrô, hoặc sửa nội dung rồi phát lại.")
    click.echo(f"Đã phát tin khẩn cấp → {label}.")


@click.command("log")
@click.option("--date", "day", help="Một ngày (mặc định: hôm nay).")
@click.option("--from", "start", help="Từ ngày.")
@click.option("--to", "end", help="Đến ngày (tính cả ngày này).")
@click.option("--json", "as_json_output", is_flag=True, help="In dạng JSON.")
@click.option("--csv", "as_csv_output", is_flag=True, help="In dạng CSV (mở bằng Excel).")
@click.option("--xlsx", "xlsx_file", type=click.Path(dir_okay=False), help="Ghi ra tệp Excel (.xlsx).")
@click.option("--log", "log_file", type=click.Path(exists=True, dir_okay=False),
              help="Đọc nhật ký khác (ví dụ của radio simulate) thay cho nhật ký của đài.")
@click.pass_context
def log(ctx: click.Context, day: str | None, start: str | None, end: str | None, as_json_output: bool,
        as_csv_output: bool, xlsx_file: str | None, log_file: str | None) -> None:
    """Nhật ký phát sóng: mục nào đã phát, lúc nào, bao lâu; mục nào bị bỏ, lỡ, ngắt và vì sao.

    \b
    Ví dụ:
      radio log
      radio log --from 2026-11-01 --to 2026-11-30 --csv > thang-11.csv
      radio log --from 2026-11-01 --to 2026-11-30 --xlsx thang-11.xlsx
    """
    station = station_or_defaults(ctx)
    if day and (start or end):
        raise click.UsageError("dùng --date hoặc --from/--to, không dùng cả hai.")
    first = _date(start or day, station, "--from")
    last = _date(end, station, "--to") if end else (first if not start else station.today())
    tz = station.tz
    rows = read_log(station.folder, dt.datetime.combine(first, dt.time(), tzinfo=tz),
                    dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=tz),
                    path=Path(log_file) if log_file else None)
    if xlsx_file:
        target = Path(xlsx_file)
        if not target.suffix.lower() == ".xlsx":
            raise click.BadParameter("tên tệp phải có đuôi .xlsx.", param_hint="--xlsx")
        if not target.parent.is_dir():
            raise StationError("không có thư mục này.", target.parent, hint="tạo thư mục trước hoặc chọn chỗ khác.")
        period = f"{first:%d/%m/%Y}" + (f" – {last:%d/%m/%Y}" if last != first else "")
        write_xlsx(rows, target, f"Nhật ký phát sóng {station.name}, {period}")
        click.echo(f"Đã ghi {len(rows)} dòng vào {target}.")
    elif as_json_output:
        click.echo(as_json(rows))
    elif as_csv_output:
        sys.stdout.buffer.write(as_csv(rows).encode("utf-8"))  # bytes as they are: BOM and CRLF for Excel
    else:
        statuses = STATUS_WORDS
        zoned = any(r.get("zone") for r in rows)  # one item aired in three zones is three rows: say which
        names = {key: zone.name for key, zone in getattr(station, "zones", {}).items()}
        body = [[(r["scheduled_at"] or "")[:16].replace("T", " "), (r["started_at"] or "")[11:19], r["slot"]]
                + ([names.get(r.get("zone") or "", r.get("zone") or "")] if zoned else [])
                + [r["item"][:40], f"{r['duration_s'] or 0:.0f} s", statuses.get(r["status"], r["status"]),
                   _reason_shown(r)] for r in rows]
        click.echo(table(["Lịch", "Bắt đầu", "Khung giờ"] + (["Vùng"] if zoned else [])
                         + ["Mục", "Dài", "Trạng thái", "Lý do"], body)
                   if rows else "Chưa có gì trong nhật ký cho những ngày này.")


def _reason_shown(row: dict) -> str:
    unheard = f"không tới loa {row['unheard_s']:.0f} s (luồng mất)" if row.get("unheard_s") else ""
    return "; ".join(part for part in (row["reason"] or "", unheard) if part)


@click.command("status")
@click.option("--json", "as_json_output", is_flag=True, help="In dạng JSON.")
@click.pass_context
def status(ctx: click.Context, as_json_output: bool) -> None:
    """Đài đang làm gì: mỗi vùng đang phát gì, ra đâu, bao nhiêu loa đang nghe.

    \b
    Ví dụ:
      radio status
    """
    from radio.service import service_for, state
    made = service_for(station_folder(ctx))
    service = f"Dịch vụ {made.name}: {state(made)}."  # does the station start with the machine
    answer = through_daemon(ctx, {"command": "status"})
    if answer is None:
        raise StationError(f"đài không chạy (radio run). {service}")
    if as_json_output:
        click.echo(json.dumps(answer.get("zones", []), ensure_ascii=False, indent=2))
        return
    click.echo(answer["message"])
    click.echo(service)
    zones = answer.get("zones", [])
    body = [[zone["name"], (zone["on_air"] or {}).get("item", "—")[:40], zone["output"],
             f"MẤT từ {zone['stream_down_since'][11:19]}" if zone.get("stream_down_since") else "tốt",
             "—" if zone["listeners"] is None else str(zone["listeners"]),
             (zone["listeners_since"] or "")[11:19]] for zone in zones]
    click.echo(table(["Vùng", "Đang phát", "Đầu ra", "Luồng", "Loa đang nghe", "Từ lúc"], body))
    for zone in zones:
        if zone.get("stream_down_since"):  # listeners hear nothing: said in words, not only in a column
            click.echo(f"CẢNH BÁO: vùng {zone['name']} không tới loa từ {zone['stream_down_since'][11:19]}: "
                       f"{zone.get('stream_down_reason') or 'mất kết nối'}.")


COMMANDS = (plan, run, emergency, log, status)
