"""The GTFS-Flex pickup / drop-off window columns of stop_times.txt."""

from __future__ import annotations

START, END = "start_pickup_drop_off_window", "end_pickup_drop_off_window"
