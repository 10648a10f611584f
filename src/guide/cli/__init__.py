"""The `guide` command and its subcommands."""
