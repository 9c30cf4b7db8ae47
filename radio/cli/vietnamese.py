"""Click's own words in Vietnamese ("Usage:", "Options:", "[default: …]", "Invalid value for …").

Click marks every text it prints for gettext, bound at import as each module's `_` and `ngettext`. No
catalog ships for Vietnamese, so `install()` points those names at this table. A text missing here
(a newer click) stays English rather than breaking; tests/test_cli.py reads the help and error pages for
any English left.
"""
from __future__ import annotations

import importlib

import click

MESSAGES = {
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
    "%(prog)s, version %(version)s": "%(prog)s, phiên bản %(version)s",
    "default: {default}": "mặc định: {default}",
    "required": "bắt buộc",
    "env var: {var}": "biến môi trường: {var}",
    "(dynamic)": "(tùy lúc)",
    "(Deprecated) {text}": "(Không dùng nữa) {text}",
    "Aborted!": "Đã dừng.",
    "Error: {message}": "Lỗi: {message}",
    "Try '{command} {option}' for help.": "Xem '{command} {option}' để biết cách dùng.",
    "Invalid value for {param_hint}: {message}": "giá trị không hợp lệ cho {param_hint}: {message}",
    "Invalid value: {message}": "giá trị không hợp lệ: {message}",
    "Missing argument": "Thiếu tham số",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "Missing {param_type}": "Thiếu {param_type}",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "Missing command.": "Thiếu lệnh.",
    "No such command {name!r}.": "không có lệnh {name!r}.",
    "No such option: {name}": "không có tùy chọn {name}.",
    "Did you mean {possibility}?": "Có phải ý bạn là {possibility}?",
    "(Possible options: {possibilities})": "(Có thể là: {possibilities})",
    "Option {name!r} does not take a value.": "tùy chọn {name!r} không nhận giá trị.",
    "Option {name!r} requires an argument.": "tùy chọn {name!r} cần một giá trị.",
    "Option {name!r} requires {nargs} arguments.": "tùy chọn {name!r} cần {nargs} giá trị.",
    "Argument {name!r} takes {nargs} values.": "tham số {name!r} cần {nargs} giá trị.",
    "Got unexpected extra argument ({args})": "thừa tham số: {args}",
    "Got unexpected extra arguments ({args})": "thừa tham số: {args}",
    "Takes {nargs} values but 1 was given.": "cần {nargs} giá trị nhưng chỉ có 1.",
    "Takes {nargs} values but {len} were given.": "cần {nargs} giá trị nhưng có {len}.",
    "{len_type} values are required, but {len_value} was given.": "cần {len_type} giá trị, nhưng có {len_value}.",
    "{len_type} values are required, but {len_value} were given.": "cần {len_type} giá trị, nhưng có {len_value}.",
    "Value must be an iterable.": "giá trị phải là một danh sách.",
    "Choose from:\n\t{choices}": "Chọn một trong:\n\t{choices}",
    "{value!r} is not {choice}.": "{value!r} không phải {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} không phải một trong {choices}.",
    "{value!r} does not match the format {format}.": "{value!r} không đúng dạng {format}.",
    "{value!r} does not match the formats {formats}.": "{value!r} không đúng các dạng {formats}.",
    "{value!r} is not a valid {number_type}.": "{value!r} không phải là số hợp lệ.",
    "{value} is not in the range {range}.": "{value} không nằm trong khoảng {range}.",
    "{value!r} is not a valid boolean.": "{value!r} không phải có/không.",
    "{value!r} is not a valid UUID.": "{value!r} không phải UUID hợp lệ.",
    "file": "tệp",
    "directory": "thư mục",
    "path": "đường dẫn",
    "{name} {filename!r} does not exist.": "không tìm thấy {name} {filename!r}.",
    "{name} {filename!r} is a file.": "{name} {filename!r} là một tệp, cần một thư mục.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} là một thư mục, cần một tệp.",
    "{name} {filename!r} is not readable.": "không đọc được {name} {filename!r}.",
    "{name} {filename!r} is not writable.": "không ghi được vào {name} {filename!r}.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} không chạy được.",
    "Could not open file {filename!r}: {message}": "không mở được tệp {filename!r}: {message}",
    "unknown error": "lỗi không rõ",
    "DeprecationWarning: The command {name!r} is deprecated.": "Lưu ý: lệnh {name!r} không dùng nữa.",
}

CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils")


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return gettext(singular if count == 1 else plural)


def install() -> None:
    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext


# What click would print as TEXT, INTEGER, FILE… in a usage line: by type for options, by name for arguments.
_TYPE_METAVARS = {"text": "CHỮ", "integer": "SỐ", "integer range": "SỐ", "float": "SỐ", "float range": "SỐ",
                  "path": "ĐƯỜNG_DẪN", "directory": "THƯ_MỤC", "file": "TỆP"}
_ARGUMENT_METAVARS = {"file": "TỆP", "what": "TÊN_HOẶC_TỆP", "text": "VĂN_BẢN", "folder": "THƯ_MỤC",
                      "scripts": "BẢN_TIN..."}


def localize(command: click.Command) -> None:
    """Usage lines in Vietnamese: [TÙY CHỌN], LỆNH [THAM SỐ]..., and metavars, for a command and its subcommands."""
    command.options_metavar = "[TÙY CHỌN]"
    if isinstance(command, click.Group):
        command.subcommand_metavar = "LỆNH [THAM SỐ]..."
        for sub in command.commands.values():
            localize(sub)
    for param in command.params:
        if param.metavar is not None:
            continue
        if isinstance(param, click.Argument):
            param.metavar = _ARGUMENT_METAVARS.get(param.name, param.name.upper())
        elif isinstance(param, click.Option) and not param.is_flag:
            param.metavar = _TYPE_METAVARS.get(param.type.name)
