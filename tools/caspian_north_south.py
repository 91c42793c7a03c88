"""Lengths of the North-South Caspian ferry links and the land links of their ports.

Caspian legs are traced by hand (searoute joins the Caspian to the Black Sea through Russia,
so it must not be used here): each leg is a list of waypoints (lon lat) over open water,
rounding the Absheron peninsula east of Pirallahi island, and its length is the sum of the
geodesics between them. Land links are the geodesic times the circuity factor of
docs/methodology.md (1.20 on plains). Run:  python tools/caspian_north_south.py
"""

from __future__ import annotations

import itertools

from tcroute._geodesy import geodesic_km

# ferry link id -> waypoints (lon, lat), first and last at the ports of nodes.csv
FERRY = {
    "ferry_ru_astrakhan_port__ir_anzali_port": [
        (48.03, 46.34), (47.75, 45.75), (47.85, 45.25), (48.60, 44.00), (49.40, 42.00),
        (50.20, 40.90), (50.85, 40.40), (49.90, 38.80), (49.47, 37.47)],
    "ferry_ru_olya_port__ir_anzali_port": [
        (47.56, 45.78), (47.75, 45.50), (47.85, 45.25), (48.60, 44.00), (49.40, 42.00),
        (50.20, 40.90), (50.85, 40.40), (49.90, 38.80), (49.47, 37.47)],
    "ferry_ru_makhachkala_port__ir_anzali_port": [
        (47.52, 42.98), (48.40, 42.30), (49.40, 41.20), (50.20, 40.90), (50.85, 40.40),
        (49.90, 38.80), (49.47, 37.47)],
    "ferry_ir_astara__ru_astrakhan_port": [
        (48.87, 38.43), (49.40, 38.70), (50.00, 39.20), (50.85, 40.40), (50.20, 40.90),
        (49.40, 42.00), (48.60, 44.00), (47.85, 45.25), (47.75, 45.75), (48.03, 46.34)],
    "ferry_ir_astara__kz_aktau_port": [
        (48.87, 38.43), (49.40, 38.70), (50.00, 39.20), (50.90, 40.30), (51.00, 42.00),
        (51.05, 43.45), (51.15, 43.60), (51.2226, 43.5996)],
    "ferry_kz_kuryk_port__ir_amirabad_port": [
        (51.4416, 43.1648), (51.45, 43.00), (51.60, 41.50), (52.20, 39.50), (52.60, 38.00),
        (53.10, 37.10), (53.37, 36.86)],
}

# land link id -> (from lon lat, to lon lat, circuity)
LAND = {
    "rail_ru_saratov__ru_verkhny_baskunchak": ((45.9901, 51.54048), (46.73, 48.22), 1.20),
    "rail_ru_verkhny_baskunchak__ru_astrakhan_port": ((46.73, 48.22), (48.03, 46.34), 1.20),
    "rail_ru_astrakhan_port__ru_olya_port": ((48.03, 46.34), (47.56, 45.78), 1.20),
    "rail_ru_astrakhan_port__ru_makhachkala_port": ((48.03, 46.34), (47.52, 42.98), 1.20),
    "rail_ir_sari__ir_amirabad_port": ((53.06, 36.563), (53.37, 36.86), 1.20),
    "road_ir_rasht__ir_anzali_port": ((49.589, 37.276), (49.47, 37.47), 1.25),
}


def main() -> None:
    for lid, pts in FERRY.items():
        km = sum(geodesic_km(*a, *b) for a, b in itertools.pairwise(pts))
        trace = ";".join(f"{lon:.2f} {lat:.2f}" for lon, lat in pts)
        print(f"{lid}: {km:.1f} km traced; waypoints lon lat: {trace}")
    for lid, (a, b, factor) in LAND.items():
        geo = geodesic_km(*a, *b)
        print(f"{lid}: geodesic {geo:.1f} km x {factor:.2f} = {geo * factor:.1f} km")


if __name__ == "__main__":
    main()
