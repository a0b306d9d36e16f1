"""Country, state and county polygons (world-atlas 2.0.2, us-atlas 3.0.1) and the point-in-polygon test on them."""
