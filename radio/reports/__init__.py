"""Reports a commune sends up: the figures from the as-run log (summary.py), their charts (charts.py), the
Excel workbook (workbook.py) and the Word report laid out as an administrative document (document.py)."""
