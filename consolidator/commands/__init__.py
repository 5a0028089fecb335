"""One module a subcommand: each has run(args, progress) -> exit status."""
