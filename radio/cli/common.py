"""What the commands share: finding the station, printing tables, Vietnamese wording of click's errors."""
from __future__ import annotations

import re
from pathlib import Path

import click

from radio.station import Station, load_station


def station_from(ctx: click.Context) -> Station:
    return load_station(Path(ctx.obj["station_dir"]))


def station_or_defaults(ctx: click.Context) -> Station:
    """For what must work even while schedule.yaml is broken (emergencies, reading the log):
    the station as configured, or with default settings and a warning."""
    from radio.errors import StationError
    try:
        return station_from(ctx)
    except StationError as error:
        click.echo(f"CẢNH BÁO: schedule.yaml có lỗi, dùng cài đặt mặc định.\n{error}", err=True)
        return Station(folder=Path(ctx.obj["station_dir"]))


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows)]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(line, widths)).rstrip()
             for line in [headers, ["-" * w for w in widths], *rows]]
    return "\n".join(lines)


_CLICK_MESSAGES = (
    (r"No such option: (.+)", r"không có tùy chọn \1."),
    (r"No such command '(.+)'\.?", r"không có lệnh '\1'."),
    (r"Missing argument '(.+)'\.?", r"thiếu tham số \1."),
    (r"Missing option '(.+)'\.?", r"thiếu tùy chọn \1."),
    (r"Option '(.+)' requires an argument\.?", r"tùy chọn \1 cần một giá trị."),
    (r"Got unexpected extra arguments? \((.+)\)", r"thừa tham số: \1."),
    (r"Invalid value for '(.+)': (.+)", r"giá trị không hợp lệ cho \1: \2"),
    (r"(?:File|Path|Directory) '(.+)' does not exist\.?", r"không tìm thấy '\1'."),
)


def translate_click_error(error: click.ClickException) -> str:
    message = error.format_message()
    for pattern, replacement in _CLICK_MESSAGES:
        message = re.sub(pattern, replacement, message)
    usage = ""
    if isinstance(error, click.UsageError) and error.ctx is not None:
        usage = f"\nCách dùng: {error.ctx.command_path} --help"
    return f"Lỗi: {message}{usage}"
