"""Pure domain computation with no Django: EPANET files, hydraulics, leakage, forecasting.

Modules take and return plain Python, pandas and WNTR objects, in SI units.

- ``inp``: read and write EPANET ``.inp`` files as WNTR dictionaries, with
  EPANET's own checks and messages that name the line.
- ``hydraulics``: validation, scenario runs on the EPANET 2.3 toolkit, pressure service and storeys, valve
  segments and burst isolation, criticality, fire flow.
"""
