"""The spreadsheet's default columns, apart from the view code so the first paint (tui/first_paint.py)
can read them without loading Polars."""

DEFAULT_COLUMNS: list[str] = [
    "name",
    "eligibility", "tier", "fit", "img_score", "rank_score",
    "state", "city", "specialty", "track", "program_type", "visa",
    "img_percent", "step2_min", "typical_step2", "fail_policy", "grad_limit_years",
    "research", "ir_pathway", "personal_fit", "priority", "status", "signal", "ask_by_email",
]
