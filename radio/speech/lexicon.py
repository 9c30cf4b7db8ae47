"""Words the station knows how to read: administrative abbreviations, units, Vietnamese syllables."""
from __future__ import annotations

import re
import unicodedata

# Administrative abbreviations (reading-rules.md, plus common ones from real bulletins).
# Ambiguous codes (KH, CT, TT, BCH, ĐT) get their context rules in normalize.py; these are their defaults.
ABBREVIATIONS: dict[str, str] = {
    "UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân", "MTTQ": "Mặt trận Tổ quốc",
    "UBMTTQ": "Ủy ban Mặt trận Tổ quốc", "HĐND-UBND": "Hội đồng nhân dân - Ủy ban nhân dân",
    "TW": "Trung ương", "TƯ": "Trung ương", "CP": "Chính phủ", "TTg": "Thủ tướng Chính phủ",
    "NQ": "Nghị quyết", "KH": "Kế hoạch", "QĐ": "Quyết định", "CT": "Chỉ thị", "TB": "Thông báo",
    "CV": "Công văn", "TT": "Thông tư", "TU": "Tỉnh ủy", "HU": "Huyện ủy", "ĐU": "Đảng ủy",
    "BCĐ": "Ban Chỉ đạo", "BCH": "Ban Chấp hành", "BTTTT": "Bộ Thông tin và Truyền thông",
    "KT": "Kinh tế", "VT": "Văn thư", "VH": "Văn hóa", "VH&TT": "Văn hóa và Thông tin",
    "VHTT": "Văn hóa Thông tin", "KH&TT": "Khoa học và Thông tin", "KH&CN": "Khoa học và Công nghệ",
    "KHCN": "khoa học công nghệ", "GD&ĐT": "Giáo dục và Đào tạo", "GDĐT": "Giáo dục Đào tạo",
    "CBCCVC": "cán bộ, công chức, viên chức", "CBCC": "cán bộ, công chức",
    "CBCNVC": "cán bộ, công nhân viên chức", "CNVC": "công nhân viên chức", "NLĐ": "người lao động",
    "BHYT": "bảo hiểm y tế", "BHXH": "bảo hiểm xã hội", "BHTN": "bảo hiểm thất nghiệp",
    "THCS": "trung học cơ sở", "THPT": "trung học phổ thông", "PCCC": "phòng cháy chữa cháy",
    "PCCC&CNCH": "phòng cháy chữa cháy và cứu nạn cứu hộ",
    "RO": "rô",  # a reverse-osmosis water filter, "máy lọc RO" ("ro" was a syllable)
    "POS": "pốt",  # a card machine: "máy POS"
    "QLVB&ĐH": "quản lý văn bản và điều hành", "QLVB": "quản lý văn bản",  # the offices' document system
    "HN&GĐ": "Hôn nhân và Gia đình",  # "Luật HN&GĐ"
    "QY": "quân y",  # "viện QY 7B", a military hospital
    "QLDA": "quản lý dự án", "HT&TĐC": "hỗ trợ và tái định cư",  # "Ban QLDA", "Hội đồng BT, HT&TĐC"
    "NHNo": "Ngân hàng Nông nghiệp", "NHNo&PTNT": "Ngân hàng Nông nghiệp và Phát triển Nông thôn",
    "CNCH": "cứu nạn cứu hộ", "ANTT": "an ninh trật tự", "ATGT": "an toàn giao thông",
    "CSGT": "cảnh sát giao thông", "HTX": "hợp tác xã", "NTM": "nông thôn mới",
    "KT-XH": "kinh tế - xã hội", "KTXH": "kinh tế xã hội", "QP-AN": "quốc phòng - an ninh",
    "QPAN": "quốc phòng an ninh", "ANQP": "an ninh quốc phòng", "TDTT": "thể dục thể thao",
    "TTHC": "thủ tục hành chính", "CCHC": "cải cách hành chính", "CCCD": "căn cước công dân",
    "CMND": "chứng minh nhân dân", "CĐS": "chuyển đổi số", "ĐMST": "đổi mới sáng tạo",
    "DVC": "dịch vụ công", "NĐ": "Nghị định", "BC": "Báo cáo", "DQTV": "dân quân tự vệ",
    "TNCS": "Thanh niên Cộng sản", "ĐVTN": "đoàn viên thanh niên", "ĐTN": "Đoàn Thanh niên",
    "LHPN": "Liên hiệp Phụ nữ", "HLHPN": "Hội Liên hiệp Phụ nữ", "HND": "Hội Nông dân",
    "HCCB": "Hội Cựu chiến binh", "CCB": "cựu chiến binh", "NCT": "người cao tuổi",
    "CTĐ": "Chữ thập đỏ", "KDC": "khu dân cư", "KP": "khu phố", "TDP": "tổ dân phố",
    "TTYT": "Trung tâm Y tế", "TYT": "trạm y tế", "CAND": "Công an nhân dân",
    "QĐND": "Quân đội nhân dân", "TNGT": "tai nạn giao thông", "VSATTP": "vệ sinh an toàn thực phẩm",
    "ATTP": "an toàn thực phẩm", "ATVSTP": "an toàn vệ sinh thực phẩm",
    "PCTT": "phòng chống thiên tai", "TKCN": "tìm kiếm cứu nạn",
    "PCTT&TKCN": "phòng chống thiên tai và tìm kiếm cứu nạn", "KTTV": "khí tượng thủy văn",
    "NHCSXH": "Ngân hàng Chính sách xã hội", "GPMB": "giải phóng mặt bằng",
    "DTTS": "dân tộc thiểu số", "GĐVH": "gia đình văn hóa", "ĐBQH": "đại biểu Quốc hội",
    "QH": "Quốc hội", "UBTVQH": "Ủy ban Thường vụ Quốc hội", "BTV": "Ban Thường vụ",
    "BCHTW": "Ban Chấp hành Trung ương", "HĐ": "Hội đồng", "BQL": "Ban quản lý", "CLB": "câu lạc bộ",
    "BĐ": "báo động", "BKS": "biển kiểm soát", "HĐSP": "Hội đồng sư phạm",
    "NPK": "en pê ca", "DAP": "đê a pê", "BVĐK": "bệnh viện đa khoa",
    "BTC": "Ban Tổ chức", "VP": "Văn phòng", "TN&MT": "Tài nguyên và Môi trường",
    "TNMT": "tài nguyên môi trường", "NN&PTNT": "Nông nghiệp và Phát triển nông thôn",
    "NN&MT": "Nông nghiệp và Môi trường",  # the ministry and departments merged in 2025
    "LĐTB&XH": "Lao động - Thương binh và Xã hội", "LĐ-TB&XH": "Lao động - Thương binh và Xã hội",
    "TC-KH": "Tài chính - Kế hoạch", "KT-HT": "Kinh tế - Hạ tầng", "YT": "Y tế",
    "CA": "Công an", "BCHQS": "Ban Chỉ huy Quân sự", "CHQS": "Chỉ huy Quân sự",
    "QS": "quân sự", "NVQS": "nghĩa vụ quân sự",
    "ATXH": "an toàn xã hội", "TTATXH": "trật tự an toàn xã hội", "TNXH": "tệ nạn xã hội",
    "HIV/AIDS": "HIV AIDS", "ĐVHC": "đơn vị hành chính", "GCN": "giấy chứng nhận",
    "QSDĐ": "quyền sử dụng đất", "GCNQSDĐ": "giấy chứng nhận quyền sử dụng đất", "SDĐ": "sử dụng đất",
    "SDĐNN": "sử dụng đất nông nghiệp", "SDĐPNN": "sử dụng đất phi nông nghiệp", "NPT": "người phụ thuộc",
    "GTNT": "giao thông nông thôn", "ĐH": "Đại hội",
    "ĐCSVN": "Đảng Cộng sản Việt Nam", "CNXH": "chủ nghĩa xã hội", "XHCN": "xã hội chủ nghĩa",
    "VN": "Việt Nam", "HCM": "Hồ Chí Minh", "TP.HCM": "thành phố Hồ Chí Minh",
    "TPHCM": "thành phố Hồ Chí Minh", "SXKD": "sản xuất kinh doanh", "DN": "doanh nghiệp",
    "CNTT": "công nghệ thông tin", "TTTT": "Thông tin và Truyền thông",
    # digital transformation (Kế hoạch 314 and the notices it brings)
    "DVCTT": "dịch vụ công trực tuyến", "CSDL": "cơ sở dữ liệu", "TMĐT": "thương mại điện tử",
    "CNSCĐ": "công nghệ số cộng đồng", "KTS": "kinh tế số", "XHS": "xã hội số", "CQS": "chính quyền số",
    "BPMC": "bộ phận một cửa", "HTTT": "hệ thống thông tin", "PAKN": "phản ánh, kiến nghị",
    "ĐDĐT": "định danh điện tử", "HCC": "hành chính công", "IOC": "i ô xê", "IoT": "i ô tê", "AI": "ây ai",
    "VNPT": "vê en pê tê",
    "TT&TT": "Thông tin và Truyền thông", "VHXH": "văn hóa xã hội", "VH-XH": "văn hóa - xã hội",
    "KTHK": "kiểm tra học kỳ", "ĐTB": "điểm trung bình", "TN&TKQ": "tiếp nhận và trả kết quả",
    "TN&TRKQ": "tiếp nhận và trả kết quả", "GPLH": "giấy phép lưu hành",
    "VNĐ": "đồng", "VND": "đồng",  # as a unit after a number too; alone: "Đơn vị tính: VNĐ", "30tr VNĐ"
    "CT-XH": "chính trị - xã hội", "VX": "văn xã",  # "các đoàn thể CT-XH", "phụ trách VX"
    "TTCN": "tiểu thủ công nghiệp", "KCN": "khu công nghiệp", "CCN": "cụm công nghiệp",
    "THPTQG": "trung học phổ thông quốc gia", "GDTX": "giáo dục thường xuyên",
    "MN": "mầm non", "TH": "tiểu học", "SGK": "sách giáo khoa", "ND": "nhân dân",
    "QL": "quốc lộ", "ĐT": "điện thoại", "BVTV": "bảo vệ thực vật", "LMLM": "lở mồm long móng",
    "DTHCP": "dịch tả heo châu Phi", "DTLCP": "dịch tả lợn châu Phi", "THT": "tụ huyết trùng",
    "DTHC": "dịch tả heo cổ điển", "CN&TY": "Chăn nuôi và Thú y", "KDTY": "kiểm dịch thú y",
    "VHGT": "văn hóa giao thông", "TTATGTĐB": "trật tự, an toàn giao thông đường bộ",
    "BVQLNTD": "bảo vệ quyền lợi người tiêu dùng", "MSVT": "mã số vùng trồng", "TQ": "Trung Quốc",
    "IUU": "i u u",  # fishing that is illegal, unreported, unregulated: officials say the letters
    "PCTP": "phòng, chống tội phạm", "TTTB": "thông tin thuê bao", "AL": "âm lịch",
    "LED": "led",  # "đèn LED", said as a word
    "LS-VH": "lịch sử - văn hóa", "VH-LS": "văn hóa - lịch sử",
    "MTQG": "mục tiêu quốc gia", "MBH": "mũ bảo hiểm", "TPCMT": "trái phép chất ma túy",
    "XKLĐ": "xuất khẩu lao động", "XK": "xuất khẩu", "EU": "châu Âu", "KNV": "khuyến nông viên",
    "BTT": "Ban Thường trực", "BĐH": "Ban điều hành", "LCS": "lương cơ sở", "QG": "quốc gia",
    "TVXD": "tư vấn xây dựng", "KNLĐ": "khả năng lao động", "HĐKC": "hoạt động kháng chiến",
    "CĐHH": "chất độc hóa học", "NTLS": "nghĩa trang liệt sĩ", "TGPL": "trợ giúp pháp lý",
    "BPTT": "biện pháp tránh thai", "PTDTNT": "phổ thông dân tộc nội trú",
    "GV-NV": "giáo viên, nhân viên", "CB-GV-NV": "cán bộ, giáo viên, nhân viên",  # a school's staff
    "BIB": "bíp", "ICU": "hồi sức tích cực",  # a runner's number; the intensive-care ward
    "EC": "Ủy ban châu Âu",  # "thẻ vàng của EC"; a pesticide's "300EC" is spelled (notation.FORMULATION)
    "USDA": "u ét đê a",  # an organic label's certifier
    "GHPGVN": "Giáo hội Phật giáo Việt Nam", "KTCB": "kiến thiết cơ bản", "BGMB": "bàn giao mặt bằng",
    "HKD": "hộ kinh doanh", "TĐC": "tái định cư",
    "BTGPMB": "bồi thường giải phóng mặt bằng", "NVH": "nhà văn hóa", "LĐTBXH": "Lao động - Thương binh và Xã hội",
    "ANCT": "an ninh chính trị", "SĐT": "số điện thoại", "NSS": "ngày sau sạ", "OA": "ô a",
    "AQI": "a quy i", "SN": "sinh năm", "CSKH": "chăm sóc khách hàng", "EVN": "e vê en",
    "EVNSPC": "e vê en ét pê xê", "VietGAP": "Việt Gáp", "VietGAHP": "Việt Gáp",
    "ARV": "a rờ vê", "QR": "kiu a", "UV": "u vê",
    "IP": "i pê",  # "cụm loa IP", "địa chỉ IP": not the syllable ip
    "WAN": "oan",  # "mạng WAN chuyên dùng", as network people say it (LAN is the syllable lan)
    "PVHCC": "phục vụ hành chính công", "TTPVHCC": "Trung tâm Phục vụ hành chính công",  # a commune's since 2025
    "PT-TH": "Phát thanh - Truyền hình", "PT&TH": "Phát thanh và Truyền hình",  # "Đài PT-TH Đồng Nai"
    "TNVN": "Tiếng nói Việt Nam", "THVN": "Truyền hình Việt Nam",  # the national radio and television
    # a tender's papers, as the national e-procurement system names them ("Phát hành E-HSMT từ 8h00")
    "HSMT": "hồ sơ mời thầu", "E-HSMT": "hồ sơ mời thầu điện tử", "HSDT": "hồ sơ dự thầu",
    "E-HSDT": "hồ sơ dự thầu điện tử", "TBMT": "thông báo mời thầu",
    "TTBCXB": "Thông tin, Báo chí, Xuất bản",  # a department of the province's information office
    "TOPIK": "tô pích",  # the Korean test of the EPS programme ("EPS-TOPIK")
    "STEM": "xờ tem",  # "giáo dục STEM", as teachers say it
    "VAT": "vê a tê", "OTP": "ô tê pê", "VNeID": "vê en e ai đi", "VssID": "vê ét ét ai đi", "ID": "ai đi",
    "OK": "ô kê", "TV": "ti vi",
    "ASF": "a ét ép", "TE": "tê e", "IU": "i u",
    "HCV": "huy chương vàng", "HCB": "huy chương bạc", "HCĐ": "huy chương đồng", "VĐV": "vận động viên",
    "HLV": "huấn luyện viên", "VHVN": "văn hóa văn nghệ",
    "TTVH": "Trung tâm Văn hóa", "TTVH-TT": "Trung tâm Văn hóa - Thể thao",
    "THTT": "truyền hình trực tiếp",  # after Đài, truyền thanh - truyền hình (textnorm's context table)
    "VH-TT": "Văn hóa - Thông tin", "VHTTDL": "Văn hóa, Thể thao và Du lịch",
    "VH,TT&DL": "Văn hóa, Thể thao và Du lịch", "WHO": "Tổ chức Y tế Thế giới",
    "UBMTTQVN": "Ủy ban Mặt trận Tổ quốc Việt Nam", "MTTQVN": "Mặt trận Tổ quốc Việt Nam",
    "ĐBSCL": "Đồng bằng sông Cửu Long", "BĐKH": "biến đổi khí hậu", "VSMT": "vệ sinh môi trường",
    "PCCCR": "phòng cháy chữa cháy rừng", "BVR": "bảo vệ rừng",
    "PTNT": "phát triển nông thôn", "GTVT": "giao thông vận tải",
    "VHTT&DL": "Văn hóa, Thể thao và Du lịch", "KH&ĐT": "Kế hoạch và Đầu tư", "GD": "giáo dục",
    "HS": "học sinh", "GV": "giáo viên", "SV": "sinh viên", "CSXH": "chính sách xã hội",
    "NCC": "người có công", "TBLS": "thương binh liệt sĩ", "KCB": "khám chữa bệnh", "BV": "bệnh viện",
    "VD": "ví dụ", "LPMB": "lệ phí môn bài", "CD": "công dân",  # a disc ("đĩa CD") by its neighbours
    "OCOP": "Ô cốp", "CNH-HĐH": "công nghiệp hóa - hiện đại hóa", "CNH": "công nghiệp hóa",
    "HĐH": "hiện đại hóa", "QLNN": "quản lý nhà nước", "THADS": "thi hành án dân sự",
    "VKSND": "Viện kiểm sát nhân dân", "TAND": "Tòa án nhân dân", "KHKT": "khoa học kỹ thuật",
    "CBCS": "cán bộ chiến sĩ", "LLVT": "lực lượng vũ trang", "GPLX": "giấy phép lái xe",
    "LLTP": "lý lịch tư pháp",  # "cấp phiếu LLTP", the criminal-record extract
    "LLBV": "lực lượng bảo vệ",  # "LLBV ANTT ở cơ sở": the hamlets' security force
    "YTTB": "y tế thôn bản", "ĐCTT": "đờn ca tài tử", "BND": "Ban Nhân dân", "NSVM": "nếp sống văn minh",
    "CTNH": "chất thải nguy hại", "NS&VSMTNT": "nước sạch và vệ sinh môi trường nông thôn", "PGD": "phòng giao dịch",
    "ĐVN": "đơn vị vật nuôi", "ĐTV": "điều tra viên", "UNT": "ủy nhiệm thu", "QPTD": "quốc phòng toàn dân",
    "HTCTTH": "hoàn thành chương trình tiểu học", "KTĐK": "kiểm tra định kỳ",
    "ĐDCMHS": "đại diện cha mẹ học sinh", "LS&ĐL": "Lịch sử và Địa lý", "ĐNB": "Đông Nam Bộ",
    "KSGM": "kiểm soát giết mổ", "HĐGX": "hội đồng giáo xứ", "DVXHCB": "dịch vụ xã hội cơ bản",
    "USD": "đô la Mỹ",  # the currency named alone ("Giá USD tại NH"); after a number it is a unit
    "ĐKKD": "đăng ký kinh doanh", "PCT": "Phó Chủ tịch", "ĐVT": "đơn vị tính", "STT": "số thứ tự",
    "COVID": "Cô vít", "BTG": "Ban Tuyên giáo", "BDV": "Ban Dân vận", "UBKTĐU": "Ủy ban Kiểm tra Đảng ủy",
    "HĐPH": "Hội đồng phối hợp", "PBGDPL": "phổ biến giáo dục pháp luật", "TTATGT": "trật tự an toàn giao thông",
    "ANTQ": "an ninh Tổ quốc", "BVANTQ": "bảo vệ an ninh Tổ quốc", "ĐTM": "đô thị mới",
    "KTTT": "kinh tế tập thể", "TTCP": "Thủ tướng Chính phủ", "TN": "Thanh niên",
    "CHXHCN": "Cộng hòa xã hội chủ nghĩa", "SMS": "ét em ét", "CHXHCNVN": "Cộng hòa xã hội chủ nghĩa Việt Nam",
    # ministries, the state and the Party as the documents above the commune name them
    "BGDĐT": "Bộ Giáo dục và Đào tạo", "BCA": "Bộ Công an", "BQP": "Bộ Quốc phòng",
    "BTNMT": "Bộ Tài nguyên và Môi trường", "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    # the ministries that sign a standard's or a circular's symbol: "QCVN 41:2019/BGTVT" (road signs)
    "BGTVT": "Bộ Giao thông vận tải", "BKHCN": "Bộ Khoa học và Công nghệ",
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn", "BNNMT": "Bộ Nông nghiệp và Môi trường",
    "BKHĐT": "Bộ Kế hoạch và Đầu tư", "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội", "NHNN": "Ngân hàng Nhà nước",
    "VPCP": "Văn phòng Chính phủ", "PTTg": "Phó Thủ tướng", "TBT": "Tổng Bí thư", "CTN": "Chủ tịch nước",
    "ĐCS": "Đảng Cộng sản", "QU": "Quận ủy", "HĐBC": "Hội đồng bầu cử", "UBBC": "Ủy ban bầu cử",
    "CTTĐT": "Cổng thông tin điện tử", "TTĐT": "thông tin điện tử", "TTHCC": "Trung tâm Hành chính công",
    # mass organisations, schooling, health, budget, building, order, emulation
    "CĐCS": "Công đoàn cơ sở", "LĐLĐ": "Liên đoàn Lao động", "HCTĐ": "Hội Chữ thập đỏ",
    "PKĐK": "phòng khám đa khoa", "HSSV": "học sinh, sinh viên", "GDMN": "giáo dục mầm non",
    "GDPT": "giáo dục phổ thông", "GDNN": "giáo dục nghề nghiệp", "TTGDNN": "Trung tâm Giáo dục nghề nghiệp",
    "ĐBKK": "đặc biệt khó khăn", "HCKK": "hoàn cảnh khó khăn", "NSNN": "ngân sách nhà nước",
    "VSMTNT": "vệ sinh môi trường nông thôn", "XDCB": "xây dựng cơ bản", "GPXD": "giấy phép xây dựng",
    "CTMTQG": "chương trình mục tiêu quốc gia", "CTMT": "chương trình mục tiêu", "BGK": "Ban giám khảo",
    "ĐTXD": "đầu tư xây dựng", "KKT": "khu kinh tế",
    "TMDV": "thương mại dịch vụ", "DNNVV": "doanh nghiệp nhỏ và vừa", "CCVC": "công chức, viên chức",
    "NSDLĐ": "người sử dụng lao động", "NKT": "người khuyết tật", "BVTE": "bảo vệ trẻ em",
    "ANXH": "an sinh xã hội", "QLTT": "quản lý thị trường", "CSKV": "cảnh sát khu vực", "CAX": "Công an xã",
    "CAH": "Công an huyện", "VPHC": "vi phạm hành chính", "XPVPHC": "xử phạt vi phạm hành chính",
    "TĐKT": "thi đua khen thưởng", "CSTĐ": "chiến sĩ thi đua", "CSTĐCS": "chiến sĩ thi đua cơ sở",
    "LĐTT": "lao động tiên tiến",
    "SXHD": "sốt xuất huyết Dengue", "TCM": "tay chân miệng", "BI": "bê i",  # chỉ số BI: the Breteau index
    "HI": "hát i",  # the house index of larvae ("hi" was a syllable)
    # power, tax, schooling, law and money, from a probe of outage, school and bank notices
    "TBA": "trạm biến áp", "GTGT": "giá trị gia tăng", "TNCN": "thu nhập cá nhân", "HSG": "học sinh giỏi",
    "HSD": "hạn sử dụng", "NSX": "ngày sản xuất",  # a label's dates: "NSX: 01/12/2026, HSD: 6 tháng"
    "CSYT": "cơ sở y tế", "CSKCB": "cơ sở khám chữa bệnh", "CSGD": "cơ sở giáo dục",
    "CSKD": "cơ sở kinh doanh",
    "BLHS": "Bộ luật Hình sự", "BLDS": "Bộ luật Dân sự", "BLLĐ": "Bộ luật Lao động", "TK": "tài khoản",
    # health, labour abroad, the coast, fuel
    "SXH": "sốt xuất huyết", "ĐTĐ": "đái tháo đường", "THA": "tăng huyết áp", "TCMR": "tiêm chủng mở rộng",
    "SDD": "suy dinh dưỡng", "KHHGĐ": "kế hoạch hóa gia đình", "DS-KHHGĐ": "Dân số - Kế hoạch hóa gia đình",
    "CSSKSS": "chăm sóc sức khỏe sinh sản", "ATVSLĐ": "an toàn vệ sinh lao động", "TTS": "thực tập sinh",
    "TTKN": "thực tập kỹ năng",  # Japan's intern scheme: "chương trình TTKN 3 năm"
    "TTDH": "thông tin duyên hải", "RON": "rôn", "STK": "số tài khoản", "HĐĐT": "hóa đơn điện tử",
    "CQT": "cơ quan thuế",
    "CSĐTTP": "Cảnh sát điều tra tội phạm", "CSĐT": "Cảnh sát điều tra", "CSHS": "Cảnh sát hình sự",
    "CSKT": "Cảnh sát kinh tế",  # the police teams a commune's security bulletin names
    "BTXM": "bê tông xi măng", "BTCT": "bê tông cốt thép", "BTNN": "bê tông nhựa nóng",  # roads and halls
    "Td": "tê đê", "Hib": "híp",  # vaccines written in mixed case, as the schedule prints them
    "KD": "kinh doanh", "SX": "sản xuất", "BQ": "bình quân", "HC": "hành chính",  # hộ KD, thu nhập BQ, giờ HC
    "PH": "phụ huynh", "ĐK": "đăng ký", "PN": "Phụ nữ", "CHT": "Chỉ huy trưởng",  # "chi hội PN", "CHT BCHQS"
    "DQ": "dân quân", "MST": "mã số thuế", "KK": "khuyến khích", "CTV": "cộng tác viên",
    "TNHH": "trách nhiệm hữu hạn", "Cty": "Công ty", "CTY": "Công ty",  # Cty TNHH, Cty CP
    # money, land and works, as a land-clearance notice writes them
    "KBNN": "Kho bạc Nhà nước", "QTDND": "quỹ tín dụng nhân dân", "TCTD": "tổ chức tín dụng",
    "NSĐP": "ngân sách địa phương", "NHTM": "ngân hàng thương mại", "DNNN": "doanh nghiệp nhà nước",
    "TTTM": "trung tâm thương mại", "KTNN": "Kiểm toán Nhà nước", "HĐQT": "Hội đồng quản trị",
    "VPĐKĐĐ": "Văn phòng Đăng ký đất đai", "VPĐK": "Văn phòng Đăng ký", "ĐKĐĐ": "đăng ký đất đai",
    "KHSDĐ": "kế hoạch sử dụng đất", "QHSDĐ": "quy hoạch sử dụng đất", "HTKT": "hạ tầng kỹ thuật",
    "CSHT": "cơ sở hạ tầng", "XHH": "xã hội hóa", "ĐTPT": "đầu tư phát triển", "GNBV": "giảm nghèo bền vững",
    "CTR": "chất thải rắn", "CTRSH": "chất thải rắn sinh hoạt", "RTSH": "rác thải sinh hoạt",
    # the Party, ministries, schools, the militia, labour and health
    "UBKT": "Ủy ban Kiểm tra", "UBKTTW": "Ủy ban Kiểm tra Trung ương", "ĐBHĐND": "đại biểu Hội đồng nhân dân",
    "TNXP": "thanh niên xung phong", "BNV": "Bộ Nội vụ", "BYT": "Bộ Y tế", "BXD": "Bộ Xây dựng",
    "KHĐT": "Kế hoạch và Đầu tư", "VH-TT&DL": "Văn hóa, Thể thao và Du lịch",
    "HTCĐ": "học tập cộng đồng", "TTHTCĐ": "Trung tâm học tập cộng đồng", "GDCD": "giáo dục công dân",
    "CBGV": "cán bộ, giáo viên", "CBQL": "cán bộ quản lý", "PHHS": "phụ huynh học sinh",
    "BĐDCMHS": "Ban đại diện cha mẹ học sinh", "QNCN": "quân nhân chuyên nghiệp", "SQDB": "sĩ quan dự bị",
    "NVCA": "nghĩa vụ công an", "QNDB": "quân nhân dự bị", "QNXN": "quân nhân xuất ngũ", "KVPT": "khu vực phòng thủ",
    "SVĐ": "sân vận động", "QLĐ": "Quản lý điện",  # the power company's team: "Đội QLĐ Trảng Bom"
    "TCTN": "trợ cấp thất nghiệp",
    # a hamlet's own announcements: "Ban ĐDNCT ấp 3", "mẹ VNAH", "BĐD CMHS"
    "ĐDNCT": "đại diện người cao tuổi", "BĐD": "Ban đại diện", "VNAH": "Việt Nam anh hùng",
    "BMVNAH": "Bà mẹ Việt Nam anh hùng", "TNTN": "thanh niên tình nguyện",
    "TTHN": "tình trạng hôn nhân", "HVS": "hợp vệ sinh", "VLN": "vật liệu nổ", "CCHT": "công cụ hỗ trợ",
    "MXH": "mạng xã hội", "BQT": "Ban quản trị", "QP": "quốc phòng",
    "HTND": "hỗ trợ nông dân", "GSĐTCCĐ": "giám sát đầu tư của cộng đồng",  # "Quỹ HTND", "Ban GSĐTCCĐ"
    "CNS": "công nghệ số",  # "Tổ CNS cộng đồng", the hamlet's digital team
    "CQ": "cơ quan",  # "CQ thuế", "các CQ, đơn vị"; after hệ or đại học it is chính quy (textnorm's context table)
    "DBĐV": "dự bị động viên", "DQTT": "dân quân thường trực", "DQCĐ": "dân quân cơ động",
    "QLHC": "quản lý hành chính", "ANCS": "an ninh cơ sở", "ANQG": "an ninh quốc gia", "TTXH": "trật tự xã hội",
    "TNLĐ": "tai nạn lao động", "HĐLĐ": "hợp đồng lao động", "CSSKBĐ": "chăm sóc sức khỏe ban đầu",
    "TTTDTT": "Trung tâm Thể dục thể thao", "NVHCĐ": "nhà văn hóa cộng đồng", "DVCQG": "Dịch vụ công quốc gia",
    "CSDLQG": "cơ sở dữ liệu quốc gia", "CKS": "chữ ký số", "CKSCN": "chữ ký số cá nhân",
    # hurried notices: land tax, hiring, volunteers
    "PNN": "phi nông nghiệp", "LĐ": "lao động", "TNV": "tình nguyện viên", "LL": "lực lượng", "XD": "xây dựng",
    "BN": "bệnh nhân", "HK": "học kỳ", "HKI": "học kỳ một", "HKII": "học kỳ hai",
    "MG": "mẫu giáo", "BH": "bảo hiểm", "QCVN": "quy chuẩn Việt Nam",
    "TCVN": "tiêu chuẩn Việt Nam", "HGĐ": "hộ gia đình", "CK": "chuyển khoản", "FM": "ép em",
    "MTV": "một thành viên", "KQ": "kết quả", "ACE": "anh chị em", "GL": "giao lưu", "GQVL": "giải quyết việc làm",
    "GVCN": "giáo viên chủ nhiệm", "BGH": "Ban giám hiệu",
    "UB": "Ủy ban", "LH": "liên hệ", "GDVL": "giao dịch việc làm", "DVVL": "dịch vụ việc làm",
    "NDTQ": "nhân dân tự quản", "DV": "dịch vụ", "ATM": "ây ti em",  # thẻ ATM, said the English way
    "GPKD": "giấy phép kinh doanh", "ATNĐ": "áp thấp nhiệt đới",
    "MNDBT": "mực nước dâng bình thường", "MNDGC": "mực nước dâng gia cường",  # a reservoir's levels
    "GTSX": "giá trị sản xuất",  # a commune's yearly report: "tăng trưởng GTSX 8%"
    "HN-DN": "hướng nghiệp - dạy nghề",
    # checked against a public list of Vietnamese abbreviations for the ones notices use and we spelled
    "ASXH": "an sinh xã hội", "ATLĐ": "an toàn lao động", "BVMT": "bảo vệ môi trường", "BĐS": "bất động sản",
    "BQLDA": "Ban quản lý dự án", "BTP": "Bộ Tư pháp", "BHNT": "bảo hiểm nhân thọ", "BLX": "bằng lái xe",
    "CBNV": "cán bộ, nhân viên", "CBCNV": "cán bộ, công nhân viên", "CBVC": "cán bộ, viên chức",
    "CBYT": "cán bộ y tế", "CMTND": "chứng minh thư nhân dân", "CLC": "chất lượng cao", "CNC": "công nghệ cao",
    "CNKT": "công nhân kỹ thuật", "CNQSDĐ": "chứng nhận quyền sử dụng đất", "CQNN": "cơ quan nhà nước",
    "CQĐT": "Cơ quan điều tra", "CSND": "Cảnh sát nhân dân", "CSPCCC": "Cảnh sát phòng cháy chữa cháy",
    "CSSK": "chăm sóc sức khỏe", "CSSX": "cơ sở sản xuất", "CSVC": "cơ sở vật chất", "CTXH": "công tác xã hội",
    "CTCP": "công ty cổ phần", "CĐV": "cổ động viên", "DNTN": "doanh nghiệp tư nhân",
    "DNVVN": "doanh nghiệp vừa và nhỏ", "FB": "phây búc", "HDV": "hướng dẫn viên", "HKTT": "hộ khẩu thường trú",
    "KCX": "khu chế xuất", "KDL": "khu du lịch", "KQXS": "kết quả xổ số", "KQXN": "kết quả xét nghiệm",
    "KTX": "ký túc xá", "KV": "khu vực", "LHQ": "Liên Hợp Quốc", "NOXH": "nhà ở xã hội", "NSND": "Nghệ sĩ Nhân dân",
    "NTD": "người tiêu dùng", "NXB": "nhà xuất bản", "PCLB": "phòng chống lụt bão",
    "PCTN": "phòng chống tham nhũng", "PGS": "Phó Giáo sư", "SBD": "số báo danh", "SĐK": "số đăng ký",
    "SKSS": "sức khỏe sinh sản", "SYLL": "sơ yếu lý lịch", "TACN": "thức ăn chăn nuôi", "TBXH": "thương binh xã hội",
    "THCN": "trung học chuyên nghiệp", "TNDN": "thu nhập doanh nghiệp", "TNTP": "Thiếu niên Tiền phong",
    "TPCN": "thực phẩm chức năng", "TTBYT": "trang thiết bị y tế", "TTGDTX": "Trung tâm Giáo dục thường xuyên",
    "TTDVVL": "Trung tâm Dịch vụ việc làm", "TX": "thị xã", "UBMT": "Ủy ban Mặt trận",
    "UVBCH": "ủy viên Ban chấp hành", "VKS": "Viện kiểm sát", "VLXD": "vật liệu xây dựng",
    "XKLD": "xuất khẩu lao động", "XPHC": "xử phạt hành chính", "XSKT": "xổ số kiến thiết", "YHCT": "y học cổ truyền",
    "ĐTDĐ": "điện thoại di động", "ĐKXT": "đăng ký xét tuyển", "ĐKDT": "đăng ký dự thi", "ĐKKH": "đăng ký kết hôn",
    "LĐPT": "lao động phổ thông", "CKI": "chuyên khoa một", "CKII": "chuyên khoa hai", "KSK": "khám sức khỏe",
    "GKSK": "giấy khám sức khỏe", "TK&VV": "tiết kiệm và vay vốn", "TKVV": "tiết kiệm và vay vốn",
    "KHTN": "khoa học tự nhiên", "KHXH": "khoa học xã hội",  # school subjects on a timetable
    # checked against a second public list (pyvinorm's, about 3,500) for the ones a commune's notices use
    "ANND": "an ninh nhân dân", "ATVS": "an toàn vệ sinh", "BĐVH": "bưu điện văn hóa",
    "BĐVHX": "bưu điện văn hóa xã", "BHLĐ": "bảo hộ lao động", "BTXH": "bảo trợ xã hội", "CHCN": "cứu hộ cứu nạn",
    "CMHS": "cha mẹ học sinh", "DCCS": "dân chủ cơ sở", "QCDC": "quy chế dân chủ",
    "DSKHHGĐ": "dân số kế hoạch hóa gia đình", "HĐTĐKT": "Hội đồng Thi đua - Khen thưởng",
    "HLATLĐ": "hành lang an toàn lưới điện", "KDDV": "kiểm dịch động vật", "KDTV": "kiểm dịch thực vật",
    "LĐNT": "lao động nông thôn", "NĐTP": "ngộ độc thực phẩm", "NSVSMT": "nước sạch và vệ sinh môi trường",
    "NS&VSMT": "nước sạch và vệ sinh môi trường", "PCCN": "phòng chống cháy nổ", "PCCR": "phòng cháy chữa cháy rừng",
    "PCTNXH": "phòng chống tệ nạn xã hội", "PCMT": "phòng, chống ma túy",
    "PGDVL": "phiên giao dịch việc làm", "QLĐĐ": "quản lý đất đai",
    "SXNN": "sản xuất nông nghiệp", "TNXK": "thanh niên xung kích", "TSDĐ": "tiền sử dụng đất",
    "TTND": "Thanh tra nhân dân", "VTNN": "vật tư nông nghiệp", "YTDP": "y tế dự phòng", "YTCC": "y tế công cộng",
    "DVCI": "dịch vụ công ích", "GTVL": "giới thiệu việc làm", "HCVL": "hội chợ việc làm",
    "KSKĐK": "khám sức khỏe định kỳ", "PNCT": "phụ nữ có thai", "CSTE": "chăm sóc trẻ em",
    "BVCSTE": "bảo vệ, chăm sóc trẻ em", "GDQP": "giáo dục quốc phòng", "GDQP-AN": "giáo dục quốc phòng và an ninh",
    "TDĐKXDĐSVH": "Toàn dân đoàn kết xây dựng đời sống văn hóa", "ĐSVH": "đời sống văn hóa",
    "CVĐ": "cuộc vận động",
    # a Party member's year graded, and the rest of the commune's organs
    "HTXSNV": "hoàn thành xuất sắc nhiệm vụ", "HTTNV": "hoàn thành tốt nhiệm vụ", "HTNV": "hoàn thành nhiệm vụ",
    "KHTNV": "không hoàn thành nhiệm vụ", "GSĐTCĐ": "giám sát đầu tư cộng đồng", "ĐĐK": "đại đoàn kết",
    "ĐTNCS": "Đoàn Thanh niên Cộng sản", "LHTN": "Liên hiệp Thanh niên", "TTN": "thanh thiếu nhi",
    "TTCT": "Trung tâm Chính trị", "PBT": "Phó Bí thư", "ĐUV": "Đảng ủy viên", "CUV": "cấp ủy viên",
    "UVTV": "ủy viên Thường vụ", "UVBTV": "ủy viên Ban Thường vụ", "HNCT": "Hội Người cao tuổi",
    "HKH": "Hội Khuyến học", "HLHTN": "Hội Liên hiệp Thanh niên", "VPĐU": "Văn phòng Đảng ủy",
    "BGĐ": "Ban giám đốc", "TCCB": "tổ chức cán bộ", "TCKT": "tài chính - kế toán",
    "YS": "y sĩ", "NHS": "nữ hộ sinh",  # a health station's staff
    "DVNN": "dịch vụ nông nghiệp",  # "HTX DVNN", "TT DVNN huyện"
    # a primary pupil's grading (Thông tư 27): HTXS, HTT; "HTXSNV" is the Party's
    "HTXS": "hoàn thành xuất sắc", "HTT": "hoàn thành tốt",
    "CHK": "cuối học kỳ", "GHK": "giữa học kỳ", "PTQĐ": "phát triển quỹ đất",
    "SD": "sử dụng",  # "mục đích SD", "thời hạn SD"; a memory card ("thẻ SD") by its neighbours
    "QLVH": "quản lý vận hành",  # the power company's crew: "đội QLVH điện"
    # farming: Viện CAQ miền Nam (the Southern Fruit Research Institute), NN CNC, chăn nuôi's own
    "CAQ": "cây ăn quả", "NNCNC": "nông nghiệp công nghệ cao", "CNTY": "chăn nuôi thú y",
    "VDNC": "viêm da nổi cục", "VSTY": "vệ sinh thú y",  # cattle's lumpy skin disease; a slaughterhouse's permit
    "ATSH": "an toàn sinh học", "HTXNN": "hợp tác xã nông nghiệp", "GlobalGAP": "Gờ lô bồ Gáp",
    "XH": "xã hội",  # "hưu trí XH", "bảo trợ XH"
    "KVBP": "khu vực bỏ phiếu",
    # weather bulletins' own: "cao hơn TBNN", "KKL tăng cường", "GMĐB", "XTNĐ", "cấp độ RRTT"
    "TBNN": "trung bình nhiều năm", "KKL": "không khí lạnh", "GMĐB": "gió mùa Đông Bắc",
    "XTNĐ": "xoáy thuận nhiệt đới", "RRTT": "rủi ro thiên tai", "TKCH": "tìm kiếm cứu hộ",
    # the commune's land officer, by the post's names: "công chức ĐC-XD", "ĐC-NN-XD-MT"
    "ĐC-XD": "địa chính - xây dựng", "ĐC-NN-XD-MT": "địa chính - nông nghiệp - xây dựng và môi trường",
    "ĐC-XD-MT": "địa chính - xây dựng - môi trường", "VP-TK": "văn phòng - thống kê", "TC-KT": "tài chính - kế toán",
    "TP-HT": "tư pháp - hộ tịch",  # the commune's other posts (VH-XH is read already)
    # the laws as notices shorten them: "Luật PCTH rượu bia", "Luật ANM", "Luật XLVPHC", "Luật PC BLGĐ"
    "PCTH": "phòng, chống tác hại", "ANM": "an ninh mạng", "XLVPHC": "xử lý vi phạm hành chính",
    "BLGĐ": "bạo lực gia đình",
    "TNHS": "trách nhiệm hình sự", "TNDS": "trách nhiệm dân sự", "PCBLGĐ": "phòng, chống bạo lực gia đình",
    "SP": "sản phẩm",  # "3 SP đạt 3 sao"; sư phạm comes inside its school's name (ĐHSP, CĐSP)
}

