"""Plant operations: daily production, dosing and chemical stock, backwash, process units, shift log."""
