"""The page model: a Markdown page parsed once into front matter, snippets, questions and notes."""