# Tokens written with digits or slashes that are words, not numbers; looked up before numbers are read.
SPECIAL_TOKENS: dict[str, str] = {
    "COVID-19": "Cô vít mười chín", "Covid-19": "Cô vít mười chín", "covid-19": "cô vít mười chín",
    "SARS-CoV-2": "Sát Cô vi hai", "V/v": "về việc", "v/v": "về việc", "K/g": "Kính gửi",
    "TP.HCM": "thành phố Hồ Chí Minh", "Tp.HCM": "thành phố Hồ Chí Minh",
    "Đ/c": "đồng chí", "đ/c": "đồng chí", "Đ/C": "đồng chí", "HIV/AIDS": "HIV AIDS", "24/7": "hai tư trên bảy",
    "Wi-Fi": "oai phai", "WiFi": "oai phai", "wifi": "oai phai", "Wifi": "oai phai",
    "IPv4": "i pê vê bốn", "IPv6": "i pê vê sáu",  # "chuyển sang IPv6": it was "IPvsáu"
    "vaccine": "vắc xin", "Vaccine": "Vắc xin", "vacxin": "vắc xin", "Vacxin": "Vắc xin",  # as often typed
    "KCl": "ca xê lờ",  # potash, as the fertiliser's bag prints it
    "pH": "pê hát",  # water's or soil's acidity: "pH 6,8" (PH in capitals is phụ huynh, but see textnorm's context)
    "b/c": "báo cáo", "t/h": "thực hiện", "p/h": "phối hợp",  # a recipient's note: "TT HĐND xã (b/c)"
    "P/s": "Tái bút", "P/S": "Tái bút", "p/s": "tái bút", "P.S.": "Tái bút",  # a postscript: "P/s: ai có chó con…"
    "T/M": "Thay mặt", "T/L": "Thừa lệnh", "K/T": "Ký thay",  # a signature block typed with a slash: "T/M ĐẢNG ỦY"
    # "19/10 ÂL", NSƯT, TƯ: their capital Â, Ư are outside the abbreviation pattern's letters
    "ÂL": "âm lịch", "NSƯT": "Nghệ sĩ Ưu tú", "TƯ": "Trung ương", "TĂCN": "thức ăn chăn nuôi",
    "DL": "dương lịch",  # only after a date (textnorm): "khu DL" is du lịch
    "t°": "nhiệt độ", "T°": "Nhiệt độ",  # a weather line's "t° 24-32°C"
    "nam/nữ": "nam, nữ", "Nam/Nữ": "Nam, Nữ", "Nam/nữ": "Nam, nữ",  # either: "tuyển 30 nam/nữ" (was "nam một nữ")
    "ngã 4": "ngã tư", "Ngã 4": "Ngã tư",  # a crossroads: "ngã 3" is ngã ba, but four roads meet at a ngã tư
    "URE": "urê", "Ure": "urê", "ure": "urê",
    "TT VH-TT": "Trung tâm Văn hóa - Thể thao",  # VH-TT alone is Văn hóa - Thông tin
    "P.HT": "phó hiệu trưởng", "PHT": "phó hiệu trưởng",  # a school's contact: "cô Hạnh (P.HT)"
    "HbA1c": "hát bê a một xê",  # a diabetes test: its letters by name (it was "HbA mộtc")
    "VitA": "vitamin A", "Vit A": "vitamin A",  # a campaign's drops: "uống VitA" (it was left as typed)
    "KDĐV": "kiểm dịch động vật",  # the vet's paper: "giấy KDĐV" (it was spelled)
    "P.họp": "phòng họp", "P. họp": "phòng họp",  # "tại P.họp số 2" (it was left as typed)
}
# A mobile network's generation: "sóng 4G" (it was "bốn G"); textnorm reads them as grams in a line typed in capitals
NETWORK_GENERATIONS: dict[str, str] = {"3G": "ba giê", "4G": "bốn giê", "5G": "năm giê",
                                       "3G/4G": "ba giê, bốn giê", "4G/5G": "bốn giê, năm giê"}
