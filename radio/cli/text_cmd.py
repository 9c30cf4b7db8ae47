"""radio normalize, radio check."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from radio.bulletin import front_matter_lines
from radio.checks import check_station
from radio.cli.common import station_from, station_for_text
from radio.errors import StationError
from radio.speech import Reader
from radio.yamlfile import read_text


@click.command("normalize")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@click.option("--dialect", type=click.Choice(["north", "south"]),
              help="Cách đọc số: north (nghìn, linh) hoặc south (ngàn, lẻ). Mặc định theo đài.")
@click.pass_context
def normalize(ctx: click.Context, file: str | None, dialect: str | None) -> None:
    """In ra lời đọc mà giọng đọc sẽ nhận: mỗi dòng vào cho đúng một dòng ra.

    Không nêu tệp thì đọc từ đầu vào chuẩn (stdin).

    \b
    Ví dụ:
      radio normalize scripts/tiem-chung.md
      echo "Kế hoạch số 314/KH-UBND ngày 19/6/2025" | radio normalize
    """
    station = station_for_text(ctx)
    dialect = dialect or station.dialect
    if file:
        lines = read_text(Path(file)).split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        head = front_matter_lines(lines, Path(file))  # settings, not words: nothing of them is read aloud
        lines = [""] * head + lines[head:]
    else:
        sys.stdin.reconfigure(encoding="utf-8", errors="replace")
        lines = (line.rstrip("\r\n") for line in sys.stdin)
    out, reader = sys.stdout, Reader(dialect, station.words)  # one document: an earlier line may decide a later
    for line in lines:
        out.write(reader.line(line) + "\n")


@click.command("check")
@click.pass_context
def check(ctx: click.Context) -> None:
    """Kiểm tra schedule.yaml, nhạc hiệu và mọi bản tin; in mỗi lỗi dạng tệp:dòng: lời nhắn.

    Thoát với mã 1 nếu có lỗi (cảnh báo thì không).

    \b
    Ví dụ:
      radio check
      radio -C /duong/dan/dai check
    """
    findings = check_station(Path(ctx.obj["station_dir"]))
    errors = [f for f in findings if not f.warning]
    for finding in findings:
        click.echo(str(finding))
    if not errors:
        from radio.retention import outlook
        station = station_from(ctx)
        click.echo(f"Dung lượng: {outlook(station, station.today()).describe()}")
    warnings = len(findings) - len(errors)
    if errors:
        click.echo(f"Có {len(errors)} lỗi, {warnings} cảnh báo.", err=True)
        ctx.exit(1)
    click.echo(f"Không có lỗi ({warnings} cảnh báo)." if warnings else "Không có lỗi.")


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Tệp bản tin nháp (mặc định: scripts/<tên tệp>.md, không ghi đè tệp có sẵn).")
@click.pass_context
def import_(ctx: click.Context, file: str, output: str | None) -> None:
    """Chuyển một văn bản hành chính (.docx, .pdf có chữ, .txt, .md) thành bản tin nháp trong scripts/.

    Giữ tên và nội dung văn bản; bỏ phần đầu (quốc hiệu, tiêu ngữ, số, ngày), "Nơi nhận",
    "Lưu" và khối chữ ký, rồi in ra những gì đã bỏ. Tệp gốc giữ nguyên.

    \b
    Ví dụ:
      radio import ke-hoach-314-KH-UBND.md
    """
    from radio.importer import already_imported, document_text, draft_path, import_document, write_draft
    station = station_from(ctx)
    source = Path(file)
    try:
        data = source.read_bytes()
    except OSError as error:
        raise StationError(f"không đọc được tệp ({error.strerror}).", source) from None
    text = document_text(source.name, data)
    earlier = already_imported(text, station.scripts_dir)
    if earlier is not None:
        click.echo(f"Văn bản này đã được nhập rồi: {station.known_as(earlier)}. Không tạo thêm bản nữa "
                   "(sửa tệp đó, hoặc xóa nó rồi nhập lại).")
        return
    draft = import_document(text)
    if output and Path(output).exists():
        raise StationError(f"tệp {output} đã có; chọn tên khác để không ghi đè.", output)
    target = Path(output) if output else draft_path(source, station.scripts_dir)
    write_draft(draft, source, target, text)
    click.echo(f"Đã tạo bản tin nháp: {target} ({len(draft.paragraphs)} đoạn). Tệp gốc {source} giữ nguyên.")
    if draft.joined:
        click.echo(f"Đã nối {draft.joined} chỗ xuống dòng giữa câu (do ngắt trang).")
    if draft.dropped:
        click.echo("Đã bỏ:")
        for why, line in draft.dropped:
            click.echo(f"  [{why}] {line}")
    click.echo("Bản nháp không lên sóng cho tới khi đổi 'status: nhap' thành 'status: san-sang'. "
               "Hãy đọc lại, sửa, rồi chạy 'radio check'.")


COMMANDS = (normalize, check, import_)
