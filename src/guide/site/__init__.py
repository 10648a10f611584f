"""The website: the MkDocs plugin and what it renders, generates and checks."""
