"""The command-line interface: parse, call the core, print. No logic of its own."""
