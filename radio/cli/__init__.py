"""The `radio` command. Each subcommand is a thin wrapper over a library call (sqlite-utils' habit),
split by topic (beets' habit): speech and rendering, text, playout."""
from __future__ import annotations

import os
import sys

import click

from radio.cli import vietnamese
from radio.errors import StationError

vietnamese.install()  # before any command is declared: click reads some of its texts at declaration


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-C", "--station", "station_dir", default=".", show_default=True,
              type=click.Path(file_okay=False), help="Thư mục của đài (chứa schedule.yaml, scripts/, audio/).")
@click.version_option(package_name="radio", message="radio %(version)s")
@click.pass_context
def cli(ctx: click.Context, station_dir: str) -> None:
    """Tự động hóa phát thanh cho đài truyền thanh cơ sở.

    \b
    Ví dụ:
      radio init dai-moi          tạo một đài mới
      radio check                 kiểm tra schedule.yaml và các bản tin
      radio render                dựng âm thanh tất cả bản tin và chương trình
      radio play sang             phát chương trình buổi sáng
      radio normalize tin.txt     xem văn bản sẽ được đọc như thế nào
    """
    ctx.obj = {"station_dir": station_dir}


def _register() -> None:
    from radio.cli import (backup_cmd, hub_cmd, play_cmd, render_cmd, report_cmd, schedule_cmd, service_cmd,
                           station_cmd, text_cmd, user_cmd, voice_cmd)
    for module in (station_cmd, render_cmd, text_cmd, play_cmd, schedule_cmd, report_cmd, user_cmd, hub_cmd,
                   service_cmd, backup_cmd, voice_cmd):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()
vietnamese.localize(cli)


def main() -> None:
    """Entry point: operator-facing errors are one Vietnamese message, never a traceback."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")  # Windows consoles default to cp1258
    try:
        code = cli.main(standalone_mode=False, prog_name="radio")
    except click.exceptions.Abort:
        click.echo("Đã dừng.", err=True)
        sys.exit(130)
    except click.ClickException as error:
        from radio.cli.common import click_error_message
        click.echo(click_error_message(error), err=True)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:  # Ctrl+C, in Python or in ffmpeg (errors.Interrupted)
        click.echo("Đã dừng theo lệnh.", err=True)
        sys.exit(130)
    except StationError as error:
        click.echo(f"Lỗi: {error}", err=True)
        sys.exit(1)
    except Exception as error:  # noqa: BLE001 - last line of defence for the operator
        if os.environ.get("RADIO_DEBUG"):
            raise
        click.echo(f"Lỗi không mong đợi: {type(error).__name__}: {error}\n"
                   "Hãy báo cho người phụ trách kỹ thuật (chạy lại với RADIO_DEBUG=1 để xem chi tiết).", err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
