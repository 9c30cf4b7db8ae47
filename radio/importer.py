"""`radio import`: an official document pasted as text -> a draft bulletin an announcer can read.

Keeps the title and the body; drops the letterhead (issuing organ, national motto, number and place-date
lines), the "Nơi nhận" list, the "Lưu" line and the signature block, and says what it dropped.
Line breaks left by PDF page breaks in the middle of a sentence are joined.
"""
from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from radio.bulletin import find_bulletins, load_bulletin
from radio.errors import StationError
from radio.files import write_bytes_atomic
from radio.yamlfile import decode_text

DOCUMENT_TYPES = ("KẾ HOẠCH", "QUYẾT ĐỊNH", "THÔNG BÁO", "CHỈ THỊ", "NGHỊ QUYẾT", "BÁO CÁO", "HƯỚNG DẪN",
                  "TỜ TRÌNH", "GIẤY MỜI", "CHƯƠNG TRÌNH", "THÔNG TƯ", "NGHỊ ĐỊNH", "CÔNG ĐIỆN", "LỜI KÊU GỌI",
                  "THƯ NGỎ", "CÔNG VĂN")
_DECORATION = re.compile(r"^\s{0,3}#{1,6}\s*|\*\*|__|^\s*[-*+]\s+|\s+$")
_LETTERHEAD = [
    ("quốc hiệu", re.compile(r"(?i)^cộng hòa xã hội chủ nghĩa việt nam|^cộng hoà xã hội chủ nghĩa việt nam")),
    ("tiêu ngữ", re.compile(r"(?i)^độc lập\s*[-–]\s*tự do\s*[-–]\s*hạnh phúc")),
    ("số, ký hiệu văn bản", re.compile(r"^Số\s*:\s*\S+")),
    ("địa danh, ngày tháng", re.compile(r"^[^\W\d_][\w\s.]*,\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}\s*$")),
    ("cơ quan ban hành", re.compile(r"^[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ\s.-]*$")),
    ("đường kẻ", re.compile(r"^[-_=*]{3,}$")),
]
_RECIPIENTS = re.compile(r"(?i)^nơi nhận\s*:?")
_FILED = re.compile(r"(?i)^lưu\s*:")
_SIGNATURE = re.compile(r"(?i)^(tm\.|kt\.|tl\.|tuq\.|q\.\s|chủ tịch|phó chủ tịch|bí thư|phó bí thư|giám đốc|"
                        r"trưởng ban|trưởng phòng|\(đã ký\)|\(ký[^)]*\)|người ký)")
_END_MARK = re.compile(r"\s*\./\.\s*$")
_SENTENCE_END = re.compile(r"[.:;!?…)\"”]$")


@dataclass
class Draft:
    title: str
    paragraphs: list[str]
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (why, the line)
    joined: int = 0  # lines broken mid-sentence and joined again

    def as_markdown(self, source: Path, fingerprint: str) -> str:
        title = self.title.replace('"', "'")
        head = (f"---\n# Bản nháp nhập từ {source.name}: đọc lại và sửa, rồi đổi 'status: nhap' thành\n"
                f"# 'status: san-sang' để đài phát. Bản nháp không bao giờ lên sóng.\n"
                f"title: \"{title}\"\npriority: thuong\nstatus: nhap\n"
                f"source: \"{source.name}\"\nsource_sha256: {fingerprint}\n---\n")
        return head + "\n\n".join(self.paragraphs) + "\n"


def _plain(line: str) -> str:
    return _DECORATION.sub("", line).strip()


def import_document(text: str) -> Draft:
    lines = text.replace("\r\n", "\n").split("\n")
    plain = [_plain(line) for line in lines]
    start = _title_index(plain)
    dropped: list[tuple[str, str]] = []
    for line in plain[:start]:
        if line:
            dropped.append((_letterhead_reason(line), line))
    title_parts, index = [], start
    if start < len(plain):
        title_parts.append(plain[start].capitalize())
        index = start + 1
        while index < len(plain) and not plain[index]:
            index += 1
        while index < len(plain) and plain[index] and not _starts_body(plain[index]):
            title_parts.append(plain[index])
            index += 1
    body, tail = _split_tail(plain[index:])
    dropped += _classify_tail(tail)
    paragraphs, joined = _paragraphs(body)
    title = " ".join(title_parts) or (paragraphs[0][:80] if paragraphs else "")
    if not paragraphs and not title:
        raise StationError("văn bản không có nội dung để đọc.")
    return Draft(title, ([title] if title_parts else []) + paragraphs, dropped, joined)


def _title_index(plain: list[str]) -> int:
    for index, line in enumerate(plain[:40]):
        if line.upper() == line and any(line.startswith(kind) for kind in DOCUMENT_TYPES):
            return index
    # No document-type heading: the body starts after the leading letterhead lines.
    index = 0
    while index < len(plain) and (not plain[index] or _letterhead_reason(plain[index]) != "nội dung"):
        index += 1
    return index if index < len(plain) and plain[index].upper() == plain[index] else index


