"""Command-line subcommands: each module exposes `register(subparsers)` and keeps heavy imports lazy."""