SPECIAL_TOKENS.update(NETWORK_GENERATIONS)
# Shorthand typed in chat (Zalo, Messenger) and pasted into a notice; a voice spells or mangles it. Each is
# also looked for with a capital, as it starts a sentence ("Mn chú ý"), except "Ng", which shortens Nguyễn.
CHAT_SHORTHAND: dict[str, str] = {
    "đc": "được", "dc": "được", "ko": "không", "trc": "trước", "sx": "sản xuất", "tb": "thông báo",
    "sđt": "số điện thoại", "sdt": "số điện thoại", "đt": "điện thoại", "lh": "liên hệ", "mn": "mọi người",
    "vs": "với", "ng": "người", "tg": "thời gian", "cx": "cũng", "đk": "đăng ký", "ib": "nhắn tin",
    "a/c": "anh chị", "a c": "anh chị", "ace": "anh chị em", "ae": "anh em", "hs": "học sinh", "gv": "giáo viên",
    "ntn": "như thế nào", "y/c": "yêu cầu", "mng": "mọi người", "hnay": "hôm nay", "hqua": "hôm qua",
    "inbox": "nhắn tin", "kq": "kết quả", "tk": "tài khoản", "pm": "nhắn tin riêng",
    "cmt": "bình luận",  # a comment, in chat
    "gđ": "gia đình",  # typed small, to neighbours; GĐ in capitals may be a director (textnorm's context table)
    "vd": "ví dụ", "tt": "thông tin", "gr": "nhóm",  # a chat group; "500gr" after a number is grams (textnorm)
    "đ/v": "đối với", "các đ/v": "các đơn vị", "mỗi đ/v": "mỗi đơn vị", "từng đ/v": "từng đơn vị",
    "nd:": "nội dung:", "Nd:": "Nội dung:",  # a meeting's line, as "ND:" is
    "lun": "luôn", "ik": "đi", "wá": "quá", "nhìu": "nhiều",  # teen code: "múa lun", "ai ik chợ", "mắc wá"
    "mk:": "mật khẩu:", "Mk:": "Mật khẩu:", "mk wifi": "mật khẩu wifi", "pass:": "mật khẩu:",  # mk alone: see typed
    # "ck" typed small is a transfer before its way ("ck qua stk"; ck alone may be chồng); "bn" is bao nhiêu where
    # an amount is asked (after a number it is bệnh nhân; "các bn" are bạn)
    "ck qua": "chuyển khoản qua", "ck vào": "chuyển khoản vào", "ck về": "chuyển khoản về",
    "ck cho": "chuyển khoản cho", "đã ck": "đã chuyển khoản", "ck tiền": "chuyển khoản tiền",
    "qua ck": "qua chuyển khoản", "bằng ck": "bằng chuyển khoản",  # "gửi qua ck", "trả bằng ck"
    "ck xong": "chuyển khoản xong", "ck trước": "chuyển khoản trước", "ck vô": "chuyển khoản vô",  # vô: vào
    "ck thẳng": "chuyển khoản thẳng",  # "e ck thẳng vào TK trường"
    "nội dung ck": "nội dung chuyển khoản", "Nội dung ck": "Nội dung chuyển khoản",
    "ND ck": "Nội dung chuyển khoản", "nd ck": "nội dung chuyển khoản",  # "ND ck: tên con + lớp 3A"
    "bn tiền": "bao nhiêu tiền", "bn người": "bao nhiêu người", "bn ngày": "bao nhiêu ngày",
    "bn tuổi": "bao nhiêu tuổi", "giá bn": "giá bao nhiêu", "mất bn": "mất bao nhiêu", "hết bn": "hết bao nhiêu",
    "là bn": "là bao nhiêu", "lãi bn": "lãi bao nhiêu", "trả bn": "trả bao nhiêu", "nộp bn": "nộp bao nhiêu",
    "đóng bn": "đóng bao nhiêu", "vay bn": "vay bao nhiêu",
    "tới h": "tới giờ", "đến h": "đến giờ", "bây h": "bây giờ",  # "mất điện từ sáng tới h": until now
    "chưa bt": "chưa biết", "ko bt": "không biết", "không bt": "không biết", "ai bt": "ai biết",  # bt alone: left
    "vẫn bt": "vẫn bình thường", "như bt": "như bình thường", "học bt": "học bình thường",  # as usual
    "làm bt": "làm bình thường",
    "bt chỉ": "bình thường chỉ", "bt thì": "bình thường thì", "bt vẫn": "bình thường vẫn",  # "bt chỉ 150k": usually
    # "bít" typed for biết where one asks who knows; "bít lỗ", "bít tất" (to stop up, socks) stay
    "ai bít": "ai biết", "có bít": "có biết", "ko bít": "không biết", "không bít": "không biết",
    "chưa bít": "chưa biết", "bít ko": "biết không", "bít không": "biết không",
    # "vs" is với, but vệ sinh after a chore ("dọn vs đường làng", "nhà vs")
    "dọn vs": "dọn vệ sinh", "làm vs": "làm vệ sinh", "giữ vs": "giữ vệ sinh", "nhà vs": "nhà vệ sinh",
    "đi vs": "đi vệ sinh",
    "tks": "cảm ơn", "thks": "cảm ơn", "hok": "không", "lm": "làm",  # not "mk": mình or mật khẩu
    "hk": "không", "bik": "biết",  # "hk1" is a school term (textnorm)
    "đky": "đăng ký", "dky": "đăng ký", "ck nhớ ghi": "chuyển khoản nhớ ghi", "ck ghi": "chuyển khoản ghi",
    # mk is mình after a home or a group ("nhà mk") and opening a chat's clause (typed.CHAT_WORD); else mật khẩu
    "nhà mk": "nhà mình", "bên mk": "bên mình", "của mk": "của mình", "tụi mk": "tụi mình", "bọn mk": "bọn mình",
    "nhóm mk": "nhóm mình",
    "mk mặc định": "mật khẩu mặc định", "đổi mk": "đổi mật khẩu", "quên mk": "quên mật khẩu",  # an account's
    "nhập mk": "nhập mật khẩu",
    # "ms" mới, "kb" không biết, not after a number ("200ms", "500kb"); "kb" asking to be friends is kết bạn. "bh" is
    # bao giờ or bây giờ: typed's WHEN_ASKED reads it in a question
    "ms": "mới", "kb": "không biết", "kb zalo": "kết bạn zalo", "kb với": "kết bạn với",
    "kb fb": "kết bạn facebook", "lời mời kb": "lời mời kết bạn", "gửi kb": "gửi kết bạn",
    "sn": "sinh năm",  # before a year only (textnorm): "sn 2012"; "Sn Hà" is sinh nhật (typed.CHAT_WORD)
    "đủ đk": "đủ điều kiện", "giấy cn": "giấy chứng nhận",  # đk elsewhere is đăng ký
    # hs is học sinh, but a file of papers where one hands it in, as HS is (textnorm's context table)
    "nộp hs": "nộp hồ sơ", "đủ hs": "đủ hồ sơ", "nhận hs": "nhận hồ sơ", "bổ sung hs": "bổ sung hồ sơ",
    "chuẩn bị hs": "chuẩn bị hồ sơ", "làm hs": "làm hồ sơ", "hoàn thiện hs": "hoàn thiện hồ sơ",
    "nt qua": "nhắn tin qua", "nt cho": "nhắn tin cho", "nt riêng": "nhắn tin riêng",  # "nt" alone: như trên
    "đv máu": "đơn vị máu",  # "150 đv máu"; đv alone may be đoàn viên or đơn vị
    "cf": "cà phê", "free": "miễn phí",  # "wifi free", "free ship"
    "rep": "trả lời",  # "còn 15 hộ chưa rep", a reply
    "ds": "danh sách",  # "ds hộ ngập"; DS in capitals is the context table's (danh sách or dân số)
    # a school's parents, where they are addressed or met ("Các ph ơi"); ph alone may be the pH of soil or water
    "các ph": "các phụ huynh", "quý ph": "quý phụ huynh", "ph ơi": "phụ huynh ơi", "họp ph": "họp phụ huynh",
    "ph hs": "phụ huynh học sinh", "ph nào": "phụ huynh nào",
}
SPECIAL_TOKENS.update({variant: reading[:1].upper() + reading[1:] if variant[:1].isupper() else reading
                       for short, reading in CHAT_SHORTHAND.items() for variant in (short, short.capitalize())
                       if variant not in ("Ng", "Tt", "Ms")})  # "Tt. Gia Ray" is a town (textnorm), "Ms Hoa" a woman

