"""Who is calling: users and their API keys (users.py), resolving a caller and its clearance on
every channel (access.py), throttling failed logins and wrong keys (throttle.py)."""
