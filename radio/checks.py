"""`radio check`: every problem in the station's files at once, as file:line: message."""
from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

from radio.bulletin import find_bulletins, front_matter_lines, link_problems, load_bulletin
from radio.errors import StationError, problems_of
from radio.quiet import quiet_at
from radio.render import Renderer
from radio.schedule.planner import Planner, Selection, zone_keys
from radio.speech import lines_without_marks, unknown_words
from radio.station import NotAStation, Station, load_station
from radio.yamlfile import read_text


# A second on air costs on disk: the bulletin's WAV, the program's WAV, a temporary copy while mastering
# (44.1 kHz mono 16-bit each), and the MP3 archive.
BYTES_PER_AIR_SECOND = 3 * 44100 * 2 + 12_000


@dataclass(frozen=True)
class Finding:
    problem: StationError
    warning: bool = False
    in_console: str | None = None  # the fix as the console's pages offer it, where it differs from the CLI's

    def describe(self, folder: Path | None = None, console: bool = False) -> str:
        hint = self.in_console if console and self.in_console else self.problem.hint
        where = self.problem.where(folder)
        text = f"cảnh báo: {self.problem.message}" if self.warning else self.problem.message
        text += f" Cách sửa: {hint}" if hint else ""
        return f"{where}: {text}" if where else text

    def __str__(self) -> str:
        return self.describe()


def check_station(folder: Path) -> list[Finding]:
    """Problems in schedule.yaml, the jingles and every bulletin; a broken schedule still gets its
    bulletins checked (with the default station settings) so the operator sees everything in one go."""
    try:
        station = load_station(folder)
    except NotAStation:
        raise
    except StationError as error:
        return [Finding(p) for p in problems_of(error)] + _check_bulletins(Station(folder=Path(folder)))
    findings: list[Finding] = []
    renderer = Renderer(station)
    for name in station.jingles:
        try:
            renderer.jingle(name)
        except StationError as error:
            findings.append(Finding(error))
    findings += _check_bulletins(station)
    findings += _check_approval(station, renderer)
    selection = Selection(station)
    planners = [Planner.for_station(station, key, renderer) for key in zone_keys(station)]
    findings += _check_program_references(station, selection)
    findings += _check_week_ahead(station, planners)
    findings += _check_campaigns(station, selection, planners)
    findings += _check_zones(station, selection)
    findings += _check_letterhead(station)
    findings += _check_quiet_hours(station)
    findings += _check_disk_outlook(station)
    findings += _check_voices(station)
    return findings


def _check_voices(station: Station) -> list[Finding]:
    """A voice of speech.engines that cannot read on this machine (a vendor's key not set, a neural voice's file
    missing): said before the air finds out, with the voice that reads instead."""
    from radio.speech.catalog import station_voices
    voices = [voice for voice in station_voices(station) if voice.in_engines]
    reader = next((index for index, voice in enumerate(voices) if not voice.missing), len(voices))
    findings = []
    for index, voice in enumerate(voices):
        if not voice.missing:
            continue
        instead = (f"đài đọc bằng {voices[reader].label}" if reader < len(voices) and reader > index
                   else "khi các giọng trước hỏng, đài bỏ qua giọng này")
        hint = ("radio voice get vais1000 khi có mạng, hoặc radio voice add TỆP.onnx" if voice.engine == "piper"
                else f"radio voice key {voice.engine} để lưu khóa cho đài, hoặc bỏ {voice.engine} khỏi speech.engines")
        findings.append(Finding(StationError(f"{voice.label}: {voice.missing} ở máy này; {instead}.",
                                             station.schedule_path, station.engines_line, hint), warning=True))
    return findings


DISK_WARNING_DAYS = 60


def _check_disk_outlook(station: Station) -> list[Finding]:
    """A disk that fills within two months at the last week's rate: said before it happens."""
    from radio.retention import outlook
    seen = outlook(station, station.today())
    if seen.days is None or seen.days >= DISK_WARNING_DAYS:
        return []
    return [Finding(StationError(seen.describe(), station.schedule_path, None,
                                 "giữ bản lưu chương trình ngắn hơn (mục retention, ví dụ programs: 30d) hoặc chép "
                                 "bản lưu cũ sang ổ khác."), warning=True)]


