"""One module per group of subcommands; each handler is (args, paths) -> exit code."""
