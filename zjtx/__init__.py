"""zjtx — cash awards for 专精特新 and related industrial policies, computed from city policy documents."""

__version__ = "0.2.0"
