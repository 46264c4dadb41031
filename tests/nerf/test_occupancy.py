"""Chapter 05 — NeRF. The occupancy grid: an untrained field is never declared empty."""
import itertools
import json
import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial.transform import Rotation

from inrlib import nerf

torch.set_num_threads(1)




def test_an_untrained_field_may_not_be_declared_empty_everywhere():
    occ = nerf.OccupancyGrid(resolution=8)
    frac = occ.update(lambda x: torch.full(x.shape[:1], 0.05) + 0.01 * x[:, 0], step_size=0.01)
    assert 0 < frac < 1
