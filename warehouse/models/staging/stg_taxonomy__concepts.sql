-- One row per taxonomy concept: named skills and competence areas. Grain: concept_id.
select
    concept_id,
    level,
    label_fr,
    label_en,
    category,
    esco_uri,
    rome_codes,
from {{ source('landing', 'taxonomy_concepts') }}
