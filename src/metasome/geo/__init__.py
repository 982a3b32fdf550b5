"""Where and when: map projections, packaged coastlines and the geological time scale.

Submodules (imported on demand, so ``import metasome`` stays light):

- :mod:`metasome.geo.projections` - plate carree, Lambert cylindrical equal-area and
  Mollweide projections of the sphere (Snyder 1987), longitude wrapping, map extents.
- :mod:`metasome.geo.coastlines` - the packaged Natural Earth 1:110m coastlines (public domain).
- :mod:`metasome.geo.timescale` - the ICS International Chronostratigraphic Chart v2023/09
  (Cohen et al. 2013, updated): eons, eras, periods, Cenozoic epochs, ages and unit names placed in them.
"""
