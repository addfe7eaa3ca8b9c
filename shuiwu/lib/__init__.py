"""Pure helpers with no Django: environment, geometry, units, numbering and time."""