# Abbreviations written with a trailing dot, read only in that form (the dot is part of the word).
DOTTED: dict[str, str] = {"TP.": "thành phố", "TX.": "thị xã", "TT.": "thị trấn", "Tp.": "thành phố",
                          "TM.": "Thay mặt", "TL.": "Thừa lệnh", "TUQ.": "Thừa ủy quyền",
                          # academic titles before a name: "GS. TS. Nguyễn Văn A", "ThS. Lê Thị B"
                          "GS.": "Giáo sư", "PGS.": "Phó Giáo sư", "TS.": "Tiến sĩ", "ThS.": "Thạc sĩ"}

# One-letter administrative units before a place name: "H. Xuân Lộc" is huyện Xuân Lộc.
PLACE_INITIALS: dict[str, str] = {"H": "huyện", "X": "xã", "P": "phường", "Q": "quận", "T": "tỉnh"}

# Words before "a/b" that make it a fraction, not a date: "khoảng 1/3 số hộ", "ít nhất 2/3 tổng số",
# "quá 1/2", "tối thiểu 3/4", a round of a draw "vòng 1/8"; and words after it that say "of": "2/3 tổng số đại
# biểu", "1/2 số hộ".
FRACTION_CUES = frozenset("khoảng gần hơn chiếm đạt còn trên dưới có được bằng nhất quá thiểu đa vòng "
                          "góp chịu".split())  # a share of the cost: "dân góp 1/3", "xã chịu 1/2"
