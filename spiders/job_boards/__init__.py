"""One file per job board or career site: a declaration over spiders/job_posting.py."""
