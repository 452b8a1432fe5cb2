"""After-sales (issue 21): complaints on a business-hours clock, post-order reviews, lessons.

Pure: frames, dates and values in, the same out; the actions in `orderdesk/actions/aftersales.py`
read the register and write what these return.
"""
