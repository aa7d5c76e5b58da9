-- Job postings of the region. Grain: one row per posting_id; duplicate_group ties re-posts of one job.
select * from staging.stg_france_travail__postings
