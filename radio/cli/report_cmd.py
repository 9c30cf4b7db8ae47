"""radio simulate, radio report: rehearse a plan before it goes live, and the report a commune sends up."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from radio.bulletin import parse_date
from radio.cli.common import station_from
from radio.errors import StationError


def _day(value: str, option: str) -> dt.date:
    try:
        return parse_date(value)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint=option) from None


def report_period(today: dt.date, start: str | None, end: str | None, month: str | None) -> tuple[dt.date, dt.date]:
    from radio.reports.summary import period_of
    try:
        return period_of(today, start, end, month)
    except ValueError as error:
        field, _, message = str(error).partition(": ")
        raise click.BadParameter(message, param_hint=f"--{field}") from None


@click.command("simulate")
@click.option("--from", "start", required=True, help="Ngày đầu của buổi diễn tập, dạng 2026-01-05.")
@click.option("--days", default=7, show_default=True, type=click.IntRange(1, 400), help="Số ngày.")
@click.option("--log", "log_file", required=True, type=click.Path(dir_okay=False),
              help="Tệp nhật ký của buổi diễn tập (ghi mới; không bao giờ là nhật ký thật của đài).")
@click.option("--json", "as_json_output", is_flag=True, help="In kết quả chiến dịch dạng JSON.")
@click.pass_context
def simulate(ctx: click.Context, start: str, days: int, log_file: str, as_json_output: bool) -> None:
    """Diễn tập: chạy lịch phát thật trên đồng hồ giả, ghi nhật ký vào tệp riêng.

    Để kiểm tra một kế hoạch mới trước khi áp dụng: in những gì sẽ phát mỗi ngày và chỉ tiêu chiến dịch
    nào không đạt. Nhật ký thật của đài không bị động tới.

    \b
    Ví dụ:
      radio simulate --from 2026-01-05 --days 90 --log dien-tap.sqlite
      radio report --from 2026-01-05 --to 2026-04-04 --log dien-tap.sqlite --docx bao-cao-thu.docx
    """
    from radio.reports.summary import figures as figures_of, log_rows
    from radio.schedule.simulate import rehearse
    station = station_from(ctx)
    first = _day(start, "--from")
    target = Path(log_file)
    if not target.parent.is_dir():
        raise StationError("không có thư mục này.", target.parent, hint="tạo thư mục trước hoặc chọn chỗ khác.")
    rehearsal = rehearse(station, first, days, target)
    last = first + dt.timedelta(days=days - 1)
    rows = log_rows(station, first, last, log=target)
    figures = figures_of(station, first, last, rows)
    if as_json_output:
        click.echo(json.dumps({"from": figures["from"], "to": figures["to"], "totals": figures["totals"],
                               "campaigns": figures["campaigns"], "estimated": rehearsal.estimated},
                              ensure_ascii=False, indent=2))
        return
    _print_days(station, first, days, rows)
    totals = figures["totals"]
    click.echo(f"\nTổng: {totals['programs']} chương trình, {totals['items']} mục, "
               f"{totals['airtime_s'] / 3600:.1f} giờ phát; lỡ {totals['missed']}, lỗi {totals['failed']}.")
    missed_targets = _print_campaigns(figures)
    if rehearsal.estimated:
        click.echo(f"\nGhi chú: {len(rehearsal.estimated)} mục chưa dựng âm thanh, thời lượng tính theo ước lượng từ "
                   "văn bản (chạy radio render để có số đo thật).")
    click.echo(f"\nNhật ký diễn tập: {target} (xem: radio log --log {target} --from {first} --to {last}).")
    if missed_targets:
        ctx.exit(1)


def _print_days(station, first: dt.date, days: int, rows: list[dict]) -> None:
    from radio.reports.summary import program_airings
    from radio.speech.dates import WEEKDAYS
    by_day: dict[dt.date, list[dict]] = {}
    for row in rows:
        by_day.setdefault(dt.datetime.fromisoformat(row["scheduled_at"]).astimezone(station.tz).date(), []).append(row)
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        aired = [r for r in by_day.get(day, []) if r["status"] == "aired"]
        campaigns: dict[str, int] = {}
        for row in aired:
            if row["campaign"]:
                campaigns[row["campaign"]] = campaigns.get(row["campaign"], 0) + 1
        programs = program_airings(aired)
        minutes = sum(r["duration_s"] or 0 for r in aired) / 60
        extra = "; ".join(f"{name}: {count}" for name, count in campaigns.items())
        click.echo(f"{WEEKDAYS[day.weekday()]} {day:%d/%m/%Y}: {programs} chương trình, {len(aired)} mục, "
                   f"{minutes:.1f} phút" + (f"; chiến dịch {extra}" if extra else ""))


def _print_campaigns(figures: dict) -> int:
    """Each campaign's periods met or not; returns how many periods fell short."""
    short = 0
    for campaign in figures["campaigns"]:
        if campaign["target"] is None:
            continue
        scale, unit = (1, "lần") if campaign["unit"] == "airings" else (60, "phút")
        judged = [p for p in campaign["periods"] if p["met"] is not None]
        missed = [p for p in judged if not p["met"]]
        short += len(missed)
        click.echo(f"\nChiến dịch «{campaign['name']}»: đạt {len(judged) - len(missed)}/{len(judged)} kỳ đã kết thúc.")
        for period in campaign["periods"]:
            if period["met"] is False:
                click.echo(f"  KHÔNG ĐẠT {_date(period['start'])}–{_date(period['end'])}: "
                           f"{period['achieved'] / scale:g}/{period['target'] / scale:g} {unit}")
            elif period["met"] is None:
                click.echo(f"  {period['state'].upper()} {_date(period['start'])}–{_date(period['end'])}: "
                           f"{period['achieved'] / scale:g}/{period['target_so_far'] / scale:g} {unit} cho những ngày "
                           f"đã có (cả kỳ {period['target'] / scale:g})")
    return short