def _check_quiet_hours(station: Station) -> list[Finding]:
    """A slot inside quiet hours never airs: said with its line, and whose quiet hours they are. A window in
    the hub's policy file that cannot be read (the file edited by hand, or damaged) is said, not skipped."""
    from radio.hub.downlink import read_policy
    from radio.quiet import POLICY_FILE, parse_quiet_hours
    found = []
    for value in read_policy(station.folder).get("quiet_hours") or []:
        try:
            parse_quiet_hours(value, "trung tâm")
        except ValueError as error:
            found.append(Finding(StationError(
                f"giờ yên tĩnh trung tâm gửi không đọc được, bị bỏ qua: {error}", station.folder / POLICY_FILE, None,
                "đừng sửa tệp này bằng tay; xóa nó rồi chờ trung tâm gửi lại (radio link cho biết lần liên lạc "
                "cuối)."), warning=True))
    for slot in station.slots:
        window = quiet_at(station.quiet_hours, slot.at)
        if window is not None:
            found.append(Finding(StationError(
                f"khung giờ {slot.at:%H:%M} (chương trình '{slot.program}') nằm trong giờ yên tĩnh {window.label} "
                f"({window.source}): không phát.", station.schedule_path, slot.line,
                f"dời khung giờ ra ngoài {window.label}, hoặc xóa khung này.")))
    return found


def _check_letterhead(station: Station) -> list[Finding]:
    """The report sent upward needs the issuing body, the body above it and the place name: a blank one
    prints a Word report with an empty header and "……, ngày"."""
    letterhead = station.letterhead
    missing = [label for label, value in (("parent (cơ quan cấp trên)", letterhead.parent),
                                          ("place (địa danh)", letterhead.place)) if not value.strip()]
    if letterhead.issuer.strip() in ("", "ỦY BAN NHÂN DÂN XÃ"):
        missing.insert(0, "issuer (tên UBND xã)")
    if not missing:
        return []
    return [Finding(StationError(f"mục 'report' còn thiếu {', '.join(missing)}: báo cáo Word gửi lên "
                                 "sẽ để trống chỗ đó.", station.schedule_path, None,
                                 "điền vào mục 'report' của schedule.yaml, ví dụ parent: UBND HUYỆN THỐNG NHẤT, "
                                 "place: Gia Tân 1."), warning=True)]


def _check_zones(station: Station, selection: Selection) -> list[Finding]:
    """A bulletin naming a zone schedule.yaml does not declare (it would air nowhere), and what happened to
    the zones' outputs in the last day: a stream down, too few speakers listening."""
    from radio.logbook import read_zone_events
    findings = []
    for bulletin in selection.every():
        unknown = [z for z in bulletin.zones or () if z not in station.zones]
        if unknown:
            line = next((n for n, text in enumerate(bulletin.path.read_text("utf-8").splitlines(), 1)
                         if text.strip().startswith("zones")), None)
            findings.append(Finding(StationError(
                f"vùng {', '.join(unknown)} chưa khai báo trong mục 'zones' của schedule.yaml.", bulletin.path, line,
                f"dùng một trong: {', '.join(station.zones) or '(đài chưa chia vùng)'}.")))
    since = dt.datetime.now(station.tz) - dt.timedelta(days=1)
    names = {key: zone.name for key, zone in station.zones.items()}
    for event in read_zone_events(station.folder, since):
        what = {"down": "mất kết nối tới Icecast", "few_listeners": "quá ít loa đang nghe",
                "up": "nối lại Icecast, số giây phát sóng bị mất"}.get(event["event"])
        if what:
            at = dt.datetime.fromisoformat(event["at"]).astimezone(station.tz)
            findings.append(Finding(StationError(
                f"vùng {names.get(event['zone'], event['zone'])}: {what} lúc {at:%H:%M %d/%m} ({event['detail']}).",
                station.schedule_path, station.zones[event["zone"]].line if event["zone"] in station.zones else None,
                "kiểm tra máy chủ Icecast, mạng và nguồn điện của cụm loa."), warning=True))
    return findings


CAMPAIGN_LOOKAHEAD_DAYS = 28


