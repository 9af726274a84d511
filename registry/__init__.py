"""The ground floor: the one description of every field, setting, choice list and computed
column. Every other layer reads it; it imports nothing of MatchDesk's."""
