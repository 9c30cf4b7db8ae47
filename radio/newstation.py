"""`radio init`: a new station folder of the commune's own, instead of a copy of the repository.

It holds schedule.yaml (the station's name, every setting commented in Vietnamese), the jingles
(synthesized here, so nothing has to be downloaded), one sample bulletin and an otherwise empty scripts/.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from radio.errors import StationError
from radio.files import write_bytes_atomic
from radio.mixing.jingles import JINGLES, write_wav
from radio.station import SCHEDULE_FILE

SAMPLE_BULLETIN = "thong-bao-mau.md"

SCHEDULE_TEMPLATE = """\
# Lịch phát sóng và cấu hình của {name}.
# Sửa xong, chạy `radio check` để kiểm tra; đài đang chạy sẽ tự nạp lại.
station:
  name: {name}
  timezone: Asia/Ho_Chi_Minh   # giờ của đài, không phụ thuộc giờ của máy tính
  dialect: north               # north: nghìn, linh · south: ngàn, lẻ

speech:
  engines: [gtts, espeak]      # thử lần lượt; mất mạng thì dùng giọng đọc ngoại tuyến (espeak)
  voice: vi                    # giọng espeak: vi, vi-vn-x-central, vi-vn-x-south
  speed: 1.0                   # tốc độ đọc 0.8 – 1.3

mastering:
  loudness_lufs: -16           # độ lớn chuẩn của đài (LUFS)
  true_peak_db: -1             # đỉnh thật tối đa (dBTP)
  gap_s: 1.0                   # khoảng lặng giữa các mục (giây)

jingles:
  intro: audio/nhac-hieu.wav
  outro: audio/ket-thuc.wav
  bed: audio/nhac-nen.wav

words:                         # cách đọc riêng của đài: tên địa phương, tổ chức
  UBND: Ủy ban nhân dân

programs:
  sang:
    title: Chương trình phát thanh buổi sáng
    bed: bed
    items:
      - jingle: intro
      - say: "Đây là {{station}}. Hôm nay, {{date}}. Mời bà con nghe chương trình phát thanh buổi sáng."
      - bulletins: "*"
      - jingle: outro
  chieu:
    title: Chương trình phát thanh buổi chiều
    items:
      - jingle: intro
      - say: "Đây là {{station}}. Mời bà con nghe chương trình phát thanh buổi chiều, {{date}}."
      - bulletins: "*"
      - jingle: outro

slots:
  - at: "06:00"
    days: daily
    program: sang
    missed: {{policy: late, grace: 15m}}   # máy tắt lúc đến giờ: bật lại trong 15 phút thì phát muộn
  - at: "17:00"
    days: daily
    program: chieu

daemon:
  render_ahead: 30m            # dựng trước chương trình
  emergency_resume: item       # sau tin khẩn cấp: phát lại mục bị ngắt

categories:                    # lĩnh vực của đài -> một trong 6 nhóm lĩnh vực của tỉnh (báo cáo cộng được ở huyện)
  thông báo: 4                 # 1 Thông tin chung, 2 Đột xuất, 3 Đường lối, chính sách, pháp luật,
  phòng chống thiên tai: 2     # 4 Chỉ đạo điều hành, 5 Kiến thức KH-KT-KT-VH-XH, 6 Gương người tốt việc tốt
  y tế: 5
  chuyển đổi số: 3

campaigns: []                  # chiến dịch tuyên truyền; ví dụ (bỏ dấu # để dùng):
#  - name: Tuyên truyền chuyển đổi số
#    basis: Kế hoạch số …/KH-UBND ngày … của UBND …
#    from: 2027-01-01
#    until: 2027-06-30
#    category: chuyển đổi số
#    target: {{airings: 3, per: week}}
#    programs: [sang, chieu]

report:                        # thể thức báo cáo gửi lên (radio report --docx): điền cho đúng xã mình
  parent: ""                   # cơ quan cấp trên, ví dụ UBND HUYỆN THỐNG NHẤT
  issuer: {issuer}
  place: "{place}"             # địa danh trong "…, ngày … tháng … năm …"
  symbol: BC-UBND
  signer_title: CHỦ TỊCH       # hoặc KT. CHỦ TỊCH – PHÓ CHỦ TỊCH
  signer_name: ""              # họ tên người ký
"""

BULLETIN_TEMPLATE = """\
---
title: Thông báo mẫu của {name}
category: thông báo
priority: thuong
valid_from: {today}
valid_until: {until}
---
Đây là bản tin mẫu của {name}. Cán bộ văn hóa thông tin soạn bản tin mới trong thư mục scripts, \
mỗi bản tin một tệp, rồi chạy lệnh radio check để kiểm tra trước khi phát.
"""


def create_station(folder: Path, name: str, today: dt.date) -> list[Path]:
    """Write a new station into `folder` (created if missing); returns the files made.

    Refuses a folder that already has a station: nothing of an existing station is ever overwritten."""
    folder = Path(folder)
    if (folder / SCHEDULE_FILE).exists():
        raise StationError("thư mục này đã là một đài (đã có schedule.yaml); không ghi đè.", folder / SCHEDULE_FILE,
                           hint="chọn một thư mục mới, hoặc sửa trực tiếp schedule.yaml của đài này.")
    if folder.exists() and not folder.is_dir():
        raise StationError("đây là một tệp, không phải thư mục.", folder, hint="chọn tên thư mục khác.")
    made = []
    for file_name, make in JINGLES.items():
        target = folder / "audio" / file_name
        if not target.exists():
            write_wav(make(), target)
            made.append(target)
    bulletin = folder / "scripts" / SAMPLE_BULLETIN
    if not bulletin.exists():
        text = BULLETIN_TEMPLATE.format(name=name, today=today.isoformat(),
                                        until=(today + dt.timedelta(days=30)).isoformat())
        write_bytes_atomic(bulletin, text.encode("utf-8"))
        made.append(bulletin)
    schedule = folder / SCHEDULE_FILE
    commune = name.split(" xã ", 1)[1].strip() if " xã " in name else ""
    issuer = f"ỦY BAN NHÂN DÂN XÃ {commune.upper()}" if commune else "ỦY BAN NHÂN DÂN XÃ"
    write_bytes_atomic(schedule, SCHEDULE_TEMPLATE.format(name=name, issuer=issuer, place=commune).encode("utf-8"))
    made.append(schedule)
    return made
