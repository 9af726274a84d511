"""Import and export: files in, files out, through the store's validated API. No Textual here.

The package names nothing itself: import from its modules, so that a light one (files,
frames) does not load the import pipeline.

The flow the app and the CLI share:

    table = open_table(path, sheet)                     # read + reshape NRMP year columns
    mapping = suggest_mapping(store, table)             # remembered, else propose_mapping(...)
    plan = plan_import(store, table, mapping)           # counts, rejections, notes: nothing written
    apply_import(store, plan, progress=..., cancel=...) # one transaction, one undo group
    import_history(store, table)                        # NRMP years of the programs, by code
    save_mapping(store, table.headers, mapping)         # remember the confirmed mapping
"""
