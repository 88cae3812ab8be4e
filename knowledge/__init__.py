"""The curated knowledge base of the organisations' privacy policies, and question answering over it."""
