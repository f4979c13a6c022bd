"""The SQLite file: opening, migrating, and reading/writing rows. Never commits on its own."""
