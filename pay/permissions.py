"""Who may see and confirm the weekly pay sheet, and set pay rates (403 otherwise)."""
