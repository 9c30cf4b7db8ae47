"""radio service install|remove|status: the station starts with the machine and after a crash."""
from __future__ import annotations

import click

from radio.cli.common import station_folder, station_or_defaults


@click.group("service")
def service() -> None:
    """Cho đài tự chạy khi máy khởi động và chạy lại sau sự cố (systemd trên Linux, Task Scheduler trên Windows)."""


@service.command("install")
@click.pass_context
def service_install(ctx: click.Context) -> None:
    """Cài: đài chạy (radio run) khi máy bật, dưới tài khoản đang dùng.

    \b
    Ví dụ:
      sudo radio service install        (Linux; không có sudo: dịch vụ của riêng người dùng)
      radio service install             (Windows: mở cửa sổ lệnh bằng Run as administrator)
    """
    from radio.service import install, service_for
    station = station_or_defaults(ctx)
    click.echo(install(service_for(station_folder(ctx)), station.name))


@service.command("remove")
@click.pass_context
def service_remove(ctx: click.Context) -> None:
    """Gỡ: đài không tự chạy khi máy bật nữa."""
    from radio.service import remove, service_for
    click.echo(remove(service_for(station_folder(ctx))))


@service.command("status")
@click.pass_context
def service_status(ctx: click.Context) -> None:
    """Dịch vụ đã cài chưa, đang chạy không."""
    from radio.service import service_for, state
    made = service_for(station_folder(ctx))
    click.echo(f"Dịch vụ {made.name}: {state(made)}.")


COMMANDS = (service,)
