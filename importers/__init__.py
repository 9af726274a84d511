"""Import and export: files in, files out, through the store's validated API. No Textual here.

The flow the app and the CLI share:

    table = open_table(path, sheet)                     # read + reshape NRMP year columns
    mapping = suggest_mapping(store, table)             # remembered, else propose_mapping(...)
    plan = plan_import(store, table, mapping)           # counts, rejections, notes: nothing written
    apply_import(store, plan, progress=..., cancel=...) # one transaction, one undo group
    import_history(store, table)                        # NRMP years of the programs, by code
    save_mapping(store, table.headers, mapping)         # remember the confirmed mapping
"""

from importers.apply import (ImportCancelled, ImportRefused, ImportResult, StalePlanError,
                             apply_import)
from importers.coerce import Coerced, coerce, coerce_column, export_text
from importers.export import ExportError, ExportTable, export, export_tables, programs_table
from importers.history import import_history
from importers.mapping import (ColumnMapping, load_mapping, mapping_key, override,
                               propose_mapping, save_mapping)
from importers.nrmp import ProgramCode, parse_program_code
from importers.plan import ImportPlan, PlannedRow, Rejection, Skipped, ValueNote, plan_import
from importers.prepare import open_table, suggest_mapping
from importers.read import ReadError, TableData, read_table, sheet_names

__all__ = [
    "Coerced", "ColumnMapping", "ExportError", "ExportTable", "ImportCancelled", "ImportPlan",
    "ImportRefused", "ImportResult", "PlannedRow", "ProgramCode", "ReadError", "Rejection",
    "Skipped", "StalePlanError", "TableData", "ValueNote", "apply_import", "coerce",
    "coerce_column", "export", "export_tables", "export_text", "import_history", "load_mapping",
    "mapping_key",
    "open_table", "override", "parse_program_code", "plan_import", "programs_table",
    "propose_mapping", "read_table", "save_mapping", "sheet_names", "suggest_mapping",
]
