"""The application's workflows without a user interface: the workspace (the one write path),
the query language, views, impressions and rank-list operations. Never imports Textual."""
