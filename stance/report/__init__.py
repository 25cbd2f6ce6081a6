"""Report: records out to people. The record writers (JSONL, CSV, the terminal table,
the self-contained HTML report), corpus summaries (who takes which stance, who blames
whom, over time) as tables, CSV and charts, and the one palette they share.

Imports :mod:`stance.text` (country names) and :mod:`stance.model` (the codebook's
label order) and the base modules; nothing from the pipeline, evaluation or the
interfaces: everything here works from records alone.
"""

from ._aliases import Aliases, default_aliases_path, load_aliases
from ._chart import write_chart
from ._html import check_writable, render_report, write_atomic
from ._palette import OKABE_ITO, distinct_colours, label_colours, label_order
from ._summary import (
    JOURNALIST,
    UNDATED,
    UNKNOWN,
    Row,
    Summary,
    affiliation,
    period_of,
    read_records,
    summarize,
)
from ._tables import footer, render_tables, write_csv
from ._writers import (
    CSV_COLUMNS,
    HtmlWriter,
    JsonlWriter,
    Writer,
    open_writer,
    pick_format,
    render_table,
)

__all__ = [
    "CSV_COLUMNS",
    "JOURNALIST",
    "OKABE_ITO",
    "UNDATED",
    "UNKNOWN",
    "Aliases",
    "HtmlWriter",
    "JsonlWriter",
    "Row",
    "Summary",
    "Writer",
    "affiliation",
    "check_writable",
    "default_aliases_path",
    "distinct_colours",
    "footer",
    "label_colours",
    "label_order",
    "load_aliases",
    "open_writer",
    "period_of",
    "pick_format",
    "read_records",
    "render_report",
    "render_table",
    "render_tables",
    "summarize",
    "write_atomic",
    "write_chart",
    "write_csv",
]
