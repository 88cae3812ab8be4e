"""Chat adapters, the command line and the wiring of gdpr-bot (the only place that knows the chat libraries)."""
