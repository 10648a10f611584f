"""Running snippets and keeping their results: the runner, the result cache and the pytest wiring."""