def _check_campaigns(station: Station, selection: Selection, planners: list[Planner]) -> list[Finding]:
    """A campaign whose pool is empty, two campaigns drawing on the same bulletins at the same time, and
    every period of the next four weeks planned short of its target, each at the campaign's line."""
    findings = []
    every = selection.every()
    for index, campaign in enumerate(station.campaigns):
        pool = {b.name for b in every if campaign.draws(b)}
        if not pool:
            what = f"lĩnh vực '{campaign.category}'" if campaign.category else f"mẫu tên '{campaign.files}'"
            findings.append(Finding(StationError(
                f"chiến dịch '{campaign.name}': {what} không khớp bản tin nào trong scripts/.", station.schedule_path,
                campaign.line, "viết bản tin cho chiến dịch, hoặc sửa category/files cho đúng."), warning=True))
        for earlier in station.campaigns[:index]:
            shared = pool & {b.name for b in every if earlier.draws(b)}
            if shared and campaign.first <= earlier.last and earlier.first <= campaign.last:
                findings.append(Finding(StationError(
                    f"chiến dịch '{campaign.name}' và '{earlier.name}' (dòng {earlier.line}) cùng lấy bản tin "
                    f"{', '.join(sorted(shared))} trong cùng thời gian: mỗi lần phát chỉ tính cho một chiến dịch.",
                    station.schedule_path, campaign.line, "tách nhóm bản tin (category hoặc files khác nhau)."),
                    warning=True))
    shortfalls = _by_zone(((period.shortfall(), period.campaign.line), planner.zone)
                          for planner in planners for period in planner.campaigns.periods(
                              station.today(), station.today() + dt.timedelta(CAMPAIGN_LOOKAHEAD_DAYS))
                          if not period.met)
    findings += [Finding(StationError(text + suffix, station.schedule_path, line), warning=True)
                 for (text, line), suffix in shortfalls.items()]
    return findings


def _by_zone(found) -> dict:
    """Each finding once, naming the zones it holds in: a campaign short in every zone is one line, not one a
    zone (the same week said for trung-tam, then for ap-1)."""
    zones: dict = {}
    for key, zone in found:
        zones.setdefault(key, [])
        if zone and zone not in zones[key]:
            zones[key].append(zone)
    return {key: f" (vùng {', '.join(named)})" if named else "" for key, named in zones.items()}


def _check_week_ahead(station: Station, planners: list[Planner]) -> list[Finding]:
    """The next seven days' rundown in every zone: programs that run into the next slot and bulletins about to
    expire, as warnings; and whether the disk has room for a day of rendering."""
    rundowns = [(planner.zone, planner.days(station.today(), 7)) for planner in planners]
    warnings = _by_zone((warning, zone if "chạy quá giờ" in warning else None)
                        for zone, rundown in rundowns for warning in rundown.warnings)
    findings = [Finding(StationError(warning + suffix, station.schedule_path), warning=True)
                for warning, suffix in warnings.items()]
    today = [a for _, rundown in rundowns for a in rundown.airings if a.start.date() == station.today()]
    needed = int(sum(a.duration_s for a in today) * BYTES_PER_AIR_SECOND)
    folder = station.rendered_dir if station.rendered_dir.is_dir() else station.folder
    free = shutil.disk_usage(folder).free
    if free < needed:
        findings.append(Finding(StationError(
            f"ổ đĩa chỉ còn {free // 1_000_000} MB trống; dựng âm thanh cho một ngày phát cần khoảng "
            f"{needed // 1_000_000 + 1} MB.", folder, None,
            "xóa bớt tệp không cần (ví dụ các bản lưu cũ trong audio/rendered/archive/)."), warning=True))
    return findings


