"""What the commands share: finding the station, printing tables, Vietnamese wording of click's errors."""
from __future__ import annotations

from pathlib import Path

import click

from radio.station import SCHEDULE_FILE, NotAStation, Station, load_station, require_station_folder


def station_from(ctx: click.Context) -> Station:
    return load_station(Path(ctx.obj["station_dir"]))


def station_or_defaults(ctx: click.Context) -> Station:
    """For what must work even while schedule.yaml is broken (emergencies, reading the log):
    the station as configured, or with default settings and a warning."""
    from radio.errors import StationError
    try:
        return station_from(ctx)
    except NotAStation:
        raise
    except StationError as error:
        click.echo(f"CẢNH BÁO: schedule.yaml có lỗi, dùng cài đặt mặc định.\n{error}", err=True)
        return Station(folder=Path(ctx.obj["station_dir"]))


def station_for_text(ctx: click.Context) -> Station:
    """Reading text aloud needs no station: its words and dialect when there is one, defaults elsewhere."""
    folder = Path(ctx.obj["station_dir"])
    return station_from(ctx) if (folder / SCHEDULE_FILE).is_file() else Station(folder=folder)


def station_folder(ctx: click.Context) -> Path:
    """The station's folder, checked to be one, without reading schedule.yaml (which may be broken)."""
    return require_station_folder(Path(ctx.obj["station_dir"]))


def accounts_folder(ctx: click.Context) -> Path:
    """Where the accounts live: a station's folder, or a hub's (its pages have the same roles and logins)."""
    from radio.hub.config import HUB_FILE
    folder = Path(ctx.obj["station_dir"])
    return folder if (folder / HUB_FILE).is_file() else station_folder(ctx)


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows)]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(line, widths)).rstrip()
             for line in [headers, ["-" * w for w in widths], *rows]]
    return "\n".join(lines)


def click_error_message(error: click.ClickException) -> str:
    """Click's own error (already in Vietnamese, see vietnamese.py) with where to read how to use it."""
    usage = ""
    if isinstance(error, click.UsageError) and error.ctx is not None:
        usage = f"\nCách dùng: {error.ctx.command_path} --help"
    return f"Lỗi: {error.format_message()}{usage}"


def through_daemon(ctx: click.Context, request: dict) -> dict | None:
    """Hand the request to the daemon holding this station; None when no daemon runs (the caller acts).

    Never falls back to acting alone while a daemon holds the station: two outputs would play at once."""
    from radio.errors import StationError
    from radio.schedule.control import ControlError, NoDaemon, send
    folder = station_folder(ctx)
    try:
        answer = send(Station(folder=folder).cache_dir, request)
    except NoDaemon:
        return None
    except ControlError as error:
        raise StationError(str(error)) from None
    if not answer.get("ok"):
        raise StationError(str(answer.get("message", "đài từ chối lệnh.")))
    return answer
