"""From the raw question banks to draft pages and the map of which entry answers which seed question."""
