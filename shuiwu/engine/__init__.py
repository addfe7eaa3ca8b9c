"""Pure domain computation with no Django: EPANET files, hydraulics, leakage, forecasting.

Modules take and return plain Python, pandas and WNTR objects, in SI units.

- ``inp``: read and write EPANET ``.inp`` files as WNTR dictionaries, with
  EPANET's own checks and messages that name the line.
- ``hydraulics``: validation, scenario runs on the EPANET 2.3 toolkit, pressure service and storeys, valve
  segments and burst isolation, criticality, fire flow.
- ``tariffs``: water bills as arithmetic (tiers on annual volume, prices prorated by days, late fees,
  allocation), in Decimal yuan and whole m³.
- ``waterbalance``: the IWA water balance of a period, NRW, CARL, UARL and ILI, and the CJJ 92-2016 loss rates.
- ``nightflow``: minimum night flow of a DMA, legitimate night use and night leakage, its trend and rise, and
  a ranking of DMAs by leakage per connection.
- ``leaks``: leak detection and localisation from SCADA against the model (BattLeDIM format), batch or live;
  ``leakscenarios``: L-Town leak scenarios and the BattLeDIM economic score.
- ``forecast``: hourly and daily demand forecasts (weekly profile, holidays, weather) and the BWDF indicators.
- ``piperisk``: pipe break likelihood from material, age, diameter, pressure and repairs; the renewal ranking.
"""
