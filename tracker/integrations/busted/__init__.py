"""busted output handler (`tracker_handler.lua`) that writes tracker's JSON, with an optional profiler."""

from pathlib import Path

HANDLER = Path(__file__).with_name("tracker_handler.lua")
