"""Glossary file formats, one module each: `delimited` (CSV/TSV and the dialects of other
tools), `tbx` (TBX 2 and 3), `xlsx` (Excel workbooks); `table` holds what the tabular ones share
(header names, row → term). `glossary.exchange` chooses among them by file content and name."""
