"""Pure business rules: no database, no terminal, no templates."""
