"""YAML reading that remembers line numbers, so every message can say file:line."""
from __future__ import annotations

from pathlib import Path

import yaml

from radio.errors import StationError


class LinedDict(dict):
    """A mapping from YAML that knows the line of each key (1-based) and of itself."""

    line: int = 0
    key_lines: dict

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class LinedList(list):
    line: int = 0
    item_lines: list


class _Loader(yaml.SafeLoader):
    line_offset = 0  # where the YAML starts in its file (front matter starts on line 2)


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LinedDict:
    loader.flatten_mapping(node)
    result = LinedDict()
    result.line = node.start_mark.line + 1 + loader.line_offset
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise StationError(f"khóa '{key}' bị lặp lại.", line=key_node.start_mark.line + 1 + loader.line_offset,
                               hint="mỗi khóa chỉ được viết một lần; xóa dòng thừa.")
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1 + loader.line_offset
    return result


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LinedList:
    result = LinedList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1 + loader.line_offset
    result.item_lines = [child.start_mark.line + 1 + loader.line_offset for child in node.value]
    return result


def _plain_string(loader: _Loader, node: yaml.ScalarNode):
    # Keep dates and times as the operator wrote them ("06:00" must not become 21600 seconds);
    # the station model parses them with its own, clearer messages.
    return loader.construct_scalar(node)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _plain_string)
_Loader.add_constructor("tag:yaml.org,2002:int", lambda loader, node: _int_or_text(loader, node))


def _int_or_text(loader: _Loader, node: yaml.ScalarNode):
    text = loader.construct_scalar(node)
    if ":" in text:  # YAML 1.1 sexagesimal: 06:00 -> 360. We want the text.
        return text
    return yaml.SafeLoader.construct_yaml_int(loader, node)


def load_yaml_text(text: str, path: Path, first_line: int = 1):
    """Parse YAML text; syntax errors become a StationError at the right line of `path`."""
    loader = _Loader(text)
    loader.line_offset = first_line - 1
    try:
        data = loader.get_single_data()
    except StationError as error:
        error.path = path
        raise
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1 if mark else 1) + first_line - 1
        raise StationError(f"lỗi cú pháp YAML: {_in_vietnamese(error.problem)}.", path, line,
                           "kiểm tra thụt lề (dùng dấu cách, không dùng tab), dấu hai chấm "
                           "và dấu nháy ở dòng này hoặc dòng ngay trên.") from None
    except yaml.YAMLError as error:
        raise StationError(f"lỗi cú pháp YAML: {_in_vietnamese(str(error))}.", path, first_line) from None
    finally:
        loader.dispose()
    return data


# PyYAML's complaints, as an officer reads them (its English never reaches a page or a terminal)
_PROBLEMS = (("expected ',' or ']'", "thiếu dấu đóng ngoặc ']' (hoặc dấu phẩy giữa các mục)"),
             ("expected ',' or '}'", "thiếu dấu đóng ngoặc '}' (hoặc dấu phẩy giữa các mục)"),
             ("mapping values are not allowed", "dấu hai chấm đặt sai chỗ (chữ có dấu ':' cần để trong ngoặc kép)"),
             ("cannot start any token", "có ký tự không được phép ở đầu (thường là phím tab: dùng dấu cách)"),
             ("could not find expected ':'", "thiếu dấu hai chấm sau tên mục"),
             ("did not find expected key", "thụt lề không khớp với các dòng cùng cấp"),
             ("did not find expected '-'", "thụt lề của danh sách (dấu '-') không khớp"),
             ("did not find expected node content", "thiếu giá trị sau dấu hai chấm hoặc dấu '-'"),
             ("unexpected end of stream", "tệp kết thúc giữa chừng (thiếu dấu nháy hoặc ngoặc đóng)"),
             ("found unknown escape character", "dấu '\\' trong ngoặc kép không hợp lệ (dùng ngoặc đơn)"),
             ("found duplicate anchor", "hai mục cùng tên neo '&'"),
             ("found undefined alias", "tham chiếu '*' tới mục không có"))


def _in_vietnamese(problem: str | None) -> str:
    text = problem or ""
    return next((words for english, words in _PROBLEMS if english in text), "không đọc được cấu trúc ở dòng này")


def read_text(path: Path) -> str:
    """Read a UTF-8 text file (BOM tolerated) or explain why not."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise StationError("không tìm thấy tệp.", path, hint="kiểm tra tên và đường dẫn tệp.") from None
    except OSError as error:
        raise StationError(f"không đọc được tệp ({error.strerror}).", path) from None
    return decode_text(raw, path)


def decode_text(raw: bytes, path: Path) -> str:
    """Text from a file's bytes: UTF-8 (BOM tolerated) or UTF-16 with a BOM; else why not, with the line."""
    try:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Notepad's "Unicode": UTF-16 with a BOM is unambiguous
            text = raw.decode("utf-16")
        else:
            text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise StationError("tệp không phải mã UTF-8 (có thể gõ bằng phông cũ TCVN3/VNI).", path, line,
                           "mở tệp bằng Notepad, chọn Lưu thành… và chọn mã hóa UTF-8; nếu chữ bị lỗi "
                           "phông, chuyển mã sang Unicode (ví dụ bằng UniKey) trước.") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def line_of(mapping, key) -> int | None:
    """The schedule.yaml line of `key` in a mapping read by load_yaml_text (a list: its own line)."""
    if isinstance(mapping, LinedDict):
        return mapping.line_of(key)
    if isinstance(mapping, LinedList):
        return mapping.line
    return None
