"""`est trend`: counts per area × item (or theme) over a period – the figures (`compute`), their
tables and CSV (`tables`), workbook (`xlsx`) and chart (`chart`); `report` answers the command,
`frame` gives analysts the counts as a pandas DataFrame.

The public API is re-exported here; `report` and `frame` are imported from their modules.
"""

from __future__ import annotations

from est_cli.trend.change import Change
from est_cli.trend.chart import write_chart
from est_cli.trend.compute import (
    UNTHEMED_LABEL,
    AreaInfo,
    TrendError,
    TrendResult,
    TrendRow,
    compute_trend,
    key_order,
    resolve_areas,
)
from est_cli.trend.tables import (
    by_title,
    follow_up_basis,
    insatser_csv,
    table_header,
    table_rows,
    trend_csv,
)
from est_cli.trend.xlsx import write_xlsx

__all__ = [
    "UNTHEMED_LABEL",
    "AreaInfo",
    "Change",
    "TrendError",
    "TrendResult",
    "TrendRow",
    "by_title",
    "compute_trend",
    "follow_up_basis",
    "insatser_csv",
    "key_order",
    "resolve_areas",
    "table_header",
    "table_rows",
    "trend_csv",
    "write_chart",
    "write_xlsx",
]