def _letterhead_reason(line: str) -> str:
    for reason, pattern in _LETTERHEAD:
        if pattern.search(line):
            return f"tiêu đề văn bản ({reason})"
    return "nội dung"


def _starts_body(line: str) -> bool:
    return bool(re.match(r"(?i)(căn cứ|thực hiện|theo|nhằm|để|ngày \d|[IVX]+\.|\d+\.)", line))


def _split_tail(lines: list[str]) -> tuple[list[str], list[str]]:
    """The body ends at './.' (the official end mark) or at 'Nơi nhận' / the signature block."""
    for index, line in enumerate(lines):
        if _END_MARK.search(line):
            return lines[:index] + [_END_MARK.sub(".", line)], lines[index + 1:]
        if _RECIPIENTS.match(line) or _FILED.match(line):
            return lines[:index], lines[index:]
    return lines, []


_PERSON_NAME = re.compile(r"^(?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]*\s){1,4}[A-ZĐÀ-Ỹ][a-zà-ỹđ]*$")


def _classify_tail(tail: list[str]) -> list[tuple[str, str]]:
    """Recipients run from 'Nơi nhận' to 'Lưu'; the signature block is what follows, or any line
    that looks like one (TM., KT., a title, a lone personal name)."""
    dropped = []
    section = "nơi nhận, chữ ký"
    for line in tail:
        if not line:
            continue
        if _RECIPIENTS.match(line):
            section = "nơi nhận"
        elif _FILED.match(line):
            dropped.append(("lưu", line))
            section = "khối chữ ký"
            continue
        reason = "khối chữ ký" if _SIGNATURE.match(line) and section != "nơi nhận" or _PERSON_NAME.match(line) \
            else section
        dropped.append((reason, line))
    return dropped


def _paragraphs(lines: list[str]) -> tuple[list[str], int]:
    """Blank lines separate paragraphs, except a break in mid-sentence (a PDF page break): joined."""
    paragraphs: list[str] = []
    current: list[str] = []
    joined = 0
    for line in lines + [""]:
        if line:
            current.append(line)
            continue
        if current:
            paragraphs.append(" ".join(current))
            current = []
    merged: list[str] = []
    for paragraph in paragraphs:
        if merged and not _SENTENCE_END.search(merged[-1]) and paragraph[:1].islower():
            merged[-1] += " " + paragraph
            joined += 1
        else:
            merged.append(paragraph)
    return merged, joined


def draft_path(source: Path, scripts_dir: Path) -> Path:
    """scripts/<name>.md, never over an existing file: nothing the staff wrote is lost."""
    slug = re.sub(r"[^\w-]+", "-", source.stem.lower()).strip("-") or "ban-tin"
    candidate = scripts_dir / f"{slug}.md"
    number = 2
    while candidate.exists():
        candidate = scripts_dir / f"{slug}-{number}.md"
        number += 1
    return candidate


DOCUMENT_SUFFIXES = (".txt", ".md", ".docx", ".pdf")
MAX_DOCUMENT_BYTES = 10_000_000


def document_text(name: str, data: bytes) -> str:
    """The text of an official document as staff receive it: plain text, Word (.docx) or a PDF with a text
    layer (a scanned PDF has none, and says so)."""
    suffix = Path(name).suffix.lower()
    if suffix not in DOCUMENT_SUFFIXES:
        raise StationError(f"không đọc được loại tệp '{suffix or name}'.", name,
                           hint="dùng tệp .docx, .pdf, .txt hoặc .md.")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise StationError(f"tệp quá lớn (tối đa {MAX_DOCUMENT_BYTES // 1_000_000} MB).", name)
    try:
        if suffix == ".docx":
            import docx
            document = docx.Document(io.BytesIO(data))
            return "\n\n".join(paragraph.text for paragraph in document.paragraphs)
        if suffix == ".pdf":
            import pypdf
            pages = [page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages]
            text = "\n".join(pages)
            if not text.strip():
                raise StationError("PDF không có lớp chữ (có lẽ là ảnh quét).", name,
                                   hint="xin bản Word hoặc PDF xuất từ Word, hoặc gõ lại nội dung.")
            return text
    except StationError:
        raise
    except Exception as error:  # noqa: BLE001 - a damaged file from Zalo or a USB stick: say so, never a traceback
        raise StationError(f"tệp {suffix} hỏng hoặc không đọc được ({type(error).__name__}).", name) from None
    return decode_text(data, Path(name))


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def already_imported(text: str, scripts_dir: Path) -> Path | None:
    """The bulletin made from this very document before (draft or since made ready), if any."""
    wanted = fingerprint(text)
    for path in find_bulletins(scripts_dir):
        try:
            if load_bulletin(path).source_sha256 == wanted:
                return path
        except StationError:
            continue
    return None


def write_draft(draft: Draft, source: Path, target: Path, text: str) -> Path:
    write_bytes_atomic(target, draft.as_markdown(source, fingerprint(text)).encode("utf-8"))
    return target
