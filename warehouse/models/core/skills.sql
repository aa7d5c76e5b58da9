-- The two-level taxonomy: level = 'area' (competence area) or 'skill' (named skill). Grain: concept_id.
select * from {{ ref('stg_taxonomy__concepts') }}
