-- Job postings of the region, every source. Grain: one row per posting_id; duplicate_group ties re-posts of
-- one job, across sources too. A view: a table would copy every description of the history again each night.
-- is_digital_job: from its occupation (core.occupations) when it has a ROME code.
{{ config(materialized='view') }}

select
    postings.* replace (coalesce(occupations.is_digital, postings.is_digital_job) as is_digital_job),
from {{ ref('stg_landing__postings') }} as postings
left join {{ ref('occupations') }} as occupations using (rome_code)
