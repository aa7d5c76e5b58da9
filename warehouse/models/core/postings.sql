-- Job postings of the region, every source. Grain: one row per posting_id; duplicate_group ties re-posts of
-- one job, across sources too. A view: a table would copy every description of the history again each night.
{{ config(materialized='view') }}

select * from {{ ref('stg_landing__postings') }}