FRACTION_OF = ("số", "tổng", "diện tích", "dân số", "lượng", "thời gian", "kinh phí", "giá trị", "các")

# Units after a number (longest first when matching).
UNITS: dict[str, str] = {
    "%": "phần trăm", "‰": "phần nghìn", "°C": "độ C", "ºC": "độ C", "oC": "độ C", "°F": "độ F", "℃": "độ C",
    "°N": "độ vĩ Bắc", "°B": "độ vĩ Bắc", "°S": "độ vĩ Nam", "°E": "độ kinh Đông", "°Đ": "độ kinh Đông",
    "°W": "độ kinh Tây", "°": "độ", "km²": "ki lô mét vuông", "km2": "ki lô mét vuông", "km/h": "ki lô mét một giờ",
    "km": "ki lô mét", "kg": "ki lô gam", "ha": "héc ta", "mm": "mi li mét", "cm": "xen ti mét",
    "m²": "mét vuông", "m2": "mét vuông", "m³": "mét khối", "m3": "mét khối", "m/s": "mét một giây",
    "m": "mét", "g": "gam", "gr": "gam", "mg": "mi li gam", "ml": "mi li lít", "l": "lít", "kWh": "ki lô oát giờ",
    "kW": "ki lô oát", "MW": "mê ga oát", "W": "oát", "V": "vôn", "kV": "ki lô vôn", "đ": "đồng",
    "VNĐ": "đồng", "VND": "đồng", "USD": "đô la Mỹ", "EUR": "ơ rô", "tr": "triệu", "h": "giờ", "ph": "phút",
    "Mbps": "mê ga bít trên giây", "Gbps": "gi ga bít trên giây", "MB": "mê ga bai", "GB": "gi ga bai",
    "cm²": "xen ti mét vuông", "cm2": "xen ti mét vuông", "cm³": "xen ti mét khối", "cm3": "xen ti mét khối",
    "mm²": "mi li mét vuông", "mm2": "mi li mét vuông",
    "cc": "phân khối", "MWh": "mê ga oát giờ",
    "mm³": "mi li mét khối", "mm3": "mi li mét khối",  # a blood count: "tiểu cầu 100.000/mm3"
    "mA": "mi li am pe", "Hz": "héc", "kHz": "ki lô héc", "MHz": "mê ga héc", "dB": "đề xi ben",
    "dBA": "đề xi ben A", "dB(A)": "đề xi ben A",  # noise weighted as the ear hears it: "quá 70 dBA"
    "kcal": "ki lô ca lo",
    "mmHg": "mi li mét thủy ngân", "kVA": "ki lô vôn am pe", "MVA": "mê ga vôn am pe",
    "kWp": "ki lô oát đỉnh", "MWp": "mê ga oát đỉnh", "Wp": "oát đỉnh",  # a solar panel's peak power
    "Ah": "am pe giờ", "mAh": "mi li am pe giờ",  # a battery's charge
    "ppm": "phần triệu", "ppt": "phần nghìn",  # a dose or salinity: "Chlorine 30 ppm", "độ mặn 15 ppt"
    "HP": "mã lực", "hp": "mã lực",  # an air conditioner's or a pump's power: "máy lạnh 1HP", "máy cày 50hp"
    "µg": "micrô gam", "μg": "micrô gam",  # fine dust: "PM2.5 85 µg/m3" (the micro sign or the Greek mu)
    "diop": "đi ốp", "điốp": "đi ốp",  # a lens's power: "cận thị >1,5 diop"
    "tr.đ": "triệu đồng", "trđ": "triệu đồng", "mmol": "mi li mol", "mmol/l": "mi li mol trên lít",
    "mmol/L": "mi li mol trên lít", "mg/dl": "mi li gam trên đề xi lít", "mg/dL": "mi li gam trên đề xi lít",
}
# Any unit, as a regular expression alternation: the longest first, so "km2" is never read as "km" and a 2.
UNIT_PATTERN = "|".join(re.escape(unit) for unit in sorted(UNITS, key=len, reverse=True))

