"""radio init."""
from __future__ import annotations

from pathlib import Path

import click

from radio.newstation import create_station
from radio.station import Station


@click.command("init")
@click.argument("folder", required=False, type=click.Path(file_okay=False))
@click.option("--name", help="Tên đài (mặc định: lấy theo tên thư mục).")
@click.pass_context
def init(ctx: click.Context, folder: str | None, name: str | None) -> None:
    """Tạo một đài mới: schedule.yaml có tên đài và lời giải thích, nhạc hiệu, một bản tin mẫu.

    Không nêu thư mục thì tạo trong thư mục của đài (-C, mặc định thư mục hiện tại).
    Không bao giờ ghi đè một đài đã có.

    \b
    Ví dụ:
      radio init D:\\dai-gia-tan --name "Đài truyền thanh xã Gia Tân 1"
      radio init
    """
    target = Path(folder) if folder else Path(ctx.obj["station_dir"])
    station_name = name or f"Đài truyền thanh {target.resolve().name.replace('-', ' ').strip() or 'xã'}"
    made = create_station(target, station_name, Station(folder=target).today())
    click.echo(f"Đã tạo đài «{station_name}» trong {target}:")
    for path in made:
        click.echo(f"  {path.relative_to(target)}")
    click.echo("Tiếp theo: sửa schedule.yaml (giờ phát, chương trình), soạn bản tin trong scripts/, "
               f"rồi chạy: radio -C {target} check")


COMMANDS = (init,)
