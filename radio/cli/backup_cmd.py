"""radio backup FILE.zip, radio restore FILE.zip DIR: a station onto a USB stick and onto a new PC."""
from __future__ import annotations

from pathlib import Path

import click

from radio.cli.common import station_folder


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False))
@click.pass_context
def backup_command(ctx: click.Context, target: str) -> None:
    """Sao lưu đài vào một tệp .zip (được cả khi đài đang phát): nhật ký, tài khoản, lịch, bản tin, nhạc hiệu.

    \b
    Ví dụ:
      radio backup E:/sao-luu/gia-tan-1-2026-12-04.zip
    """
    from radio.backup import backup
    manifest = backup(station_folder(ctx), Path(target))
    size = Path(target).stat().st_size
    click.echo(f"Đã sao lưu {len(manifest['files'])} tệp vào {target} ({size / 1_000_000:.1f} MB).")
    if manifest["voices"]:
        click.echo(f"Tệp giọng đọc không nằm trong bản sao lưu (chỉ ghi tên và mã băm): "
                   f"{', '.join(v['name'] for v in manifest['voices'])}.")


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
@click.argument("folder", type=click.Path(file_okay=False))
@click.pass_context
def restore_command(ctx: click.Context, archive: str, folder: str) -> None:
    """Khôi phục một bản sao lưu vào thư mục mới, rồi kiểm tra (radio check).

    \b
    Ví dụ:
      radio restore E:/sao-luu/gia-tan-1-2026-12-04.zip C:/dai/gia-tan-1
    """
    from radio.backup import restore
    from radio.checks import check_station
    manifest = restore(Path(archive), Path(folder))
    click.echo(f"Đã khôi phục {len(manifest['files'])} tệp (sao lưu lúc {manifest['made_at']}) vào {folder}.")
    for voice in manifest["voices"]:
        click.echo(f"Chép lại tệp giọng đọc voices/{voice['name']} (sha256 {voice['sha256'][:12]}…) từ máy cũ "
                   "hoặc ổ USB.")
    findings = check_station(Path(folder))
    problems = [f for f in findings if not f.warning]
    for finding in findings:
        click.echo(finding.describe(Path(folder)))
    click.echo("Kiểm tra: không có lỗi." if not problems else f"Kiểm tra: {len(problems)} lỗi cần sửa (ở trên).")
    if problems:
        ctx.exit(1)


COMMANDS = (backup_command, restore_command)