# After a unit's slash only (m³/s, km/h): too short to be units on their own.
PER_UNITS: dict[str, str] = {"s": "giây", "h": "giờ", "ph": "phút"}
# Words that may stand before "/unit" (đồng/kg, lần/ngày): the slash reads "một".
PER_WORDS = frozenset("đồng người hộ tháng năm ngày giờ tuần lần con tấn lít suất sào công mẫu cây vé lượt "
                      "xe chuyến bao ký kí cân lạng trái quả chai thùng bó gói chục nải buồng đêm buổi đội "
                      "sạp gian lô khẩu nhân bình can xô lọ viên liều mũi vụ đợt khóa kỳ ca nọc gốc hố bụi khóm trẻ bữa"
                      .split())  # ký: the south's kg; nhân: "/nhân khẩu"; bình: a sprayer's tank; vụ: a crop

# The emergency services' numbers (police 113, fire 114, ambulance 115…): after ĐT they are a telephone's.
EMERGENCY_NUMBERS = frozenset({"111", "112", "113", "114", "115"})
# After these words a number is a telephone or service number, read digit by digit.
PHONE_CUES = ("tổng đài", "đường dây nóng", "số điện thoại", "điện thoại", "đt", "gọi",
              "hotline", "số máy", "zalo", "fax", "sđt", "cú pháp", "nhắn tin", "soạn",  # an SMS short code too
              "báo ngay")  # "cột điện gãy; báo ngay 19001006"