def _date(text: str) -> str:
    return f"{dt.date.fromisoformat(text):%d/%m/%Y}"


@click.command("report")
@click.option("--from", "start", help="Từ ngày (mặc định: đầu tháng này).")
@click.option("--to", "end", help="Đến ngày, tính cả ngày này (mặc định: hôm nay).")
@click.option("--month", help="Cả một tháng, dạng 2026-11.")
@click.option("--log", "log_file", type=click.Path(exists=True, dir_okay=False),
              help="Đọc nhật ký khác (ví dụ của buổi diễn tập) thay cho nhật ký của đài.")
@click.option("--json", "as_json_output", is_flag=True, help="In dạng JSON.")
@click.option("--xlsx", "xlsx_file", type=click.Path(dir_okay=False), help="Ghi bảng tính Excel (.xlsx).")
@click.option("--docx", "docx_file", type=click.Path(dir_okay=False), help="Ghi báo cáo Word (.docx) theo thể thức "
              "văn bản hành chính.")
@click.pass_context
def report_command(ctx: click.Context, start: str | None, end: str | None, month: str | None, log_file: str | None,
                   as_json_output: bool, xlsx_file: str | None, docx_file: str | None) -> None:
    """Báo cáo kết quả tuyên truyền từ nhật ký phát sóng: tổng hợp, theo lĩnh vực, theo chiến dịch, sự cố.

    \b
    Ví dụ:
      radio report --month 2026-11
      radio report --month 2026-11 --docx bao-cao-thang-11.docx --xlsx bao-cao-thang-11.xlsx
      radio report --from 2026-07-01 --to 2026-12-31 --json
    """
    from radio.reports.summary import report
    station = station_from(ctx)
    first, last = report_period(station.today(), start, end, month)
    figures = report(station, first, last, log=Path(log_file) if log_file else None)
    emit_report(figures, f"Báo cáo phát sóng {station.name}", station.letterhead, station.today(), as_json_output,
                xlsx_file, docx_file)


def emit_report(figures: dict, title: str, letterhead, today: dt.date, as_json: bool, xlsx_file: str | None,
                docx_file: str | None) -> None:
    """A report's figures to the files asked for (checked first), as JSON, or as lines on the terminal."""
    from radio.reports.document import write_document
    from radio.reports.workbook import write_workbook
    for name, suffix in ((xlsx_file, ".xlsx"), (docx_file, ".docx")):
        if name and Path(name).suffix.lower() != suffix:
            raise click.BadParameter(f"tên tệp phải có đuôi {suffix}.", param_hint=f"--{suffix[1:]}")
        if name and not Path(name).parent.is_dir():
            raise StationError("không có thư mục này.", Path(name).parent, hint="tạo thư mục trước hoặc chọn chỗ khác.")
    if xlsx_file:
        write_workbook(figures, Path(xlsx_file), title)
        click.echo(f"Đã ghi bảng tính {xlsx_file}.")
    if docx_file:
        write_document(figures, letterhead, Path(docx_file), today)
        click.echo(f"Đã ghi báo cáo {docx_file}.")
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False, indent=2))
    elif not (xlsx_file or docx_file):
        _print_report(figures)


def _print_report(figures: dict) -> None:
    totals = figures["totals"]
    click.echo(f"Báo cáo {figures['station']} từ {_date(figures['from'])} đến {_date(figures['to'])}")
    if not totals["programs"] and not totals["items"] and not figures["problems"]:
        click.echo("Nhật ký không có dòng nào trong những ngày này.")
    click.echo(f"  {totals['programs']} chương trình, {totals['items']} mục, {totals['airtime_s'] / 60:.1f} phút "
               f"(tiếp sóng {totals['relay_s'] / 60:.1f} phút), {totals['emergencies']} lần tin khẩn cấp; lỡ "
               f"{totals['missed']}, lỗi {totals['failed']}, bị ngắt {totals['interrupted']}, "
               f"bỏ qua {totals['skipped']}.")
    for row in figures["by_category"]:
        click.echo(f"  {row['category']}: {row['airings']} lần, {row['airtime_s'] / 60:.1f} phút")
    _print_campaigns(figures)


COMMANDS = (simulate, report_command)
