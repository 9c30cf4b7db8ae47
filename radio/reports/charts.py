"""The report's two charts as PNG images (matplotlib, no display needed): airtime by category, and each
campaign's achieved against its target period by period."""
from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # a station PC may have no display; the charts go into files
from matplotlib.figure import Figure  # noqa: E402

WIDTH_IN = 6.3  # the text width of an A4 page with 2 cm / 3 cm margins


def category_chart(figures: dict) -> bytes:
    rows = figures["by_category"]
    figure = Figure(figsize=(WIDTH_IN, max(1.6, 0.45 * len(rows) + 0.9)), dpi=150)
    axes = figure.subplots()
    names = [r["category"] for r in rows][::-1]
    minutes = [r["airtime_s"] / 60 for r in rows][::-1]
    axes.barh(names or ["(không có)"], minutes or [0], color="#1f5f9e")
    for y, value in enumerate(minutes):
        axes.text(value, y, f" {value:.1f}", va="center", fontsize=8)
    axes.set_xlabel("Thời lượng phát (phút)")
    axes.set_title("Thời lượng phát theo lĩnh vực", fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return _png(figure)


def campaign_chart(figures: dict) -> bytes | None:
    campaigns = [c for c in figures["campaigns"] if c["target"] is not None]
    if not campaigns:
        return None
    figure = Figure(figsize=(WIDTH_IN, 2.3 * len(campaigns) + 0.4), dpi=150)
    for axes, campaign in zip(figure.subplots(len(campaigns), 1, squeeze=False)[:, 0], campaigns):
        scale = 1 if campaign["unit"] == "airings" else 60
        labels = [f"{p['start'][8:10]}/{p['start'][5:7]}" for p in campaign["periods"]]
        achieved = [p["achieved"] / scale for p in campaign["periods"]]
        wanted = [p["target"] / scale for p in campaign["periods"]]
        colors = [{True: "#2e7d32", False: "#c62828", None: "#9e9e9e"}[p["met"]] for p in campaign["periods"]]
        axes.bar(labels, achieved, color=colors, label="Đạt được")
        axes.plot(labels, wanted, color="#333333", marker="_", markersize=14, linestyle="none", label="Chỉ tiêu")
        axes.set_ylabel("lần phát" if scale == 1 else "phút")
        axes.set_title(campaign["name"], fontsize=10)
        axes.tick_params(axis="x", labelsize=7, rotation=45)
        if len(labels) > 16:  # a year of weeks: every fourth label is enough to read
            axes.set_xticks(range(0, len(labels), 4), labels[::4])
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    figure.tight_layout()
    return _png(figure)


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