# After these words a long number is a code (tax, identity card, account): read digit by digit.
CODE_CUES = ("mã số", "mã", "số tài khoản", "tài khoản", "căn cước", "cccd", "cmnd", "chứng minh", "biển số",
             "số hiệu", "số seri", "số sê ri", "mst", "số định danh", "định danh", "gplx", "bằng lái",
             "giấy phép lái xe")

# 'a/b' followed by one of these counts things out of a total: '3/5 ấp' reads 'ba trên năm ấp'. A noun of two
# syllables is known by its first: cán (bộ), hồ (sơ), cơ (quan, sở), doanh (nghiệp), mô (hình), dự (án); "qua 2/6
# đợt điều trị", "38/42 đảng viên", "đạt 2/4 lĩnh vực".
COUNT_NOUNS = frozenset("ấp xã thôn hộ người giờ trường tiêu chí chỉ đơn vị cơ quan phường huyện tỉnh khu tổ "
                        "lớp học xóm bản làng thành viên đoàn viên hội viên vụ hồ cơ doanh phiếu ca căn đội "
                        "công cán giáo nhân cá gia hạng mô dự sản chi mẫu em con xe điểm câu thửa đv hv nghị tờ văn "
                        "đại dãy kiến lượt bạn cháu bé đợt buổi mũi liều htx hợp dn "
                        "đảng cử lĩnh nội gv hs sv ván trận cụm".split())  # "lắp 24/36 cụm" (loudspeakers)