def _check_bulletins(station: Station) -> list[Finding]:
    findings = [Finding(problem, warning=not is_error) for problem, is_error in link_problems(station.scripts_dir)]
    today = station.today()
    for path in find_bulletins(station.scripts_dir):
        try:
            bulletin = load_bulletin(path)
        except StationError as error:
            findings += [Finding(p) for p in problems_of(error)]
            continue
        if bulletin.is_draft:
            findings.append(Finding(StationError(
                "bản nháp: không phát cho tới khi sẵn sàng.", path, None,
                "đọc lại, sửa, rồi đổi 'status: nhap' thành 'status: san-sang'."), warning=True))
        if bulletin.valid_until and bulletin.valid_until < today:
            findings.append(Finding(StationError(
                f"đã hết hạn ngày {bulletin.valid_until:%d/%m/%Y}: không còn được phát nữa.", path, None,
                "gia hạn valid_until nếu vẫn cần phát, hoặc chuyển tệp ra khỏi scripts/."), warning=True))
        if bulletin.voice and bulletin.voice not in station.engines:
            findings.append(Finding(StationError(
                f"bản tin chọn giọng '{bulletin.voice}' nhưng đài không có giọng này trong speech.engines "
                f"({', '.join(station.engines)}): bản tin sẽ đọc bằng giọng mặc định.", path,
                bulletin.lines.get("voice"), f"thêm '{bulletin.voice}' vào speech.engines trong schedule.yaml, hoặc "
                "sửa dòng voice thành một giọng đài có."), warning=True))  # it still airs, in another voice
        for at in bulletin.times:
            window = quiet_at(station.quiet_hours, at)
            if window is not None:
                findings.append(Finding(StationError(
                    f"giờ phát riêng {at:%H:%M} nằm trong giờ yên tĩnh {window.label} ({window.source}): không phát "
                    "giờ này.", path, None, f"đổi giờ trong 'times' ra ngoài {window.label}.")))
        for paragraph in bulletin.paragraphs:
            for word in unknown_words(paragraph.text, station.words):
                shorthand = not word.isupper()  # "bh" typed in a hurry: for this bulletin, not the station
                findings.append(Finding(StationError(
                    f"{word}: không rõ cách đọc.", path, paragraph.line,
                    ("viết đầy đủ chữ này trong bản tin, hoặc " if shorthand else "")
                    + f"thêm một dòng '{word}: <cách đọc>' vào mục 'words' của schedule.yaml."), warning=True))
        findings += [Finding(StationError(
            "dòng này gõ không dấu: giọng đọc sẽ đọc sai nhiều chữ (\"bao\" có thể thành báo, bão, bảo).", path, line,
            "gõ lại dòng này có dấu tiếng Việt (bật Unikey hoặc bộ gõ tiếng Việt)."), warning=True)
            for line in _lines_without_marks(path)]
    return findings


def _lines_without_marks(path: Path) -> list[int]:
    """The file's lines (from 1) typed without Vietnamese marks, its front matter aside."""
    lines = read_text(path).split("\n")
    head = front_matter_lines(lines, path)
    return [head + number for number in lines_without_marks("\n".join(lines[head:]))]


def _check_approval(station: Station, renderer: Renderer) -> list[Finding]:
    """With `approval: required`: who can approve at all, and which bulletins wait (they do not air)."""
    if not station.approval_required:
        return []
    from radio.accounts import APPROVERS, STATE_NAMES, Accounts
    accounts = Accounts(station.folder)
    findings = []
    if not any(user.role in APPROVERS for user in accounts.users()):
        findings.append(Finding(StationError(
            "schedule.yaml bật duyệt bản tin (approval: required) nhưng đài chưa có người duyệt: không bản tin nào "
            "lên sóng.", station.schedule_path, None,
            "tạo tài khoản người duyệt: radio user add TÊN --role duyet"), warning=True,
            in_console="người quản trị thêm tài khoản vai trò 'duyệt' ở trang Người dùng."))
    for path in find_bulletins(station.scripts_dir):
        state = accounts.state(path)
        if state != "da-duyet":
            findings.append(Finding(StationError(
                f"{STATE_NAMES[state]}: chưa lên sóng cho tới khi được duyệt.", path, None,
                f"người duyệt chạy: radio approve {station.known_as(path)}"), warning=True,
                in_console="người duyệt mở bản tin ở trang Bản tin và bấm Duyệt."))
    accounts.close()
    return findings


def _check_program_references(station: Station, selection: Selection) -> list[Finding]:
    """A bulletin named but missing is an error; a pattern or category that matches no bulletin at all
    (valid or not) is a warning: the item would air nothing, silently."""
    paths = find_bulletins(station.scripts_dir)
    names = {p.stem for p in paths} | {p.name for p in paths}
    findings = []
    for program in station.programs.values():
        for item in program.items:
            if item.kind == "bulletin" and item.value not in names:
                findings.append(Finding(StationError(
                    f"chương trình '{program.name}' cần bản tin '{item.value}' nhưng không có trong scripts/.",
                    station.schedule_path, item.line)))
            elif item.kind in ("bulletins", "category") and not selection.matching(item):
                what = "mẫu tên" if item.kind == "bulletins" else "lĩnh vực"
                findings.append(Finding(StationError(
                    f"chương trình '{program.name}': {what} '{item.value}' không khớp bản tin nào trong scripts/.",
                    station.schedule_path, item.line, "sửa lại mẫu tên hoặc lĩnh vực (category) cho đúng."),
                    warning=True))
    return findings

