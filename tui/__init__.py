"""MatchDesk terminal user interface (Textual)."""