# Document-type and organ words: after "TT." these mean Thường trực, not thị trấn.
ORGAN_WORDS = frozenset("huyện tỉnh đảng hđnd ubnd mttq thành quận xã thị hội ban đoàn chi".split())

_VOWELS = "aăâeêioôơuưy"
_ONSETS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
           "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")
_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"(?:a|ă|â|e|ê|i|o|ô|ơ|u|ư|y|ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|oo|ua|uâ|uê|ui|uô|uơ|"
    r"uy|ưa|ưi|ươ|ưu|yê|iêu|oai|oay|oao|oeo|uây|uôi|ươi|ươu|uya|uyê|uyu|yêu|ưo)"
    r"(?:ch|ng|nh|c|m|n|p|t|)$"
)


def strip_tones(word: str) -> str:
    """'Thường' -> 'thương'-like base letters with vowel shapes kept (ư, ơ, â ...) and tones removed."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    kept = "".join(c for c in decomposed if c not in "\u0300\u0301\u0303\u0309\u0323")
    return unicodedata.normalize("NFC", kept)


def without_marks(text: str) -> str:
    """'Đồng Nai' -> 'Dong Nai': as a file name or a web address writes Vietnamese, no tones, no vowel marks, đ d."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in plain if not unicodedata.combining(c))


def is_syllable(word: str) -> bool:
    """True for a well-formed Vietnamese syllable (THÔNG, Ủy, ngành); False for UBND, KH, Zalo."""
    return bool(_SYLLABLE.match(strip_tones(word)))

# Vietnamese letters in lower case, for a character class ("[{LOWER}]"): the range à-ỹ would take capitals with
# marks too (Đ, Ạ, Ơ lie inside it), and "A Di Đà" read as a name before a word.
LOWER = "a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"

# How a lone letter is read ('168a/QĐ-UBND' -> 'một trăm sáu mươi tám a').
LETTER_NAMES = {"a": "a", "b": "bê", "c": "xê", "d": "dê", "đ": "đê", "e": "e", "g": "giê", "h": "hát", "i": "i",
                "k": "ca", "l": "e lờ", "m": "em mờ", "n": "en nờ", "o": "o", "p": "pê", "q": "quy", "r": "e rờ",
                "s": "ét xì", "t": "tê", "u": "u", "v": "vê", "x": "ích xì", "y": "i dài", "f": "ép", "j": "gi",
                "w": "vê kép", "z": "dét"}
