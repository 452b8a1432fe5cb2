"""Order execution (issue 20): can we take an order, who does what by when, what to do when it
slips. Pure: frames, dates and dataclasses in, the same out; the actions read and write."""
