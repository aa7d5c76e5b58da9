-- Job postings of the region. Grain: one row per posting_id; duplicate_group ties re-posts of one job.
-- A view: a table would copy every description of the history again each night for no gain.
{{ config(materialized='view') }}

select * from {{ ref('stg_france_travail__postings') }}
