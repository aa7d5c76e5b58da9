-- Named skill → competence areas it belongs to. Grain: skill_id, area_id.
select * from {{ ref('stg_taxonomy__skill_areas') }}
